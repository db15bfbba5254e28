import { describe, expect, it } from 'vitest';
import { isAnySource, parseAddress, parsePrefix, prefixContains } from '../../src/jit/address.ts';

function prefix(text: string) {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.prefix;
}

describe('parsePrefix', () => {
  it.each([
    ['203.0.113.7', 4, 32],
    ['203.0.113.0/24', 4, 24],
    ['0.0.0.0/0', 4, 0],
    ['10.0.0.0/8', 4, 8],
    ['2001:db8::1', 6, 128],
    ['2001:db8::/32', 6, 32],
    ['::', 6, 128],
    ['::/0', 6, 0],
    ['::ffff:192.0.2.1', 6, 128],
    ['1:2:3:4:5:6:7:8', 6, 128],
    ['1:2:3:4:5:6:192.0.2.1', 6, 128],
    ['FE80::1', 6, 128],
  ])('reads %s as IPv%d /%d', (text, family, bits) => {
    expect(prefix(text)).toMatchObject({ kind: 'cidr', family, bits, text });
  });

  it.each(['*', 'Any', 'any'])('reads %s as any source', (text) => {
    expect(prefix(text)).toEqual({ kind: 'any', text: '*' });
  });

  it.each([
    ['', 'empty'],
    ['Internet', 'not a valid IPv4'],
    ['VirtualNetwork', 'not a valid IPv4'],
    ['1.2.3', 'not a valid IPv4'],
    ['1.2.3.4.5', 'not a valid IPv4'],
    ['256.1.1.1', 'not a valid IPv4'],
    ['01.2.3.4', 'not a valid IPv4'],
    ['1.2.3.4 ', 'not a valid IPv4'],
    ['1.2.3.4/33', 'prefix length is 0 to 32'],
    ['1.2.3.4/', 'prefix length must be a number'],
    ['1.2.3.0/024', 'prefix length must be a number'],
    ['10.0.0.5/24', 'host bits set; the network is 10.0.0.0/24'],
    ['2001:db8::1/32', 'host bits set; the network is 2001:db8:0:0:0:0:0:0/32'],
    ['1::2::3', 'not a valid IPv6'],
    ['1:2:3:4:5:6:7:8:9', 'not a valid IPv6'],
    ['1:2:3:4:5:6:7', 'not a valid IPv6'],
    ['12345::', 'not a valid IPv6'],
    ['fe80::1%eth0', 'not a valid IPv6'],
    ['1:2:3:4:5:6:7::8', 'not a valid IPv6'],
    ['::/129', 'prefix length is 0 to 128'],
    ['1'.repeat(70), 'too long'],
  ])('refuses %j: %s', (text, why) => {
    const parsed = parsePrefix(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(why);
  });

  it('reads single addresses only in parseAddress', () => {
    expect(parseAddress('198.51.100.7')).toEqual({ ok: true, family: 4, value: 3325256711n });
    expect(parseAddress('198.51.100.0/24').ok).toBe(false);
  });
});

describe('prefixContains', () => {
  it.each([
    ['203.0.113.0/24', '203.0.113.7', true],
    ['203.0.113.0/24', '203.0.113.0/25', true],
    ['203.0.113.0/24', '203.0.113.0/24', true],
    ['203.0.113.0/24', '203.0.112.0/23', false],
    ['203.0.113.0/24', '203.0.114.1', false],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false],
    ['0.0.0.0/0', '198.51.100.7', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['*', '2001:db8::1', true],
    ['*', '*', true],
    ['0.0.0.0/0', '*', false],
    ['203.0.113.0/24', '*', false],
    ['2001:db8::/32', '2001:db8:1::5', true],
    ['2001:db8::/32', '2001:db9::5', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(prefixContains(prefix(outer), prefix(inner))).toBe(expected);
  });

  it('treats *, 0.0.0.0/0 and ::/0 as any source', () => {
    expect(['*', '0.0.0.0/0', '::/0', '10.0.0.0/8'].map((t) => isAnySource(prefix(t)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });
});
