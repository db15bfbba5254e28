import { describe, expect, it } from 'vitest';
import { isoFromMs, msOfIso, parseTimestamp } from '../../../src/threats/parsers/time.ts';

describe('parseTimestamp', () => {
  it.each([
    ['2022-05-11T18:10:21.997Z', '2022-05-11T18:10:21.997Z'],
    ['2015-11-12T00:24:35.079785200Z', '2015-11-12T00:24:35.079Z'],
    ['2024-01-15T10:20:30.123456+01:00', '2024-01-15T09:20:30.123Z'],
    ['2024-01-15T10:20:30-0530', '2024-01-15T15:50:30.000Z'],
    ['2019-01-15 05:15:02.980', '2019-01-15T05:15:02.980Z'],
    ['2022-05-11 18:10:20.395', '2022-05-11T18:10:20.395Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['3/31/2022, 10:51:35.857 AM', '2022-03-31T10:51:35.857Z'],
    ['3/31/2022, 12:05:00 AM', '2022-03-31T00:05:00.000Z'],
    ['3/31/2022, 2:05:00 PM', '2022-03-31T14:05:00.000Z'],
    // A Sentinel sample writes 24-hour times with PM; the hour stands.
    ['3/31/2022, 14:51:35.857 PM', '2022-03-31T14:51:35.857Z'],
    ['7/8/2019 16:08', '2019-07-08T16:08:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseTimestamp(text)).toBe(iso);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-15T25:00:00Z',
    '2024-01-15T10:20:30+01',
    '2024-01-15T10:20:30.Z',
    '13/1/2024 10:00',
    '1/2/2024 10:00 XM',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('isoFromMs', () => {
  it('formats and bounds', () => {
    expect(isoFromMs(1_700_000_000_123)).toBe('2023-11-14T22:13:20.123Z');
    expect(isoFromMs(Number.NaN)).toBeUndefined();
    expect(isoFromMs(1e20)).toBeUndefined();
  });
});

describe('msOfIso', () => {
  it.each([
    '1970-01-01T00:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2100-03-01T00:00:00.000Z',
    '0000-01-01T00:00:00.000Z',
    '0099-12-31T12:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    // Forms the fast path leaves to Date.parse, with its answers (a day that rolls over, 24:00).
    '2023-02-29T00:00:00.000Z',
    '2024-01-01T24:00:00.000Z',
    '2024-01-01T00:00:00Z',
    '2024-13-01T00:00:00.000Z',
    'not a time',
  ])('%s is what Date.parse gives', (iso) => {
    expect(msOfIso(iso)).toBe(Date.parse(iso));
    // Again: the remembered answer.
    expect(msOfIso(iso)).toBe(Date.parse(iso));
  });

  it('gives each of two alternating times its own answer (it remembers the last two)', () => {
    const a = '2015-12-10T06:55:46.000Z';
    const b = '2015-12-10T06:55:47.000Z';
    const c = '2015-12-10T07:00:00.000Z';
    const seen = [a, b, a, b, c, a, c, b].map(msOfIso);
    expect(seen).toEqual([a, b, a, b, c, a, c, b].map((t) => Date.parse(t)));
  });

  it('agrees with Date.parse on every millisecond form toISOString writes', () => {
    for (let ms = -62_167_219_200_000; ms < 253_402_300_799_999; ms += 7_919_999_999_937) {
      const iso = new Date(ms).toISOString();
      expect([iso, msOfIso(iso)]).toEqual([iso, ms]);
    }
  });
});
