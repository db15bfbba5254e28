import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Inventory } from '../inventory/inventory.ts';
import { loadSnapshots } from '../sources/snapshot/load.ts';
import { formatInputError } from '../util/input-error.ts';
import type { Clock } from './clock.ts';
import { ensureStateDirectory, writeAtomically } from './durable-file.ts';
import { JitEngine } from './engine.ts';
import { JitInputError } from './errors.ts';
import type { LockOptions } from './lock.ts';
import { hasJournal, STATE_FILES } from './session.ts';
import { SnapshotNetworkAdapter } from './snapshot-adapter.ts';

/**
 * A JIT state directory over a snapshot: the snapshot files it was enabled with are recorded in
 * `workspace.json`, so later commands (`revoke`, `list`, `reconcile`) work without `--inventory`.
 */
export interface Workspace {
  /** Undefined when no snapshot was given or recorded: nothing was ever enabled here. */
  engine: JitEngine | undefined;
  inventory: Inventory | undefined;
  inventoryPaths: string[];
  warnings: string[];
  /** Records the given snapshot in `workspace.json` (done at open unless `deferRecord`); once. */
  record: () => Promise<void>;
}

export interface WorkspaceOptions {
  stateDir: string;
  /** Snapshot files or directories; when empty, the recorded ones. */
  inventory: string[];
  clock?: Clock;
  lock?: LockOptions;
  /** Record the given snapshot only when the caller calls `record` (after it succeeded): a refused `enable` leaves the state as it was. */
  deferRecord?: boolean;
}

export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const file = join(options.stateDir, STATE_FILES.workspace);
  const recorded = await readRecorded(file);
  const given = options.inventory.map((p) => (p === '-' ? p : resolve(p)));
  const paths = given.length > 0 ? given : (recorded ?? []);
  if (paths.length === 0) {
    if (await hasJournal(options.stateDir))
      throw new JitInputError([
        `${options.stateDir} holds a JIT journal but no recorded snapshot; give the snapshot with --inventory`,
      ]);
    return {
      engine: undefined,
      inventory: undefined,
      inventoryPaths: [],
      warnings: [],
      record: async () => {},
    };
  }
  const loaded = await loadSnapshots(paths);
  if (loaded.errors.length > 0) throw new JitInputError(loaded.errors.map((e) => formatInputError(e)));
  let unrecorded =
    given.length > 0 && !given.includes('-') && JSON.stringify(given) !== JSON.stringify(recorded);
  const record = async (): Promise<void> => {
    if (!unrecorded) return;
    unrecorded = false;
    await ensureStateDirectory(options.stateDir);
    await writeAtomically(file, `${JSON.stringify({ adapter: 'snapshot', inventory: given }, null, 2)}\n`);
  };
  if (!options.deferRecord) await record();
  const adapter = new SnapshotNetworkAdapter(loaded.inventory, join(options.stateDir, STATE_FILES.overlay));
  return {
    engine: new JitEngine({
      stateDir: options.stateDir,
      adapter,
      ...(options.clock && { clock: options.clock }),
      ...(options.lock && { lock: options.lock }),
    }),
    inventory: loaded.inventory,
    inventoryPaths: paths,
    warnings: loaded.warnings.map((w) => formatInputError(w)),
    record,
  };
}

async function readRecorded(file: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const value = JSON.parse(text) as { inventory?: unknown };
    if (Array.isArray(value.inventory) && value.inventory.every((p) => typeof p === 'string'))
      return value.inventory as string[];
  } catch {
    // reported below
  }
  throw new JitInputError([`${file}: not a Vigil JIT workspace file (expected {"inventory": [paths]})`]);
}
