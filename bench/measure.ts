export interface BenchResult {
  name: string;
  detail: string;
  throughput: string;
  baseline: string;
  /** Our time over the baseline's, both measured in this run. */
  ratio: number;
  /** The ratio we aim to stay under. */
  target: number;
  /** Absolute limits beside the ratio (peak memory, for one). */
  limits?: Limit[];
  notes: string[];
}

export interface Limit {
  what: string;
  value: number;
  /** The most `value` may be. */
  limit: number;
  /** How to print a value of this kind. */
  format: (value: number) => string;
}

/** The fastest of `runs` timings, in milliseconds: the least disturbed by other load on the machine. */
export function bestOf(runs: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
