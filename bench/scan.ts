/**
 * The whole posture scan at tenant scale: a generated estate of `vms` virtual machines (with the NICs,
 * disks, NSGs, extensions, assessments… the generator gives each) written as JSON Lines, loaded with
 * `loadSnapshots` and scanned with `scan`, in a child process so that only the scan's memory counts.
 * Reported against streaming JSON.parse of the same file measured in the same run, each the best of two
 * runs, and against a peak-memory limit (the higher of the two runs').
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Resource } from '../src/inventory/resource.ts';
import { scan } from '../src/posture/scan.ts';
import { loadSnapshots } from '../src/sources/snapshot/load.ts';
import { estateResources } from './estate/estate.ts';
import { writeSnapshot } from './estate/snapshot-format.ts';
import { type BenchResult, mebibytes, seconds } from './measure.ts';

/**
 * The tenant: about 5.75 resources per VM (its NIC, OS disk, half a data disk, an extension or
 * so, a share of the NSGs, networks and platform resources, Defender assessments on a tenth of the VMs).
 * The generator's `lean` profile gives that; measured over a 1,000,000-resource estate: 173,972 VMs.
 */
const PROFILE = 'lean';
const RESOURCES_PER_VM = 5.748;
const VM_TYPE = 'microsoft.compute/virtualmachines';
const RATIO_TARGET = 4;
const PEAK_RSS_LIMIT = 2 * 2 ** 30;
const READ_CHUNK = 1 << 20;

/** What the child process reports: a line after loading, another after scanning. */
interface Loaded {
  phase: 'load';
  resources: number;
  loadErrors: number;
  loadMs: number;
  peakRss: number;
}

/** What the child reports when asked for the floor: parsing the file and keeping every object, nothing more. */
interface Floor {
  phase: 'floor';
  floorMs: number;
}

interface Scanned {
  phase: 'scan';
  findings: number;
  recommendations: number;
  scanMs: number;
  peakRss: number;
}

interface ScanRun {
  loaded: Loaded | undefined;
  scanned: Scanned | undefined;
  /** Why the child stopped early (it ran out of memory, for one). */
  failure: string | undefined;
}

export async function benchScan(vms: number): Promise<BenchResult> {
  const directory = mkdtempSync(join(tmpdir(), 'vigil-bench-scan-'));
  try {
    const file = join(directory, 'estate.jsonl');
    const budget = Math.max(1000, Math.round(vms * RESOURCES_PER_VM));
    let vmCount = 0;
    const counted = function* (resources: Iterable<Resource>): Generator<Resource> {
      for (const resource of resources) {
        if (resource.type.toLowerCase() === VM_TYPE) vmCount++;
        yield resource;
      }
    };
    writeSnapshot(
      file,
      'jsonl',
      counted(estateResources({ resources: budget, seed: 42, profile: PROFILE })),
      budget,
    );
    const bytes = statSync(file).size;

    // Best of two, on both sides: one pass over a file this size is long enough to meet other load on the
    // machine, and the baseline alone taking its best made the ratio swing with that load. Peak RSS is the
    // higher of the two runs'.
    const baselineMs = Math.min(await streamingParse(file), await streamingParse(file));
    const floorMs = Math.min(await floorChild(file), await floorChild(file));
    const runs = [await runChild(file), await runChild(file)];
    const totalOf = (run: ScanRun) =>
      run.failure === undefined
        ? (run.loaded?.loadMs ?? 0) + (run.scanned?.scanMs ?? 0)
        : Number.POSITIVE_INFINITY;
    const best = totalOf(runs[1]!) < totalOf(runs[0]!) ? runs[1]! : runs[0]!;
    const { loaded, scanned } = best;
    const otherTotal = totalOf(runs.find((run) => run !== best)!);
    const failure = runs.find((run) => run.failure !== undefined)?.failure;
    const totalMs = (loaded?.loadMs ?? 0) + (scanned?.scanMs ?? 0);
    const peakRss = Math.max(...runs.map((run) => run.scanned?.peakRss ?? run.loaded?.peakRss ?? 0));
    const notes: string[] = [];
    if (failure !== undefined) notes.push(`the scan did not finish: ${failure}`);
    if ((loaded?.loadErrors ?? 0) > 0)
      notes.push(`${loaded?.loadErrors} load error(s): the estate should load cleanly`);
    const floor = floorMs / baselineMs;
    notes.push(
      `floor: parsing and keeping every object (no interning, no index, no scan) ${seconds(floorMs)}, ` +
        `${floor.toFixed(2)}× the parse, which leaves ${(RATIO_TARGET - floor).toFixed(2)}× of the ratio target ` +
        `for interning, the index and the whole scan; they take ${((totalMs - floorMs) / baselineMs).toFixed(2)}×`,
    );
    if (scanned?.recommendations === 0)
      notes.push('the benchmark has no recommendations yet: scan assessed nothing');
    const count = (n: number | undefined) => (n === undefined ? '?' : n.toLocaleString('en-US'));
    return {
      name: 'scan',
      detail:
        `${count(vmCount)} VMs, ${count(loaded?.resources)} resources ` +
        `(${count(budget)} in the file, the rest child views), ${mebibytes(bytes)} JSON Lines; ` +
        `${count(scanned?.recommendations)} recommendations, ${count(scanned?.findings)} findings`,
      throughput:
        (loaded === undefined
          ? 'load did not finish'
          : `load ${seconds(loaded.loadMs)} (${count(Math.round(budget / (loaded.loadMs / 1000)))} resources/s, ` +
            `peak RSS ${mebibytes(loaded.peakRss)})`) +
        (scanned === undefined ? '' : `, scan ${seconds(scanned.scanMs)}, total ${seconds(totalMs)}`) +
        `; best of 2 runs (the other: ${Number.isFinite(otherTotal) ? seconds(otherTotal) : 'did not finish'})`,
      baseline: `streaming JSON.parse of the file: ${seconds(baselineMs)}`,
      ratio: failure === undefined ? totalMs / baselineMs : Number.POSITIVE_INFINITY,
      target: RATIO_TARGET,
      // A scan that died (out of memory, for one) took more than it could be measured at.
      limits: [
        {
          what: 'peak RSS',
          value: failure === undefined ? peakRss : Number.POSITIVE_INFINITY,
          limit: PEAK_RSS_LIMIT,
          format: (value) =>
            Number.isFinite(value)
              ? mebibytes(value)
              : `unknown: over ${mebibytes(peakRss)} when the scan died`,
        },
      ],
      notes,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Reads the file in chunks, splits lines and parses each: the least any JSON Lines loader must do. `keep`
 * is handed each parsed value, for the floor (a loader must also keep what it parsed).
 */
async function streamingParse(file: string, keep?: (value: unknown) => void): Promise<number> {
  const started = performance.now();
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    const buffer = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(0x0a); end !== -1; end = buffer.indexOf(0x0a, start)) {
      if (end > start) {
        const value = JSON.parse(buffer.toString('utf8', start, end));
        keep?.(value);
      }
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : undefined;
  }
  if (rest !== undefined) keep?.(JSON.parse(rest.toString('utf8')));
  return performance.now() - started;
}

/** The floor, timed in a child of its own so that the objects it keeps weigh on nothing else. */
async function floorChild(file: string): Promise<number> {
  const { stdout, failure } = await spawnSelf([file, 'floor']);
  if (failure !== undefined) throw new Error(`the floor run failed: ${failure}`);
  return (JSON.parse(stdout) as Floor).floorMs;
}

async function runChild(file: string): Promise<ScanRun> {
  const { stdout, failure } = await spawnSelf([file]);
  const run: ScanRun = { loaded: undefined, scanned: undefined, failure };
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const report = JSON.parse(line) as Loaded | Scanned;
    if (report.phase === 'load') run.loaded = report;
    else run.scanned = report;
  }
  return run;
}

/** Runs this file as a child with `args`; `failure` says why it stopped early, if it did. */
function spawnSelf(args: string[]): Promise<{ stdout: string; failure: string | undefined }> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let failure: string | undefined;
      if (code !== 0) {
        const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const outOfMemory = /heap out of memory/i.test(stderr) ? 'JavaScript heap out of memory, ' : '';
        failure = `${outOfMemory}${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      }
      resolve({ stdout, failure });
    });
  });
}

/** The child: load and scan one file, print the timings and the peak memory as JSON. */
async function child(file: string): Promise<void> {
  // resourceUsage reports kilobytes.
  const peakRss = () => process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  const { inventory, errors } = await loadSnapshots([file]);
  const loaded: Loaded = {
    phase: 'load',
    resources: inventory.size,
    loadErrors: errors.length,
    loadMs: performance.now() - started,
    peakRss: peakRss(),
  };
  process.stdout.write(`${JSON.stringify(loaded)}\n`);
  const scanStarted = performance.now();
  const report = scan(inventory, { now: new Date('2026-06-01T00:00:00Z') });
  const scanned: Scanned = {
    phase: 'scan',
    findings: report.findings.length,
    recommendations: report.recommendations.length,
    scanMs: performance.now() - scanStarted,
    peakRss: peakRss(),
  };
  process.stdout.write(`${JSON.stringify(scanned)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, mode] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: node --import tsx bench/scan.ts FILE.jsonl [floor]  (run by bench/run.ts)');
    process.exitCode = 2;
  } else if (mode === 'floor') {
    const kept: unknown[] = [];
    const floor: Floor = { phase: 'floor', floorMs: await streamingParse(file, (value) => kept.push(value)) };
    process.stdout.write(`${JSON.stringify(floor)}\n`);
  } else {
    await child(file);
  }
}
