/**
 * Timestamps to ECS `@timestamp`: always `YYYY-MM-DDTHH:MM:SS.mmmZ` (what Date#toISOString writes), so
 * events from every format sort and compare as plain strings.
 */

export function isoFromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999) return undefined;
  return new Date(ms).toISOString();
}

/**
 * A timestamp as exported by Azure, Windows and Sysmon, read as UTC unless it carries an offset:
 * ISO 8601 (`2022-05-11T18:10:21.997Z`, any number of fraction digits, `+02:00`), the same with a space
 * for `T` (`2019-01-15 05:15:02.980`, how Log Analytics and Sysmon's UtcTime print it), and the US
 * month-first forms of portal CSV/JSON exports (`3/31/2022, 10:51:35.857 AM`, `7/8/2019 16:08`).
 * Log Analytics stores UTC, so a time without an offset is UTC.
 */
export function parseTimestamp(text: string): string | undefined {
  const s = text.trim();
  if (s.length < 8 || s.length > 40) return undefined;
  if (s.charCodeAt(4) === 0x2d) return parseIsoLike(s);
  if (s.indexOf('/') !== -1) return parseMonthFirst(s);
  return undefined;
}

function parseIsoLike(s: string): string | undefined {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (s.charCodeAt(7) !== 0x2d || year < 0 || month < 1 || month > 12 || day < 1 || day > 31)
    return undefined;
  if (s.length === 10) return utc(year, month, day, 0, 0, 0, 0, 0);
  const sep = s.charCodeAt(10);
  if (sep !== 0x54 && sep !== 0x20 && sep !== 0x74) return undefined;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (s.charCodeAt(13) !== 0x3a || hour < 0 || hour > 24 || minute < 0 || minute > 59) return undefined;
  let i = 16;
  let second = 0;
  if (s.charCodeAt(16) === 0x3a) {
    second = digits(s, 17, 2);
    if (second < 0 || second > 60) return undefined;
    i = 19;
  }
  let ms = 0;
  if (s.charCodeAt(i) === 0x2e || s.charCodeAt(i) === 0x2c) {
    i++;
    let scale = 100;
    const start = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      ms += (s.charCodeAt(i) - 0x30) * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return undefined;
    ms = Math.floor(ms);
  }
  let offsetMinutes = 0;
  if (i < s.length) {
    const z = s.charCodeAt(i);
    if ((z === 0x5a || z === 0x7a) && i === s.length - 1) offsetMinutes = 0;
    else if (z === 0x2b || z === 0x2d) {
      const oh = digits(s, i + 1, 2);
      const colon = s.charCodeAt(i + 3) === 0x3a ? 1 : 0;
      const om = digits(s, i + 3 + colon, 2);
      if (oh < 0 || om < 0 || i + 5 + colon !== s.length) return undefined;
      offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
    } else return undefined;
  }
  return utc(year, month, day, hour, minute, second, ms, offsetMinutes);
}

/** `M/D/YYYY[,] h:mm[:ss[.fff]] [AM|PM]`. An hour of 13 or more with PM is read as 24-hour time. */
function parseMonthFirst(s: string): string | undefined {
  const parts = s
    .replace(',', ' ')
    .split(' ')
    .filter((p) => p !== '');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const date = parts[0]!.split('/');
  const time = parts[1]!.split(':');
  if (date.length !== 3 || time.length < 2 || time.length > 3) return undefined;
  const month = Number(date[0]);
  const day = Number(date[1]);
  const year = Number(date[2]);
  let hour = Number(time[0]);
  const minute = Number(time[1]);
  const secondText = time[2] ?? '0';
  const second = Number(secondText);
  if (![month, day, year, hour, minute, second].every(Number.isFinite)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || minute > 59 || second >= 61) {
    return undefined;
  }
  const meridiem = parts[2]?.toUpperCase();
  if (meridiem !== undefined) {
    if (meridiem !== 'AM' && meridiem !== 'PM') return undefined;
    if (hour === 12) hour = meridiem === 'AM' ? 0 : 12;
    else if (meridiem === 'PM' && hour < 12) hour += 12;
  }
  if (hour > 23) return undefined;
  const whole = Math.floor(second);
  return utc(year, month, day, hour, minute, whole, Math.round((second - whole) * 1000), 0);
}

function utc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): string | undefined {
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 April over to 1 May; a date that does not exist is not a timestamp.
  if (check.getUTCDate() !== day) return undefined;
  return isoFromMs(t);
}

/** The decimal number in `s[at, at+count)`, or -1 unless all are digits. */
export function digits(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

let flattened = 0;

/**
 * `s`, flattened now. V8 keeps a concatenation as a tree of its parts until something reads its characters,
 * and compares such a string, even once flattened in place, several times slower than one made flat when it
 * is built; timestamps are compared and parsed many times downstream (msOfIso, time order, evidence order).
 */
export function flat(s: string): string {
  // Reading a character flattens the string; the sum keeps the read from being optimised away.
  flattened = (flattened + s.charCodeAt(0)) | 0;
  return s;
}

const TWO_DIGITS: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/** `08` for 8: the ISO fields of timestamps built without a Date. */
export function pad2(n: number): string {
  return TWO_DIGITS[n]!;
}

let lastIso = '';
let lastMs = Number.NaN;
// The one before: callers alternate between two times (a correlation's first and last member, an event's
// second and the previous one).
let otherIso = '';
let otherMs = Number.NaN;

/**
 * Epoch milliseconds of an `@timestamp`: Date.parse, several times faster for the one form parsers write
 * (`YYYY-MM-DDTHH:MM:SS.mmmZ`), and remembered for the last two strings (events come in runs of one second).
 * Anything else goes to Date.parse.
 */
export function msOfIso(iso: string): number {
  if (iso === lastIso) return lastMs;
  if (iso === otherIso) {
    otherIso = lastIso;
    lastIso = iso;
    const ms = otherMs;
    otherMs = lastMs;
    lastMs = ms;
    return ms;
  }
  let ms = Number.NaN;
  if (
    iso.length === 24 &&
    iso.charCodeAt(4) === 0x2d &&
    iso.charCodeAt(7) === 0x2d &&
    iso.charCodeAt(10) === 0x54 &&
    iso.charCodeAt(13) === 0x3a &&
    iso.charCodeAt(16) === 0x3a &&
    iso.charCodeAt(19) === 0x2e &&
    iso.charCodeAt(23) === 0x5a
  ) {
    const month = digits(iso, 5, 2);
    const day = digits(iso, 8, 2);
    const hour = digits(iso, 11, 2);
    const minute = digits(iso, 14, 2);
    const second = digits(iso, 17, 2);
    const milli = digits(iso, 20, 3);
    const year = digits(iso, 0, 4);
    if (
      year >= 0 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysIn(year, month) &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      milli >= 0
    ) {
      ms = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    }
  }
  if (Number.isNaN(ms)) ms = Date.parse(iso);
  otherIso = lastIso;
  otherMs = lastMs;
  lastIso = iso;
  lastMs = ms;
  return ms;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
