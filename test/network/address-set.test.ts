import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/network/address-prefix.ts';
import {
  ALL_IPV4,
  contains,
  covers,
  intersect,
  setOf,
  size,
  subtract,
  toCidrs,
  union,
} from '../../src/network/address-set.ts';

const set = (...cidrs: string[]) => setOf(cidrs.map((c) => parseCidr(c)!));

describe('address sets', () => {
  it('merges overlapping and touching blocks', () => {
    expect(toCidrs(set('10.0.0.0/25', '10.0.0.128/25'))).toEqual(['10.0.0.0/24']);
    expect(toCidrs(set('10.0.0.0/24', '10.0.0.64/26'))).toEqual(['10.0.0.0/24']);
  });

  it('intersects, subtracts and tests membership', () => {
    const vnet = set('10.0.0.0/16');
    expect(toCidrs(intersect(vnet, set('10.0.1.0/24', '192.168.0.0/16')))).toEqual(['10.0.1.0/24']);
    expect(toCidrs(subtract(set('10.0.0.0/24'), set('10.0.0.0/26', '10.0.0.192/26')))).toEqual([
      '10.0.0.64/26',
      '10.0.0.128/26',
    ]);
    expect(contains(vnet, parseCidr('10.0.255.255')![0])).toBe(true);
    expect(contains(vnet, parseCidr('10.1.0.0')![0])).toBe(false);
    expect(covers(vnet, set('10.0.7.0/24'))).toBe(true);
    expect(covers(vnet, set('10.0.0.0/15'))).toBe(false);
  });

  it('splits what is left of a block into the fewest CIDR blocks', () => {
    expect(toCidrs(subtract(ALL_IPV4, set('0.0.0.0/1', '128.0.0.0/2')))).toEqual(['192.0.0.0/2']);
    expect(toCidrs(subtract(set('203.0.113.0/24'), set('203.0.113.7')))).toEqual([
      '203.0.113.0/30',
      '203.0.113.4/31',
      '203.0.113.6/32',
      '203.0.113.8/29',
      '203.0.113.16/28',
      '203.0.113.32/27',
      '203.0.113.64/26',
      '203.0.113.128/25',
    ]);
    expect(toCidrs(set('2001:db8::/33', '2001:db8:8000::/33'))).toEqual(['2001:db8::/32']);
  });

  it('counts addresses in both families', () => {
    expect(size(set('10.0.0.0/8'))).toBe(1n << 24n);
    expect(size(union(set('10.0.0.0/8'), set('::/64')))).toBe((1n << 24n) + (1n << 64n));
  });
});
