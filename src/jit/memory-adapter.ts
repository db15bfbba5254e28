import type { Inventory } from '../inventory/inventory.ts';
import { getProperty, isJsonObject, type JsonObject } from '../util/json.ts';
import {
  applyPut,
  type NetworkAdapter,
  NsgNotFoundError,
  pickVm,
  type VmLookup,
  type VmNetwork,
} from './adapter.ts';
import { type SecurityRule, viewRule } from './security-rule.ts';
import { vmNetwork } from './topology.ts';

export interface MemoryNsg {
  id: string;
  name: string;
  rules: JsonObject[];
}

/** NSGs held in memory: for tests and simulations, and as the model of what a live NSG does. */
export class InMemoryNetworkAdapter implements NetworkAdapter {
  readonly #vms: VmNetwork[];
  readonly #nsgs = new Map<string, MemoryNsg>();

  constructor(vms: VmNetwork[], nsgs: MemoryNsg[]) {
    this.#vms = structuredClone(vms);
    for (const nsg of nsgs) this.#nsgs.set(nsg.id.toLowerCase(), structuredClone(nsg));
  }

  /** Every VM and NSG of an inventory, copied: changes never reach the inventory. */
  static fromInventory(inventory: Inventory): InMemoryNetworkAdapter {
    const vms = inventory.byType('Microsoft.Compute/virtualMachines').map((vm) => vmNetwork(inventory, vm));
    const nsgs = inventory.byType('Microsoft.Network/networkSecurityGroups').map((nsg) => ({
      id: nsg.id,
      name: nsg.name,
      rules: securityRulesOf(nsg),
    }));
    return new InMemoryNetworkAdapter(vms, nsgs);
  }

  async findVm(ref: string): Promise<VmLookup> {
    return pickVm(this.#vms, ref);
  }

  async listRules(nsgId: string): Promise<JsonObject[]> {
    return structuredClone(this.#nsg(nsgId).rules);
  }

  async putRule(nsgId: string, rule: SecurityRule): Promise<void> {
    const nsg = this.#nsg(nsgId);
    nsg.rules = applyPut(nsg.id, nsg.rules, rule);
  }

  async removeRule(nsgId: string, ruleName: string): Promise<boolean> {
    const nsg = this.#nsg(nsgId);
    const before = nsg.rules.length;
    nsg.rules = nsg.rules.filter((r) => viewRule(r).name.toLowerCase() !== ruleName.toLowerCase());
    return nsg.rules.length < before;
  }

  /** The rules as they are now, for assertions. */
  rules(nsgId: string): JsonObject[] {
    return structuredClone(this.#nsg(nsgId).rules);
  }

  #nsg(nsgId: string): MemoryNsg {
    const nsg = this.#nsgs.get(nsgId.toLowerCase());
    if (!nsg) throw new NsgNotFoundError(nsgId);
    return nsg;
  }
}

/** `properties.securityRules` of an NSG resource (its default rules sit at 65000+ and never matter to JIT). */
export function securityRulesOf(nsg: JsonObject): JsonObject[] {
  const properties = getProperty(nsg, 'properties');
  const rules = isJsonObject(properties) ? getProperty(properties, 'securityRules') : undefined;
  return Array.isArray(rules) ? rules.filter(isJsonObject) : [];
}
