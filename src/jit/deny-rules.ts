import type { NetworkAdapter, NsgAttachment, VmNetwork } from './adapter.ts';
import type { RuleRecord } from './events.ts';
import { placeDeny, takenPriorities } from './placement.ts';
import type { JitPortRule, PolicyRef } from './policy.ts';
import { putPlaced } from './put-rule.ts';
import { denyRuleDescription, denyRuleName } from './rule-names.ts';
import { type SecurityRule, sameEffect, viewRule } from './security-rule.ts';

export interface DenyChange {
  record: RuleRecord;
  reason: 'missing' | 'changed' | 'new-nsg';
}

export interface DenyOutcome {
  /** The deny rule now in each NSG on the VM's path. */
  records: RuleRecord[];
  /** Rules put because they were missing or differed from what was recorded. */
  changes: DenyChange[];
  /** Existing rules that keep ports open ahead of the deny, and other things a person should know. */
  warnings: string[];
  /** NSGs where no deny rule could be placed. */
  failures: string[];
}

/**
 * Makes each NSG on the VM's path hold the VM's JIT deny rule: one rule per VM and NSG covering every policy
 * port, destination the VM's private IPs, source `*`, protocol `*` — the shape exported NSGs show for
 * Defender's deny (self-help article 7e7f21c7: "Deny rules are created per VM, including all ports defined in
 * the policy, and the destination is the VM's internal IP address"). A rule already there under the same
 * name is kept when it says the same; otherwise it is put again, at its recorded priority when that is
 * still free.
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
    const name = denyRuleName(policy.id, vm.id, attachment.nsgId);
    const prior = recorded.find((r) => same(r.nsgId, attachment.nsgId) && same(r.rule.name, name));
    const existing = (await adapter.listRules(attachment.nsgId)).find((r) => same(viewRule(r).name, name));
    const keep = prior?.rule.properties.priority ?? (existing ? viewRule(existing).priority : undefined);
    if (
      existing &&
      keep !== undefined &&
      sameEffect(denyRule(name, policy, vm, attachment, numbers, keep), existing)
    ) {
      outcome.records.push({
        nsgId: attachment.nsgId,
        nsgName: attachment.nsgName,
        rule: denyRule(name, policy, vm, attachment, numbers, keep),
      });
      continue;
    }
    const choice = await putPlaced(adapter, attachment.nsgId, (views) => {
      const others = views.filter((v) => !same(v.name, name));
      if (keep !== undefined && !takenPriorities(others, 'inbound').has(keep))
        return { ok: true, rule: denyRule(name, policy, vm, attachment, numbers, keep) };
      const placed = placeDeny(views, numbers, name);
      for (const rule of placed.openedBefore) {
        outcome.warnings.push(
          `rule '${rule.name}' (priority ${rule.priority}) in NSG ${attachment.nsgName} allows port(s) ${numbers.join(', ')} ahead of the JIT deny, as Defender lets existing rules do: those ports stay open to that rule's sources until it is removed`,
        );
      }
      return placed.ok
        ? { ok: true, rule: denyRule(name, policy, vm, attachment, numbers, placed.priority) }
        : { ok: false, message: placed.message };
    });
    if (!choice.ok) {
      outcome.failures.push(`NSG ${attachment.nsgName}: no place for the JIT deny rule: ${choice.message}`);
      continue;
    }
    const record = { nsgId: attachment.nsgId, nsgName: attachment.nsgName, rule: choice.rule };
    outcome.records.push(record);
    outcome.changes.push({ record, reason: existing ? 'changed' : prior ? 'missing' : 'new-nsg' });
  }
  // A retried placement states the same warning again.
  outcome.warnings = [...new Set(outcome.warnings)];
  return outcome;
}

function denyRule(
  name: string,
  policy: PolicyRef,
  vm: VmNetwork,
  attachment: NsgAttachment,
  ports: readonly number[],
  priority: number,
): SecurityRule {
  const ips = attachment.privateIps;
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
      ...(ips.length === 1
        ? { destinationAddressPrefix: ips[0]! }
        : { destinationAddressPrefixes: [...ips] }),
      access: 'Deny',
      priority,
      direction: 'Inbound',
    },
  };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
