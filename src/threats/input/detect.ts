import { SyslogClock } from '../parsers/syslog/clock.ts';
import { emptyHeader, parseSyslogHeader } from '../parsers/syslog/header.ts';

/** How a file is laid out; which event format each record is, is decided per record inside. */
export type Layout =
  | 'syslog'
  | 'auditd'
  | 'json-lines'
  | 'json'
  | 'xml'
  | 'csv'
  | 'unknown'
  | 'binary'
  | 'empty';

/** Log Analytics export columns that say a CSV is a table Vigil reads. */
const CSV_COLUMNS = ['TimeGenerated', 'EventID', 'SyslogMessage', 'AuditdMessage', 'OperationNameValue'];

/** The Windows event schema's namespace, on each `<Event>` that wevtutil and Get-WinEvent write. */
const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Lines looked at to recognise a text format. */
const SAMPLE_LINES = 20;

/**
 * Recognises a file's layout from its first bytes (up to 64 KiB, decoded): JSON (one document, or one
 * object per line), Windows-schema event XML, CSV with Log Analytics columns, audit.log records, or
 * syslog lines. Text that is none of these is `unknown` (its lines are reported unparsed); text with NUL
 * bytes is `binary` (wtmp, journal files) and is not read.
 */
export function detectLayout(head: string): Layout {
  if (head.indexOf('\u0000') !== -1) return 'binary';
  let start = 0;
  while (start < head.length && isSpace(head.charCodeAt(start))) start++;
  if (start === head.length) return 'empty';
  const c = head.charCodeAt(start);
  if (c === 0x5b) return 'json';
  if (c === 0x7b) return firstLineIsJson(head, start) ? 'json-lines' : 'json';
  if (head.startsWith('<?xml', start) || head.startsWith('<Event', start)) return 'xml';
  // `wevtutil qe … /f:xml /e:<root>` wraps the events in a root element of the user's choosing.
  if (c === 0x3c && isLetter(head.charCodeAt(start + 1)) && head.indexOf(EVENT_NAMESPACE, start) !== -1) {
    return 'xml';
  }
  const lines = sampleLines(head, start);
  const first = lines[0] ?? '';
  if (first.indexOf(',') !== -1 && CSV_COLUMNS.some((name) => first.includes(name))) return 'csv';
  if (lines.some((l) => (l.startsWith('type=') || l.startsWith('node=')) && l.includes(' msg=audit('))) {
    return 'auditd';
  }
  const clock = new SyslogClock({ reference: new Date() });
  const header = emptyHeader();
  const syslog = lines.filter((l) => parseSyslogHeader(l, clock, header) === undefined).length;
  return syslog > 0 && syslog * 2 >= lines.length ? 'syslog' : 'unknown';
}

function firstLineIsJson(head: string, start: number): boolean {
  const newline = head.indexOf('\n', start);
  if (newline === -1) return false;
  const line = head.slice(start, newline).trim();
  if (!line.endsWith('}')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** The first non-blank lines, except ausearch separators; a last line without its newline is left out. */
function sampleLines(head: string, start: number): string[] {
  const lines: string[] = [];
  let at = start;
  while (lines.length < SAMPLE_LINES) {
    const newline = head.indexOf('\n', at);
    if (newline === -1) {
      if (lines.length === 0) lines.push(head.slice(at).trimEnd());
      break;
    }
    const line = head.slice(at, newline).replace(/\r$/, '');
    if (line.trim() !== '' && line !== '----' && !line.startsWith('time->')) lines.push(line);
    at = newline + 1;
  }
  return lines;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
