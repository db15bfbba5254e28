import type { Inventory } from '../inventory/inventory.ts';
import { normalizeType } from '../inventory/resource-id.ts';
import type { JsonObject } from '../util/json.ts';
import { applyPut, type NetworkAdapter, NsgNotFoundError, type VmLookup } from './adapter.ts';
import { securityRulesOf } from './memory-adapter.ts';
import { applyOverlay, readOverlay, recordPut, recordRemove, writeOverlay } from './overlay.ts';
import { type SecurityRule, viewRule } from './security-rule.ts';
import { lookupInventoryVm } from './topology.ts';

/**
 * NSGs as a snapshot holds them, with the changes Vigil made kept in an overlay file in Vigil's state
 * directory (see overlay.ts). The overlay is read afresh on every call, so two processes that take turns
 * under the JIT lock each see what the other wrote.
 */
export class SnapshotNetworkAdapter implements NetworkAdapter {
  constructor(
    private readonly inventory: Inventory,
    private readonly overlayFile: string,
  ) {}

  async findVm(ref: string): Promise<VmLookup> {
    return lookupInventoryVm(this.inventory, ref);
  }

  async listRules(nsgId: string): Promise<JsonObject[]> {
    return applyOverlay(nsgId, this.#snapshotRules(nsgId), await readOverlay(this.overlayFile));
  }

  async putRule(nsgId: string, rule: SecurityRule): Promise<void> {
    const overlay = await readOverlay(this.overlayFile);
    applyPut(nsgId, applyOverlay(nsgId, this.#snapshotRules(nsgId), overlay), rule);
    recordPut(overlay, this.#canonicalId(nsgId), rule);
    await writeOverlay(this.overlayFile, overlay);
  }

  async removeRule(nsgId: string, ruleName: string): Promise<boolean> {
    const overlay = await readOverlay(this.overlayFile);
    const snapshot = this.#snapshotRules(nsgId);
    const name = ruleName.toLowerCase();
    const present = applyOverlay(nsgId, snapshot, overlay).some(
      (r) => viewRule(r).name.toLowerCase() === name,
    );
    if (!present) return false;
    const inSnapshot = snapshot.some((r) => viewRule(r).name.toLowerCase() === name);
    recordRemove(overlay, this.#canonicalId(nsgId), ruleName, inSnapshot);
    await writeOverlay(this.overlayFile, overlay);
    return true;
  }

  #snapshotRules(nsgId: string): JsonObject[] {
    const nsg = this.inventory.get(nsgId);
    if (!nsg || normalizeType(nsg.type) !== normalizeType('Microsoft.Network/networkSecurityGroups'))
      throw new NsgNotFoundError(nsgId);
    return securityRulesOf(nsg);
  }

  #canonicalId(nsgId: string): string {
    return this.inventory.get(nsgId)?.id ?? nsgId;
  }
}
