import { isBlank, type LineParser } from '../line-parser.ts';
import type { EventSink } from '../sink.ts';
import { AuditAssembler } from './assembler.ts';
import { parseAuditRecord } from './record.ts';

/** audit.log (or `ausearch` output), line by line: records grouped into one event per serial. */
export class AuditdReader implements LineParser {
  readonly #assembler: AuditAssembler;

  constructor(private readonly sink: EventSink) {
    this.#assembler = new AuditAssembler(sink);
  }

  line(text: string, line: number): void {
    // ausearch separates events with `----` and may print `time->…` before each.
    if (isBlank(text) || text === '----' || text.startsWith('time->')) return;
    const record = parseAuditRecord(text, line);
    if (typeof record === 'string') this.sink.unparsed(line, record, text);
    else this.#assembler.add(record);
  }

  end(): void {
    this.#assembler.end();
  }
}
