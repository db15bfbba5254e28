import { describe, expect, it } from 'vitest';
import { SyslogClock } from '../../../../src/threats/parsers/syslog/clock.ts';

/** The years a clock gives to a sequence of (month from 0, day) stamps. */
function years(clock: SyslogClock, stamps: Array<[number, number]>): number[] {
  return stamps.map(([month, day]) => {
    const line = `stamp ${month} ${day}`;
    const iso = clock.resolve(month, day, '12:00:00', '000', line, 0, line.length);
    return Number(iso?.slice(0, 4));
  });
}

describe('SyslogClock year inference', () => {
  it('with a given year, advances at a December → January rollover', () => {
    const clock = new SyslogClock({ year: 2023, reference: new Date('2030-01-01T00:00:00Z') });
    expect(
      years(clock, [
        [11, 30],
        [11, 31],
        [0, 1],
        [0, 2],
        [5, 1],
        [11, 31],
        [0, 1],
      ]),
    ).toEqual([2023, 2023, 2024, 2024, 2024, 2024, 2025]);
  });

  it('reads a late December line after January as the year before, without moving the year', () => {
    const clock = new SyslogClock({ year: 2024, reference: new Date() });
    expect(
      years(clock, [
        [0, 1],
        [11, 31],
        [0, 2],
      ]),
    ).toEqual([2024, 2023, 2024]);
  });

  it("anchors the first line to the reference date (a file's mtime)", () => {
    // Written up to 5 January 2025: December lines are 2024, January lines 2025.
    const clock = new SyslogClock({ reference: new Date('2025-01-05T10:00:00Z') });
    expect(
      years(clock, [
        [11, 20],
        [11, 31],
        [0, 1],
        [0, 5],
      ]),
    ).toEqual([2024, 2024, 2025, 2025]);
  });

  it('allows a day of clock slack past the reference date', () => {
    expect(years(new SyslogClock({ reference: new Date('2025-03-10T00:00:00Z') }), [[2, 11]])).toEqual([
      2025,
    ]);
    expect(years(new SyslogClock({ reference: new Date('2025-03-10T00:00:00Z') }), [[2, 12]])).toEqual([
      2024,
    ]);
  });

  it('refuses 29 February outside leap years', () => {
    const clock = new SyslogClock({ year: 2023, reference: new Date() });
    expect(clock.resolve(1, 29, '00:00:00', '000', 'x', 0, 1)).toBeUndefined();
    const leap = new SyslogClock({ year: 2024, reference: new Date() });
    expect(leap.resolve(1, 29, '00:00:00', '000', 'x', 0, 1)).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('SyslogClock timestamps', () => {
  it('gives each line its own date across day, month and year changes (the date part is cached)', () => {
    const clock = new SyslogClock({ year: 2015, reference: new Date() });
    const stamps: [number, number, string, string][] = [
      [11, 31, '23:59:59', '2015-12-31T23:59:59.000Z'],
      [11, 31, '23:59:59', '2015-12-31T23:59:59.000Z'],
      [0, 1, '00:00:00', '2016-01-01T00:00:00.000Z'],
      [0, 1, '00:00:01', '2016-01-01T00:00:01.000Z'],
      [0, 2, '00:00:01', '2016-01-02T00:00:01.000Z'],
      [1, 2, '00:00:01', '2016-02-02T00:00:01.000Z'],
      [1, 29, '08:00:00', '2016-02-29T08:00:00.000Z'],
      [11, 31, '08:00:00', '2015-12-31T08:00:00.000Z'],
      [1, 29, '08:00:01', '2016-02-29T08:00:01.000Z'],
    ];
    for (const [month, day, time, iso] of stamps) {
      const line = `${month} ${day} ${time}`;
      expect(clock.resolve(month, day, time, '000', line, 0, line.length)).toBe(iso);
    }
  });
});
