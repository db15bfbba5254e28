import { renderInputTable } from '../report/table.ts';
import { type AuditEntry, REMOVAL_WHY, RESTORE_WHY } from './audit.ts';
import { formatIsoDuration } from './duration.ts';
import type { EnableResult } from './enable.ts';
import type { RuleRecord } from './events.ts';
import { familyLabel } from './family.ts';
import { allowedSources } from './policy.ts';
import type { ReconcileReport } from './reconcile.ts';
import type { RequestResult } from './request.ts';
import type { RevokeResult } from './revoke.ts';
import type { EnabledVm, Grant } from './state.ts';

/** Text for people; JSON output is the results themselves. */

export function renderEnable(result: EnableResult): string {
  if (!result.enabled) return `Not enabled: ${result.reason}\n`;
  const lines = [`Enabled JIT on ${result.vm.name} (policy '${result.policy.name}', ${result.policy.id})`];
  for (const r of result.denyRules) lines.push(`  deny  ${ruleLine(result.denyRules, r)}`);
  for (const r of result.retired) lines.push(`  retired deny ${r.rule.name} from NSG ${r.nsgName}`);
  for (const g of result.imported)
    for (const p of g.ports)
      lines.push(
        `  kept  Defender request of ${g.requestor} as ${g.grantId}: port ${p.number} from ${p.source} until ${p.endTimeUtc} (${p.rules.map((r) => `${r.rule.name} in NSG ${r.nsgName}`).join(', ')})`,
      );
  for (const n of result.notImported)
    lines.push(
      `  not imported: Defender request ${n.field}${n.port !== undefined ? ` (port ${n.port})` : ''}: ${n.reason}`,
    );
  return `${lines.join('\n')}\n`;
}

export function renderRequest(result: RequestResult): string {
  if (!result.granted)
    return `Refused: VM ${result.vm}\n${result.reasons.map((r) => `  - ${r.message}`).join('\n')}\n`;
  const g = result.grant;
  const lines = [
    `Granted ${g.id}: VM ${g.vm.name}, port ${g.ports.map((p) => `${p.number}/${p.protocol}`).join(', ')} from ${g.ports[0]!.allowedSourceAddressPrefix} until ${g.ports[0]!.endTimeUtc} (${formatIsoDuration(Date.parse(g.ports[0]!.endTimeUtc) - Date.parse(g.startTimeUtc))})`,
  ];
  for (const p of g.ports) for (const r of p.rules) lines.push(`  allow ${ruleLine(p.rules, r)}`);
  for (const s of result.superseded)
    lines.push(`  replaces ${s.grantId} port ${s.number} (NewerRequestInitiated)`);
  return `${lines.join('\n')}\n`;
}

export function renderRevoke(result: RevokeResult): string {
  if (result.revoked.length === 0) return 'Nothing to revoke: no open grant matches\n';
  const lines = result.revoked.map((r) => `Revoked ${r.grantId}: VM ${r.vm} port ${r.ports.join(', ')}`);
  for (const r of result.removed) lines.push(`  removed ${r.ruleName} from NSG ${r.nsgName}`);
  return `${lines.join('\n')}\n`;
}

/** What a reconcile did, a line each; empty when it found nothing to do. */
export function reconcileLines(report: ReconcileReport): string[] {
  const lines: string[] = [];
  for (const e of report.expired) lines.push(`expired ${e.grantId}: VM ${e.vm} port ${e.ports.join(', ')}`);
  for (const r of report.removed)
    lines.push(
      `removed ${r.ruleName} from NSG ${r.nsgName}: ${REMOVAL_WHY[r.reason]}${r.grantId ? ` (${r.grantId})` : ''}`,
    );
  for (const r of report.restored)
    lines.push(
      `put back ${r.kind} rule ${r.record.rule.name} in NSG ${r.record.nsgName} at priority ${r.record.rule.properties.priority}: ${RESTORE_WHY[r.reason]}`,
    );
  for (const c of report.closed)
    lines.push(`closed ${c.grantId} port ${c.number}: its allow rule was gone from the NSG`);
  return lines;
}

export function renderReconcile(report: ReconcileReport): string {
  const lines = reconcileLines(report);
  if (lines.length === 0) lines.push('Nothing to do: the NSGs match the journal');
  lines.push(report.nextDeadline ? `Next expiry: ${report.nextDeadline}` : 'No open grants');
  return `${lines.join('\n')}\n`;
}

export function renderList(
  enabled: readonly EnabledVm[],
  grants: readonly Grant[],
  now: Date,
  all: boolean,
): string {
  const parts: string[] = [];
  if (enabled.length === 0) parts.push('No VM is under a JIT policy here.\n');
  else
    parts.push(
      renderInputTable(
        ['VM', 'POLICY', 'PORTS', 'DENY RULES'],
        enabled.map((e) => [
          e.vm.name,
          e.policy.name,
          e.ports
            .map(
              (p) =>
                `${p.number}/${p.protocol} max ${p.maxRequestAccessDuration} from ${allowedSources(p).join(' ')}`,
            )
            .join(', '),
          e.denyRules.map((r) => at(e.denyRules, r)).join(' '),
        ]),
        // A dual-stack VM has two deny rules in each NSG.
        [40, 20, 100, 160],
      ),
    );
  const rows = grants.flatMap((g) =>
    g.ports
      .filter((p) => all || p.status === 'Initiated')
      .map((p) => [
        g.id,
        g.vm.name,
        `${p.number}/${p.protocol}`,
        p.allowedSourceAddressPrefix,
        p.status === 'Initiated'
          ? `${p.endTimeUtc} (${left(Date.parse(p.endTimeUtc) - now.getTime())})`
          : p.endTimeUtc,
        p.status === 'Initiated' ? 'open' : `closed: ${p.statusReason}`,
        g.requestor,
        p.rules.map((r) => at(p.rules, r)).join(' '),
      ]),
  );
  parts.push(
    rows.length === 0
      ? `No ${all ? '' : 'open '}grants.\n`
      : renderInputTable(
          ['GRANT', 'VM', 'PORT', 'SOURCE', 'UNTIL', 'STATUS', 'USER', 'ALLOW RULES'],
          rows,
          [12, 40, 10, 45, 40, 32, 40, 160],
        ),
  );
  return parts.join('\n');
}

export function renderAudit(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return 'The audit log is empty.\n';
  return renderInputTable(
    ['SEQ', 'TIME', 'WHO', 'ACTION', 'WHAT', 'WHY'],
    entries.map((e) => [String(e.seq), e.at, e.actor, e.action, e.what, e.why]),
    [6, 24, 32, 10, 400, 400],
  );
}

function ruleLine(records: readonly RuleRecord[], r: RuleRecord): string {
  return `${r.rule.name}  priority ${r.rule.properties.priority}  NSG ${r.nsgName}${familyLabel(records, r)}`;
}

function at(records: readonly RuleRecord[], r: RuleRecord): string {
  return `${r.nsgName}@${r.rule.properties.priority}${familyLabel(records, r)}`;
}

/** Whole minutes left, rounded up: `1h`, `1h5m`, `25h`. */
function left(ms: number): string {
  if (ms <= 0) return 'due';
  const minutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return `${hours ? `${hours}h` : ''}${minutes % 60 ? `${minutes % 60}m` : ''} left`;
}
