import { join } from 'node:path';
import { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { normalizeType } from '../inventory/resource-id.ts';
import { getProperty, isJsonObject, type JsonObject } from '../util/json.ts';
import { asJitPolicies } from './arm-view.ts';
import type { Clock } from './clock.ts';
import { JitEngine } from './engine.ts';
import { JitInputError } from './errors.ts';
import { JournalCorruptError } from './journal.ts';
import { LockTimeoutError } from './lock.ts';
import { securityRulesOf } from './memory-adapter.ts';
import { applyOverlay, type Overlay, OverlayError, readOverlay } from './overlay.ts';
import { JIT_POLICY_TYPE } from './policy.ts';
import { reconcileLines } from './render.ts';
import type { Notice } from './session.ts';
import { hasJournal, STATE_FILES } from './session.ts';
import { SnapshotNetworkAdapter } from './snapshot-adapter.ts';

/**
 * The estate as it stands once Vigil's JIT changes are in: a snapshot never holds them (they live in the
 * state directory's overlay and journal), so `net` and `scan` read them through this. Like every JIT
 * command it reconciles first — an expired grant is closed before anyone is told the port is open.
 * NSGs get their rules with the overlay applied; the JIT policies Vigil enabled join the snapshot's,
 * a VM listed in both taking Vigil's entry (Defender's policy is per resource group and location, and
 * can list VMs Vigil never touched).
 */
export async function withJitState(
  inventory: Inventory,
  stateDir: string,
  clock?: Clock,
): Promise<{ inventory: Inventory; notices: Notice[] }> {
  if (!(await hasJournal(stateDir)))
    throw new JitInputError([
      `${stateDir} holds no JIT journal: nothing was enabled there (vigil jit enable --state ${stateDir})`,
    ]);
  const overlayFile = join(stateDir, STATE_FILES.overlay);
  const engine = new JitEngine({
    stateDir,
    adapter: new SnapshotNetworkAdapter(inventory, overlayFile),
    ...(clock && { clock }),
  });
  let listed: Awaited<ReturnType<JitEngine['list']>>;
  let overlay: Overlay;
  try {
    listed = await engine.list();
    overlay = await readOverlay(overlayFile);
  } catch (e) {
    if (e instanceof JournalCorruptError || e instanceof LockTimeoutError || e instanceof OverlayError)
      throw new JitInputError([e.message]);
    throw e;
  }
  const { result } = listed;
  const notices: Notice[] = [
    ...listed.notices,
    ...reconcileLines(listed.reconcile).map((line) => ({
      level: 'info' as const,
      message: `reconcile: ${line}`,
    })),
  ];
  const nsgs = new Map(overlay.networkSecurityGroups.map((n) => [n.id.toLowerCase(), n.id]));
  const policies = new Map(
    asJitPolicies(result.enabled, result.grants).map((p) => [String(p.id).toLowerCase(), p]),
  );
  const current = new Inventory();
  for (const resource of inventory) {
    const origin = inventory.origin(resource);
    if (origin?.synthesizedFrom !== undefined) continue; // the new inventory makes its own child views
    const key = resource.id.toLowerCase();
    let replaced: Resource = resource;
    if (nsgs.has(key))
      replaced = withRules(resource, applyOverlay(resource.id, securityRulesOf(resource), overlay));
    const policy = policies.get(key);
    if (policy && normalizeType(resource.type) === normalizeType(JIT_POLICY_TYPE)) {
      replaced = mergedPolicy(resource, policy);
      policies.delete(key);
    }
    current.add(replaced, origin);
  }
  for (const policy of policies.values()) current.add(policy as unknown as Resource);
  return { inventory: current, notices };
}

function withRules(nsg: Resource, rules: JsonObject[]): Resource {
  const properties = isJsonObject(nsg.properties) ? nsg.properties : {};
  return { ...nsg, properties: { ...properties, securityRules: rules } };
}

function mergedPolicy(snapshot: Resource, vigil: JsonObject): Resource {
  const vms = (policy: JsonObject | Resource, field: string): JsonObject[] => {
    const properties = getProperty(policy as JsonObject, 'properties');
    const list = isJsonObject(properties) ? getProperty(properties, field) : undefined;
    return Array.isArray(list) ? list.filter(isJsonObject) : [];
  };
  const ours = vms(vigil, 'virtualMachines');
  const ourIds = new Set(ours.map((vm) => String(vm.id).toLowerCase()));
  const properties = isJsonObject(snapshot.properties) ? snapshot.properties : {};
  return {
    ...snapshot,
    properties: {
      ...properties,
      virtualMachines: [
        ...vms(snapshot, 'virtualMachines').filter((vm) => !ourIds.has(String(vm.id).toLowerCase())),
        ...ours,
      ],
      requests: [...vms(snapshot, 'requests'), ...vms(vigil, 'requests')],
    },
  };
}
