import type { Inventory } from '../../inventory/inventory.ts';
import type { Resource } from '../../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonValue } from '../../util/json.ts';
import type { Analyzer } from '../types.ts';
import { internetReachableManagementPorts, noManagementPortOpen } from './management-ports.ts';
import { dedupe, judgement, undecided } from './network-model.ts';

const JIT_POLICY_TYPE = 'Microsoft.Security/locations/jitNetworkAccessPolicies';

/**
 * Management ports of virtual machines should be protected with just-in-time network access
 * control. Scope as Defender documents it (MicrosoftDocs/azure-docs@2604a2d6
 * articles/defender-for-cloud/just-in-time-access-usage.yml, the "Unsupported" tab): a VM with no
 * NSG at all cannot use JIT and is not applicable. A VM whose NSGs let a management port in from
 * the internet is unhealthy unless a JIT policy lists it with that port. A VM whose management
 * ports are closed is healthy: it has nothing JIT would protect (Defender's decision chart is an
 * image; this is Vigil's reading of it).
 */
export const jitManagementPorts: Analyzer = (context) => {
  const model = context.network();
  const jit = jitPorts(context.inventory);
  return (vm) => {
    const interfaces = model.vmNsgs(vm);
    if (interfaces.every((i) => i.nsgs.length === 0)) {
      const unknownInterfaces = interfaces.flatMap((i) => (i.unknown ? [i.unknown] : []));
      return {
        health: undecided(unknownInterfaces),
        evidence:
          interfaces.length === 0
            ? [{ message: `VM ${vm.name} lists no network interfaces`, resourceId: vm.id }]
            : unknownInterfaces.length > 0
              ? unknownInterfaces
              : [
                  {
                    message:
                      'no NSG filters this VM, and JIT works through NSG rules: Defender lists such VMs as unsupported',
                  },
                ],
      };
    }
    const ports = internetReachableManagementPorts(model, vm);
    if (ports.open.length > 0) {
      const covered = jit.get(vm.id.toLowerCase());
      const unprotected = ports.open.filter((p) => !covered?.ports.has(p.port));
      if (unprotected.length > 0) {
        return judgement('unhealthy', () =>
          dedupe(
            unprotected.flatMap((p) => [
              {
                message: `management port ${p.port} is open to the internet and no JIT policy protects it${covered ? ` (JIT policy ${covered.policy.name} lists ports ${[...covered.ports].join(', ')})` : ''}`,
                actual: p.port,
                resourceId: covered?.policy.id,
              },
              ...p.verdict.evidence,
            ]),
          ),
        );
      }
      return judgement('healthy', () => [
        {
          message: `JIT policy ${covered!.policy.name} protects management ports ${ports.open.map((p) => p.port).join(', ')}`,
          resourceId: covered!.policy.id,
        },
      ]);
    }
    const unknown = ports.undecided ? ports.unknown() : [];
    if (unknown.length > 0) return { health: undecided(unknown), evidence: unknown };
    return judgement('healthy', () => noManagementPortOpen(ports.closed()));
  };
};

interface JitCoverage {
  policy: Resource;
  ports: Set<number>;
}

/** VM ID (lower-cased) → the JIT policy listing it and its TCP ports (`protocol` TCP or `*`). */
function jitPorts(inventory: Inventory): Map<string, JitCoverage> {
  const byVm = new Map<string, JitCoverage>();
  for (const policy of inventory.byType(JIT_POLICY_TYPE)) {
    for (const entry of list(
      isJsonObject(policy.properties) ? getProperty(policy.properties, 'virtualMachines') : undefined,
    )) {
      const id = getProperty(entry, 'id');
      if (typeof id !== 'string') continue;
      const coverage = byVm.get(id.toLowerCase()) ?? { policy, ports: new Set<number>() };
      for (const rule of list(getProperty(entry, 'ports'))) {
        const number = getProperty(rule, 'number');
        const protocol = getProperty(rule, 'protocol');
        const tcp = typeof protocol !== 'string' || protocol === '*' || protocol.toLowerCase() === 'tcp';
        if (typeof number === 'number' && tcp) coverage.ports.add(number);
      }
      byVm.set(id.toLowerCase(), coverage);
    }
  }
  return byVm;
}

function list(value: JsonValue | undefined) {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
