/**
 * `node --import tsx bench/parse.ts [file] [--lines N]`: auth.log lines per second through Vigil's
 * parsers (parseInputBatches: detection, line splitting, syslog header, program parsers, events), against
 * plain line splitting of the same file in the same run. The default input is loghub's OpenSSH_2k.log
 * (../shared/corpora/logs) repeated to about a million lines. Both are timed in process CPU time, best of
 * five, so other load on a shared machine disturbs the numbers less than wall time would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseInputBatches } from '../src/threats/input/parse-inputs.ts';
import { cpuMs, splitLines } from './line-split.ts';

const SAMPLE = fileURLToPath(
  new URL('../../shared/corpora/logs/loghub-openssh/OpenSSH_2k.log', import.meta.url),
);
const RUNS = 5;

const { values, positionals } = parseArgs({ options: { lines: { type: 'string' } }, allowPositionals: true });
const wanted = Number(values.lines ?? '1000000');
if (!Number.isSafeInteger(wanted) || wanted < 1) {
  console.error(`--lines must be a whole number, got "${values.lines}"`);
  process.exit(2);
}

let file = positionals[0];
let scratch: string | undefined;
if (file === undefined) {
  if (!existsSync(SAMPLE)) {
    console.error(`no input: give a file, or put ../shared beside the repo (${SAMPLE})`);
    process.exit(2);
  }
  let text = readFileSync(SAMPLE, 'utf8');
  if (!text.endsWith('\n')) text += '\n';
  const copies = Math.max(1, Math.round(wanted / text.split('\n').length));
  scratch = mkdtempSync(join(tmpdir(), 'vigil-bench-parse-'));
  file = join(scratch, 'auth.log');
  writeFileSync(file, text.repeat(copies));
}

async function parse(path: string): Promise<{ lines: number; events: number; unparsed: number }> {
  const batches = parseInputBatches([path], { year: 2015 });
  for (let next = await batches.next(); ; next = await batches.next()) {
    if (next.done) return next.value;
  }
}

let splitBest = Number.POSITIVE_INFINITY;
let parseBest = Number.POSITIVE_INFINITY;
let parseWall = Number.POSITIVE_INFINITY;
let lines = 0;
let result = { lines: 0, events: 0, unparsed: 0 };
for (let run = 0; run < RUNS; run++) {
  let started = cpuMs();
  lines = await splitLines(file);
  splitBest = Math.min(splitBest, cpuMs() - started);
  started = cpuMs();
  const wall = performance.now();
  result = await parse(file);
  parseBest = Math.min(parseBest, cpuMs() - started);
  parseWall = Math.min(parseWall, performance.now() - wall);
}
if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });

const rate = (ms: number): string =>
  `${((lines / ms) * 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} lines/s`;
console.log(
  `parse: ${lines.toLocaleString('en-US')} lines → ${result.events} events, ${result.unparsed} unparsed`,
);
console.log(`  parsers      ${rate(parseBest)} (CPU; wall ${rate(parseWall)})`);
console.log(`  line split   ${rate(splitBest)} (CPU)`);
console.log(`  parse speed / split speed ${(splitBest / parseBest).toFixed(2)}`);
