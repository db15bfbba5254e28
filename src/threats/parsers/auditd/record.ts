import { digits } from '../time.ts';
import { parseAuditFields } from './fields.ts';
import { recordTypeName } from './record-types.ts';

/** One audit record (one line of audit.log). */
export interface AuditRecord {
  type: string;
  /** Event time in milliseconds since the epoch. */
  ms: number;
  /** Undefined for a record logged without its `audit(time:serial)` stamp (stamplessAuditRecord). */
  serial: number | undefined;
  /** Time and serial as written, `1551485718.785:324`: the event's identity ('' without a stamp). */
  id: string;
  node: string | undefined;
  fields: Record<string, string>;
  /** Names auditd adds in its ENRICHED log format, after a 0x1D separator (UID="root" …). */
  enriched: Record<string, string> | undefined;
  line: number;
  text: string;
}

/**
 * `[node=<host> ]type=<TYPE> msg=audit(<seconds>.<ms>:<serial>): <fields>`. Also the `ausearch -i`
 * form, whose stamp is `audit(03/02/2019 00:10:05.594:7507)` in local time (read as UTC). Returns why
 * when the line is not a record.
 */
export function parseAuditRecord(text: string, line: number): AuditRecord | string {
  let i = 0;
  let node: string | undefined;
  if (text.startsWith('node=')) {
    const space = text.indexOf(' ');
    if (space === -1) return 'truncated audit record';
    node = text.slice(5, space);
    i = space + 1;
  }
  if (!text.startsWith('type=', i)) return 'not an audit record (no type=)';
  const typeEnd = text.indexOf(' ', i + 5);
  if (typeEnd === -1) return 'truncated audit record';
  const type = recordTypeName(text.slice(i + 5, typeEnd));
  const open = text.indexOf('audit(', typeEnd);
  const close = text.indexOf(')', open);
  if (open === -1 || open > typeEnd + 5 || close === -1) return 'audit record without msg=audit(time:serial)';
  const stamp = text.slice(open + 6, close);
  const colon = stamp.lastIndexOf(':');
  const serial = Number(stamp.slice(colon + 1));
  const ms = stampMillis(stamp.slice(0, colon));
  if (colon === -1 || !Number.isSafeInteger(serial) || ms === undefined)
    return 'malformed audit(time:serial)';
  let bodyStart = close + 1;
  if (text.charCodeAt(bodyStart) === 0x3a) bodyStart++;
  else if (text.startsWith(' :', bodyStart)) bodyStart += 2;
  let body = text.slice(bodyStart);
  let enriched: Record<string, string> | undefined;
  let gs = body.indexOf('\u001d');
  let names = gs + 1;
  if (gs === -1) {
    gs = escapedSeparator(body);
    names = gs + 4;
  }
  if (gs !== -1) {
    enriched = {};
    parseAuditFields(body.slice(names), enriched);
    body = body.slice(0, gs);
  }
  const fields: Record<string, string> = {};
  parseAuditFields(body, fields, type === 'EXECVE');
  return { type, ms, serial, id: stamp, node, fields, enriched, line, text };
}

/**
 * A record as journald logs it in text (`journalctl`'s short formats, rsyslog reading the journal):
 * `audit[pid]: USER_LOGIN pid=… msg='…'`, the message `<TYPE> <fields>` with no `audit(time:serial)` stamp, so
 * its time is the line's (`ms`) and it has no serial. Undefined when the message is not `<TYPE> <field>=…`.
 */
export function stamplessAuditRecord(
  message: string,
  ms: number,
  node: string | undefined,
  line: number,
  text: string,
): AuditRecord | undefined {
  const space = message.indexOf(' ');
  const first = message.charCodeAt(0);
  if (space < 3 || first < 0x41 || first > 0x5a || message.indexOf('=', space) === -1) return undefined;
  for (let i = 0; i < space; i++) {
    const c = message.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return undefined;
  }
  const type = message.slice(0, space);
  const fields: Record<string, string> = {};
  parseAuditFields(message.slice(space + 1), fields, type === 'EXECVE');
  return { type, ms, serial: undefined, id: '', node, fields, enriched: undefined, line, text };
}

/**
 * Where the enriched names start when the record went through rsyslog, which escapes control characters
 * on receipt: the 0x1D separator arrives as `#035`, followed by an upper-case name (`ARCH=`, `UID=`). -1
 * when there is none.
 */
function escapedSeparator(body: string): number {
  const at = body.lastIndexOf('#035');
  if (at === -1) return -1;
  let i = at + 4;
  while (body.charCodeAt(i) >= 0x41 && body.charCodeAt(i) <= 0x5a) i++;
  return i > at + 4 && body.charCodeAt(i) === 0x3d ? at : -1;
}

/** `1551485718.785` or `03/02/2019 00:10:05.594` to epoch milliseconds. */
function stampMillis(s: string): number | undefined {
  const dot = s.lastIndexOf('.');
  if (s.indexOf('/') === -1) {
    const seconds = Number(s.slice(0, dot));
    const fraction = Number(s.slice(dot + 1));
    if (dot === -1 || !Number.isSafeInteger(seconds) || !Number.isInteger(fraction)) return undefined;
    return seconds * 1000 + fraction;
  }
  const month = digits(s, 0, 2);
  const day = digits(s, 3, 2);
  const year = digits(s, 6, 4);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const millis = digits(s, 20, 3);
  if ([month, day, year, hour, minute, second, millis].some((v) => v < 0)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}
