import { compareText } from '../../util/compare-text.ts';
import type { ThreatEvent } from '../event.ts';
import { fileBatches, type ParseOptions } from './parse-inputs.ts';
import { type InputFile, inputFiles } from './sources.ts';
import { newParseStats, type ParseStats } from './stats.ts';

/**
 * Formats written as the events happen, so a file's lines are in time order but for small local disorder
 * (several processes writing one syslog file). Other formats are exports (Log Analytics CSV/JSON, event
 * XML, Azure Activity Log) whose order is whatever the query or tool chose, often newest first.
 */
const WRITTEN_IN_ORDER = new Set(['syslog', 'auditd', 'journald']);

/** Events per batch handed on while several files interleave. */
const BATCH = 4096;

/**
 * parseInputBatches over files (no standard input), with the events of all files merged into one stream in
 * time order, so a consumer can keep state for a bounded span of event time instead of until the end:
 * rotated logs given newest first, or auth.log and syslog of the same days, come out as if one sorted log.
 *
 * - A log written in order (syslog, audit.log, journald) is read once, streamed, and opened only when the
 *   merge reaches its first event's time (found by reading its first chunk beforehand), so only the files
 *   that overlap in time are open and buffered at once.
 * - An export is read twice: once to find its earliest event, then, when the merge reaches it, again in
 *   full and sorted (memory: that file's events, while the merge is inside its time range).
 * Files with no events are read first (their stats and errors still count). Local disorder within a file
 * (a line a few seconds older than the one before) is passed on as it is, for the consumer's reorder
 * allowance to absorb; events with the same time come in order of file path, then line.
 */
export async function* parseInputsInTimeOrder(
  paths: string[],
  options: ParseOptions = {},
): AsyncGenerator<ThreatEvent[], ParseStats> {
  const stats = options.stats ?? newParseStats();
  const files: InputFile[] = [];
  const noStdin = (): AsyncIterable<Buffer> => {
    throw new Error('standard input cannot be merged in time order');
  };
  for await (const file of inputFiles(paths, noStdin, (path, message) =>
    stats.errors.push({ path, message }),
  ))
    files.push(file);
  if (files.length === 1) {
    yield* fileBatches(files[0]!, options, stats);
    return stats;
  }

  const sources: Source[] = [];
  for (const file of files) sources.push(await survey(file, options, stats));
  // Ties by path, here and in the merge: the same files give the same stream in whatever order they are named.
  sources.sort((a, b) => compareText(a.first, b.first) || compareText(a.path, b.path));

  const active: Cursor[] = [];
  let next = 0;
  let out: ThreatEvent[] = [];
  for (;;) {
    let min: Cursor | undefined;
    for (const c of active)
      if (min === undefined || c.head < min.head || (c.head === min.head && c.path < min.path)) min = c;
    const pending = sources[next];
    if (pending !== undefined && (min === undefined || pending.first <= min.head)) {
      next++;
      const cursor = await openCursor(pending.open(), pending.path);
      if (cursor !== undefined) active.push(cursor);
      continue;
    }
    if (min === undefined) break;
    if (active.length === 1) {
      // The common case, one file at a time: pass on its batch up to where the next file begins.
      const batch = min.batch;
      let end = batch.length;
      if (pending !== undefined) {
        end = min.index;
        while (end < batch.length && batch[end]!['@timestamp'] < pending.first) end++;
      }
      if (out.length > 0) {
        yield out;
        out = [];
      }
      yield min.index === 0 && end === batch.length ? batch : batch.slice(min.index, end);
      min.index = end;
    } else {
      out.push(min.batch[min.index++]!);
      if (out.length === BATCH) {
        yield out;
        out = [];
      }
    }
    if (min.index < min.batch.length) min.head = min.batch[min.index]!['@timestamp'];
    else if (!(await refill(min))) active.splice(active.indexOf(min), 1);
  }
  if (out.length > 0) yield out;
  return stats;
}

interface Source {
  path: string;
  /** The earliest time known for the file ('' when it has no events: read first). */
  first: string;
  open: () => AsyncGenerator<ThreatEvent[]>;
}

interface Cursor {
  path: string;
  events: AsyncGenerator<ThreatEvent[]>;
  batch: ThreatEvent[];
  index: number;
  /** The time of batch[index]. */
  head: string;
}

/** Finds where a file begins in time and how to read it, counting nothing (the real read counts). */
async function survey(file: InputFile, options: ParseOptions, stats: ParseStats): Promise<Source> {
  const seen: { format?: string } = {};
  const scratch = newParseStats();
  const probe = fileBatches(file, { ...options, maxSamples: 0 }, scratch, seen);
  let first: string | undefined;
  for await (const batch of probe) {
    if (batch.length === 0) continue;
    if (seen.format !== undefined && WRITTEN_IN_ORDER.has(seen.format)) {
      first = earliest(batch);
      break; // the rest of the file is read when the merge gets there
    }
    const t = earliest(batch);
    if (first === undefined || t < first) first = t;
  }
  const streamed = seen.format === undefined || WRITTEN_IN_ORDER.has(seen.format);
  return {
    path: file.path,
    first: first ?? '',
    open: streamed ? () => fileBatches(file, options, stats) : () => sortedWhole(file, options, stats),
  };
}

async function* sortedWhole(
  file: InputFile,
  options: ParseOptions,
  stats: ParseStats,
): AsyncGenerator<ThreatEvent[]> {
  const events: ThreatEvent[] = [];
  for await (const batch of fileBatches(file, options, stats)) for (const e of batch) events.push(e);
  // ISO 8601 UTC strings of one form (parsers/time.ts) sort as text; the sort is stable.
  events.sort((a, b) => (a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0));
  if (events.length > 0) yield events;
}

function earliest(batch: readonly ThreatEvent[]): string {
  let t = batch[0]!['@timestamp'];
  for (const e of batch) if (e['@timestamp'] < t) t = e['@timestamp'];
  return t;
}

async function openCursor(events: AsyncGenerator<ThreatEvent[]>, path: string): Promise<Cursor | undefined> {
  const cursor: Cursor = { path, events, batch: [], index: 0, head: '' };
  return (await refill(cursor)) ? cursor : undefined;
}

/** Loads the cursor's next non-empty batch; false at the end of its file (whose stats are then counted). */
async function refill(cursor: Cursor): Promise<boolean> {
  for (;;) {
    const next = await cursor.events.next();
    if (next.done) return false;
    if (next.value.length === 0) continue;
    cursor.batch = next.value;
    cursor.index = 0;
    cursor.head = next.value[0]!['@timestamp'];
    return true;
  }
}
