import type { GrantPortRecord, JitEvent, RestoredRule, RuleRecord, VmRef } from './events.ts';
import type { JitPortRule, PolicyRef } from './policy.ts';

/** A VM under a JIT policy: the ports it guards and the deny rules that close them. */
export interface EnabledVm {
  policy: PolicyRef;
  vm: VmRef;
  ports: JitPortRule[];
  denyRules: RuleRecord[];
  enabledAt: string;
  enabledBy: string;
}

/** Defender's request port `status` and `statusReason` (2020-01-01 JitNetworkAccessRequestPort); `RuleMissing` is Vigil's. */
export type PortStatus = 'Initiated' | 'Revoked';
export type PortStatusReason = 'UserRequested' | 'Expired' | 'NewerRequestInitiated' | 'RuleMissing';

export interface GrantPort extends GrantPortRecord {
  status: PortStatus;
  statusReason: PortStatusReason;
}

export interface Grant {
  id: string;
  policy: PolicyRef;
  vm: VmRef;
  requestor: string;
  justification: string;
  startTimeUtc: string;
  ports: GrantPort[];
}

export class StateError extends Error {}

/** What the journal says: built by folding its events in order. */
export class JitState {
  /** By lower-cased VM ID. */
  readonly enabled = new Map<string, EnabledVm>();
  /** In the order they were granted. */
  readonly grants = new Map<string, Grant>();

  apply(event: JitEvent): void {
    switch (event.type) {
      case 'enabled':
        this.enabled.set(event.vm.id.toLowerCase(), {
          policy: event.policy,
          vm: event.vm,
          ports: event.ports,
          denyRules: event.denyRules,
          enabledAt: event.at,
          enabledBy: event.actor,
        });
        return;
      case 'granted':
        for (const ref of event.supersedes) this.#close(ref.grantId, ref.number, 'NewerRequestInitiated');
        this.grants.set(event.grantId, {
          id: event.grantId,
          policy: event.policy,
          vm: event.vm,
          requestor: event.actor,
          justification: event.justification,
          startTimeUtc: event.startTimeUtc,
          ports: event.ports.map((p) => ({ ...p, status: 'Initiated', statusReason: 'UserRequested' })),
        });
        return;
      case 'revoked':
        for (const number of event.ports) this.#close(event.grantId, number, 'UserRequested');
        return;
      case 'expired':
        for (const number of event.ports) this.#close(event.grantId, number, 'Expired');
        return;
      case 'reconciled':
        for (const closed of event.closed) this.#close(closed.grantId, closed.number, 'RuleMissing');
        for (const restored of event.restored) this.#restore(restored);
        return;
      case 'refused':
      case 'journal-repaired':
        return;
    }
  }

  /** Ports that are open now by the journal's account, with their grants. */
  activePorts(): { grant: Grant; port: GrantPort }[] {
    const active: { grant: Grant; port: GrantPort }[] = [];
    for (const grant of this.grants.values())
      for (const port of grant.ports) if (port.status === 'Initiated') active.push({ grant, port });
    return active;
  }

  /** The earliest end time among open ports: when the next rule must be removed. */
  nextDeadline(): string | undefined {
    let next: string | undefined;
    for (const { port } of this.activePorts())
      if (next === undefined || Date.parse(port.endTimeUtc) < Date.parse(next)) next = port.endTimeUtc;
    return next;
  }

  #close(grantId: string, number: number, reason: PortStatusReason): void {
    const port = this.grants.get(grantId)?.ports.find((p) => p.number === number);
    if (!port) throw new StateError(`grant ${grantId} has no port ${number}`);
    if (port.status === 'Revoked') return;
    port.status = 'Revoked';
    port.statusReason = reason;
  }

  #restore({ kind, vmId, record, grantId, port: number }: RestoredRule): void {
    const replace = (records: RuleRecord[]) => {
      const at = records.findIndex(
        (r) => r.nsgId.toLowerCase() === record.nsgId.toLowerCase() && r.rule.name === record.rule.name,
      );
      if (at >= 0) records[at] = record;
      else records.push(record);
    };
    if (kind === 'deny') {
      const enabled = this.enabled.get(vmId.toLowerCase());
      if (!enabled) throw new StateError(`deny rule restored for ${vmId}, which is not enabled`);
      replace(enabled.denyRules);
      return;
    }
    const grant = grantId === undefined ? undefined : this.grants.get(grantId);
    // A rule split by family adds a rule of a new name to its port.
    const port =
      grant?.ports.find((p) => p.rules.some((r) => r.rule.name === record.rule.name)) ??
      grant?.ports.find((p) => p.number === number);
    if (!port)
      throw new StateError(`allow rule ${record.rule.name} restored for a grant the journal does not hold`);
    replace(port.rules);
  }
}
