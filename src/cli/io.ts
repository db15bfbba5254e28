import { batches } from '../report/json-stream.ts';
import { formatInputError, type InputError } from '../util/input-error.ts';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface Io {
  out: (text: string) => void;
  /**
   * `out` that resolves when the output can take more. Standard output to a pipe is asynchronous in
   * Node: a report of gigabytes written without waiting would sit in memory until the process ends.
   */
  write?: (text: string) => Promise<void>;
  err: (text: string) => void;
  /** The streams behind out/err, when they are real ones: for terminal detection (colour, progress). */
  outStream?: { isTTY?: boolean };
  errStream?: { isTTY?: boolean };
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  write: (text) => writeWaiting(process.stdout, text),
  err: (text) => process.stderr.write(text),
  outStream: process.stdout,
  errStream: process.stderr,
};

/** Writes, and when the stream's buffer is full waits until it drains (or the stream is gone: `| head`). */
function writeWaiting(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (stream.write(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

/** Writes a long output in batches, waiting for the stream where it can (see Io.write). */
export async function writeOut(io: Io, chunks: Iterable<string>): Promise<void> {
  for (const batch of batches(chunks)) {
    if (io.write) await io.write(batch);
    else io.out(batch);
  }
}

/** Thrown for bad command-line usage; main prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;

export function reportInputErrors(io: Io, errors: readonly InputError[]): void {
  for (const error of errors) io.err(`error: ${formatInputError(error)}\n`);
}
