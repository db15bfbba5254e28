import type { EventSink } from '../sink.ts';
import { auditEvent } from './event.ts';
import type { AuditRecord } from './record.ts';

/** How far (in log time) a record may trail the newest one and still join its event. */
const WAIT_MS = 2000;
/** Events held open at once; past this the oldest is emitted as it stands. */
const MAX_OPEN = 256;

interface Group {
  records: AuditRecord[];
  ms: number;
  complete: boolean;
}

/**
 * Groups audit records into events by their `audit(time:serial)` identity. The kernel writes an event's
 * records together and ends multi-record events with EOE, but user-space records and lost EOEs mean an
 * event can only be known complete by what follows: an EOE, a record more than two seconds (log time)
 * newer, more than MAX_OPEN events open, or the end of the input. Events come out in the order they
 * started, so a record that arrives out of order still joins its event while that is open.
 */
export class AuditAssembler {
  readonly #open = new Map<string, Group>();
  #newest = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly hostName?: string,
  ) {}

  add(record: AuditRecord): void {
    let group = this.#open.get(record.id);
    if (group === undefined) {
      group = { records: [], ms: record.ms, complete: false };
      this.#open.set(record.id, group);
    }
    if (record.type === 'EOE') group.complete = true;
    else group.records.push(record);
    if (record.ms > this.#newest) this.#newest = record.ms;
    this.#drain(false);
  }

  /** Emits every event still open: call at the end of the input. */
  end(): void {
    this.#drain(true);
  }

  #drain(all: boolean): void {
    for (const [id, group] of this.#open) {
      const due = all || group.complete || this.#newest - group.ms > WAIT_MS || this.#open.size > MAX_OPEN;
      if (!due) break;
      this.#open.delete(id);
      if (group.records.length === 0) continue; // a lone EOE
      const event = auditEvent(group.records, this.sink.path, this.hostName);
      const first = group.records[0]!;
      if (typeof event === 'string') this.sink.unparsed(first.line, event, first.text);
      else this.sink.emit(event);
    }
  }
}
