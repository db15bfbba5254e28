import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, isIp } from '../../../src/threats/parsers/ip.ts';

describe('isIp', () => {
  it.each([
    ['1.2.3.4', true],
    ['255.255.255.255', true],
    ['0.0.0.0', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['1..3.4', false],
    ['1.2.3.4 ', false],
    ['01234.1.1.1', false],
    ['::1', true],
    ['::', true],
    ['fe80::38dc:e4a9:61bd:b458', true],
    ['2001:db8::1', true],
    ['2001:DB8:0:0:0:0:0:1', true],
    ['2001:db8:0:0:0:0:0:1:2', false],
    ['2001:db8::', true],
    ['1:2:3:4:5:6:7::', true],
    ['::ffff:198.51.100.4', true],
    ['::ffff:1.2.3', false],
    ['1:2:3:4:5:6:1.2.3.4', true],
    ['fe80::1%eth0', true],
    ['fe80::1%', false],
    ['1::2::3', false],
    [':1', false],
    ['1:', false],
    ['abcd1::1', false],
    ['g::1', false],
    ['host.example.com', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isIp(text)).toBe(expected);
  });

  it('tells the families apart', () => {
    expect(isIPv4('::1')).toBe(false);
    expect(isIPv6('1.2.3.4')).toBe(false);
  });

  it('stays fast on a long hostile candidate', () => {
    const hostile = `${'1:'.repeat(50_000)}x`;
    const start = performance.now();
    expect(isIp(hostile)).toBe(false);
    expect(performance.now() - start).toBeLessThan(200);
  });
});
