import type { Inventory } from '../../inventory/inventory.ts';
import { describeOrigin, type Resource } from '../../inventory/resource.ts';
import { withJitState } from '../../jit/current-estate.ts';
import { JitInputError } from '../../jit/errors.ts';
import { NetworkEngine } from '../../network/engine.ts';
import { loadSnapshots } from '../../sources/snapshot/load.ts';
import { formatInputError } from '../../util/input-error.ts';
import { type Io, reportInputErrors } from '../io.ts';

/**
 * Loads the `--inventory` snapshots the `net` commands read, with the JIT state of `--jit-state` applied
 * (after a reconcile, as every JIT command does); load errors are printed, and end the command.
 */
export async function loadNetwork(
  paths: string[],
  io: Io,
  jitState?: string,
): Promise<NetworkEngine | undefined> {
  const snapshot = await loadSnapshots(paths);
  reportInputErrors(io, snapshot.errors);
  for (const w of snapshot.warnings) io.err(`warning: ${formatInputError(w)}\n`);
  if (snapshot.errors.length > 0) return undefined;
  if (jitState === undefined) return new NetworkEngine(snapshot.inventory);
  try {
    const current = await withJitState(snapshot.inventory, jitState);
    for (const n of current.notices) io.err(`${n.level}: ${n.message}\n`);
    return new NetworkEngine(current.inventory);
  } catch (e) {
    if (!(e instanceof JitInputError)) throw e;
    for (const p of e.problems) io.err(`error: ${p}\n`);
    return undefined;
  }
}

/**
 * Rule fields the engine could not read in these NSGs, each located by file, line and JSON pointer
 * (the NSG's place in the snapshot plus the field inside it).
 */
export function reportRuleProblems(io: Io, engine: NetworkEngine, nsgs: Iterable<Resource>): void {
  const seen = new Set<string>();
  for (const nsg of nsgs) {
    if (seen.has(nsg.id.toLowerCase())) continue;
    seen.add(nsg.id.toLowerCase());
    for (const problem of engine.rulesOf(nsg).problems)
      io.err(
        `warning: ${where(engine.inventory, nsg, problem.field)}: NSG ${nsg.name}: ${problem.message}\n`,
      );
  }
}

function where(inventory: Inventory, nsg: Resource, field: string): string {
  const origin = inventory.origin(nsg);
  const pointer = field.startsWith('(')
    ? ''
    : `/${field
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .join('/')}`;
  if (origin === undefined) return `${nsg.id}${pointer}`;
  return describeOrigin({ ...origin, pointer: `${origin.pointer ?? ''}${pointer}` });
}
