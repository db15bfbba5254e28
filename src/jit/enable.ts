import type { JsonValue } from '../util/json.ts';
import {
  type DefenderRequestPort,
  type ImportedGrant,
  importDefenderRequests,
  type NotImported,
} from './defender-requests.ts';
import { ensureDenyRules } from './deny-rules.ts';
import { JitInputError } from './errors.ts';
import type { RuleRecord } from './events.ts';
import {
  checkNameLength,
  DEFAULT_POLICY_NAME,
  type JitPortRule,
  type PolicyRef,
  policyIdFor,
  readPortRules,
} from './policy.ts';
import type { Session } from './session.ts';
import { textProblem } from './text.ts';

export interface EnableInput {
  /** VM resource ID or name. */
  vm: string;
  /** The policy's ports, as `virtualMachines[].ports` holds them. */
  ports: JitPortRule[];
  /** The policy the ports come from; by default `default` in the VM's resource group and location, made by Vigil. */
  policy?: PolicyRef;
  user: string;
  /** The ports of the snapshot policy's requests for the VM: the open ones are taken over as grants. */
  requests?: DefenderRequestPort[];
}

export type EnableResult =
  | {
      enabled: true;
      policy: PolicyRef;
      vm: { id: string; name: string };
      denyRules: RuleRecord[];
      retired: RuleRecord[];
      /** Defender's open requests for the VM, now grants that end when the requests do. */
      imported: ImportedGrant[];
      notImported: NotImported[];
      warnings: string[];
    }
  | { enabled: false; vm: string; reason: string };

/**
 * Puts a VM under a JIT policy: checks the policy, writes the deny rule in every NSG on the VM's path, takes
 * over Defender's open requests for the VM as grants (defender-requests.ts), then records the policy and the
 * rules. The rules go first: if Vigil stops in between, they close ports nobody recorded, which is safe, and
 * enabling again finds them by name. The requests go before the policy, so a crash in between never leaves
 * an enabled VM whose open requests reconcile would close early.
 */
export async function enable(session: Session, input: EnableInput): Promise<EnableResult> {
  const problems: string[] = [];
  const userProblem = textProblem(input.user, 'user', 128);
  if (userProblem) problems.push(userProblem);
  // Checked as JSON: the ports come from a snapshot or from a person, and either may be wrong.
  const ports = readPortRules(input.ports as unknown as JsonValue, 'ports');
  problems.push(...ports.problems.map((p) => `${p.field}: ${p.message}`));
  const found = await session.adapter.findVm(input.vm);
  if (!found.ok) problems.push(found.message);
  if (problems.length > 0 || !found.ok) throw new JitInputError(problems);
  const vm = found.vm;
  if (vm.problems.length > 0) throw new JitInputError(vm.problems.map((p) => `VM ${vm.name}: ${p}`));
  const policyId = input.policy?.id ?? policyIdFor(vm.id, vm.location);
  if (policyId === undefined)
    throw new JitInputError([`VM ID ${vm.id} names no subscription and resource group`]);
  const policy: PolicyRef = input.policy ?? {
    id: policyId,
    name: DEFAULT_POLICY_NAME,
    location: vm.location,
    source: 'vigil',
  };
  const length = checkNameLength(policy.name, vm.name);
  if (length) throw new JitInputError([length.message]);
  if (vm.attachments.length === 0) {
    return {
      enabled: false,
      vm: vm.name,
      reason: `VM ${vm.name} has no NSG on its network interfaces or subnets; JIT works through NSG rules (Defender lists such VMs as unsupported)`,
    };
  }
  const previous = session.state.enabled.get(vm.id.toLowerCase());
  const deny = await ensureDenyRules(session.adapter, vm, policy, ports.ports, previous?.denyRules ?? []);
  if (deny.failures.length > 0) {
    // Deny rules already put stay: they only close ports, and enabling again adopts them by name.
    return { enabled: false, vm: vm.name, reason: deny.failures.join('; ') };
  }
  const kept = new Set(deny.records.map((r) => `${r.nsgId}|${r.rule.name}`.toLowerCase()));
  const retired = (previous?.denyRules ?? []).filter(
    (r) => !kept.has(`${r.nsgId}|${r.rule.name}`.toLowerCase()),
  );
  const requests = await importDefenderRequests(session, vm, policy, input.requests ?? []);
  await session.record(
    {
      type: 'enabled',
      policy,
      vm: { id: vm.id, name: vm.name },
      ports: ports.ports,
      denyRules: deny.records,
      retiredDenyRules: retired,
    },
    input.user,
  );
  for (const record of retired) await session.adapter.removeRule(record.nsgId, record.rule.name);
  return {
    enabled: true,
    policy,
    vm: { id: vm.id, name: vm.name },
    denyRules: deny.records,
    retired,
    imported: requests.imported,
    notImported: requests.notImported,
    warnings: deny.warnings,
  };
}
