import { parseAuditFields } from './fields.ts';
import type { AuditRecord } from './record.ts';

/**
 * An audit record as journald stores it (`_TRANSPORT=audit`): MESSAGE is `<TYPE> <fields>` (the
 * `audit(time:serial):` stamp taken out), the serial is `_AUDIT_ID` and the stamp's time
 * `_SOURCE_REALTIME_TIMESTAMP` (microseconds, whole milliseconds). Undefined when the record lacks them.
 * See systemd's src/journal/journald-audit.c (process_audit_string).
 */
export function journalAuditRecord(
  r: Record<string, unknown>,
  message: string,
  line: number,
  original: string,
): AuditRecord | undefined {
  const space = message.indexOf(' ');
  const micros = Number(r._SOURCE_REALTIME_TIMESTAMP ?? r.__REALTIME_TIMESTAMP);
  const serial = Number(r._AUDIT_ID);
  if (space <= 0 || !Number.isSafeInteger(micros) || micros < 0 || !Number.isSafeInteger(serial)) {
    return undefined;
  }
  const type = message.slice(0, space);
  const ms = Math.floor(micros / 1000);
  const fields: Record<string, string> = {};
  parseAuditFields(message.slice(space + 1), fields, type === 'EXECVE');
  return {
    type,
    ms,
    serial,
    id: `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}:${serial}`,
    node: undefined,
    fields,
    enriched: undefined,
    line,
    text: original,
  };
}
