import { describe, expect, it } from 'vitest';
import { parsePlainList } from '../../../src/threats/intel/index.ts';
import { IpMatcher } from '../../../src/threats/intel/matcher.ts';
import { readFixture } from './helpers.ts';

describe('parsePlainList', () => {
  it('reads IPv4 and IPv6 addresses and networks, skipping comments and blank lines', () => {
    const { indicators, errors } = parsePlainList(readFixture('blocklist.txt'), 'blocklist.txt', 'blocklist');
    expect(errors).toEqual([]);
    expect(indicators.map((i) => [i.value, i.line, i.prefix])).toEqual([
      ['203.0.113.7', 2, 128],
      ['198.51.100.0/24', 3, 120], // IPv4 networks live in the IPv4-mapped part of the 128-bit space
      ['2001:db8:bad::/48', 5, 48],
      ['2001:db8::dead', 6, 128],
      ['192.0.2.77', 7, 128],
    ]);
    expect(indicators.every((i) => i.feed === 'blocklist' && i.file === 'blocklist.txt')).toBe(true);
  });

  it('names file and line for each bad line, and still loads the good ones', () => {
    const { indicators, errors } = parsePlainList(readFixture('blocklist-bad-lines.txt'), 'bad.txt', 'bad');
    expect(indicators.map((i) => i.value)).toEqual(['203.0.113.7', '198.51.100.1']);
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['bad.txt', 3],
      ['bad.txt', 4],
      ['bad.txt', 5],
      ['bad.txt', 6],
      ['bad.txt', 7],
    ]);
    expect(errors[0]!.message).toMatch(/one address or network per line/);
    expect(errors[2]!.message).toMatch(/prefix length/);
    expect(errors[3]!.message).toMatch(/ranges .* not supported/);
  });

  it.each([
    ['ip,first_seen,malware', /one address or network per line, got 'ip,first_seen,malware'/],
    ['203.0.113.7,2024-01-01,emotet', /one address or network per line/], // a CSV export's row
    ['203.0.113.7-203.0.113.10', /ranges .* not supported/],
    ['2001:db8::1-2001:db8::9', /ranges .* not supported/],
    ['203.0.113.7-x', /'203\.0\.113\.7-x' is not an IPv4 or IPv6 network/],
  ])('reports %s as what it is', (line, message) => {
    const { indicators, errors } = parsePlainList(`${line}\r\n`, 'feed.csv', 'feed.csv');
    expect(indicators).toEqual([]);
    expect(errors).toEqual([{ file: 'feed.csv', line: 1, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false],
    ['198.51.100.0/24', '198.51.100.255', true],
    ['198.51.100.0/24', '198.51.101.0', false],
    ['198.51.100.9/24', '198.51.100.200', true], // host bits below the prefix are ignored
    ['2001:db8:bad::/48', '2001:db8:bad:ffff::1', true],
    ['2001:db8:bad::/48', '2001:db8:bae::1', false],
    ['2001:db8::dead', '2001:DB8:0:0::DEAD', true], // any spelling of the same address
    ['203.0.113.7', '::ffff:203.0.113.7', true], // IPv4-mapped IPv6 in a log
    ['0.0.0.0/0', '2001:db8::1', false], // an IPv4 network never covers IPv6 addresses
  ])('entry %s lists %s: %s', (entry, address, listed) => {
    const { indicators } = parsePlainList(`${entry}\n`, 'f', 'f');
    expect(new IpMatcher(indicators).match(address, Number.NaN) !== undefined).toBe(listed);
  });

  it('reads Windows line endings', () => {
    const { indicators, errors } = parsePlainList('203.0.113.7\r\n# x\r\n198.51.100.0/24\r\n', 'f', 'f');
    expect(errors).toEqual([]);
    expect(indicators).toHaveLength(2);
  });
});
