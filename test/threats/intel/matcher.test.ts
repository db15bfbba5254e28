import { describe, expect, it } from 'vitest';
import type { IpIndicator } from '../../../src/threats/intel/index.ts';
import { IpMatcher, parseAddressRange } from '../../../src/threats/intel/index.ts';

function entry(value: string, feed = 'f', window: Partial<IpIndicator> = {}): IpIndicator {
  const range = parseAddressRange(value);
  if (typeof range === 'string') throw new Error(range);
  return { ...range, value, feed, file: `${feed}.txt`, ...window };
}

describe('IpMatcher', () => {
  const matcher = new IpMatcher([
    entry('10.0.0.0/8', 'wide'),
    entry('10.1.0.0/16', 'mid'),
    entry('10.1.2.0/24', 'narrow'),
    entry('10.1.2.3', 'exact'),
    entry('10.200.0.0/16', 'other'),
    entry('2001:db8::/32', 'v6'),
  ]);

  it.each([
    ['10.1.2.3', ['exact', 'narrow', 'mid', 'wide']],
    ['10.1.2.4', ['narrow', 'mid', 'wide']],
    ['10.1.3.1', ['mid', 'wide']],
    ['10.255.255.255', ['wide']],
    ['10.200.1.1', ['other', 'wide']],
    ['11.0.0.0', []],
    ['9.255.255.255', []],
    ['2001:db8:ffff::1', ['v6']],
    ['2001:db9::1', []],
    ['not-an-ip', []],
    ['', []],
  ])('%s is listed by %j, most specific first', (address, feeds) => {
    expect(matcher.candidates(address).map((c) => c.feed)).toEqual(feeds);
    expect(matcher.match(address, Number.NaN)?.feed).toBe(feeds[0]);
  });

  it('skips entries whose validity window does not hold, falling back to wider ones', () => {
    const m = new IpMatcher([
      entry('192.0.2.0/24', 'always'),
      entry('192.0.2.9', 'windowed', {
        validFrom: Date.parse('2024-01-01'),
        validUntil: Date.parse('2024-02-01'),
      }),
    ]);
    expect(m.match('192.0.2.9', Date.parse('2024-01-15'))?.feed).toBe('windowed');
    expect(m.match('192.0.2.9', Date.parse('2024-03-01'))?.feed).toBe('always');
  });

  it('answers the same for an address asked many times (cached) as for the first time', () => {
    for (let i = 0; i < 3; i++) expect(matcher.match('10.1.2.4', Number.NaN)?.feed).toBe('narrow');
  });

  it('counts its entries', () => {
    expect(matcher.size).toBe(6);
    expect(new IpMatcher([]).candidates('10.0.0.1')).toEqual([]);
  });
});
