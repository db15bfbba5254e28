import { JitInputError } from './errors.ts';
import type { RemovedRule } from './events.ts';
import type { Session } from './session.ts';
import { textProblem } from './text.ts';

export interface RevokeInput {
  /** A grant ID (`g12`), or… */
  grantId?: string;
  /** …every open grant on a VM (resource ID or name). */
  vm?: string;
  /** Only these ports; all the grant's open ports when absent. */
  ports?: number[];
  user: string;
}

export interface RevokeResult {
  revoked: { grantId: string; vm: string; ports: number[] }[];
  removed: RemovedRule[];
}

/**
 * Early revoke (Defender's statusReason UserRequested). The revoke is recorded first, then the rules are
 * removed: if Vigil stops in between, the rules belong to a closed grant and the next reconcile removes them.
 */
export async function revoke(session: Session, input: RevokeInput): Promise<RevokeResult> {
  const problems: string[] = [];
  const userProblem = textProblem(input.user, 'user', 128);
  if (userProblem) problems.push(userProblem);
  if ((input.grantId === undefined) === (input.vm === undefined))
    problems.push('give a grant ID or a VM, not both');
  if (problems.length > 0) throw new JitInputError(problems);
  let vmId: string | undefined;
  if (input.grantId !== undefined) {
    if (!session.state.grants.has(input.grantId))
      throw new JitInputError([`no grant '${input.grantId}' in the journal`]);
  } else {
    const found = await session.adapter.findVm(input.vm!);
    if (!found.ok) throw new JitInputError([found.message]);
    vmId = found.vm.id.toLowerCase();
  }
  const result: RevokeResult = { revoked: [], removed: [] };
  const byGrant = new Map<string, number[]>();
  for (const { grant, port } of session.state.activePorts()) {
    if (input.grantId !== undefined ? grant.id !== input.grantId : grant.vm.id.toLowerCase() !== vmId)
      continue;
    if (input.ports && !input.ports.includes(port.number)) continue;
    byGrant.set(grant.id, [...(byGrant.get(grant.id) ?? []), port.number]);
  }
  for (const [grantId, ports] of byGrant) {
    await session.record({ type: 'revoked', grantId, ports, reason: 'UserRequested' }, input.user);
    const grant = session.state.grants.get(grantId)!;
    result.revoked.push({ grantId, vm: grant.vm.name, ports });
    for (const port of grant.ports.filter((p) => ports.includes(p.number))) {
      for (const record of port.rules) {
        if (await session.adapter.removeRule(record.nsgId, record.rule.name))
          result.removed.push({
            nsgId: record.nsgId,
            nsgName: record.nsgName,
            ruleName: record.rule.name,
            reason: 'revoked',
            grantId,
          });
      }
    }
  }
  return result;
}
