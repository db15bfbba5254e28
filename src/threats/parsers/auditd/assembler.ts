import type { EventSink } from '../sink.ts';
import { auditEvent } from './event.ts';
import type { AuditRecord } from './record.ts';

/** How far (in log time) a record may trail the newest one and still join its event. */
const WAIT_MS = 2000;
/** Events held open at once; past this the oldest is emitted as it stands. */
const MAX_OPEN = 256;

interface Group {
  records: AuditRecord[];
  node: string | undefined;
  ms: number;
  complete: boolean;
}

/**
 * Groups audit records into events by their `audit(time:serial)` identity. The kernel writes an event's
 * records together and ends multi-record events with EOE, but user-space records and lost EOEs mean an
 * event can only be known complete by what follows: an EOE, a record more than two seconds (log time)
 * newer, more than MAX_OPEN events open, or the end of the input. Events come out in the order they
 * started, so a record that arrives out of order still joins its event while that is open.
 *
 * Records of several hosts (`node=` from remote logging, or a central syslog file) are told apart by host:
 * serials are each host's own, and "newer" is measured on the host's own clock, so a host whose clock
 * runs behind another's does not have its events cut into single records.
 */
export class AuditAssembler {
  readonly #open = new Map<string, Group>();
  /** The newest record time per host (undefined: records naming none). */
  readonly #newest = new Map<string | undefined, number>();

  constructor(private readonly sink: EventSink) {}

  add(record: AuditRecord): void {
    const node = record.node;
    const key = node === undefined ? record.id : `${record.id} ${node}`;
    let group = this.#open.get(key);
    if (group === undefined) {
      group = { records: [], node, ms: record.ms, complete: false };
      this.#open.set(key, group);
    }
    if (record.type === 'EOE') group.complete = true;
    else group.records.push(record);
    if (record.ms > (this.#newest.get(node) ?? 0)) this.#newest.set(node, record.ms);
    this.#drain(false);
  }

  /** Emits every event still open: call at the end of the input. */
  end(): void {
    this.#drain(true);
  }

  #drain(all: boolean): void {
    for (const [id, group] of this.#open) {
      const due =
        all ||
        group.complete ||
        this.#newest.get(group.node)! - group.ms > WAIT_MS ||
        this.#open.size > MAX_OPEN;
      if (!due) break;
      this.#open.delete(id);
      if (group.records.length === 0) continue; // a lone EOE
      const event = auditEvent(group.records, this.sink.path);
      const first = group.records[0]!;
      if (typeof event === 'string') this.sink.unparsed(first.line, event, first.text);
      else this.sink.emit(event);
    }
  }
}
