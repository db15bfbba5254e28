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
    expect(errors[0]!.message).toMatch(/one address, network or range per line/);
    expect(errors[2]!.message).toMatch(/prefix length/);
    expect(errors[3]!.message).toMatch(/ends before it starts/);
  });

  it.each([
    ['first_seen,host,malware', /needs a header row naming its address column/], // no address column
    ['203.0.113.7,2024-01-01,emotet', /one address, network or range per line.*header row/], // no header
    ['203.0.113.10-203.0.113.7', /ends before it starts/],
    ['203.0.113.7-2001:db8::9', /mixes IPv4 and IPv6/],
    ['203.0.113.7 port', /one address, network or range per line, got '203\.0\.113\.7 port'/],
    ['203.0.113.7 5 9', /one address, network or range per line/], // a count is one number
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

  it.each([
    ['203.0.113.7-203.0.113.10', '203.0.113.10', true], // a range includes both ends
    ['203.0.113.7-203.0.113.10', '203.0.113.6', false],
    ['203.0.113.7 - 203.0.113.10', '203.0.113.8', true],
    ['2001:db8::1-2001:db8::9', '2001:db8::9', true],
    ['2001:db8::1-2001:db8::9', '2001:db8::a', false],
    ['203.0.113.7-203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7\t12', '203.0.113.7', true], // IPsum: address, then on how many lists it is
  ])('entry %s lists %s: %s', (entry, address, listed) => {
    const { indicators, errors } = parsePlainList(`${entry}\n`, 'f', 'f');
    expect(errors).toEqual([]);
    expect(new IpMatcher(indicators).match(address, Number.NaN) !== undefined).toBe(listed);
  });

  it('prefers the more specific of a range and a network', () => {
    const { indicators } = parsePlainList('198.51.100.0/24\n198.51.100.10-198.51.100.20\n', 'f', 'f');
    expect(new IpMatcher(indicators).match('198.51.100.15', Number.NaN)?.value).toBe(
      '198.51.100.10-198.51.100.20',
    );
  });

  it.each([
    [
      'abuse.ch Feodo Tracker (commented header, quoted fields)',
      [
        '################################',
        '# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)',
        '# first_seen_utc,dst_ip,dst_port,c2_status,last_online,malware',
        '"2021-01-17 07:30:05","51.75.55.14","443","online","2024-05-01","QakBot"',
        '"2021-01-17 07:44:46","203.0.113.7","8080","offline","2024-04-30","Dridex, v2"',
        '# END 2 entries',
      ],
      [
        ['51.75.55.14', 4],
        ['203.0.113.7', 5],
      ],
    ],
    [
      'abuse.ch SSLBL (commented header, column in capitals)',
      ['# Firstseen,DstIP,DstPort', '2024-05-01 10:00:00,198.51.100.9,443'],
      [['198.51.100.9', 2]],
    ],
    [
      'a spreadsheet export (plain header, CRLF)',
      ['Indicator Type,IP Address,Notes\r', 'ip,2001:db8::bad,seen twice\r', 'ip,192.0.2.0/24,"a, b"\r'],
      [
        ['2001:db8::bad', 2],
        ['192.0.2.0/24', 3],
      ],
    ],
  ])('reads a CSV feed by its address column: %s', (_, lines, expected) => {
    const { indicators, errors } = parsePlainList(`${lines.join('\n')}\n`, 'feed.csv', 'feed.csv');
    expect(errors).toEqual([]);
    expect(indicators.map((i) => [i.value, i.line])).toEqual(expected);
  });

  it('names the line of a CSV row without an address, and of a bad address', () => {
    const text = 'ip,malware\n203.0.113.7,emotet\n,qakbot\nnot-an-ip,x\n';
    const { indicators, errors } = parsePlainList(text, 'feed.csv', 'feed.csv');
    expect(indicators.map((i) => i.value)).toEqual(['203.0.113.7']);
    expect(errors).toEqual([
      { file: 'feed.csv', line: 3, message: "the row has no value in column 'ip'" },
      { file: 'feed.csv', line: 4, message: expect.stringMatching(/'not-an-ip' is not an IPv4 or IPv6/) },
    ]);
  });

  it('reads Windows line endings', () => {
    const { indicators, errors } = parsePlainList('203.0.113.7\r\n# x\r\n198.51.100.0/24\r\n', 'f', 'f');
    expect(errors).toEqual([]);
    expect(indicators).toHaveLength(2);
  });
});
