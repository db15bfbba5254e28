import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendDurably, syncDirectory } from './durable-file.ts';
import { type EventBody, eventProblem, type JitEvent } from './events.ts';

/**
 * The JIT journal: JSON Lines, appended one event at a time with fsync, never rewritten. Callers hold the
 * state lock (lock.ts) while they read or append, so lines never interleave.
 *
 * A crash can leave the last line cut short (no final newline). That is the only damage a crash can do to
 * an append-only file, so it is repaired on open: the partial bytes are set aside in `<journal>.torn`, the
 * file is cut back to its last whole line, and the caller records and reports it. Never silently: the
 * repair is an event of its own. Damage anywhere else is not a crash; the journal is then refused with the
 * line number and nothing is changed.
 */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'JournalCorruptError';
  }
}

export interface TornTail {
  /** The line number the partial line would have had. */
  line: number;
  bytes: number;
  savedTo: string;
}

export interface OpenedJournal {
  journal: Journal;
  events: JitEvent[];
  torn: TornTail | undefined;
}

const NEWLINE = 0x0a;

export class Journal {
  private constructor(
    readonly file: string,
    private lastHash: string,
    private nextSeq: number,
  ) {}

  static async open(file: string): Promise<OpenedJournal> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      bytes = Buffer.alloc(0);
    }
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    const events: JitEvent[] = [];
    let lastHash = '';
    let line = 0;
    for (let start = 0; start < end; ) {
      const stop = bytes.indexOf(NEWLINE, start);
      const text = bytes.subarray(start, stop).toString('utf8');
      line++;
      events.push(parseLine(file, line, text, lastHash));
      lastHash = hashLine(text);
      start = stop + 1;
    }
    let torn: TornTail | undefined;
    if (end < bytes.length) {
      torn = { line: line + 1, bytes: bytes.length - end, savedTo: `${file}.torn` };
      await appendDurably(torn.savedTo, Buffer.concat([bytes.subarray(end), Buffer.from('\n')]));
      await syncDirectory(dirname(file));
      const handle = await open(file, 'r+');
      try {
        await handle.truncate(end);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return { journal: new Journal(file, lastHash, line + 1), events, torn };
  }

  /** Writes the event and returns once it is on disk. */
  async append(body: EventBody, actor: string, at: Date): Promise<JitEvent> {
    const event = {
      v: 1,
      seq: this.nextSeq,
      at: at.toISOString(),
      actor,
      prev: this.lastHash,
      ...body,
    } as JitEvent;
    const text = JSON.stringify(event);
    const created = this.nextSeq === 1;
    await appendDurably(this.file, `${text}\n`);
    if (created) await syncDirectory(dirname(this.file));
    this.lastHash = hashLine(text);
    this.nextSeq++;
    return event;
  }

  /** The sequence number the next event will get. */
  get seq(): number {
    return this.nextSeq;
  }
}

function parseLine(file: string, line: number, text: string, prev: string): JitEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JournalCorruptError(
      file,
      line,
      'not valid JSON, and not the last line: the journal was damaged or edited',
    );
  }
  const problem = eventProblem(value);
  if (problem) throw new JournalCorruptError(file, line, problem);
  const event = value as JitEvent;
  if (event.seq !== line)
    throw new JournalCorruptError(
      file,
      line,
      `event number ${event.seq} on line ${line}: lines were removed or reordered`,
    );
  if (event.prev !== prev)
    throw new JournalCorruptError(
      file,
      line,
      'the previous line does not match its hash: the journal was edited',
    );
  return event;
}

function hashLine(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
