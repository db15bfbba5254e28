import { describe, expect, it } from 'vitest';
import { PatternUnsupported, parseIpPattern } from '../../../src/threats/intel/index.ts';

describe('parseIpPattern', () => {
  it.each([
    ["[ipv4-addr:value = '198.51.100.1']", ['198.51.100.1'], []],
    ["[ipv6-addr:value = '2001:db8::1']", ['2001:db8::1'], []],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", ['198.51.100.0/24'], []],
    [
      "[ipv4-addr:value IN ('192.0.2.1','192.0.2.2' , '192.0.2.3')]",
      ['192.0.2.1', '192.0.2.2', '192.0.2.3'],
      [],
    ],
    ["[ipv4-addr:value = '192.0.2.1' OR ipv6-addr:value = '2001:db8::2']", ['192.0.2.1', '2001:db8::2'], []],
    ["[ipv4-addr:value = '192.0.2.1'] OR [ipv4-addr:value = '192.0.2.2']", ['192.0.2.1', '192.0.2.2'], []],
    [
      "([ipv4-addr:value = '192.0.2.1'] or ([ipv4-addr:value = '192.0.2.2']))",
      ['192.0.2.1', '192.0.2.2'],
      [],
    ],
    ["[(ipv4-addr:value = '192.0.2.1' OR (ipv4-addr:value = '192.0.2.2'))]", ['192.0.2.1', '192.0.2.2'], []],
    [
      "[domain-name:value = 'x.example' OR ipv4-addr:value = '192.0.2.1']",
      ['192.0.2.1'],
      ['domain-name:value'],
    ],
    ["[file:hashes.'SHA-256' = 'abc']", [], ["file:hashes.'SHA-256'"]],
    // MISP's ip-dst / ip-src export, and exporters that name the connection's end.
    [
      "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.7']",
      ['203.0.113.7'],
      [],
    ],
    [
      "[network-traffic:src_ref.value = '2001:db8::1' AND network-traffic:src_ref.type = 'ipv6-addr']",
      ['2001:db8::1'],
      [],
    ],
    [
      "[network-traffic:src_ref.value = '192.0.2.1' OR network-traffic:dst_ref.value = '192.0.2.1']",
      ['192.0.2.1', '192.0.2.1'],
      [],
    ],
  ])('%s', (pattern, values, otherPaths) => {
    expect(parseIpPattern(pattern)).toEqual({ values, otherPaths });
  });

  it.each([
    ["[ipv4-addr:value = '192.0.2.1' AND ipv4-addr:value = '192.0.2.2']", 'AND between comparisons'],
    ["[ipv4-addr:value = '192.0.2.1'] AND [ipv4-addr:value = '192.0.2.2']", 'AND between observations'],
    ["[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']", 'FOLLOWEDBY between'],
    ["[ipv4-addr:value = '192.0.2.1'] WITHIN 5 SECONDS", 'the WITHIN qualifier'],
    ["[ipv4-addr:value = '192.0.2.1'] REPEATS 5 TIMES", 'the REPEATS qualifier'],
    ["[ipv4-addr:value != '192.0.2.1']", 'the != operator'],
    ["[NOT ipv4-addr:value = '192.0.2.1']", 'NOT'],
    ["[ipv4-addr:value NOT = '192.0.2.1']", 'NOT'],
    ["[ipv4-addr:value LIKE '192.0.2.%']", 'the LIKE operator'],
    ["[ipv4-addr:value MATCHES '^192']", 'the MATCHES operator'],
    ["[ipv4-addr:value = '192.0.2.1'", 'ends too early'],
    ["[ipv4-addr:value = '192.0.2.1]", 'not closed'],
    ['ipv4-addr:value = 1', "expected '[' or '('"],
    ['[ipv4-addr:value = 5]', 'expected a quoted value'],
    // The port narrows the indicator to some connections: more than "this address".
    [
      "[network-traffic:dst_ref.value = '192.0.2.1' AND network-traffic:dst_port = 22]",
      'AND between comparisons',
    ],
    [
      "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.type = 'ipv4-addr']",
      'AND between',
    ],
    ["[(ipv4-addr:value = '192.0.2.1') AND ipv4-addr:value = '192.0.2.2']", 'AND between comparisons'],
  ])('%s is unsupported: %s', (pattern, reason) => {
    expect(() => parseIpPattern(pattern)).toThrow(PatternUnsupported);
    expect(() => parseIpPattern(pattern)).toThrow(reason);
  });

  it('reads escaped quotes inside values', () => {
    expect(parseIpPattern("[domain-name:value = 'a\\'b' OR ipv4-addr:value = '192.0.2.1']").values).toEqual([
      '192.0.2.1',
    ]);
  });

  it('stays linear on a long hostile pattern', () => {
    const pattern = `[${Array.from({ length: 20_000 }, (_, i) => `ipv4-addr:value = '10.0.${(i >> 8) & 255}.${i & 255}'`).join(' OR ')}]`;
    const started = performance.now();
    expect(parseIpPattern(pattern).values).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
