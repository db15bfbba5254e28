/**
 * Date-time parsing and .NET-style formatting (invariant culture, UTC) for the ARM date
 * functions and the policy functions `utcNow()` / `addDays()`. An instant is kept as
 * epoch milliseconds plus the 100 ns ticks within that millisecond, so the 7-digit
 * fractions .NET prints (`fffffff`) survive a round trip.
 */

export interface Instant {
  ms: number;
  /** 0..9999: the 100-nanosecond ticks inside `ms`. */
  subTicks: number;
}

/** How the input was written, so `dateTimeAdd` can answer in the same shape. */
export type DateTimeShape = 'basic' | 'extended';

export interface ParsedDateTime {
  instant: Instant;
  shape: DateTimeShape;
  /** Number of fraction digits written in the input (0 when none). */
  fractionDigits: number;
}

export class DateTimeFormatError extends Error {}

const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{4})?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)?$/i;

/** Parses the ISO 8601 forms ARM templates use; a missing zone means UTC. */
export function parseDateTime(text: string): ParsedDateTime {
  const trimmed = text.trim();
  let m = EXTENDED.exec(trimmed);
  if (m !== null) return build(m, [1, 2, 3, 4, 5, 6, 7, 8], 'extended', text);
  m = BASIC.exec(trimmed);
  if (m !== null) return build(m, [1, 2, 3, 4, 5, 6, 7, 8], 'basic', text);
  m = US.exec(trimmed);
  if (m !== null) {
    let hour = Number(m[4] ?? 0);
    const meridiem = m[7]?.toUpperCase();
    if (meridiem === 'PM' && hour < 12) hour += 12;
    if (meridiem === 'AM' && hour === 12) hour = 0;
    const ms = utcMillis(
      text,
      Number(m[3]),
      Number(m[1]),
      Number(m[2]),
      hour,
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
    );
    return { instant: { ms, subTicks: 0 }, shape: 'extended', fractionDigits: 0 };
  }
  throw new DateTimeFormatError(`'${text}' is not a valid ISO 8601 date-time.`);
}

function build(m: RegExpExecArray, at: number[], shape: DateTimeShape, text: string): ParsedDateTime {
  const part = (i: number) => m[at[i]!];
  const fraction = part(6) ?? '';
  let ms = utcMillis(
    text,
    Number(part(0)),
    Number(part(1)),
    Number(part(2)),
    Number(part(3) ?? 0),
    Number(part(4) ?? 0),
    Number(part(5) ?? 0),
  );
  const ticks = Number(fraction.padEnd(7, '0'));
  ms += Math.floor(ticks / 10_000);
  const zone = part(7);
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    ms -= (digits[0] === '-' ? -minutes : minutes) * 60_000;
  }
  return { instant: { ms, subTicks: ticks % 10_000 }, shape, fractionDigits: fraction.length };
}

function utcMillis(text: string, y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (
    Number.isNaN(ms) ||
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    throw new DateTimeFormatError(`'${text}' is not a valid date-time.`);
  }
  return ms;
}

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const DAY_MS = 86_400_000;

/**
 * An ISO 8601 duration in milliseconds. ARM counts a year as 365 days and a month as
 * 30 days (templates/template-functions-date.md#datetimeadd, "Remarks").
 */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (m === null || text.trim().endsWith('T') || m.slice(2).every((g) => g === undefined)) {
    throw new DateTimeFormatError(`'${text}' is not a valid ISO 8601 duration.`);
  }
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  const ms =
    (n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5)) * DAY_MS +
    n(6) * 3_600_000 +
    n(7) * 60_000 +
    Math.round(n(8) * 1000);
  return m[1] === '-' ? -ms : ms;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Invariant-culture expansions of the single-letter standard formats. */
const STANDARD_FORMATS: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

/** Formats a UTC instant with a .NET standard (one letter) or custom date-time format string. */
export function formatDateTime(instant: Instant, format: string): string {
  let pattern = format;
  if (format.length === 1) {
    const standard = STANDARD_FORMATS[format];
    if (standard === undefined)
      throw new DateTimeFormatError(`'${format}' is not a valid date-time format string.`);
    pattern = standard;
  }
  const date = new Date(instant.ms);
  const fraction = String(date.getUTCMilliseconds() * 10_000 + instant.subTicks).padStart(7, '0');
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'" || c === '"') {
      const end = pattern.indexOf(c, i + 1);
      if (end < 0) throw new DateTimeFormatError(`Unterminated quoted text in date-time format '${format}'.`);
      out += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      out += pattern[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === '%') {
      i++;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === c) run++;
    out += field(c, run, date, fraction);
    i += run;
  }
  return out;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function field(c: string, run: number, date: Date, fraction: string): string {
  switch (c) {
    case 'y': {
      const year = date.getUTCFullYear();
      return run <= 2 ? pad(year % 100, run) : pad(year, run);
    }
    case 'M': {
      const month = date.getUTCMonth();
      if (run >= 4) return MONTH_NAMES[month]!;
      if (run === 3) return MONTH_NAMES[month]!.slice(0, 3);
      return pad(month + 1, run);
    }
    case 'd': {
      if (run >= 4) return DAY_NAMES[date.getUTCDay()]!;
      if (run === 3) return DAY_NAMES[date.getUTCDay()]!.slice(0, 3);
      return pad(date.getUTCDate(), run);
    }
    case 'H':
      return pad(date.getUTCHours(), Math.min(run, 2));
    case 'h':
      return pad(date.getUTCHours() % 12 || 12, Math.min(run, 2));
    case 'm':
      return pad(date.getUTCMinutes(), Math.min(run, 2));
    case 's':
      return pad(date.getUTCSeconds(), Math.min(run, 2));
    case 'f':
      if (run > 7) throw new DateTimeFormatError('At most 7 fraction digits (fffffff) can be formatted.');
      return fraction.slice(0, run);
    case 'F': {
      if (run > 7) throw new DateTimeFormatError('At most 7 fraction digits (FFFFFFF) can be formatted.');
      return fraction.slice(0, run).replace(/0+$/, '');
    }
    case 't':
      return (date.getUTCHours() < 12 ? 'AM' : 'PM').slice(0, run === 1 ? 1 : 2);
    case 'K':
      return 'Z';
    case 'z':
      return run === 1 ? '+0' : run === 2 ? '+00' : '+00:00';
    case 'g':
      return 'A.D.';
    default:
      return c.repeat(run);
  }
}

export function addMilliseconds(instant: Instant, ms: number): Instant {
  return { ms: instant.ms + ms, subTicks: instant.subTicks };
}

export function instantFromDate(date: Date): Instant {
  return { ms: date.getTime(), subTicks: 0 };
}

/** The year range .NET DateTime can hold; results outside it are errors in ARM. */
export function checkRange(instant: Instant): Instant {
  const year = new Date(instant.ms).getUTCFullYear();
  if (Number.isNaN(year) || year < 1 || year > 9999) {
    throw new DateTimeFormatError('The resulting date-time is outside the range 0001-01-01 to 9999-12-31.');
  }
  return instant;
}
