import type { Alert } from '../alerts/index.ts';
import { parseIp } from '../sigma/cidr.ts';
import { machineOf } from './machine-name.ts';
import { vmOfResource } from './vm-resource.ts';

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
  // Machines by name in any case (host names are case-insensitive), counted over the alerts, not the
  // incident's list (bounded): 80 hosts are not "50 hosts", `VM-01` and `vm-01` are not 2, nor are `vm-01`
  // and its FQDN (machine-name.ts). A VM named in the Activity Log is the machine of that name
  // (vm-resource.ts).
  const machines = new Map<string, string>();
  for (const alert of alerts) {
    for (const host of alert.entities.hosts) addOnce(machines, machineKey(host), host);
    for (const resource of alert.entities.resources) {
      const vm = vmOfResource(resource);
      if (vm !== undefined) addOnce(machines, machineKey(vm.name), vm.name);
    }
  }
  if (machines.size === 1) return ` on ${entities.hosts[0] ?? [...machines.values()][0]}`;
  if (machines.size > 1) return ` on ${machines.size} hosts`;
  const sources = alerts.flatMap((a) => a.entities.sourceIps);
  // One address however written (`::ffff:203.0.113.5` is 203.0.113.5).
  if (sources.length > 0 && distinct(sources.map((ip) => parseIp(ip)?.toString(16) ?? ip)) === 1)
    return ` from ${sources[0]}`;
  if (distinct(entities.resources.map((r) => r.toLowerCase())) === 1)
    return ` on ${entities.resources[0]!.split('/').pop()}`;
  return '';
}

function machineKey(host: string): string {
  const lower = host.toLowerCase();
  return machineOf(lower) ?? lower;
}

function addOnce(map: Map<string, string>, key: string, value: string): void {
  if (!map.has(key)) map.set(key, value);
}

function distinct(values: string[]): number {
  return new Set(values).size;
}

/** "A", "A & B", "A, B & C", "A, B, C & 2 more". */
function listed(names: string[]): string {
  if (names.length <= 3) {
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
  }
  return `${names.slice(0, 3).join(', ')} & ${names.length - 3} more`;
}
