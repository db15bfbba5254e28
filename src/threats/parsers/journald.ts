import { auditEvent } from './auditd/event.ts';
import { journalAuditRecord } from './auditd/journal.ts';
import { setText } from './fields.ts';
import type { EventSink } from './sink.ts';
import { emitProgramMessage } from './syslog/message-events.ts';
import { isoFromMs } from './time.ts';

/**
 * One `journalctl -o json` record: MESSAGE goes through the same program parsers as a syslog line
 * (program from SYSLOG_IDENTIFIER, else _COMM), at __REALTIME_TIMESTAMP (microseconds), on _HOSTNAME.
 * Events keep the dataset linux.journald, except Sysmon and AUOMS events carried in the journal and
 * audit records (`_TRANSPORT=audit`), which are read as audit.log's are.
 * Field reference: systemd.journal-fields(7).
 */
export function emitJournaldRecord(
  r: Record<string, unknown>,
  original: string,
  line: number,
  sink: EventSink,
): void {
  const micros = Number(r.__REALTIME_TIMESTAMP ?? r._SOURCE_REALTIME_TIMESTAMP);
  const timestamp = isoFromMs(Math.floor(micros / 1000));
  if (timestamp === undefined) {
    sink.unparsed(line, 'journald record without a valid __REALTIME_TIMESTAMP', original);
    return;
  }
  const message = messageText(r.MESSAGE);
  if (message === undefined) {
    sink.unparsed(line, 'journald record without a MESSAGE', original);
    return;
  }
  if (r._TRANSPORT === 'audit' && emitAudit(r, message, original, line, sink)) return;
  const program = text(r.SYSLOG_IDENTIFIER) ?? text(r._COMM);
  const pid = Number(r.SYSLOG_PID ?? r._PID);
  emitProgramMessage(
    {
      timestamp,
      host: text(r._HOSTNAME),
      program,
      pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined,
      message,
      original,
      line,
    },
    sink,
    (ev) => {
      if (ev['event.dataset'] === 'linux.auth' || ev['event.dataset'] === 'linux.syslog') {
        ev['event.dataset'] = 'linux.journald';
      }
      setText(ev, 'journald.unit', r._SYSTEMD_UNIT);
      setText(ev, 'journald.transport', r._TRANSPORT);
      if (ev['process.executable'] === undefined) setText(ev, 'process.executable', r._EXE);
    },
  );
}

/**
 * A record of the audit subsystem journald read from the kernel: the same event as audit.log's, so it is
 * one (dataset linux.auditd). User-space records (USER_LOGIN, USER_CMD, ADD_USER…) are whole events; a
 * kernel event's records (SYSCALL, EXECVE, PATH…) each make their own, since journald drops the EOE
 * that ends them and records here are read one at a time. False when the record is not in that form.
 */
function emitAudit(
  r: Record<string, unknown>,
  message: string,
  original: string,
  line: number,
  sink: EventSink,
): boolean {
  const record = journalAuditRecord(r, message, line, original);
  if (record === undefined) return false;
  const ev = auditEvent([record], sink.path, text(r._HOSTNAME));
  if (typeof ev === 'string') sink.unparsed(line, ev, original);
  else {
    ev['journald.transport'] = 'audit';
    sink.emit(ev);
  }
  return true;
}

/** MESSAGE is a string, or an array of bytes when it is not valid UTF-8. */
function messageText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number' && b >= 0 && b < 256)) {
    return Buffer.from(v as number[]).toString('utf8');
  }
  return undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
