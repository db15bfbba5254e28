import type { Alert } from '../threats/alerts/index.ts';
import { severityRank } from '../threats/alerts/index.ts';
import { ATTACK_ATTRIBUTION, ATTACK_VERSION } from '../threats/attack/index.ts';
import type { DetectResult } from '../threats/detect.ts';
import { vmOfResource } from '../threats/incidents/vm-resource.ts';
import { printable } from '../util/printable.ts';
import type { Style } from './style.ts';
import { renderTable } from './table.ts';

/**
 * What an analyst reads in a terminal after `vigil detect`: a summary line, the alerts (most severe first,
 * then by time) with what and where, the incidents with their alerts along the kill chain, and samples of
 * lines that were not understood. Whatever came from a log (user and host names, lines) or a rule file goes
 * through `printable`: an attacker chooses the user name a failed SSH login writes to auth.log, and must not
 * be able to drive the analyst's terminal with it.
 */
export function renderDetectTable(result: DetectResult, style: Style): string {
  const s = style;
  const lines: string[] = [summaryLine(result)];
  const alerts = [...result.alerts].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      Date.parse(a.firstSeen) - Date.parse(b.firstSeen),
  );
  lines.push('', s.bold(`Alerts (${alerts.length})`));
  if (alerts.length === 0) lines.push(s.green('  No alerts.'));
  else {
    lines.push(
      renderTable(
        ['SEVERITY', 'ALERT', 'ENTITIES', 'FIRST SEEN (UTC)', 'COUNT', 'TACTICS'],
        alerts.map((a) => [
          tone(s, a.severity),
          printable(a.title),
          printable(entitySummary(a)),
          shortTime(a.firstSeen),
          String(a.count),
          a.tactics.map((t) => t.name).join(', '),
        ]),
        [16, 60, 72, 20, 6, 50],
      ).trimEnd(),
    );
  }

  const byId = new Map(result.alerts.map((a) => [a.id, a]));
  lines.push('', s.bold(`Incidents (${result.incidents.length})`));
  if (result.incidents.length === 0)
    lines.push(s.dim('  None: no two alerts share a host, source address or account.'));
  for (const incident of result.incidents) {
    lines.push(
      `  ${tone(s, incident.severity)}  ${s.bold(printable(incident.title))}  ${s.dim(`${shortTime(incident.firstSeen)} → ${shortTime(incident.lastSeen)} UTC, ${incident.alertIds.length} alerts, ${incident.id}`)}`,
    );
    for (const [i, id] of incident.alertIds.entries()) {
      const alert = byId.get(id);
      if (!alert) continue;
      const stage = alert.tactics[0]?.name ?? 'no tactic';
      lines.push(
        `    ${i + 1}. ${s.dim(`[${stage}]`)} ${printable(alert.title)} ${s.dim(`(${printable(entitySummary(alert))}, ${shortTime(alert.firstSeen)})`)}`,
      );
    }
  }

  if (result.stats.samples.length > 0) {
    lines.push(
      '',
      s.bold(`Lines not understood (${result.stats.unparsed}; ${samplesShown(result.stats.samples)})`),
    );
    for (const sample of result.stats.samples) {
      lines.push(
        `  ${printable(`${sample.file}:${sample.line}: ${sample.reason}`)}: ${s.dim(printable(oneLine(sample.text, 100)))}`,
      );
    }
  }
  if (result.alerts.length > 0)
    lines.push('', s.dim(`MITRE ATT&CK® v${ATTACK_VERSION}. ${ATTACK_ATTRIBUTION}`));
  return `${lines.join('\n')}\n`;
}

/** `first 20`, or `20 shown, from 3 files` where the samples are shared among several. */
function samplesShown(samples: DetectResult['stats']['samples']): string {
  const files = new Set(samples.map((sample) => sample.file)).size;
  return files > 1 ? `${samples.length} shown, from ${files} files` : `first ${samples.length}`;
}

function summaryLine(result: DetectResult): string {
  const st = result.stats;
  const formats = Object.entries(st.byFormat)
    .map(([format, f]) => `${format} ${f.lines.toLocaleString('en-US')}`)
    .join(', ');
  const parts = [
    `${st.lines.toLocaleString('en-US')} lines in ${st.files} file(s)${formats ? ` (${formats})` : ''}`,
    `${st.events.toLocaleString('en-US')} events`,
    `${st.unparsed.toLocaleString('en-US')} not understood`,
    `${st.rules.compiled} rules`,
  ];
  if (st.duplicates)
    parts.push(
      `${st.duplicates.toLocaleString('en-US')} SSH attempts seen in both auth.log and audit.log, counted once`,
    );
  if (st.outsideTimeRange > 0)
    parts.push(`${st.outsideTimeRange.toLocaleString('en-US')} outside the time range`);
  if (st.intel.feeds.length > 0) {
    parts.push(
      `${st.intel.indicators} indicators from ${st.intel.feeds.length} feed(s), ${st.onFeeds} events on them`,
    );
  }
  return `Vigil detect: ${parts.join('; ')}.`;
}

function tone(s: Style, severity: Alert['severity']): string {
  if (severity === 'High') return s.red(severity);
  if (severity === 'Medium') return s.yellow(severity);
  return s.dim(severity);
}

/** Host, then where from, then who: the entities a responder pivots on; then the feeds that list an address. */
export function entitySummary(alert: Alert): string {
  const e = alert.entities;
  const parts: string[] = [];
  if (e.hosts.length > 0) parts.push(counted(e.hosts, 'hosts'));
  if (e.sourceIps.length > 0) parts.push(`from ${counted(e.sourceIps, 'addresses')}`);
  else if (e.ips.length > 0) parts.push(counted(e.ips, 'addresses'));
  if (e.accounts.length > 0) parts.push(`as ${counted(e.accounts, 'accounts')}`);
  if (e.hosts.length === 0 && e.resources.length > 0)
    parts.push(counted(uniqueNames(e.resources.map(resourceName)), 'resources'));
  const feeds = [...new Set((alert.threatIntel ?? []).map((t) => t.feed))];
  const summary = parts.join(' ');
  return feeds.length > 0 ? `${summary}; listed by ${feeds.join(', ')}` : summary;
}

function counted(values: string[], noun: string): string {
  return values.length === 1 ? values[0]! : `${values[0]} +${values.length - 1} ${noun}`;
}

/** A resource by the name an analyst knows it by: a VM's extension or run command is the VM. */
function resourceName(id: string): string {
  return vmOfResource(id)?.name ?? id.slice(id.lastIndexOf('/') + 1);
}

/** Names once each, in any case (Azure names are case-insensitive), as first written. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
}

/** `2015-12-10 07:13:43` (UTC): the precision a table needs. */
function shortTime(iso: string): string {
  return iso.length >= 19 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
