import { UsageError } from './io.ts';

// Only ISO 8601: `new Date()` alone also takes '1' (2001), '12/05/2026' (US order, local time) and
// '2026-02-30' (rolled over to 2 March), so a typo would silently move "now".
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time, UTC when it names no zone; undefined when it is not one or not on the calendar. */
export function parseIsoTime(value: string): Date | undefined {
  const match = ISO.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const ms = Date.parse(match[4] !== undefined || value.length === 10 ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `--now <iso-date>`: the time a command treats as now; undefined when the flag is not given. */
export function nowOption(value: string | undefined, flag = '--now'): Date | undefined {
  if (value === undefined) return undefined;
  const date = parseIsoTime(value);
  if (!date)
    throw new UsageError(`${flag} '${value}' is not a date: give 2026-05-01 or 2026-05-01T08:00:00Z`);
  return date;
}
