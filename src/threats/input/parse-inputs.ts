import { describeFsError } from '../../sources/snapshot/input.ts';
import type { ThreatEvent } from '../event.ts';
import type { EventSink } from '../parsers/sink.ts';
import { detectLayout, type Layout } from './detect.ts';
import { createReader, type FormatReader } from './readers.ts';
import { decodedBytes, type InputFile, inputFiles, UnreadableInput } from './sources.ts';
import {
  addFile,
  type FormatStats,
  keepSample,
  newParseStats,
  type ParseStats,
  SAMPLE_TEXT,
} from './stats.ts';

export interface ParseOptions {
  /** The year of the first line of each RFC 3164 syslog file (whose timestamps have none). */
  year?: number;
  /**
   * No syslog line is later than this; without `year`, it sets the first line's year (the latest that
   * is not after it). Default: each file's modification time, now for standard input.
   */
  referenceDate?: Date;
  /** What `-` reads; process.stdin by default. */
  stdin?: AsyncIterable<Buffer>;
  /** Filled as reading goes (the generators also return it at the end). */
  stats?: ParseStats;
  /** How many unparsed lines to keep as samples (default 20). */
  maxSamples?: number;
  /** The longest line or record read (default 16 MiB); longer ones are reported unparsed and skipped. */
  maxLineBytes?: number;
}

/** Bytes read before a file's layout is decided. */
const HEAD_BYTES = 1 << 16;

/**
 * Reads log files, directories (recursively), `.gz` files (recognised by content) and standard input
 * (`-`), each streamed and read in the format detected for it, and yields their events in batches (one
 * per chunk read, in file order). Returns the stats: every line is an event, blank, or unparsed with a
 * reason; inputs that cannot be read at all are in `stats.errors`.
 */
export async function* parseInputBatches(
  paths: string[],
  options: ParseOptions = {},
): AsyncGenerator<ThreatEvent[], ParseStats> {
  const stats = options.stats ?? newParseStats();
  const stdin = (): AsyncIterable<Buffer> => options.stdin ?? process.stdin;
  const failed = (path: string, message: string): void => {
    stats.errors.push({ path, message });
  };
  for await (const file of inputFiles(paths, stdin, failed)) yield* fileBatches(file, options, stats);
  return stats;
}

/**
 * One input's events in batches (one per chunk read), counted into `stats` when the input ends. `seen`, when
 * given, is kept up to date with the format detected so far (for callers that stop early).
 */
export async function* fileBatches(
  file: InputFile,
  options: ParseOptions,
  stats: ParseStats,
  seen?: { format?: string },
): AsyncGenerator<ThreatEvent[]> {
  const maxSamples = options.maxSamples ?? 20;
  const maxLineBytes = options.maxLineBytes ?? 16 << 20;
  const failed = (message: string): void => {
    stats.errors.push({ path: file.path, message });
  };
  let batch: ThreatEvent[] = [];
  const counts: FormatStats = { files: 1, lines: 0, events: 0, unparsed: 0 };
  const sink: EventSink = {
    path: file.path,
    emit(event) {
      batch.push(event);
      counts.events++;
    },
    unparsed(line, reason, text) {
      counts.unparsed++;
      stats.unparsedReasons[reason] = (stats.unparsedReasons[reason] ?? 0) + 1;
      keepSample(stats, { file: file.path, line, reason, text: text.slice(0, SAMPLE_TEXT) }, maxSamples);
    },
  };
  const years = { year: options.year, reference: options.referenceDate ?? file.mtime };
  let layout: Layout | undefined;
  let reader: FormatReader | undefined;
  const head: Buffer[] = [];
  let headBytes = 0;
  let lastByte = 0x0a;
  const start = (): void => {
    const bytes = Buffer.concat(head);
    layout = detectLayout(bytes.toString('utf8', 0, Math.min(bytes.length, HEAD_BYTES)));
    if (layout === 'binary') {
      failed('binary data, not a text log: not read');
      counts.lines = 0;
      return;
    }
    reader = createReader(layout, sink, { years, maxLineBytes });
    reader.push(bytes);
  };
  try {
    for await (const chunk of decodedBytes(file.chunks())) {
      if (chunk.length === 0) continue;
      counts.lines += countNewlines(chunk);
      lastByte = chunk[chunk.length - 1]!;
      if (layout === undefined) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < HEAD_BYTES) continue;
        start();
      } else if (reader !== undefined) {
        reader.push(chunk);
      } else {
        break; // binary: stop reading
      }
      if (batch.length > 0) {
        if (seen && reader) seen.format = reader.format;
        yield batch;
        batch = [];
      }
    }
    if (layout === undefined) start();
  } catch (error) {
    failed(describeReadError(error));
  }
  // What was read before a failure (a truncated .gz) is still parsed and counted.
  reader?.end();
  if (lastByte !== 0x0a && layout !== 'binary') counts.lines++;
  const format = layout === undefined ? 'unreadable' : (reader?.format ?? layout);
  if (seen) seen.format = format;
  if (batch.length > 0) yield batch;
  addFile(stats, format, counts);
}

/** parseInputBatches one event at a time. */
export async function* parseInputs(
  paths: string[],
  options: ParseOptions = {},
): AsyncGenerator<ThreatEvent, ParseStats> {
  const stats = options.stats ?? newParseStats();
  const batches = parseInputBatches(paths, { ...options, stats });
  try {
    for (;;) {
      const next = await batches.next();
      if (next.done) return next.value;
      for (const event of next.value) yield event;
    }
  } finally {
    // A consumer that stops early closes the file being read.
    await batches.return(stats);
  }
}

function countNewlines(chunk: Buffer): number {
  let count = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) count++;
  return count;
}

function describeReadError(error: unknown): string {
  if (error instanceof UnreadableInput) return error.message;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === 'string') {
    if (e.code.startsWith('Z_'))
      return `corrupt or truncated compressed data (${e.message}); what came before was read`;
    return describeFsError(e);
  }
  throw error;
}
