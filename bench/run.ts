/**
 * `npm run bench`: each engine's throughput, as a ratio against a baseline measured in the same
 * run so the numbers compare across machines. `--resources N` scales the generated estate.
 */
import { parseArgs } from 'node:util';
import type { BenchResult } from './measure.ts';
import { benchPolicy } from './policy.ts';

const { values } = parseArgs({ options: { resources: { type: 'string' } } });
const resources = Number(values.resources ?? 100_000);

const results: BenchResult[] = [await benchPolicy(resources)];
let failed = false;
for (const r of results) {
  const verdict = r.ratio <= r.target ? 'ok' : 'OVER TARGET';
  if (r.ratio > r.target) failed = true;
  console.log(`${r.name}: ${r.detail}`);
  console.log(`  ${r.throughput}`);
  console.log(`  ${r.baseline}`);
  console.log(`  ratio ${r.ratio.toFixed(2)} (target ≤ ${r.target}): ${verdict}`);
  for (const note of r.notes) console.log(`  note: ${note}`);
}
process.exitCode = failed ? 1 : 0;
