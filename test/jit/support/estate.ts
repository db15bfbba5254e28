import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '../../../src/inventory/inventory.ts';
import { isJitAllowRuleName, isJitDenyRuleName } from '../../../src/jit/rule-names.ts';
import { viewRule } from '../../../src/jit/security-rule.ts';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';
import type { JsonObject } from '../../../src/util/json.ts';

/**
 * test/fixtures/jit/estate.json: vm-web-01 (10.0.1.4) behind its NIC's NSG and the subnet NSG, vm-web-02
 * (10.0.1.5) behind the same subnet NSG only, vm-db-01 with no NSG at all. The subnet NSG holds allow rules
 * at 100 and 110 and a JIT allow rule left over from Defender (priority 102, no record in any journal);
 * the snapshot's JIT policy lists vm-web-01: 22/TCP from 203.0.113.0/24 for up to PT3H, 3389/* from
 * 203.0.113.0/24 or 198.51.100.7 for up to PT1H.
 */
export const ESTATE = fileURLToPath(new URL('../../fixtures/jit/estate.json', import.meta.url));

const RG = '/subscriptions/5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13/resourceGroups/rg-prod-web';
export const SUBNET_NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-web`;
export const NIC_NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-web-01-nic`;
export const WEB_01 = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
export const LEFTOVER_DEFENDER_RULE = 'SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370';

export async function loadEstate(): Promise<Inventory> {
  const loaded = await loadSnapshots([ESTATE]);
  if (loaded.errors.length > 0) throw new Error(JSON.stringify(loaded.errors));
  return loaded.inventory;
}

/** A fresh state directory; `cleanup` removes every one made. */
const made: string[] = [];
export async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-jit-'));
  made.push(dir);
  return join(dir, 'state');
}
export async function cleanup(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export function jitAllowRules(rules: JsonObject[]): JsonObject[] {
  return rules.filter((r) => isJitAllowRuleName(viewRule(r).name));
}

export function jitDenyRules(rules: JsonObject[]): JsonObject[] {
  return rules.filter((r) => isJitDenyRuleName(viewRule(r).name));
}

export function priorities(rules: JsonObject[]): number[] {
  return rules.map((r) => viewRule(r).priority!);
}

/** The inbound priorities of an NSG: none may appear twice. */
export function duplicatePriorities(rules: JsonObject[]): number[] {
  const seen = new Set<number>();
  const dupes: number[] = [];
  for (const p of priorities(rules)) {
    if (seen.has(p)) dupes.push(p);
    seen.add(p);
  }
  return dupes;
}
