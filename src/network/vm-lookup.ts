import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const SCALE_SET_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';
const INSTANCE_TYPE = 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines';

/** A VM by resource ID or by name; a name several VMs share is an error that lists their IDs. */
export function findVm(inventory: Inventory, nameOrId: string): { vm: Resource } | { error: string } {
  if (nameOrId.startsWith('/')) {
    const vm = inventory.get(nameOrId);
    if (vm && vm.type.toLowerCase() === VM_TYPE.toLowerCase()) return { vm };
    return { error: `no virtual machine with ID ${nameOrId} in the inventory${scaleSetHint(inventory, vm)}` };
  }
  const matches = inventory.byType(VM_TYPE).filter((vm) => vm.name.toLowerCase() === nameOrId.toLowerCase());
  if (matches.length === 1) return { vm: matches[0]! };
  if (matches.length === 0) {
    const other = [SCALE_SET_TYPE, INSTANCE_TYPE]
      .flatMap((type) => inventory.byType(type))
      .find((r) => r.name.toLowerCase() === nameOrId.toLowerCase());
    return {
      error: `no virtual machine named '${nameOrId}' in the inventory${scaleSetHint(inventory, other)}`,
    };
  }
  return {
    error: `${matches.length} virtual machines are named '${nameOrId}'; give one by ID:\n${matches.map((m) => `  ${m.id}`).join('\n')}`,
  };
}

/**
 * Why a scale set or a scale-set instance the user named is not a VM here: a Flexible scale set's instances
 * are virtual machines of their own, a Uniform one's are `virtualMachineScaleSets/virtualMachines`, which the
 * network model does not cover (docs/network.md, "Not modelled"); saying only "not in the inventory" would
 * send the user looking for a resource the snapshot holds.
 */
function scaleSetHint(inventory: Inventory, resource: Resource | undefined): string {
  const type = resource?.type.toLowerCase();
  if (type === SCALE_SET_TYPE.toLowerCase())
    return `: ${resource!.name} is a virtual machine scale set; give one of its virtual machines (a Flexible scale set's instances are virtual machines; a Uniform scale set's instances are not modelled)`;
  if (type === INSTANCE_TYPE.toLowerCase()) {
    const scaleSet = inventory.parsedId(resource!)?.names[0];
    return `: ${resource!.name} is an instance of the Uniform scale set ${scaleSet ?? '(unknown)'}, which Vigil's network analysis does not model (it takes virtual machines, as a Flexible scale set's instances are)`;
  }
  return '';
}
