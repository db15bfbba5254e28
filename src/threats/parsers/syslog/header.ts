import { parseTimestamp } from '../time.ts';
import type { SyslogClock } from './clock.ts';
import { epochStamp, weekdayStamp } from './journal-stamps.ts';

/** One line's syslog header. Reused from line to line by a reader: copy what you keep. */
export interface SyslogHeader {
  timestamp: string;
  host: string | undefined;
  /** The tag as written (`sshd`, `sshd(pam_unix)`, `/usr/sbin/cron`), undefined when there is none. */
  program: string | undefined;
  pid: number | undefined;
  message: string;
  priority: number | undefined;
  /** RFC 5424 STRUCTURED-DATA as written, when not `-`. */
  structuredData: string | undefined;
}

export function emptyHeader(): SyslogHeader {
  return {
    timestamp: '',
    host: undefined,
    program: undefined,
    pid: undefined,
    message: '',
    priority: undefined,
    structuredData: undefined,
  };
}

// Month abbreviations keyed by their three character codes, so a lookup needs no substring.
const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    monthKey(m, 0),
    i,
  ]),
);

function monthKey(s: string, at: number): number {
  return (s.charCodeAt(at) << 16) | (s.charCodeAt(at + 1) << 8) | s.charCodeAt(at + 2);
}

/** The longest tag read as a program name; RFC 3164 says 32, real ones run longer. */
const MAX_TAG = 128;

// A log's lines mostly share their host and program: when a line has the previous one's, that string is
// used again instead of a new copy (fewer allocations per line, less memory per event kept).
let lastHost = '';
let lastProgram = '';

/** `line[start, end)`, as `last` when it is the same text (compared by char codes: no builtin call). */
function reuse(line: string, start: number, end: number, last: string): string {
  if (end - start !== last.length) return line.slice(start, end);
  for (let i = start; i < end; i++)
    if (line.charCodeAt(i) !== last.charCodeAt(i - start)) return line.slice(start, end);
  return last;
}

/**
 * Reads the header of an RFC 3164 line (`Dec 10 06:55:46 host prog[pid]: msg`, any runs of spaces between
 * fields, an optional `<PRI>`), an rsyslog high-precision line (ISO 8601 timestamp first), an RFC 5424
 * line (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`) or journalctl's short-unix and short-full lines
 * (read only when the others fail: journal-stamps.ts). Fills `out` and returns undefined, or returns
 * why the line is not syslog. Scans with indexOf and char codes: no regex, linear in the line.
 */
export function parseSyslogHeader(line: string, clock: SyslogClock, out: SyslogHeader): string | undefined {
  let i = 0;
  out.priority = undefined;
  out.structuredData = undefined;
  if (line.charCodeAt(0) === 0x3c) {
    const close = line.indexOf('>');
    const priority = close > 1 && close <= 4 ? Number(line.slice(1, close)) : Number.NaN;
    if (!Number.isInteger(priority) || priority > 191) return 'malformed <PRI>';
    out.priority = priority;
    i = close + 1;
    if (line.charCodeAt(i) === 0x31 && line.charCodeAt(i + 1) === 0x20) return parse5424(line, i + 2, out);
  }
  const c = line.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) {
    if (c === 0x31 && line.charCodeAt(i + 1) === 0x20) return parse5424(line, i + 2, out);
    let space = line.indexOf(' ', i);
    // A date alone is no syslog stamp: `2024-05-01 10:00:00` is a date and a time apart.
    if (space - i === 10) space = line.indexOf(' ', space + 1);
    let timestamp = parseTimestamp(space === -1 ? line.slice(i) : line.slice(i, space));
    if (timestamp === undefined) {
      // journalctl -o short-unix: seconds since the epoch.
      space = line.indexOf(' ', i);
      if (space !== -1) timestamp = epochStamp(line, i, space);
    }
    if (timestamp === undefined || space === -1) return 'not a syslog line (no timestamp)';
    out.timestamp = timestamp;
    return parseHostAndTag(line, skipSpaces(line, space), out);
  }
  let at = clock.cachedEnd(line, i);
  if (at !== -1) {
    out.timestamp = clock.lastIso;
  } else {
    at = parse3164Stamp(line, i, clock, out);
    if (at === -2) return 'no such date';
    if (at === -3) return 'truncated in the timestamp';
    if (at < 0) {
      // journalctl -o short-full: `Wed 2024-05-01 10:00:07 UTC`.
      const stamp = weekdayStamp(line, i);
      if (typeof stamp === 'string') return stamp;
      if (stamp === undefined) return 'not a syslog line (no timestamp)';
      out.timestamp = stamp.timestamp;
      at = stamp.end;
    }
  }
  if (line.charCodeAt(at) !== 0x20) {
    return at >= line.length ? 'truncated after the timestamp' : 'not a syslog line (no timestamp)';
  }
  return parseHostAndTag(line, skipSpaces(line, at), out);
}

/**
 * Returns the index after the stamp; -1 when there is none, -2 for a date that does not exist, -3 when
 * the line ends inside it.
 */
function parse3164Stamp(line: string, start: number, clock: SyslogClock, out: SyslogHeader): number {
  const month = MONTHS.get(monthKey(line, start));
  if (month === undefined || line.charCodeAt(start + 3) !== 0x20) return -1;
  if (line.length < start + 15) return -3;
  let i = start + 4;
  while (line.charCodeAt(i) === 0x20) i++;
  let day = 0;
  const dayStart = i;
  while (isDigit(line.charCodeAt(i)) && i - dayStart < 2) day = day * 10 + line.charCodeAt(i++) - 0x30;
  if (i === dayStart || day === 0 || line.charCodeAt(i) !== 0x20) return -1;
  while (line.charCodeAt(i) === 0x20) i++;
  const t = i;
  if (
    !isDigit(line.charCodeAt(t)) ||
    !isDigit(line.charCodeAt(t + 1)) ||
    line.charCodeAt(t + 2) !== 0x3a ||
    !isDigit(line.charCodeAt(t + 3)) ||
    !isDigit(line.charCodeAt(t + 4)) ||
    line.charCodeAt(t + 5) !== 0x3a ||
    !isDigit(line.charCodeAt(t + 6)) ||
    !isDigit(line.charCodeAt(t + 7))
  ) {
    return -1;
  }
  const hour = (line.charCodeAt(t) - 0x30) * 10 + line.charCodeAt(t + 1) - 0x30;
  const minute = (line.charCodeAt(t + 3) - 0x30) * 10 + line.charCodeAt(t + 4) - 0x30;
  const second = (line.charCodeAt(t + 6) - 0x30) * 10 + line.charCodeAt(t + 7) - 0x30;
  if (hour > 23 || minute > 59 || second > 60) return -1;
  i = t + 8;
  let millis = '000';
  if (line.charCodeAt(i) === 0x2e) {
    const fraction = ++i;
    while (isDigit(line.charCodeAt(i))) i++;
    if (i === fraction) return -1;
    millis = line.slice(fraction, Math.min(i, fraction + 3)).padEnd(3, '0');
  }
  const iso = clock.resolve(month, day, line.slice(t, t + 8), millis, line, start, i);
  if (iso === undefined) return -2;
  out.timestamp = iso;
  return i;
}

function parseHostAndTag(line: string, start: number, out: SyslogHeader): string | undefined {
  if (start >= line.length) return 'truncated after the timestamp';
  // Host names are short: a char loop is cheaper here than a call to indexOf.
  let end = start;
  while (end < line.length && line.charCodeAt(end) !== 0x20) end++;
  const space = end === line.length ? -1 : end;
  if (line.charCodeAt(end - 1) === 0x3a) {
    // No host: the first field is already the tag.
    out.host = undefined;
    return parseTag(line, start, out);
  }
  out.host = lastHost = reuse(line, start, end, lastHost);
  if (space === -1) return 'truncated after the host name';
  return parseTag(line, skipSpaces(line, space), out);
}

function parseTag(line: string, start: number, out: SyslogHeader): undefined {
  out.program = undefined;
  out.pid = undefined;
  const limit = Math.min(line.length, start + MAX_TAG);
  for (let k = start; k < limit; k++) {
    const c = line.charCodeAt(k);
    if (c === 0x20) break;
    if (c === 0x3a) {
      out.program = lastProgram = reuse(line, start, k, lastProgram);
      out.message = messageFrom(line, k + 1);
      return undefined;
    }
    if (c === 0x5b) {
      let close = k + 1;
      while (close < limit && line.charCodeAt(close) !== 0x5d) close++;
      if (close >= limit || line.charCodeAt(close + 1) !== 0x3a) break;
      out.program = lastProgram = reuse(line, start, k, lastProgram);
      out.pid = decimal(line, k + 1, close);
      out.message = messageFrom(line, close + 2);
      return undefined;
    }
  }
  out.message = line.slice(start);
  return undefined;
}

function messageFrom(line: string, at: number): string {
  return at >= line.length ? '' : line.slice(skipSpaces(line, at));
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, fields `-` when nil. */
function parse5424(line: string, start: number, out: SyslogHeader): string | undefined {
  const fields: string[] = [];
  let i = start;
  for (let f = 0; f < 5; f++) {
    const space = line.indexOf(' ', i);
    if (space === -1) return 'truncated RFC 5424 header';
    fields.push(line.slice(i, space));
    i = space + 1;
  }
  const [stamp, host, app, procId] = fields as [string, string, string, string, string];
  const timestamp = stamp === '-' ? undefined : parseTimestamp(stamp);
  if (timestamp === undefined) return 'RFC 5424 line without a valid timestamp';
  out.timestamp = timestamp;
  out.host = host === '-' ? undefined : host;
  out.program = app === '-' ? undefined : app;
  const pid = Number(procId);
  out.pid = procId !== '-' && Number.isSafeInteger(pid) ? pid : undefined;
  const sdEnd = structuredDataEnd(line, i);
  if (sdEnd < 0) return 'malformed RFC 5424 structured data';
  const sd = line.slice(i, sdEnd);
  out.structuredData = sd === '-' ? undefined : sd;
  let message = sdEnd + 1 < line.length ? line.slice(sdEnd + 1) : '';
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  out.message = message;
  return undefined;
}

/** The index after STRUCTURED-DATA (`-` or `[id k="v"]…`, `\]` and `\"` escaped inside values), or -1. */
function structuredDataEnd(line: string, start: number): number {
  if (line.charCodeAt(start) === 0x2d) return start + 1;
  let i = start;
  while (line.charCodeAt(i) === 0x5b) {
    let quoted = false;
    for (i++; ; i++) {
      if (i >= line.length) return -1;
      const c = line.charCodeAt(i);
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = !quoted;
      else if (c === 0x5d && !quoted) break;
    }
    i++;
  }
  return i === start ? -1 : i;
}

/** The decimal number in `line[from, to)` (at most 9 digits), or undefined. */
function decimal(line: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 9) return undefined;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    v = v * 10 + c - 0x30;
  }
  return v;
}

function skipSpaces(line: string, at: number): number {
  let i = at;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
