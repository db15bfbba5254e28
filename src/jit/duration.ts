/**
 * Durations as JIT speaks them: ISO 8601 (`PT3H`, `P1D`, `PT1H30M`) as `maxRequestAccessDuration` carries
 * them, and the short forms a person types (`1h`, `90m`, `1h30m`). Parsed by a scanner, not a regex, so no
 * input can make it slow.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * `maxRequestAccessDuration`: "Minimum 5 minutes, maximum 1 day" (azure-rest-api-specs@056ae337
 * specification/security/resource-manager/Microsoft.Security/stable/2020-01-01/jitNetworkAccessPolicies.json).
 */
export const MIN_MAX_REQUEST_MS = 5 * MINUTE_MS;
export const MAX_MAX_REQUEST_MS = DAY_MS;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const MAX_TEXT = 32;
const MAX_DIGITS = 6;

const ISO_DATE_UNITS: Record<string, number> = { W: 7 * DAY_MS, D: DAY_MS };
const ISO_TIME_UNITS: Record<string, number> = { H: HOUR_MS, M: MINUTE_MS, S: 1000 };
const SHORT_UNITS: Record<string, number> = { d: DAY_MS, h: HOUR_MS, m: MINUTE_MS, s: 1000 };

/** An ISO 8601 duration of weeks, days, hours, minutes and whole seconds (years and months have no fixed length). */
export function parseIsoDuration(text: string): DurationResult {
  if (text.length > MAX_TEXT) return { ok: false, message: `duration '${clip(text)}' is too long` };
  const upper = text.toUpperCase();
  if (upper[0] !== 'P' || upper.length < 3)
    return { ok: false, message: `'${text}' is not an ISO 8601 duration (e.g. PT3H, PT30M, P1D)` };
  let ms = 0;
  let inTime = false;
  let i = 1;
  let lastRank = -1;
  let components = 0;
  while (i < upper.length) {
    if (upper[i] === 'T') {
      if (inTime) return { ok: false, message: `'${text}': 'T' appears twice` };
      inTime = true;
      lastRank = -1;
      i++;
      continue;
    }
    const start = i;
    while (i < upper.length && isDigit(upper.charCodeAt(i))) i++;
    if (i === start) return { ok: false, message: `'${text}': expected a number at position ${start + 1}` };
    if (i - start > MAX_DIGITS) return { ok: false, message: `'${text}': number too large` };
    const unit = upper[i];
    if (unit === undefined) return { ok: false, message: `'${text}': the last number has no unit` };
    if (unit === '.' || unit === ',')
      return { ok: false, message: `'${text}': fractions are not supported; use a smaller unit` };
    const units = inTime ? ISO_TIME_UNITS : ISO_DATE_UNITS;
    const size = units[unit];
    if (size === undefined) {
      const why =
        !inTime && (unit === 'Y' || unit === 'M')
          ? 'years and months have no fixed length; use days (D) or hours (PT…H)'
          : `unit '${unit}' is not allowed here`;
      return { ok: false, message: `'${text}': ${why}` };
    }
    const rank = Object.keys(units).indexOf(unit);
    if (rank <= lastRank) return { ok: false, message: `'${text}': units out of order or repeated` };
    lastRank = rank;
    ms += Number(upper.slice(start, i)) * size;
    components++;
    i++;
  }
  if (components === 0 || upper.endsWith('T'))
    return { ok: false, message: `'${text}' is not an ISO 8601 duration (e.g. PT3H, PT30M, P1D)` };
  return { ok: true, ms };
}

/** What a requester types: ISO 8601 (`PT1H`) or short units (`1h`, `45m`, `1h30m`, `1d`). */
export function parseRequestDuration(text: string): DurationResult {
  if (text.length > 0 && (text[0] === 'P' || text[0] === 'p')) return parseIsoDuration(text);
  if (text.length > MAX_TEXT) return { ok: false, message: `duration '${clip(text)}' is too long` };
  let ms = 0;
  let i = 0;
  let lastSize = Number.POSITIVE_INFINITY;
  while (i < text.length) {
    const start = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    const unit = text[i];
    const size = unit === undefined ? undefined : SHORT_UNITS[unit];
    if (i === start || size === undefined || i - start > MAX_DIGITS || size >= lastSize) {
      return { ok: false, message: `'${text}' is not a duration (e.g. 1h, 30m, 1h30m, PT1H)` };
    }
    lastSize = size;
    ms += Number(text.slice(start, i)) * size;
    i++;
  }
  if (i === 0) return { ok: false, message: 'the duration is empty (e.g. 1h, 30m, PT1H)' };
  return { ok: true, ms };
}

/** A policy's `maxRequestAccessDuration`: a valid ISO 8601 duration between PT5M and P1D. */
export function parseMaxRequestAccessDuration(text: string): DurationResult {
  const parsed = parseIsoDuration(text);
  if (!parsed.ok) return parsed;
  if (parsed.ms < MIN_MAX_REQUEST_MS || parsed.ms > MAX_MAX_REQUEST_MS) {
    return {
      ok: false,
      message: `maxRequestAccessDuration '${text}' must be between PT5M and P1D`,
    };
  }
  return parsed;
}

/** The shortest ISO 8601 form of a whole number of seconds: `PT3H`, `PT1H30M`, `P1D`, `PT0S`. */
export function formatIsoDuration(ms: number): string {
  let seconds = Math.floor(ms / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  let time = '';
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (seconds) time += `${seconds}S`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function clip(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}
