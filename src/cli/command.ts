import type { Io } from './io.ts';

/** A CLI command: the words that select it, its help, and a run that returns the exit status. */
export interface Command {
  /** Words that select the command, e.g. ['policy', 'eval']. */
  path: string[];
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}
