import type { JsonObject } from '../util/json.ts';
import { groupByFamily } from './family.ts';
import { type SecurityRule, viewRule } from './security-rule.ts';

/**
 * How JIT reads and changes NSGs. Engines take an adapter as an argument and never know whether it is an
 * in-memory model, a snapshot with Vigil's overlay, or (later) live Azure.
 */
export interface NetworkAdapter {
  /** A VM by resource ID or name, with the NSGs that filter its inbound traffic. */
  findVm(ref: string): Promise<VmLookup>;
  /** The NSG's security rules (not its default rules) in ARM's JSON shape. Throws NsgNotFoundError. */
  listRules(nsgId: string): Promise<JsonObject[]>;
  /**
   * Creates or replaces the rule of that name, as ARM's PUT of a security rule does. Throws RuleConflictError
   * when another rule holds the same priority and direction: the caller reads the rules again and re-places.
   */
  putRule(nsgId: string, rule: SecurityRule): Promise<void>;
  /** Deletes the rule; false when it was not there. */
  removeRule(nsgId: string, ruleName: string): Promise<boolean>;
}

/** One NSG on a VM's inbound path, with the VM's private IPs it filters (JIT rules target those). */
export interface NsgAttachment {
  nsgId: string;
  nsgName: string;
  /** Where it is associated: the NIC, the subnet, or both. */
  levels: ('nic' | 'subnet')[];
  privateIps: string[];
}

export interface VmNetwork {
  id: string;
  name: string;
  location: string;
  attachments: NsgAttachment[];
  /** What could not be read (a NIC missing from the snapshot, an IP configuration without a private IP). */
  problems: string[];
}

export type VmLookup = { ok: true; vm: VmNetwork } | { ok: false; message: string };

export class NsgNotFoundError extends Error {
  constructor(readonly nsgId: string) {
    super(`NSG ${nsgId} not found`);
    this.name = 'NsgNotFoundError';
  }
}

export class RuleConflictError extends Error {
  constructor(
    readonly nsgId: string,
    readonly priority: number,
    readonly holder: string,
  ) {
    super(`priority ${priority} is already held by rule '${holder}' in NSG ${nsgId}`);
    this.name = 'RuleConflictError';
  }
}

/** ARM's 400 for a rule whose addresses are not all one family (see applyPut). */
export class MixedAddressFamilyError extends Error {
  constructor(
    readonly nsgId: string,
    readonly ruleName: string,
  ) {
    super(
      `ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies: rule '${ruleName}' in NSG ${nsgId} contains IP addresses or prefixes of different address families`,
    );
    this.name = 'MixedAddressFamilyError';
  }
}

/**
 * The rule list after a PUT, with ARM's checks: the name replaces a rule of that name (names are
 * case-insensitive), no other rule may hold the same priority and direction, and the rule's source and
 * destination addresses must all be one family (ARM answers `ResourceCannotContainAddressPrefixesFromDifferent
 * AddressFamilies` otherwise: MicrosoftDocs/azure-docs#34567, hashicorp/terraform-provider-azurerm#12534).
 */
export function applyPut(nsgId: string, rules: readonly JsonObject[], rule: SecurityRule): JsonObject[] {
  const p = rule.properties;
  const addresses = [
    p.sourceAddressPrefix,
    ...(p.sourceAddressPrefixes ?? []),
    p.destinationAddressPrefix,
    ...(p.destinationAddressPrefixes ?? []),
  ].filter((a): a is string => a !== undefined);
  if (groupByFamily(addresses.map((a) => a.split('/')[0]!)).length > 1)
    throw new MixedAddressFamilyError(nsgId, rule.name);
  const name = rule.name.toLowerCase();
  const others = rules.filter((r) => viewRule(r).name.toLowerCase() !== name);
  const direction = rule.properties.direction.toLowerCase();
  for (const other of others) {
    const view = viewRule(other);
    if (view.priority === rule.properties.priority && (view.direction ?? direction) === direction)
      throw new RuleConflictError(nsgId, rule.properties.priority, view.name);
  }
  const at = rules.findIndex((r) => viewRule(r).name.toLowerCase() === name);
  const copy = structuredClone(rule) as unknown as JsonObject;
  if (at < 0) return [...rules, copy];
  return rules.map((r, i) => (i === at ? copy : r));
}

/** A VM picked from a list by resource ID or by name; a name two VMs share is refused, not guessed. */
export function pickVm(vms: readonly VmNetwork[], ref: string): VmLookup {
  const key = ref.toLowerCase();
  if (key.startsWith('/subscriptions/')) {
    const vm = vms.find((v) => v.id.toLowerCase() === key);
    return vm ? { ok: true, vm } : { ok: false, message: `no VM with ID ${ref}` };
  }
  const named = vms.filter((v) => v.name.toLowerCase() === key);
  if (named.length === 1) return { ok: true, vm: named[0]! };
  if (named.length === 0) return { ok: false, message: `no VM named '${ref}'` };
  return {
    ok: false,
    message: `${named.length} VMs are named '${ref}' (${named.map((v) => v.id).join(', ')}); give the resource ID`,
  };
}
