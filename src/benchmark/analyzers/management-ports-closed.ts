import type { Analyzer } from '../types.ts';
import { internetReachableManagementPorts, noManagementPortOpen } from './management-ports.ts';
import { dedupe, judgement, undecided } from './network-model.ts';

/**
 * Management ports should be closed on your virtual machines: no management port may be reachable
 * from the internet through the VM's NSGs. A VM without any NSG lets everything in, so it is
 * unhealthy too. JIT does not make this healthy: with JIT the ports are closed between requests.
 */
export const managementPortsClosed: Analyzer = (context) => {
  const model = context.network();
  return (vm) => {
    const ports = internetReachableManagementPorts(model, vm);
    if (ports.open.length > 0) {
      return judgement('unhealthy', () =>
        dedupe(
          ports.open.flatMap((p) => [
            { message: `management port ${p.port} is open to the internet`, actual: p.port },
            ...p.verdict.evidence,
          ]),
        ),
      );
    }
    const unknown = ports.undecided ? ports.unknown() : [];
    if (unknown.length > 0) return { health: undecided(unknown), evidence: unknown };
    return judgement('healthy', () => noManagementPortOpen(ports.closed()));
  };
};
