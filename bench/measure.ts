export interface BenchResult {
  name: string;
  detail: string;
  throughput: string;
  baseline: string;
  /** Our time over the baseline's, both measured in this run. */
  ratio: number;
  /** The ratio we aim to stay under. */
  target: number;
  notes: string[];
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
