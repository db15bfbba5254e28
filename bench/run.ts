/**
 * `npm run bench`: each engine's throughput, as a ratio against a baseline measured in the same
 * run so the numbers compare across machines. `--resources N` scales the policy bench's estate,
 * `--vms N` the scan bench's (about 5.75 resources per VM). `--only policy,detect` runs some of them.
 */
import { parseArgs } from 'node:util';
import { benchDetect } from './detect.ts';
import type { BenchResult } from './measure.ts';
import { benchNetwork } from './network.ts';
import { benchPolicy } from './policy.ts';
import { benchScan } from './scan.ts';
import { benchTemplate } from './template.ts';

const { values } = parseArgs({
  options: {
    resources: { type: 'string' },
    vms: { type: 'string' },
    nsgs: { type: 'string' },
    only: { type: 'string' },
  },
});
const BENCHES = ['policy', 'scan', 'network', 'template', 'detect'];
const only = new Set(values.only === undefined ? BENCHES : values.only.split(',').map((b) => b.trim()));
for (const name of only) {
  if (!BENCHES.includes(name)) {
    console.error(`--only: no bench named "${name}" (there are ${BENCHES.join(', ')})`);
    process.exit(2);
  }
}
const resources = wholeNumber('resources', values.resources ?? '100000');
const vms = wholeNumber('vms', values.vms ?? '100000');
const nsgs = wholeNumber('nsgs', values.nsgs ?? '10000');

function wholeNumber(flag: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text)) {
    console.error(`--${flag} must be a whole number, got "${text}"`);
    process.exit(2);
  }
  return Number(text);
}

const results: BenchResult[] = [];
// First: detect's peak memory is read from the process's own, which the policy bench's estates raise to
// gigabytes (the scan bench runs in a child process).
if (only.has('detect')) results.push(await benchDetect());
if (only.has('policy')) results.push(await benchPolicy(resources));
if (only.has('scan')) results.push(await benchScan(vms));
if (only.has('network')) results.push(...(await benchNetwork(nsgs)));
if (only.has('template')) results.push(benchTemplate());
let failed = false;
for (const r of results) {
  console.log(`${r.name}: ${r.detail}`);
  console.log(`  ${r.throughput}`);
  console.log(`  ${r.baseline}`);
  failed = report(`ratio ${r.ratio.toFixed(2)}`, r.ratio <= r.target, `target ≤ ${r.target}`) || failed;
  for (const l of r.limits ?? []) {
    failed =
      report(`${l.what} ${l.format(l.value)}`, l.value <= l.limit, `limit ${l.format(l.limit)}`) || failed;
  }
  for (const note of r.notes) console.log(`  note: ${note}`);
}
process.exitCode = failed ? 1 : 0;

/** Prints one verdict; true when it is over. */
function report(measured: string, ok: boolean, bound: string): boolean {
  console.log(`  ${measured} (${bound}): ${ok ? 'ok' : 'OVER TARGET'}`);
  return !ok;
}
