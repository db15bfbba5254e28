import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { definitionOf, evaluate, RG, vm } from '../support/policy.ts';

// Resource Graph's `Resources` table holds no resource groups (they are in `ResourceContainers`), so a
// snapshot often lacks the group its resources live in. Vigil knows such a group's name, not its location.
const group = (location: string): Resource => ({
  id: RG,
  name: 'rg-test',
  type: 'Microsoft.Resources/resourceGroups',
  location,
  properties: { provisioningState: 'Succeeded' },
});

// The built-ins "Audit resource location matches resource group location" (0a914e76-…) and
// "Allowed locations for resource groups" (e765b5de-…), rules as Azure/azure-policy ships them.
const matchesGroup = definitionOf({
  properties: {
    mode: 'Indexed',
    policyRule: {
      if: { field: 'location', notIn: ['[resourcegroup().location]', 'global'] },
      then: { effect: 'audit' },
    },
  },
  name: '0a914e76-4921-4c19-b460-a2d36003525a',
});
const allowedGroupLocations = definitionOf({
  properties: {
    mode: 'All',
    parameters: { listOfAllowedLocations: { type: 'Array', defaultValue: ['eastus'] } },
    policyRule: {
      if: {
        allOf: [
          { field: 'type', equals: 'Microsoft.Resources/subscriptions/resourceGroups' },
          { field: 'location', notIn: "[parameters('listOfAllowedLocations')]" },
        ],
      },
      then: { effect: 'deny' },
    },
  },
  name: 'e765b5de-1225-4ba3-bd56-1ac6695af988',
});

describe("a resource group the snapshot does not list has an unknown location, never ''", () => {
  it.each([
    [
      'listed group, same location',
      matchesGroup,
      [vm('vm1'), group('eastus')],
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
      'compliant',
    ],
    [
      'listed group, spelled as a display name',
      matchesGroup,
      [vm('vm1'), group('East US')],
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
      'compliant',
    ],
    [
      'listed group, other location',
      matchesGroup,
      [vm('vm1'), group('westeurope')],
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
      'nonCompliant',
    ],
    [
      'unlisted group',
      matchesGroup,
      [vm('vm1')],
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
      'unknown',
    ],
    // The known member decides: a `global` resource matches whatever the group's location.
    [
      'unlisted group, global resource',
      matchesGroup,
      [vm('vm1', {}, { location: 'global' })],
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
      'compliant',
    ],
    [
      'allowed group locations, listed group elsewhere',
      allowedGroupLocations,
      [vm('vm1'), group('westeurope')],
      RG,
      'nonCompliant',
    ],
    [
      'allowed group locations, listed group allowed',
      allowedGroupLocations,
      [vm('vm1'), group('eastus')],
      RG,
      'compliant',
    ],
    ['allowed group locations, unlisted group', allowedGroupLocations, [vm('vm1')], RG, 'unknown'],
  ])('%s', (_, definition, resources, id, expected) => {
    const result = evaluate(definition, resources).find((r) => r.resourceId === id)!;
    expect(result.compliance).toBe(expected);
    if (expected === 'unknown')
      expect(result.reasons[0]!.message).toContain(
        "the location of resource group 'rg-test', which the snapshot does not list",
      );
  });
});
