import { recommendation as lookup } from '../benchmark/catalog.ts';
import type { ScanReport } from '../posture/scan.ts';
import type { InputError } from '../util/input-error.ts';
import { printable } from '../util/printable.ts';
import { describeEvidence } from './scan-findings.ts';
import type { Style } from './style.ts';
import { renderTable } from './table.ts';

export interface TableOptions {
  details: boolean;
  style: Style;
  /** Inputs that could not be read: the report says it is incomplete (the CLI prints them on stderr). */
  inputErrors?: readonly InputError[];
}

/** The report a security admin reads in a terminal: score, controls, then what to fix first. */
export function renderScanTable(report: ScanReport, options: TableOptions): string {
  return [...scanTableChunks(report, options)].join('');
}

/** The table report in pieces: with --details a big estate's does not fit in one string. */
export function* scanTableChunks(report: ScanReport, options: TableOptions): Generator<string> {
  const s = options.style;
  const score = report.score;
  const lines: string[] = [];
  const tone = score.percent >= 80 ? s.green : score.percent >= 50 ? s.yellow : s.red;
  lines.push(
    `${s.bold('Secure score')} ${tone(`${score.percent.toFixed(0)}%`)} ${s.dim(`(${score.current.toFixed(2)} of ${score.max} points)`)} — ` +
      `${report.resources} resources in ${report.subscriptions.length} subscription(s), ${report.recommendations.length} recommendations`,
  );
  const inputErrors = options.inputErrors?.length ?? 0;
  if (inputErrors > 0)
    lines.push(
      s.red(
        `Incomplete: ${inputErrors} input error(s); what could not be read is not in this report (the errors are on standard error).`,
      ),
    );
  for (const sub of score.subscriptions) {
    lines.push(
      s.dim(
        `  subscription ${printable(sub.subscriptionId)}: ${sub.percent.toFixed(0)}% (${sub.current.toFixed(2)} of ${sub.max})`,
      ),
    );
  }
  lines.push('');
  const controls = score.controls.filter((c) => c.healthy + c.unhealthy + c.notApplicable > 0);
  lines.push(
    renderTable(
      ['CONTROL', 'SCORE', 'SCORE +', 'HEALTHY', 'UNHEALTHY', 'N/A'],
      controls.map((c) => [
        c.name,
        c.max > 0
          ? `${c.current.toFixed(2)} / ${c.max}`
          : c.maxPoints === 0
            ? '(0 points)'
            : '(no resources)',
        // The portal's "Potential score increase" of the control, as the recommendations' column writes it.
        c.max > 0 ? `+${c.potentialIncrease.toFixed(1)}%` : '-',
        String(c.healthy),
        String(c.unhealthy),
        String(c.notApplicable),
      ]),
      [48, 16, 8, 8, 10, 6],
    ).trimEnd(),
  );
  lines.push('');

  const shown = report.recommendations;
  const failing = shown.filter((r) => r.unhealthy > 0);
  lines.push(s.bold(`Recommendations to fix (${failing.length})`));
  if (failing.length === 0) lines.push(s.green('  Nothing unhealthy at this severity.'));
  else {
    lines.push(
      renderTable(
        ['SEVERITY', 'RECOMMENDATION', 'UNHEALTHY', 'SCORE +', 'CONTROL'],
        failing.map((r) => [
          r.severity + (r.stage === 'ga' ? '' : ` (${r.stage})`),
          r.title,
          `${r.unhealthy} of ${r.healthy + r.unhealthy}`,
          r.stage === 'ga' ? `+${r.potentialIncrease.toFixed(1)}%` : '-',
          r.controlName,
        ]),
        [20, 90, 12, 8, 40],
      ).trimEnd(),
    );
  }
  const healthy = shown.filter((r) => r.unhealthy === 0 && r.healthy > 0).length;
  const idle = shown.filter((r) => r.unhealthy === 0 && r.healthy === 0).length;
  lines.push(
    s.dim(`${healthy} recommendation(s) healthy on every resource; ${idle} with no applicable resource.`),
  );

  if (options.details) {
    for (const r of failing) {
      const rec = lookup(r.id);
      lines.push(
        '',
        s.bold(`${r.severity} · ${r.title}`) +
          s.dim(` [${r.id}${r.assessmentKey ? `, ${r.assessmentKey}` : ''}; MCSB ${r.mcsb.join(', ')}]`),
      );
      if (rec) lines.push(`  ${rec.description}`, `  Fix: ${rec.remediation.portal}`);
      if (rec?.remediation.cli) lines.push(`  az: ${rec.remediation.cli}`);
      for (const f of report.findings) {
        if (f.recommendationId !== r.id || f.status !== 'unhealthy') continue;
        lines.push(`  ${s.red('✗')} ${printable(f.resourceId)}`);
        for (const e of f.evidence.slice(0, 3)) lines.push(s.dim(`      ${printable(describeEvidence(e))}`));
      }
    }
  }
  const undecided = report.findings.filter((f) => f.status === 'unknown');
  if (undecided.length > 0) {
    lines.push(
      '',
      s.yellow(`${undecided.length} finding(s) undecided: they depend on values known only at deployment.`),
    );
    for (const f of undecided.slice(0, options.details ? undecided.length : 5)) {
      lines.push(
        s.dim(
          `  ? ${f.recommendationId} on ${printable(f.resourceId)}: ${printable(f.evidence[0]?.message ?? '')}`,
        ),
      );
    }
  }
  if (report.exemptions.applied > 0 || report.exemptions.expired.length > 0) {
    lines.push(
      '',
      s.dim(
        `${report.exemptions.applied} finding(s) exempted; ${report.exemptions.expired.length} exemption(s) expired and no longer apply.`,
      ),
    );
  }
  if (report.initiative) {
    const counts = new Map<string, number>();
    for (const r of report.initiative.results) counts.set(r.compliance, (counts.get(r.compliance) ?? 0) + 1);
    lines.push(
      '',
      s.bold('Initiative'),
      `  ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ') || 'no applicable resources'} (definition × resource pairs; --format json lists them)`,
    );
  }
  for (const line of lines) yield `${line}\n`;
}
