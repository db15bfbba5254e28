import { getProperty, isJsonObject, type JsonObject } from '../util/json.ts';
import type { NetworkAdapter, VmNetwork } from './adapter.ts';
import type { RuleRecord } from './events.ts';
import { destinationFields, groupByFamily, isMixedFamily } from './family.ts';
import { placeDeny, takenPriorities } from './placement.ts';
import type { JitPortRule, PolicyRef } from './policy.ts';
import { putPlaced } from './put-rule.ts';
import { denyRuleDescription, denyRuleName, familyNameParts } from './rule-names.ts';
import { type SecurityRule, sameEffect, viewRule } from './security-rule.ts';

export interface DenyChange {
  record: RuleRecord;
  /** `split-family`: a rule written before the split held both families; it became one rule per family. */
  reason: 'missing' | 'changed' | 'new-nsg' | 'split-family';
}

export interface DenyOutcome {
  /** The deny rules now in each NSG on the VM's path: one per address family the VM has there. */
  records: RuleRecord[];
  /** Rules put because they were missing or differed from what was recorded. */
  changes: DenyChange[];
  /** Existing rules that keep ports open ahead of the deny, and other things a person should know. */
  warnings: string[];
  /** NSGs where no deny rule could be placed. */
  failures: string[];
}

/**
 * Makes each NSG on the VM's path hold the VM's JIT deny rules: per VM and NSG, one rule covering every
 * policy port, destination the VM's private IPs, source `*`, protocol `*` — the shape exported NSGs show for
 * Defender's deny (self-help article 7e7f21c7: "Deny rules are created per VM, including all ports defined in
 * the policy, and the destination is the VM's internal IP address"). A rule's prefixes must be of one
 * family, so a dual-stack VM gets a second rule for its IPv6 addresses (see family.ts). A rule already there
 * under the same name is kept when it says the same; otherwise it is put again, at its recorded priority
 * when that is still free.
 */
export async function ensureDenyRules(
  adapter: NetworkAdapter,
  vm: VmNetwork,
  policy: PolicyRef,
  ports: readonly JitPortRule[],
  recorded: readonly RuleRecord[],
): Promise<DenyOutcome> {
  const outcome: DenyOutcome = { records: [], changes: [], warnings: [], failures: [] };
  const numbers = [...new Set(ports.map((p) => p.number))].sort((a, b) => a - b);
  for (const attachment of vm.attachments) {
    const inNsg = recorded.filter((r) => same(r.nsgId, attachment.nsgId));
    const groups = groupByFamily(attachment.privateIps);
    // The first family's rule has the name a single-family VM's rule has: a mixed rule of an earlier
    // version is found under it.
    const firstName = denyRuleName(policy.id, vm.id, attachment.nsgId);
    const firstExisting = (await adapter.listRules(attachment.nsgId)).find((r) =>
      same(viewRule(r).name, firstName),
    );
    const mixed =
      inNsg.some((r) => isMixedFamily(r.rule)) ||
      (firstExisting !== undefined && groups.length > 1 && foundMixed(firstExisting));
    for (const [index, group] of groups.entries()) {
      const name = denyRuleName(policy.id, vm.id, attachment.nsgId, ...familyNameParts(index, group.family));
      const prior = inNsg.find((r) => same(r.rule.name, name));
      const existing = (await adapter.listRules(attachment.nsgId)).find((r) => same(viewRule(r).name, name));
      const keep = prior?.rule.properties.priority ?? (existing ? viewRule(existing).priority : undefined);
      const rule = (priority: number) => denyRule(name, policy, vm, group.ips, numbers, priority);
      if (existing && keep !== undefined && sameEffect(rule(keep), existing)) {
        outcome.records.push({ nsgId: attachment.nsgId, nsgName: attachment.nsgName, rule: rule(keep) });
        continue;
      }
      const choice = await putPlaced(adapter, attachment.nsgId, (views) => {
        const others = views.filter((v) => !same(v.name, name));
        if (keep !== undefined && !takenPriorities(others, 'inbound').has(keep))
          return { ok: true, rule: rule(keep) };
        const placed = placeDeny(views, numbers, name);
        for (const opener of placed.openedBefore) {
          outcome.warnings.push(
            `rule '${opener.name}' (priority ${opener.priority}) in NSG ${attachment.nsgName} allows port(s) ${numbers.join(', ')} ahead of the JIT deny, as Defender lets existing rules do: those ports stay open to that rule's sources until it is removed`,
          );
        }
        return placed.ok ? { ok: true, rule: rule(placed.priority) } : { ok: false, message: placed.message };
      });
      if (!choice.ok) {
        outcome.failures.push(`NSG ${attachment.nsgName}: no place for the JIT deny rule: ${choice.message}`);
        continue;
      }
      const record = { nsgId: attachment.nsgId, nsgName: attachment.nsgName, rule: choice.rule };
      outcome.records.push(record);
      outcome.changes.push({
        record,
        reason: mixed
          ? 'split-family'
          : existing
            ? 'changed'
            : prior || (index > 0 && inNsg.length > 0)
              ? 'missing'
              : 'new-nsg',
      });
    }
  }
  // A retried placement states the same warning again, and so does each family's rule.
  outcome.warnings = [...new Set(outcome.warnings)];
  return outcome;
}

function denyRule(
  name: string,
  policy: PolicyRef,
  vm: VmNetwork,
  ips: readonly string[],
  ports: readonly number[],
  priority: number,
): SecurityRule {
  return {
    name,
    properties: {
      description: denyRuleDescription(policy.name, vm.name),
      protocol: '*',
      sourcePortRange: '*',
      ...(ports.length === 1
        ? { destinationPortRange: String(ports[0]) }
        : { destinationPortRanges: ports.map(String) }),
      sourceAddressPrefix: '*',
      ...destinationFields(ips),
      access: 'Deny',
      priority,
      direction: 'Inbound',
    },
  };
}

/** Whether a rule as an NSG holds it names addresses of both families. */
function foundMixed(found: JsonObject): boolean {
  const properties = getProperty(found, 'properties');
  const p = isJsonObject(properties) ? properties : found;
  const one = getProperty(p, 'destinationAddressPrefix');
  const many = getProperty(p, 'destinationAddressPrefixes');
  const texts = [
    ...(typeof one === 'string' ? [one] : []),
    ...(Array.isArray(many) ? many.filter((m): m is string => typeof m === 'string') : []),
  ];
  return groupByFamily(texts.map((t) => t.split('/')[0]!)).length > 1;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
