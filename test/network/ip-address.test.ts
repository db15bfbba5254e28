import { describe, expect, it } from 'vitest';
import {
  formatAddress,
  IPV6_BASE,
  parseAddress,
  parseIPv4,
  parseIPv6,
} from '../../src/network/ip-address.ts';

describe('parseIPv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['10.0.1.4', 0x0a000104],
    ['255.255.255.255', 0xffffffff],
    ['168.63.129.16', 0xa83f8110],
    ['010.000.001.004', 0x0a000104],
  ])('%s → %d', (text, value) => {
    expect(parseIPv4(text)).toBe(value);
  });

  it.each([
    '256.0.0.1',
    '10.0.1',
    '10.0.1.4.5',
    '10..1.4',
    'a.b.c.d',
    '1.2.3.-4',
    '1.2.3.4 ',
    '1234.1.1.1',
    '1.2.3.',
    '.1.2.3',
    '1.2.3.4.',
    '1.2.3.256',
    '',
  ])('rejects %j', (text) => {
    expect(parseIPv4(text)).toBeUndefined();
  });
});

describe('parseIPv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', (0x20010db8n << 96n) | 1n],
    ['2001:DB8:0:0:0:0:0:1', (0x20010db8n << 96n) | 1n],
    ['ace:cab:deca:deed::4', (0x0acen << 112n) | (0x0cabn << 96n) | (0xdecan << 80n) | (0xdeedn << 64n) | 4n],
    ['::ffff:192.0.2.1', (0xffffn << 32n) | 0xc0000201n],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
  ])('%s', (text, value) => {
    expect(parseIPv6(text)).toBe(value);
  });

  it.each([
    ':',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7::8',
    ':1:2:3:4:5:6:7',
    '::1.2.3',
  ])('rejects %j', (text) => {
    expect(parseIPv6(text)).toBeUndefined();
  });
});

describe('the shared address space', () => {
  it('keeps IPv6 above every IPv4 address', () => {
    expect(parseAddress('255.255.255.255')!.value).toBe(IPV6_BASE - 1n);
    expect(parseAddress('::')!.value).toBe(IPV6_BASE);
    expect(parseAddress('10.0.1.4')).toMatchObject({ family: 4, v4: 0x0a000104 });
    expect(parseAddress('2001:db8::1')).toMatchObject({ family: 6, v4: -1 });
  });

  it.each(['10.0.1.4', '::', '::1', '2001:db8::1', '2001:db8:0:1::', 'ace:cab:deca:deed::4', '1:0:0:1::1'])(
    'formats %s back as written (RFC 5952)',
    (text) => {
      expect(formatAddress(parseAddress(text)!.value)).toBe(text);
    },
  );

  it('compresses the longest run of zero groups, the first of equal ones', () => {
    expect(formatAddress(parseAddress('1:0:0:2:0:0:0:3')!.value)).toBe('1:0:0:2::3');
    expect(formatAddress(parseAddress('1:0:0:2:0:0:3:4')!.value)).toBe('1::2:0:0:3:4');
  });
});
