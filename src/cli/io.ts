import { formatInputError, type InputError } from '../util/input-error.ts';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The streams behind out/err, when they are real ones: for terminal detection (colour, progress). */
  outStream?: { isTTY?: boolean };
  errStream?: { isTTY?: boolean };
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  outStream: process.stdout,
  errStream: process.stderr,
};

/** Thrown for bad command-line usage; main prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;

export function reportInputErrors(io: Io, errors: readonly InputError[]): void {
  for (const error of errors) io.err(`error: ${formatInputError(error)}\n`);
}
