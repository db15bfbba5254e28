import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import { findVm } from '../../src/network/vm-lookup.ts';

// A Uniform scale set with one instance as ARM returns it (az vmss list-instances: type
// virtualMachineScaleSets/virtualMachines, name <scale set>_<instanceId>), and a Flexible scale set whose
// instance is an ordinary virtual machine pointing back at it (properties.virtualMachineScaleSet.id).
const RG = '/subscriptions/5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13/resourceGroups/rg-prod-web/providers';
const UNIFORM = `${RG}/Microsoft.Compute/virtualMachineScaleSets/vmss-web`;
const FLEXIBLE_VM = `${RG}/Microsoft.Compute/virtualMachines/vmss-flex_4f2a9c1e`;

function estate(): Inventory {
  const file = new URL('../fixtures/network/scale-set-instances.json', import.meta.url);
  const inventory = new Inventory();
  for (const resource of JSON.parse(readFileSync(file, 'utf8')) as Resource[]) inventory.add(resource);
  return inventory;
}

describe('findVm with scale sets', () => {
  const inventory = estate();

  it.each([
    ['a Flexible instance by name', 'vmss-flex_4f2a9c1e'],
    ['a Flexible instance by ID in other casing', FLEXIBLE_VM.toLowerCase()],
  ])('finds %s: it is a virtual machine', (_what, nameOrId) => {
    expect(findVm(inventory, nameOrId)).toEqual({ vm: inventory.get(FLEXIBLE_VM) });
  });

  it.each([
    [
      'a Uniform instance by name',
      'vmss-web_3',
      "no virtual machine named 'vmss-web_3' in the inventory: vmss-web_3 is an instance of the Uniform scale set vmss-web, which Vigil's network analysis does not model (it takes virtual machines, as a Flexible scale set's instances are)",
    ],
    [
      'a Uniform instance by ID',
      `${UNIFORM}/virtualMachines/3`,
      `no virtual machine with ID ${UNIFORM}/virtualMachines/3 in the inventory: vmss-web_3 is an instance of the Uniform scale set vmss-web, which Vigil's network analysis does not model (it takes virtual machines, as a Flexible scale set's instances are)`,
    ],
    [
      'a scale set by name',
      'VMSS-FLEX',
      "no virtual machine named 'VMSS-FLEX' in the inventory: vmss-flex is a virtual machine scale set; give one of its virtual machines (a Flexible scale set's instances are virtual machines; a Uniform scale set's instances are not modelled)",
    ],
    [
      'a scale set by ID',
      UNIFORM,
      `no virtual machine with ID ${UNIFORM} in the inventory: vmss-web is a virtual machine scale set; give one of its virtual machines (a Flexible scale set's instances are virtual machines; a Uniform scale set's instances are not modelled)`,
    ],
    ['a name nothing has', 'vm-nope', "no virtual machine named 'vm-nope' in the inventory"],
  ])('refuses %s and says what it is', (_what, nameOrId, error) => {
    expect(findVm(inventory, nameOrId)).toEqual({ error });
  });
});
