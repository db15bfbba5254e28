import type { ThreatEvent } from '../../event.ts';
import { AuditAssembler } from '../auditd/assembler.ts';
import { auditEvent } from '../auditd/event.ts';
import { parseAuditRecord, stamplessAuditRecord } from '../auditd/record.ts';
import { isBlank, type LineParser } from '../line-parser.ts';
import type { EventSink } from '../sink.ts';
import { msOfIso } from '../time.ts';
import { SyslogClock, type YearOptions } from './clock.ts';
import { emptyHeader, parseSyslogHeader } from './header.ts';
import { emitProgramMessage, type ProgramMessage } from './message-events.ts';
import { hasAt } from './text.ts';

/**
 * A syslog file (auth.log, secure, messages, syslog), line by line. A line whose header does not parse is
 * unparsed, with the reason; a line that parses is an event whatever the program. Audit records logged
 * through syslog (audisp's syslog plugin, the kernel's `audit: type=…` lines) are grouped into audit events
 * like audit.log's; journald's `audit[pid]: TYPE …` records are audit events too.
 */
export class SyslogReader implements LineParser {
  readonly #clock: SyslogClock;
  readonly #header = emptyHeader();
  readonly #message: ProgramMessage = {
    timestamp: '',
    host: undefined,
    program: undefined,
    pid: undefined,
    message: '',
    original: '',
    line: 0,
  };
  readonly #priority = (ev: ThreatEvent): void => {
    const h = this.#header;
    if (h.priority !== undefined) {
      ev['log.syslog.priority'] = h.priority;
      ev['log.syslog.facility.code'] = h.priority >> 3;
      ev['log.syslog.severity.code'] = h.priority & 7;
    }
    if (h.structuredData !== undefined) ev['log.syslog.structured_data'] = h.structuredData;
  };
  #audit: AuditAssembler | undefined;

  constructor(
    private readonly sink: EventSink,
    years: YearOptions,
  ) {
    this.#clock = new SyslogClock(years);
  }

  line(text: string, line: number): void {
    if (isBlank(text)) return;
    const h = this.#header;
    const error = parseSyslogHeader(text, this.#clock, h);
    if (error !== undefined) {
      this.sink.unparsed(line, error, text);
      return;
    }
    const first = h.message.charCodeAt(0);
    if (
      (first === 0x74 && h.message.startsWith('type=')) ||
      (first === 0x6e && h.message.startsWith('node='))
    ) {
      if (this.#addAudit(h.message, text, line)) return;
    } else if (h.program === undefined) {
      // rsyslog's imfile given a tag without its colon writes `host auditd type=…`: no tag is read.
      const space = h.message.indexOf(' ');
      if (hasAt(h.message, space + 1, 'type=') && this.#addAudit(h.message.slice(space + 1), text, line))
        return;
    } else if (h.program === 'kernel') {
      if (this.#addKernelAudit(h.message, text, line)) return;
    } else if (h.program === 'audit') {
      if (this.#addStamplessAudit(h.message, text, line)) return;
    }
    const m = this.#message;
    m.timestamp = h.timestamp;
    m.host = h.host;
    m.program = h.program;
    m.pid = h.pid;
    m.message = h.message;
    m.original = text;
    m.line = line;
    emitProgramMessage(
      m,
      this.sink,
      h.priority !== undefined || h.structuredData !== undefined ? this.#priority : undefined,
    );
  }

  /** Adds `message` to the audit events when it is an audit record. */
  #addAudit(message: string, text: string, line: number): boolean {
    const record = parseAuditRecord(message, line);
    if (typeof record === 'string') return false;
    record.text = text;
    // A central syslog file holds several hosts' records: each is its line's host's, unless it names one.
    record.node ??= this.#header.host;
    this.#audit ??= new AuditAssembler(this.sink);
    this.#audit.add(record);
    return true;
  }

  /**
   * The kernel's own printing of a record when no auditd takes it (kernel/audit.c, audit_log_end):
   * `kernel: audit: type=1112 audit(1700000000.123:456): …`, after dmesg's `[  12.345678] ` when printk times it.
   */
  #addKernelAudit(message: string, text: string, line: number): boolean {
    let at = 0;
    if (message.charCodeAt(0) === 0x5b) {
      at = message.indexOf('] ') + 2;
      if (at === 1) return false;
    }
    return hasAt(message, at, 'audit: type=') && this.#addAudit(message.slice(at + 7), text, line);
  }

  /**
   * journald's records of the audit subsystem as `journalctl` prints them and rsyslog forwards them:
   * `audit[pid]: USER_LOGIN pid=… msg='…'`, without their stamp. Each is an event at the line's time (records
   * without a serial cannot be grouped); the same record in audit.log is recognised by its fields
   * (input/audit-copies.ts).
   */
  #addStamplessAudit(message: string, text: string, line: number): boolean {
    const h = this.#header;
    const record = stamplessAuditRecord(message, msOfIso(h.timestamp), h.host, line, text);
    if (record === undefined) return false;
    const ev = auditEvent([record], this.sink.path);
    if (typeof ev === 'string') this.sink.unparsed(line, ev, text);
    else this.sink.emit(ev);
    return true;
  }

  end(): void {
    this.#audit?.end();
  }
}
