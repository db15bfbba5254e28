import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { complianceOf, RG } from '../support/policy.ts';

// Expected values are the "Supports tags" column of
// MicrosoftDocs/azure-docs@00e046fd:articles/azure-resource-manager/management/tag-support.md for the
// namespaces added to data/tag-support.json for a VM estate's neighbourhood. An Indexed definition
// "only evaluates resource types that support tags and location" (definition-structure-basics.md, "mode").
// Every resource carries a location, as ARM and Resource Graph return child resources of tracked parents
// too: a non-taggable type is skipped only because the table says so, not for want of a location.
const byNamespace: [type: string, supportsTags: boolean][] = [
  ['Microsoft.Web/sites', true],
  ['Microsoft.Web/sites/slots', true],
  ['Microsoft.Web/sites/config', false],
  ['Microsoft.Web/sites/hostNameBindings', false],
  ['Microsoft.Web/serverFarms', true],
  ['Microsoft.Sql/servers', true],
  ['Microsoft.Sql/servers/databases', true],
  ['Microsoft.Sql/servers/firewallRules', false],
  ['Microsoft.Sql/servers/encryptionProtector', false],
  ['Microsoft.Sql/managedInstances/databases', true],
  ['Microsoft.ContainerService/managedClusters', true],
  ['Microsoft.ContainerRegistry/registries', true],
  ['Microsoft.ContainerRegistry/registries/replications', true],
  ['Microsoft.ContainerRegistry/registries/scopeMaps', false],
  ['Microsoft.ContainerRegistry/registries/privateEndpointConnections', false],
  ['Microsoft.ManagedIdentity/userAssignedIdentities', true],
  ['Microsoft.ManagedIdentity/identities', false],
  ['Microsoft.DevTestLab/schedules', true],
  ['Microsoft.DevTestLab/labs/virtualMachines', true],
  ['Microsoft.DataProtection/backupVaults', true],
  ['Microsoft.EventHub/namespaces', true],
  ['Microsoft.EventHub/namespaces/eventhubs', false],
  ['Microsoft.EventHub/namespaces/authorizationRules', false],
  ['Microsoft.ServiceBus/namespaces', true],
  ['Microsoft.ServiceBus/namespaces/queues', false],
  ['Microsoft.ServiceBus/namespaces/topics/subscriptions', false],
  ['Microsoft.Cdn/profiles', true],
  ['Microsoft.Cdn/profiles/endpoints', true],
  ['Microsoft.Cdn/profiles/endpoints/origins', false],
  // Already in the table; checked against the same page.
  ['Microsoft.Compute/virtualMachines/extensions', true],
  ['Microsoft.Compute/virtualMachineScaleSets/extensions', false],
  ['Microsoft.Network/virtualNetworks/subnets', false],
];

/** A resource of `type` under rg-test, its id built from the type's segments. */
function resourceOf(type: string, extra: Partial<Resource> = {}): Resource {
  const [namespace, ...segments] = type.split('/');
  const path = segments.map((segment, i) => `${segment}/r${i}`).join('/');
  return {
    id: `${RG}/providers/${namespace}/${path}`,
    name: `r${segments.length - 1}`,
    type,
    location: 'westeurope',
    properties: {},
    ...extra,
  };
}

function auditType(mode: string, type: string): object {
  return {
    properties: { mode, policyRule: { if: { field: 'type', equals: type }, then: { effect: 'audit' } } },
  };
}

describe('Indexed mode follows the tag-support table in the added namespaces', () => {
  it.each(byNamespace)('%s (supports tags: %s)', (type, supportsTags) => {
    const resource = resourceOf(type);
    expect(complianceOf(auditType('Indexed', type), resource)).toBe(
      supportsTags ? 'nonCompliant' : 'notApplicable',
    );
    // The same rule in mode All evaluates it: the difference is the mode alone.
    expect(complianceOf(auditType('All', type), resource)).toBe('nonCompliant');
  });

  it('skips a management group, which Resource Graph lists with a tenant-level id', () => {
    const type = 'Microsoft.Management/managementGroups';
    const group = resourceOf(type, { id: `/providers/${type}/mg-platform`, name: 'mg-platform' });
    expect(complianceOf(auditType('Indexed', type), group)).toBe('notApplicable');
    expect(complianceOf(auditType('All', type), group)).toBe('nonCompliant');
  });

  it('evaluates a taggable type the table lists even when the JSON has no location', () => {
    const type = 'Microsoft.Web/sites/slots';
    const { location: _, ...slot } = resourceOf(type);
    expect(complianceOf(auditType('Indexed', type), slot)).toBe('nonCompliant');
  });
});

describe('a type the table does not list falls back to the location in its JSON', () => {
  // Microsoft.Monitor (Azure Monitor workspaces) is newer than the transcribed page.
  it.each([
    ['Microsoft.Monitor/accounts', { location: 'westeurope' }, 'nonCompliant'],
    ['Microsoft.Monitor/accounts', { location: undefined }, 'notApplicable'],
    ['Microsoft.Network/networkSecurityGroups/securityRules', { location: undefined }, 'notApplicable'],
  ] as const)('%s with %j → %s', (type, extra, expected) => {
    const resource = resourceOf(type, extra);
    expect(complianceOf(auditType('Indexed', type), resource)).toBe(expected);
  });
});
