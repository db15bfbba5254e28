/**
 * The whole posture scan at tenant scale: a generated estate of `vms` virtual machines (with the NICs,
 * disks, NSGs, extensions, assessments… the generator gives each) written as JSON Lines, loaded with
 * `loadSnapshots` and scanned with `scan`, in a child process so that only the scan's memory counts.
 * Reported against streaming JSON.parse of the same file measured in the same run, and against a
 * peak-memory limit.
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
 * Resources the generator emits per VM (its NIC, disks, extensions, Defender assessments and a share of
 * the NSGs, networks and platform resources), measured over a 1,000,000-resource estate: 100,577 VMs.
 */
const RESOURCES_PER_VM = 9.943;
const VM_TYPE = 'microsoft.compute/virtualmachines';
const RATIO_TARGET = 4;
const PEAK_RSS_LIMIT = 2 * 2 ** 30;
const READ_CHUNK = 1 << 20;

/** What the child process reports. */
interface ScanRun {
  resources: number;
  findings: number;
  recommendations: number;
  loadErrors: number;
  loadMs: number;
  scanMs: number;
  peakRss: number;
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
    writeSnapshot(file, 'jsonl', counted(estateResources({ resources: budget, seed: 42 })), budget);
    const bytes = statSync(file).size;

    // Best of two: one pass over a file this size is long enough to meet other load on the machine.
    const baselineMs = Math.min(await streamingParse(file), await streamingParse(file));
    const run = await runChild(file);
    const totalMs = run.loadMs + run.scanMs;
    const notes: string[] = [];
    if (run.loadErrors > 0) notes.push(`${run.loadErrors} load error(s): the estate should load cleanly`);
    if (run.recommendations === 0)
      notes.push('the benchmark has no recommendations yet: scan assessed nothing');
    return {
      name: 'scan',
      detail:
        `${vmCount.toLocaleString('en-US')} VMs, ${run.resources.toLocaleString('en-US')} resources ` +
        `(${budget.toLocaleString('en-US')} in the file, the rest child views), ${mebibytes(bytes)} JSON Lines; ` +
        `${run.recommendations} recommendations, ${run.findings.toLocaleString('en-US')} findings`,
      throughput:
        `load ${seconds(run.loadMs)} (${Math.round(budget / (run.loadMs / 1000)).toLocaleString('en-US')} resources/s), ` +
        `scan ${seconds(run.scanMs)}, total ${seconds(totalMs)}; peak RSS ${mebibytes(run.peakRss)}`,
      baseline: `streaming JSON.parse of the file: ${seconds(baselineMs)}`,
      ratio: totalMs / baselineMs,
      target: RATIO_TARGET,
      limits: [{ what: 'peak RSS', value: run.peakRss, limit: PEAK_RSS_LIMIT, format: mebibytes }],
      notes,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Reads the file in chunks, splits lines and parses each: the least any JSON Lines loader must do. */
async function streamingParse(file: string): Promise<number> {
  const started = performance.now();
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    const buffer = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(0x0a); end !== -1; end = buffer.indexOf(0x0a, start)) {
      if (end > start) JSON.parse(buffer.toString('utf8', start, end));
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : undefined;
  }
  if (rest !== undefined) JSON.parse(rest.toString('utf8'));
  return performance.now() - started;
}

function runChild(file: string): Promise<ScanRun> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, file], {
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
      if (code === 0) {
        resolve(JSON.parse(stdout) as ScanRun);
        return;
      }
      const why = signal === null ? `exit code ${code}` : `signal ${signal}`;
      reject(new Error(`the scan process failed (${why}):\n${stderr.slice(-2000)}`));
    });
  });
}

/** The child: load and scan one file, print the timings and the peak memory as JSON. */
async function child(file: string): Promise<void> {
  const started = performance.now();
  const loaded = await loadSnapshots([file]);
  const loadMs = performance.now() - started;
  const scanStarted = performance.now();
  const report = scan(loaded.inventory, { now: new Date('2026-06-01T00:00:00Z') });
  const scanMs = performance.now() - scanStarted;
  const run: ScanRun = {
    resources: loaded.inventory.size,
    findings: report.findings.length,
    recommendations: report.recommendations.length,
    loadErrors: loaded.errors.length,
    loadMs,
    scanMs,
    // resourceUsage reports kilobytes.
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(JSON.stringify(run));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: node --import tsx bench/scan.ts FILE.jsonl  (run by bench/run.ts)');
    process.exitCode = 2;
  } else {
    await child(file);
  }
}
