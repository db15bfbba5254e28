import type { Resource } from '../../inventory/resource.ts';
import type { Evidence } from '../types.ts';
import { dedupe, type NetworkModel } from './network-model.ts';

/** The ports Defender for Cloud proposes to protect with JIT: SSH, RDP, WinRM over HTTP and HTTPS (MicrosoftDocs/azure-docs@2604a2d6 articles/defender-for-cloud/just-in-time-access-usage.yml). */
export const MANAGEMENT_PORTS: readonly number[] = [22, 3389, 5985, 5986];

export interface ManagementPorts {
  /** Management ports a host on the internet can reach over TCP, with the evidence for each. */
  open: { port: number; evidence: Evidence[] }[];
  /** Why the closed ones are closed: the deny rule that decides each. */
  closed: Evidence[];
  /** Evidence for ports whose exposure the snapshot cannot tell. */
  unknown: Evidence[];
}

/**
 * Two recommendations ask this of every VM (JIT and closed management ports), and a scan asks all its
 * analyzers about one VM before the next: the last answer per model is kept.
 */
const last = new WeakMap<NetworkModel, { vm: Resource; ports: ManagementPorts }>();

export function internetReachableManagementPorts(model: NetworkModel, vm: Resource): ManagementPorts {
  const known = last.get(model);
  if (known?.vm === vm) return known.ports;
  const ports = managementPorts(model, vm);
  last.set(model, { vm, ports });
  return ports;
}

function managementPorts(model: NetworkModel, vm: Resource): ManagementPorts {
  const open: ManagementPorts['open'] = [];
  const closed: Evidence[] = [];
  const unknown: Evidence[] = [];
  for (const port of MANAGEMENT_PORTS) {
    const verdict = model.vmInboundAllowed(vm, port, 'Tcp', 'Internet');
    if (verdict.allowed === true) open.push({ port, evidence: verdict.evidence });
    else if (verdict.allowed === 'unknown') unknown.push(...verdict.evidence);
    else if (verdict.rule) {
      const rule = verdict.rule;
      closed.push({
        message: `port ${port} is closed by rule ${rule.name} of NSG ${rule.nsgName} (priority ${rule.priority}${rule.isDefault ? ', default rule' : ''})`,
        resourceId: rule.id,
      });
    }
  }
  return { open, closed, unknown: dedupe(unknown) };
}

/** The evidence of a VM with every management port closed to the internet: the fact, then the rules closing them. */
export function noManagementPortOpen(closed: readonly Evidence[]): Evidence[] {
  return [
    { message: `no management port (${MANAGEMENT_PORTS.join(', ')}) is open to the internet` },
    ...closed,
  ];
}
