import { describe, expect, it } from 'vitest';
import {
  formatIsoDuration,
  parseIsoDuration,
  parseMaxRequestAccessDuration,
  parseRequestDuration,
} from '../../src/jit/duration.ts';

const M = 60_000;
const H = 60 * M;

describe('ISO 8601 durations', () => {
  it.each([
    ['PT3H', 3 * H],
    ['PT5M', 5 * M],
    ['P1D', 24 * H],
    ['PT1H30M', 90 * M],
    ['P1DT2H', 26 * H],
    ['PT90S', 90_000],
    ['pt3h', 3 * H],
    ['P1W', 7 * 24 * H],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, ms });
  });

  it.each([
    ['', 'not an ISO 8601 duration'],
    ['3H', 'not an ISO 8601 duration'],
    ['PT', 'not an ISO 8601 duration'],
    ['P1DT', 'not an ISO 8601 duration'],
    ['P1M', 'years and months'],
    ['P1Y', 'years and months'],
    ['PT1.5H', 'fractions'],
    ['PT30M1H', 'out of order'],
    ['PT1H1H', 'out of order'],
    ['PTH', 'expected a number'],
    ['PT1', 'no unit'],
    ['PT1234567H', 'too large'],
    ['PT1HT2M', "'T' appears twice"],
    [`P${'1'.repeat(40)}D`, 'too long'],
  ])('refuses %j (%s)', (text, why) => {
    const parsed = parseIsoDuration(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(why);
  });

  it('formats the shortest form back', () => {
    expect([3 * H, 90 * M, 24 * H, 26 * H + 5_000, 0].map(formatIsoDuration)).toEqual([
      'PT3H',
      'PT1H30M',
      'P1D',
      'P1DT2H5S',
      'PT0S',
    ]);
  });
});

describe('request durations', () => {
  it.each([
    ['1h', H],
    ['45m', 45 * M],
    ['1h30m', 90 * M],
    ['1d', 24 * H],
    ['PT1H', H],
  ])('%s is %d ms', (text, ms) => {
    expect(parseRequestDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['', 'h', '1x', '30m1h', '1h1h', '-1h', '1.5h', '1 h'])('refuses %j', (text) => {
    expect(parseRequestDuration(text).ok).toBe(false);
  });
});

describe('maxRequestAccessDuration', () => {
  it.each([
    ['PT5M', true],
    ['PT3H', true],
    ['P1D', true],
    ['PT24H', true],
    ['PT4M', false],
    ['PT4M59S', false],
    ['P1DT1S', false],
    ['PT25H', false],
  ])('%s allowed: %s (PT5M to P1D)', (text, ok) => {
    const parsed = parseMaxRequestAccessDuration(text);
    expect(parsed.ok).toBe(ok);
    if (!parsed.ok) expect(parsed.message).toContain('between PT5M and P1D');
  });
});
