import type { Resource } from '../../inventory/resource.ts';
import type { Evidence } from '../types.ts';
import { dedupe, type InboundVerdict, type NetworkModel } from './network-model.ts';

/** The ports Defender for Cloud proposes to protect with JIT: SSH, RDP, WinRM over HTTP and HTTPS (MicrosoftDocs/azure-docs@2604a2d6 articles/defender-for-cloud/just-in-time-access-usage.yml). */
export const MANAGEMENT_PORTS: readonly number[] = [22, 3389, 5985, 5986];

/**
 * The verdicts come first and the evidence when asked for: a scan keeps only each VM's health, and
 * working out why for every port of every VM was most of what the analyzers cost.
 */
export interface ManagementPorts {
  /** Management ports a host on the internet can reach over TCP, each with its verdict (and so its evidence). */
  open: { port: number; verdict: InboundVerdict }[];
  /** Whether the snapshot cannot tell some port's exposure. */
  undecided: boolean;
  /** Evidence for ports whose exposure the snapshot cannot tell. */
  unknown(): Evidence[];
  /** Why the closed ones are closed: the deny rule that decides each. */
  closed(): Evidence[];
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
  return new PortVerdicts(
    MANAGEMENT_PORTS.map((port) => ({ port, verdict: model.vmInboundAllowed(vm, port, 'Tcp', 'Internet') })),
  );
}

/** A class: closures made per VM would each be named at run time (tsx keeps function names). */
class PortVerdicts implements ManagementPorts {
  readonly open: ManagementPorts['open'];
  readonly undecided: boolean;

  constructor(private readonly verdicts: { port: number; verdict: InboundVerdict }[]) {
    this.open = verdicts.filter((v) => v.verdict.allowed === true);
    this.undecided = verdicts.some((v) => v.verdict.allowed === 'unknown');
  }

  unknown(): Evidence[] {
    return dedupe(this.verdicts.flatMap((v) => (v.verdict.allowed === 'unknown' ? v.verdict.evidence : [])));
  }

  closed(): Evidence[] {
    return this.verdicts.flatMap(({ port, verdict }) => {
      const rule = verdict.allowed === false ? verdict.rule : undefined;
      if (rule === undefined) return [];
      return [
        {
          message: `port ${port} is closed by rule ${rule.name} of NSG ${rule.nsgName} (priority ${rule.priority}${rule.isDefault ? ', default rule' : ''})`,
          resourceId: rule.id,
        },
      ];
    });
  }
}

/** The evidence of a VM with every management port closed to the internet: the fact, then the rules closing them. */
export function noManagementPortOpen(closed: readonly Evidence[]): Evidence[] {
  return [
    { message: `no management port (${MANAGEMENT_PORTS.join(', ')}) is open to the internet` },
    ...closed,
  ];
}
