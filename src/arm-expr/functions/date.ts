import { expectInteger, expectString, optionalString, valueError } from '../args.ts';
import {
  addMilliseconds,
  checkRange,
  DateTimeFormatError,
  formatDateTime,
  type Instant,
  instantFromDate,
  parseDateTime,
  parseDuration,
} from '../dotnet-datetime.ts';
import type { ArmFunction } from '../functions.ts';

/** Date functions (templates/template-functions-date.md). */

/**
 * The evaluation time: `ctx.now` when the context carries a Date (tests and replayed
 * runs are then deterministic), the clock otherwise.
 */
export function nowFrom(ctx: unknown): Instant {
  const now = typeof ctx === 'object' && ctx !== null ? (ctx as { now?: unknown }).now : undefined;
  return instantFromDate(now instanceof Date ? now : new Date());
}

/** Runs a date computation, turning parse and format failures into errors that name the function. */
export function withDates<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof DateTimeFormatError) throw valueError(fn, error.message);
    throw error;
  }
}

const UTC_NOW_DEFAULT = "yyyyMMdd'T'HHmmss'Z'";

export const dateFunctions: ArmFunction[] = [
  {
    name: 'dateTimeAdd',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    call(args) {
      const base = expectString('dateTimeAdd', args, 0);
      const duration = expectString('dateTimeAdd', args, 1);
      const format = optionalString('dateTimeAdd', args, 2);
      return withDates('dateTimeAdd', () => {
        const parsed = parseDateTime(base);
        const result = checkRange(addMilliseconds(parsed.instant, parseDuration(duration)));
        if (format !== undefined) return formatDateTime(result, format);
        // Without a format the result keeps the shape of the base value (…-date.md#datetimeadd).
        if (parsed.shape === 'basic') return formatDateTime(result, UTC_NOW_DEFAULT);
        const fraction = parsed.fractionDigits > 0 ? `'.'${'f'.repeat(parsed.fractionDigits)}` : '';
        return formatDateTime(result, `yyyy'-'MM'-'dd'T'HH':'mm':'ss${fraction}'Z'`);
      });
    },
  },
  {
    name: 'dateTimeFromEpoch',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const seconds = expectInteger('dateTimeFromEpoch', args, 0);
      return withDates('dateTimeFromEpoch', () =>
        formatDateTime(checkRange({ ms: seconds * 1000, subTicks: 0 }), "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'"),
      );
    },
  },
  {
    name: 'dateTimeToEpoch',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const text = expectString('dateTimeToEpoch', args, 0);
      return withDates('dateTimeToEpoch', () => Math.floor(parseDateTime(text).instant.ms / 1000));
    },
  },
  {
    name: 'utcNow',
    minArgs: 0,
    maxArgs: 1,
    // Default format yyyyMMddTHHmmssZ (…-date.md#utcnow).
    call(args, ctx) {
      const format = optionalString('utcNow', args, 0) ?? UTC_NOW_DEFAULT;
      return withDates('utcNow', () => formatDateTime(nowFrom(ctx), format));
    },
  },
];
