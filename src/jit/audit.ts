import type { GrantedEvent, JitEvent, RemovalReason, RestoredRule, RuleRecord } from './events.ts';
import { familyLabel } from './family.ts';
import { allowedSources } from './policy.ts';

/** One step of the audit log: who did what, when, and why. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: 'enable' | 'grant' | 'refuse' | 'revoke' | 'expire' | 'reconcile' | 'repair';
  what: string;
  why: string;
}

/** The journal read as an audit log. */
export function auditTrail(events: readonly JitEvent[]): AuditEntry[] {
  const grants = new Map<string, GrantedEvent>();
  return events.map((event) => entry(event, grants));
}

/** `grants` collects the grants seen so far, so later events can name their VM and end time. */
function entry(event: JitEvent, grants: Map<string, GrantedEvent>): AuditEntry {
  const base = { seq: event.seq, at: event.at, actor: event.actor };
  switch (event.type) {
    case 'enabled':
      return {
        ...base,
        action: 'enable',
        what: `VM ${event.vm.name}: ports ${event.ports
          .map(
            (p) =>
              `${p.number}/${p.protocol} max ${p.maxRequestAccessDuration} from ${allowedSources(p).join(' ')}`,
          )
          .join(
            ', ',
          )}; deny ${rules(event.denyRules)}${event.retiredDenyRules.length > 0 ? `; retired ${rules(event.retiredDenyRules)}` : ''}`,
        why:
          event.policy.source === 'snapshot'
            ? `JIT policy '${event.policy.name}' from the snapshot (${event.policy.id})`
            : `JIT policy '${event.policy.name}' made by vigil jit enable`,
      };
    case 'granted': {
      grants.set(event.grantId, event);
      const end = event.ports[0]?.endTimeUtc ?? '';
      const replaced = event.supersedes.map((s) => `${s.grantId} port ${s.number}`).join(', ');
      return {
        ...base,
        action: 'grant',
        what: `${event.grantId}: VM ${event.vm.name} port ${event.ports.map((p) => `${p.number}/${p.protocol}`).join(', ')} from ${event.ports[0]?.allowedSourceAddressPrefix} until ${end}; allow ${rules(event.ports.flatMap((p) => p.rules))}`,
        why: `${event.importedFrom ? `Defender request still open at enable, taken over from ${event.importedFrom}: ` : ''}${event.justification || 'no justification given'}${replaced ? ` (replaces ${replaced}: NewerRequestInitiated)` : ''}`,
      };
    }
    case 'refused':
      return {
        ...base,
        action: 'refuse',
        what: `VM ${event.vm} port ${event.ports.join(', ')} from ${event.source} for ${event.duration}${event.justification ? ` (justification: ${event.justification})` : ''}`,
        why: event.reasons.map((r) => r.message).join('; '),
      };
    case 'revoked':
      return {
        ...base,
        action: 'revoke',
        what: `${event.grantId}: VM ${grants.get(event.grantId)?.vm.name ?? '?'} port ${event.ports.join(', ')}`,
        why: 'revoked before its end time (UserRequested)',
      };
    case 'expired':
      return {
        ...base,
        action: 'expire',
        what: `${event.grantId}: VM ${grants.get(event.grantId)?.vm.name ?? '?'} port ${event.ports.join(', ')}`,
        why: `end time ${grants.get(event.grantId)?.ports[0]?.endTimeUtc ?? '?'} reached (Expired)`,
      };
    case 'reconciled':
      return {
        ...base,
        action: 'reconcile',
        what: [
          ...event.removed.map((r) => `removed ${r.ruleName} from ${r.nsgName}`),
          ...event.restored.map(
            (r) =>
              `put back ${r.kind} rule ${r.record.rule.name} in ${r.record.nsgName} at ${r.record.rule.properties.priority}`,
          ),
          ...event.closed.map((c) => `closed ${c.grantId} port ${c.number}`),
        ].join('; '),
        why: [
          ...event.removed.map((r) => REMOVAL_WHY[r.reason] + (r.grantId ? ` (${r.grantId})` : '')),
          ...event.restored.map((r) => RESTORE_WHY[r.reason]),
          ...event.closed.map(() => 'its allow rule was gone from the NSG'),
        ].join('; '),
      };
    case 'journal-repaired':
      return {
        ...base,
        action: 'repair',
        what: `journal line ${event.line}: ${event.bytes} bytes set aside in ${event.savedTo}`,
        why: 'the line was cut short by a crash while it was written',
      };
  }
}

export const REMOVAL_WHY: Record<RemovalReason, string> = {
  expired: 'its grant expired',
  revoked: 'its grant was revoked',
  superseded: 'a newer request replaced its grant',
  closed: 'its grant was closed',
  unknown: 'no grant in the journal accounts for it',
};

export const RESTORE_WHY: Record<RestoredRule['reason'], string> = {
  missing: 'it was missing',
  changed: 'it differed from what Vigil wrote',
  'new-nsg': 'the NSG is newly on the VM path',
  'split-family':
    'it replaces a rule that held IPv4 and IPv6 addresses together, which Azure refuses: each family has its own rule',
};

function rules(records: readonly RuleRecord[]): string {
  return (
    records.map((r) => `${r.nsgName}:${r.rule.properties.priority}${familyLabel(records, r)}`).join(' ') ||
    'none'
  );
}
