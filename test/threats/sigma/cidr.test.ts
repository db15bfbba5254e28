import { describe, expect, it } from 'vitest';
import { inCidr, parseCidr, parseIp } from '../../../src/threats/sigma/cidr.ts';

describe('cidr', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['192.168.1.1', '192.168.1.1', true],
    ['10.0.0.0/8', '::ffff:10.1.2.3', true],
    ['::1/128', '::1', true],
    ['::1/128', '::2', false],
    ['fe80::/10', 'fe80::1%eth0', true],
    ['fc00::/7', 'fd12:3456::1', true],
    ['fc00::/7', '2001:db8::1', false],
    ['2001:db8::/32', '[2001:db8:0:0:0:0:0:1]', true],
  ])('%s contains %s → %s', (range, ip, expected) => {
    const addr = parseIp(ip);
    expect(addr !== null && inCidr(addr, parseCidr(range))).toBe(expected);
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', 'a.b.c.d', '1:2:3', '1::2::3', 'host', '', '1.2.3.04444'])(
    '%j is not an address',
    (text) => expect(parseIp(text)).toBeNull(),
  );

  it.each(['10.0.0.0/33', 'fe80::/129', 'x/8', '10.0.0.0/a'])('%s is not a range', (text) => {
    expect(() => parseCidr(text)).toThrow();
  });
});
