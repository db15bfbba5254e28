import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';

/** A VM by resource ID or by name; a name several VMs share is an error that lists their IDs. */
export function findVm(inventory: Inventory, nameOrId: string): { vm: Resource } | { error: string } {
  if (nameOrId.startsWith('/')) {
    const vm = inventory.get(nameOrId);
    if (vm && vm.type.toLowerCase() === VM_TYPE.toLowerCase()) return { vm };
    return { error: `no virtual machine with ID ${nameOrId} in the inventory` };
  }
  const matches = inventory.byType(VM_TYPE).filter((vm) => vm.name.toLowerCase() === nameOrId.toLowerCase());
  if (matches.length === 1) return { vm: matches[0]! };
  if (matches.length === 0) return { error: `no virtual machine named '${nameOrId}' in the inventory` };
  return {
    error: `${matches.length} virtual machines are named '${nameOrId}'; give one by ID:\n${matches.map((m) => `  ${m.id}`).join('\n')}`,
  };
}
