import type { Alert } from '../alerts/index.ts';

/**
 * A Defender-style incident title from its alerts (given in kill-chain order) and hosts:
 * "Multi-stage incident involving Initial Access, Execution & Defense Evasion on UBUNTU5" when the alerts'
 * leading tactics differ, "Credential Access incident on LabSZ" when they share one, and where it happened:
 * the host, "N hosts", else the source address or Azure resource.
 */
export function incidentTitle(
  alerts: readonly Alert[],
  entities: { hosts: string[]; ips: string[]; resources: string[] },
): string {
  const stages: string[] = [];
  for (const alert of alerts) {
    const name = alert.tactics[0]?.name;
    if (name !== undefined && !stages.includes(name)) stages.push(name);
  }
  const where = placeOf(alerts, entities);
  if (stages.length >= 2) return `Multi-stage incident involving ${listed(stages)}${where}`;
  if (stages.length === 1) return `${stages[0]} incident${where}`;
  return `Incident with ${alerts.length} alerts${where}`;
}

function placeOf(alerts: readonly Alert[], entities: { hosts: string[]; resources: string[] }): string {
  if (entities.hosts.length === 1) return ` on ${entities.hosts[0]}`;
  if (entities.hosts.length > 1) return ` on ${entities.hosts.length} hosts`;
  const sources = new Set(alerts.flatMap((a) => a.entities.sourceIps));
  if (sources.size === 1) return ` from ${[...sources][0]}`;
  if (entities.resources.length === 1) return ` on ${entities.resources[0]!.split('/').pop()}`;
  return '';
}

/** "A", "A & B", "A, B & C", "A, B, C & 2 more". */
function listed(names: string[]): string {
  if (names.length <= 3) {
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
  }
  return `${names.slice(0, 3).join(', ')} & ${names.length - 3} more`;
}
