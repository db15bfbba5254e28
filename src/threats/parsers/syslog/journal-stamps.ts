import { isoFromMs, msOfIso, parseTimestamp } from '../time.ts';

/**
 * The timestamps of `journalctl`'s text formats that are not RFC 3164 or ISO 8601 (journalctl(1), --output):
 * `short-unix` (`1714557607.123456`, seconds since the epoch) and `short-full` (`Wed 2024-05-01 10:00:07 UTC`,
 * the zone named by its abbreviation). `short-iso` and `short-iso-precise` are ISO 8601 and `short`,
 * `short-precise` RFC 3164, read as such. Only lines that are neither come here.
 */

/** Epoch seconds from 1973 to 5138: 9 to 11 digits, so a line that merely starts with a number is not one. */
const MIN_DIGITS = 9;
const MAX_DIGITS = 11;

/** `line[start, end)` as `short-unix` seconds (an optional fraction, to the microsecond), or undefined. */
export function epochStamp(line: string, start: number, end: number): string | undefined {
  let i = start;
  let seconds = 0;
  while (i < end && isDigit(line.charCodeAt(i))) seconds = seconds * 10 + line.charCodeAt(i++) - 0x30;
  if (i - start < MIN_DIGITS || i - start > MAX_DIGITS) return undefined;
  let ms = 0;
  if (i < end) {
    if (line.charCodeAt(i) !== 0x2e || i + 1 === end) return undefined;
    let scale = 100;
    for (i++; i < end; i++) {
      const c = line.charCodeAt(i);
      if (!isDigit(c)) return undefined;
      ms += (c - 0x30) * scale;
      scale /= 10;
    }
  }
  return isoFromMs(seconds * 1000 + Math.floor(ms));
}

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

/**
 * Zone abbreviations of the tz database that name one offset (minutes east of UTC). Those that name several
 * (CST: US Central, China or Cuba; IST: India, Ireland or Israel) are not read: the line is reported instead.
 */
const ZONES = new Map<string, number>([
  ['UTC', 0],
  ['UCT', 0],
  ['GMT', 0],
  ['Z', 0],
  ['WET', 0],
  ['WEST', 60],
  ['BST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['SAST', 120],
  ['HKT', 480],
  ['AWST', 480],
  ['JST', 540],
  ['KST', 540],
  ['ACST', 570],
  ['ACDT', 630],
  ['AEST', 600],
  ['AEDT', 660],
  ['NZST', 720],
  ['NZDT', 780],
  ['HST', -600],
  ['AKST', -540],
  ['AKDT', -480],
  ['PST', -480],
  ['PDT', -420],
  ['MST', -420],
  ['MDT', -360],
  ['EST', -300],
  ['EDT', -240],
]);

export interface WeekdayStamp {
  timestamp: string;
  /** The index after the zone. */
  end: number;
}

/**
 * `Wed 2024-05-01 10:00:07 UTC` at `start` (journalctl `short-full`): its time, or why it cannot be read (a zone
 * not known or ambiguous), or undefined when the line does not start so.
 */
export function weekdayStamp(line: string, start: number): WeekdayStamp | string | undefined {
  if (line.charCodeAt(start + 3) !== 0x20 || !WEEKDAYS.has(line.slice(start, start + 3))) return undefined;
  const dateAt = start + 4;
  const zoneAt = dateAt + 20;
  if (line.charCodeAt(dateAt + 10) !== 0x20 || line.charCodeAt(zoneAt - 1) !== 0x20) return undefined;
  const local = parseTimestamp(line.slice(dateAt, zoneAt - 1));
  if (local === undefined) return undefined;
  let end = line.indexOf(' ', zoneAt);
  if (end === -1) end = line.length;
  const zone = line.slice(zoneAt, end);
  const offset = ZONES.get(zone) ?? numericOffset(zone);
  if (offset === undefined) {
    return `journalctl short-full time in zone "${zone.slice(0, 16)}", which names no single offset (export with -o short-iso)`;
  }
  const timestamp = isoFromMs(msOfIso(local) - offset * 60_000);
  return timestamp === undefined ? undefined : { timestamp, end };
}

/** `+03`, `-0530`, `+05:30` (how the tz database names zones without an abbreviation). */
function numericOffset(zone: string): number | undefined {
  const sign = zone.charCodeAt(0);
  if ((sign !== 0x2b && sign !== 0x2d) || (zone.length !== 3 && zone.length !== 5 && zone.length !== 6))
    return undefined;
  const digits = zone.length === 6 ? zone.slice(1, 3) + zone.slice(4) : zone.slice(1);
  if (zone.length === 6 && zone.charCodeAt(3) !== 0x3a) return undefined;
  for (let i = 0; i < digits.length; i++) if (!isDigit(digits.charCodeAt(i))) return undefined;
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return sign === 0x2d ? -minutes : minutes;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
