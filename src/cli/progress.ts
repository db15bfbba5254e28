import { printable } from '../util/printable.ts';
import type { Io } from './io.ts';

export interface Progress {
  step(message: string): void;
  done(): void;
}

/**
 * A one-line progress indicator on standard error, only when it is a terminal: a person at a
 * prompt sees what a long scan is doing, while pipes and CI logs stay clean.
 */
export function progress(io: Io): Progress {
  if (!io.errStream?.isTTY) return { step() {}, done() {} };
  const started = Date.now();
  let shown = false;
  return {
    step(message) {
      // Messages name input files, and a directory scan finds names nobody typed: printed inert.
      io.err(`\r\x1b[2K${printable(message)}… (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      shown = true;
    },
    done() {
      if (shown) io.err('\r\x1b[2K');
    },
  };
}
