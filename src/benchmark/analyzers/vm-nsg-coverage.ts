import type { Resource } from '../../inventory/resource.ts';
import type { Evidence, Judgement } from '../types.ts';
import { judgement, type NetworkModel, undecided } from './network-model.ts';

/**
 * Whether an NSG filters every way into the VM (each NIC IP configuration, at its subnet or its
 * NIC). One unfiltered interface is enough to let unrestricted traffic in.
 */
export function nsgCoverage(model: NetworkModel, vm: Resource): Judgement {
  const interfaces = model.vmNsgs(vm);
  const bare = interfaces.filter((i) => i.nsgs.length === 0 && i.unknown === undefined);
  if (bare.length > 0) {
    return judgement('unhealthy', () =>
      bare.map((i) => ({
        message: `NIC ${i.nicName}${i.subnetId ? ` (subnet ${lastSegment(i.subnetId)})` : ''} has no NSG on its subnet or on itself`,
        resourceId: i.nicId,
      })),
    );
  }
  // An interface with an NSG at either level is covered, whatever the other level holds.
  const unknown = interfaces.flatMap((i) => (i.unknown && i.nsgs.length === 0 ? [i.unknown] : []));
  if (unknown.length > 0 || interfaces.length === 0) {
    return {
      health: undecided(unknown),
      evidence:
        unknown.length > 0
          ? unknown
          : [{ message: `VM ${vm.name} lists no network interfaces`, resourceId: vm.id }],
    };
  }
  return judgement('healthy', () =>
    interfaces.flatMap((i) =>
      i.nsgs.map(
        (nsg): Evidence => ({
          message: `NIC ${i.nicName} is filtered by NSG ${nsg.name} on its ${nsg.level === 'nic' ? 'NIC' : 'subnet'}`,
          resourceId: nsg.id,
        }),
      ),
    ),
  );
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
