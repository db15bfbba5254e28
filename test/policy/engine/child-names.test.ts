import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/inventory/resource.ts';
import { complianceOf, RG, vm } from '../../support/policy.ts';

// `az resource list` (ARM's generic resource list) spells a child resource's name with its parents:
// "vm1/AzureMonitorLinuxAgent". Azure Policy's `name` field is the resource's own name and `fullName`
// the parent-prefixed one (definition-structure-policy-rule.md, "Fields": fullName "myServer/myDatabase").
const parent = vm('vm1');
const extensionId = `${parent.id}/extensions/AzureMonitorLinuxAgent`;
function extension(name: string): Resource {
  return {
    id: extensionId,
    name,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location: 'eastus',
    properties: { publisher: 'Microsoft.Azure.Monitor', type: 'AzureMonitorLinuxAgent' },
  };
}
const AS_ARM_GET = 'AzureMonitorLinuxAgent';
const AS_AZ_RESOURCE_LIST = 'vm1/AzureMonitorLinuxAgent';

const isExtension = { field: 'type', equals: 'Microsoft.Compute/virtualMachines/extensions' };
const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };
const auditIf = (condition: object) => ({
  if: { allOf: [isExtension, condition] },
  then: { effect: 'audit' },
});
const extensionNamed = (details: object) => ({
  if: isVm,
  then: {
    effect: 'auditIfNotExists',
    details: { type: 'Microsoft.Compute/virtualMachines/extensions', ...details },
  },
});

describe('a child resource named with its parents (az resource list)', () => {
  it.each([
    ['name equals the own name', auditIf({ field: 'name', equals: 'azuremonitorlinuxagent' })],
    ['name does not carry the parent', auditIf({ field: 'name', notContains: '/' })],
    ['fullName carries the parent', auditIf({ field: 'fullName', equals: 'VM1/AzureMonitorLinuxAgent' })],
    ['field() reads the own name', auditIf({ value: "[field('name')]", equals: 'AzureMonitorLinuxAgent' })],
  ])('%s', (_, rule) => {
    expect(complianceOf(rule, extension(AS_ARM_GET), [parent])).toBe('nonCompliant');
    expect(complianceOf(rule, extension(AS_AZ_RESOURCE_LIST), [parent])).toBe('nonCompliant');
  });

  it.each([
    ['a plain details.name', { name: 'AzureMonitorLinuxAgent' }],
    ['a parent/child details.name', { name: "[concat(field('name'), '/AzureMonitorLinuxAgent')]" }],
    [
      'existenceCondition on name',
      { existenceCondition: { field: 'name', equals: 'AzureMonitorLinuxAgent' } },
    ],
  ])('auditIfNotExists finds the extension by %s', (_, details) => {
    const rule = extensionNamed(details);
    expect(complianceOf(rule, parent, [extension(AS_ARM_GET)])).toBe('compliant');
    expect(complianceOf(rule, parent, [extension(AS_AZ_RESOURCE_LIST)])).toBe('compliant');
  });

  it('a related resource of the resource group is found by its own name too', () => {
    const flowLog = {
      id: `${RG}/providers/Microsoft.Network/networkWatchers/nw1/flowLogs/fl1`,
      name: 'nw1/fl1',
      type: 'Microsoft.Network/networkWatchers/flowLogs',
      location: 'eastus',
      properties: {},
    };
    const rule = {
      if: isVm,
      then: { effect: 'auditIfNotExists', details: { type: flowLog.type, name: 'fl1' } },
    };
    expect(complianceOf(rule, parent, [flowLog])).toBe('compliant');
  });
});
