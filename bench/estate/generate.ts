/**
 * Realistic ARM-shaped test estates for benchmarks and tests.
 *
 *   node --import tsx bench/estate/generate.ts --resources 100000 --out estate.json \
 *     [--format arg|arm-list|array|jsonl] [--seed 1] [--subscriptions 4] [--profile detailed|lean]
 *
 * Without --format, a `.jsonl` file gets `jsonl` and anything else `arg`.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Resource } from '../../src/inventory/resource.ts';
import { type EstateOptions, estateResources } from './estate.ts';
import { ESTATE_PROFILES, type EstateProfileName } from './plans.ts';
import { isSnapshotFormat, SNAPSHOT_FORMATS, type SnapshotFormat, writeSnapshot } from './snapshot-format.ts';

export { ESTATE_RESOURCE_TYPES, type EstateOptions, estateResources } from './estate.ts';
export { type SnapshotFormat, toResourceGraphRow, writeSnapshot } from './snapshot-format.ts';

/** The whole estate in memory; use `estateResources` to stream a large one. */
export function generateEstate(options: EstateOptions): Resource[] {
  return [...estateResources(options)];
}

const USAGE = `usage: node --import tsx bench/estate/generate.ts --resources N --out FILE [--format ${SNAPSHOT_FORMATS.join('|')}] [--seed N] [--subscriptions N] [--profile ${Object.keys(ESTATE_PROFILES).join('|')}]`;

function isProfileName(name: string): name is EstateProfileName {
  return Object.hasOwn(ESTATE_PROFILES, name);
}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`--${flag} must be a whole number, got "${text}"`);
  return Number(text);
}

export function runCli(argv: string[]): number {
  let options: EstateOptions;
  let out: string;
  let format: SnapshotFormat;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        resources: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        seed: { type: 'string' },
        subscriptions: { type: 'string' },
        profile: { type: 'string' },
      },
      strict: true,
    });
    const resources = wholeNumber('resources', values.resources);
    if (resources === undefined || values.out === undefined)
      throw new Error('--resources and --out are required');
    out = values.out;
    const requested = values.format ?? (out.endsWith('.jsonl') ? 'jsonl' : 'arg');
    if (!isSnapshotFormat(requested))
      throw new Error(`--format must be one of ${SNAPSHOT_FORMATS.join(', ')}, got "${requested}"`);
    format = requested;
    const seed = wholeNumber('seed', values.seed);
    const subscriptions = wholeNumber('subscriptions', values.subscriptions);
    const profile = values.profile;
    if (profile !== undefined && !isProfileName(profile))
      throw new Error(
        `--profile must be one of ${Object.keys(ESTATE_PROFILES).join(', ')}, got "${profile}"`,
      );
    options = {
      resources,
      ...(seed !== undefined ? { seed } : {}),
      ...(subscriptions !== undefined ? { subscriptions } : {}),
      ...(profile !== undefined ? { profile } : {}),
    };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const started = performance.now();
    const result = writeSnapshot(out, format, estateResources(options), options.resources);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `wrote ${result.resources} resources (${format}) to ${out}: ${(result.bytes / 1e6).toFixed(1)} MB, ` +
        `${Math.round(result.resourceBytes / result.resources)} bytes/resource on average, ${seconds.toFixed(2)} s`,
    );
    return 0;
  } catch (error) {
    console.error(`cannot generate ${out}: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runCli(process.argv.slice(2));
}
