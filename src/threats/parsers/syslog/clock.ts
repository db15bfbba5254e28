import { flat, pad2 } from '../time.ts';

export interface YearOptions {
  /** The year of the first RFC 3164 line; later lines advance it at each December → January rollover. */
  year?: number;
  /**
   * No line was written after this (a file's mtime, or now for standard input). Without `year`, the
   * first line gets the latest year that does not put it after this date (a day's slack for clocks).
   */
  reference: Date;
}

/** The longest stamp cached (`Mmm dd hh:mm:ss.ffffff` and spaces). */
const MAX_STAMP = 32;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Gives RFC 3164 timestamps (`Dec 10 06:55:46`, no year) their year, for one file read in order.
 *
 * The first line is anchored by `year`, or else by the reference date. After it the year only follows
 * the months: a jump back of more than six months (Dec → Jan) is a new year; a jump forward of more
 * than six months (a late `Dec 31` line after `Jan 1`) is a line from the year before, which leaves the
 * current year alone. So a file that spans a New Year reads right whichever end the anchor is at, as
 * long as it covers less than a year; one that spans more than a year needs `year`.
 */
export class SyslogClock {
  readonly #firstYear: number | undefined;
  readonly #refYear: number;
  readonly #refMonth: number;
  readonly #refDay: number;
  #year = 0;
  #month = -1;
  // The last stamp seen (as character codes: comparing against a sliced string is slower) and its ISO
  // text: consecutive lines mostly share their second.
  readonly #lastStamp = new Uint16Array(MAX_STAMP);
  #lastStampLength = 0;
  #lastIso = '';
  // The date part of the last ISO text made (`2015-12-10T`) and its key: a new second mostly has the same day.
  #dayKey = -1;
  #dayPrefix = '';

  constructor(options: YearOptions) {
    this.#firstYear = options.year;
    this.#refYear = options.reference.getUTCFullYear();
    this.#refMonth = options.reference.getUTCMonth();
    this.#refDay = options.reference.getUTCDate();
  }

  /**
   * When `line` has the previous line's stamp at `at` (followed by a space), the index after it; its time
   * is then `lastIso`. Otherwise -1.
   */
  cachedEnd(line: string, at: number): number {
    const stamp = this.#lastStamp;
    const length = this.#lastStampLength;
    const end = at + length;
    if (length === 0 || line.charCodeAt(end) !== 0x20) return -1;
    // Seconds differ first, so compare from the end.
    for (let i = length - 1; i >= 0; i--) if (line.charCodeAt(at + i) !== stamp[i]) return -1;
    return end;
  }

  get lastIso(): string {
    return this.#lastIso;
  }

  /**
   * `month` counts from 0; `time` is `HH:MM:SS` already checked; `line[stampStart, stampEnd)` is the
   * stamp's text, to recognise it on the next line. Undefined when the day does not exist that year.
   */
  resolve(
    month: number,
    day: number,
    time: string,
    millis: string,
    line: string,
    stampStart: number,
    stampEnd: number,
  ): string | undefined {
    let year: number;
    if (this.#month < 0) {
      year = this.#firstYear ?? this.#anchoredYear(month, day);
      this.#year = year;
      this.#month = month;
    } else {
      const delta = month - this.#month;
      if (delta < -6) {
        this.#year++;
        this.#month = month;
        year = this.#year;
      } else if (delta > 6) {
        year = this.#year - 1;
      } else {
        if (delta > 0) this.#month = month;
        year = this.#year;
      }
    }
    if (day > DAYS_IN_MONTH[month]! || (month === 1 && day === 29 && !isLeap(year))) return undefined;
    const dayKey = (year * 12 + month) * 32 + day;
    if (dayKey !== this.#dayKey) {
      this.#dayKey = dayKey;
      this.#dayPrefix = `${year}-${pad2(month + 1)}-${pad2(day)}T`;
    }
    const iso = flat(`${this.#dayPrefix}${time}.${millis}Z`);
    const length = stampEnd - stampStart;
    this.#lastStampLength = length <= MAX_STAMP ? length : 0;
    for (let i = 0; i < this.#lastStampLength; i++) this.#lastStamp[i] = line.charCodeAt(stampStart + i);
    this.#lastIso = iso;
    return iso;
  }

  #anchoredYear(month: number, day: number): number {
    const after = month > this.#refMonth || (month === this.#refMonth && day > this.#refDay + 1);
    return after ? this.#refYear - 1 : this.#refYear;
  }
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
