import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import {
  decodeTagSupport,
  indexedModeApplies,
  supportsTagsAndLocation,
} from '../../src/policy/tag-support.ts';

const DATA = new URL('../../src/policy/data/tag-support.json', import.meta.url);

// Expected values are the "Supports tags" column of
// MicrosoftDocs/azure-docs@00e046fd:articles/azure-resource-manager/management/tag-support.md.
const documented: [type: string, supportsTags: boolean][] = [
  ['Microsoft.Compute/virtualMachines', true],
  ['Microsoft.Compute/virtualMachines/extensions', true],
  ['Microsoft.Compute/virtualMachines/runCommands', true],
  ['Microsoft.Compute/virtualMachineScaleSets/extensions', false],
  ['Microsoft.Compute/virtualMachineScaleSets/publicIPAddresses', true],
  ['Microsoft.Compute/galleries/images', false],
  ['Microsoft.Compute/disks', true],
  ['Microsoft.Network/networkSecurityGroups', true],
  ['Microsoft.Network/virtualNetworks/subnets', false],
  ['Microsoft.Network/networkWatchers/flowLogs', false],
  ['Microsoft.Network/networkWatchers/connectionMonitors', true],
  ['Microsoft.Network/frontdoors', true], // "Yes, but limited": tags only at creation
  ['Microsoft.Network/trafficmanagerprofiles/heatMaps', false],
  ['Microsoft.Security/pricings', false],
  ['Microsoft.Security/assessments', false],
  ['Microsoft.Security/automations', true],
  ['Microsoft.Insights/diagnosticSettings', false],
  ['Microsoft.Insights/guestDiagnosticSettingsAssociation', true],
  ['Microsoft.KeyVault/vaults', true],
  ['Microsoft.KeyVault/vaults/secrets', false],
  ['Microsoft.HybridCompute/machines/extensions', true],
  ['Microsoft.GuestConfiguration/guestConfigurationAssignments', false],
  ['Microsoft.Maintenance/configurationAssignments', false],
  ['Microsoft.Automation/automationAccounts/runbooks', true],
  ['Microsoft.Automation/automationAccounts/jobs', false],
  ['Microsoft.RecoveryServices/vaults', true],
  ['Microsoft.OperationalInsights/workspaces/dataSources', false],
  ['Microsoft.Storage/storageAccounts/blobServices', false],
  ['Microsoft.Authorization/resourceManagementPrivateLinks', true],
  ['Microsoft.Authorization/policyAssignments', false],
  ['Microsoft.Resources/resourceGroups', true],
];

describe('supportsTagsAndLocation', () => {
  it.each(documented)('%s → %s', (type, expected) => {
    expect(supportsTagsAndLocation(type)).toBe(expected);
  });

  it.each([
    ['MICROSOFT.COMPUTE/VIRTUALMACHINES', true],
    ['microsoft.network/virtualnetworks/subnets', false],
  ])('ignores case: %s → %s', (type, expected) => {
    expect(supportsTagsAndLocation(type)).toBe(expected);
  });

  it.each([
    // Not listed on the page at this commit, although Azure has them.
    'Microsoft.Network/networkSecurityGroups/securityRules',
    'Microsoft.Network/routeTables/routes',
    // Namespace outside the transcribed set (and newer than the page).
    'Microsoft.Monitor/accounts',
    'Microsoft.Resources/subscriptions/resourceGroups',
  ])('is undefined for a type the table does not list: %s', (type) => {
    expect(supportsTagsAndLocation(type)).toBeUndefined();
  });
});

describe('indexedModeApplies', () => {
  it.each([
    ['Microsoft.Resources/resourceGroups', { location: 'westeurope', tags: { env: 'prod' } }],
    ['Microsoft.Resources/subscriptions/resourceGroups', { location: 'westeurope' }],
    ['microsoft.resources/subscriptions', {}],
  ])('excludes resource groups and subscriptions even though they take tags: %s', (type, resource) => {
    expect(indexedModeApplies(type, resource)).toBe(false);
  });

  it.each([
    ['Microsoft.Compute/virtualMachines', {}, true],
    ['Microsoft.Compute/virtualMachines/extensions', { location: 'westeurope' }, true],
    ['Microsoft.Security/pricings', { location: 'westeurope' }, false],
    ['Microsoft.Network/virtualNetworks/subnets', { location: 'westeurope' }, false],
  ])('lets the table decide for a listed type, whatever the JSON holds: %s', (type, resource, expected) => {
    expect(indexedModeApplies(type, resource)).toBe(expected);
  });

  describe('falls back to the resource JSON for an unlisted type', () => {
    it.each([
      ['a location', { location: 'westeurope' }, true],
      ['a location but no tags', { location: 'westeurope', tags: undefined }, true],
      ['no location', {}, false],
      ['no location but tags', { tags: { env: 'prod' } }, false],
      ['an empty location', { location: '' }, false],
      ['a non-string location', { location: 42 }, false],
    ])('%s', (_, resource, expected) => {
      expect(indexedModeApplies('Contoso.Widgets/widgets', resource)).toBe(expected);
    });

    it('leaves out an NSG security rule, which ARM returns without a location', () => {
      const rule: Resource = {
        id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/ssh',
        name: 'ssh',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        properties: { access: 'Allow', direction: 'Inbound', priority: 100 },
      };
      expect(indexedModeApplies(rule.type, rule)).toBe(false);
    });

    it('leaves out a route, as definition-structure-basics.md says indexed mode does', () => {
      expect(indexedModeApplies('Microsoft.Network/routeTables/routes', { properties: {} })).toBe(false);
    });
  });
});

describe('data/tag-support.json', () => {
  const data = JSON.parse(readFileSync(DATA, 'utf8')) as { source: string; types: Record<string, boolean> };

  it('names the page and the commit it was transcribed from', () => {
    expect(data.source).toMatch(
      /^MicrosoftDocs\/azure-docs@[0-9a-f]{40}:articles\/azure-resource-manager\/management\/tag-support\.md$/,
    );
  });

  it('holds every row of the transcribed namespaces', () => {
    const counts: Record<string, number> = {};
    for (const type of Object.keys(data.types)) {
      const namespace = type.slice(0, type.indexOf('/'));
      counts[namespace] = (counts[namespace] ?? 0) + 1;
    }
    expect(counts).toEqual({
      'microsoft.authorization': 19,
      'microsoft.automation': 9,
      'microsoft.cdn': 9,
      'microsoft.compute': 37,
      'microsoft.containerregistry': 34,
      'microsoft.containerservice': 3,
      'microsoft.dataprotection': 2,
      'microsoft.devtestlab': 6,
      'microsoft.eventhub': 9,
      'microsoft.guestconfiguration': 7,
      'microsoft.hybridcompute': 4,
      'microsoft.insights': 21,
      'microsoft.keyvault': 9,
      'microsoft.maintenance': 5,
      'microsoft.managedidentity': 2,
      'microsoft.management': 6,
      'microsoft.network': 81,
      'microsoft.operationalinsights': 12,
      'microsoft.recoveryservices': 2,
      'microsoft.resources': 13,
      'microsoft.security': 51,
      'microsoft.servicebus': 13,
      'microsoft.sql': 21,
      'microsoft.storage': 9,
      'microsoft.web': 41,
    });
  });
});

describe('decodeTagSupport', () => {
  it.each([
    [[], 'bad.json: expected an object with "source" and "types"'],
    [{ types: {} }, 'bad.json at /source: expected a non-empty string'],
    [{ source: 's', types: [] }, 'bad.json at /types: expected an object'],
    [
      { source: 's', types: { 'microsoft.compute/disks': 'Yes' } },
      'at /types/microsoft.compute~1disks: expected true or false',
    ],
    [
      { source: 's', types: { 'Microsoft.Compute/disks': true } },
      'at /types/Microsoft.Compute~1disks: expected a lower-cased',
    ],
    [{ source: 's', types: { disks: true } }, 'at /types/disks: expected a lower-cased full type name'],
  ])('rejects %j naming the field', (json, message) => {
    expect(() => decodeTagSupport(json, 'bad.json')).toThrow(message);
  });
});

describe('where the tag-support page contradicts Azure', () => {
  it('evaluates compute gallery image versions in Indexed mode (tracked resources, targeted by Indexed built-ins)', () => {
    expect(supportsTagsAndLocation('Microsoft.Compute/galleries/images/versions')).toBe(false);
    expect(indexedModeApplies('Microsoft.Compute/galleries/images/versions', { location: 'eastus' })).toBe(
      true,
    );
    expect(indexedModeApplies('microsoft.compute/galleries/images', {})).toBe(true);
  });
});
