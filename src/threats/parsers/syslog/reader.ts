import type { ThreatEvent } from '../../event.ts';
import { AuditAssembler } from '../auditd/assembler.ts';
import { parseAuditRecord } from '../auditd/record.ts';
import { isBlank, type LineParser } from '../line-parser.ts';
import type { EventSink } from '../sink.ts';
import { SyslogClock, type YearOptions } from './clock.ts';
import { emptyHeader, parseSyslogHeader } from './header.ts';
import { emitProgramMessage, type ProgramMessage } from './message-events.ts';
import { hasAt } from './text.ts';

/**
 * A syslog file (auth.log, secure, messages, syslog), line by line. A line whose header does not parse is
 * unparsed, with the reason; a line that parses is an event whatever the program. Audit records logged
 * through syslog (audisp's syslog plugin) are grouped into audit events like audit.log's.
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

  end(): void {
    this.#audit?.end();
  }
}
