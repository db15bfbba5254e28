import { describe, expect, it } from 'vitest';
import {
  layoutOf,
  normalizeId,
  normalizeType,
  parseResourceId,
  resourceTypeOf,
} from '../../src/inventory/resource-id.ts';

const SUB = '/subscriptions/8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f';
const RG = `${SUB}/resourceGroups/rg-web-prod`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web-01`;

describe('parseResourceId', () => {
  it.each([
    {
      name: 'subscription',
      id: SUB,
      expected: {
        subscriptionId: '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f',
        resourceGroup: undefined,
        fullType: 'Microsoft.Resources/subscriptions',
        names: ['8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f'],
        parentId: undefined,
        scopeId: undefined,
        isSubscription: true,
        isResourceGroup: false,
      },
    },
    {
      name: 'resource group, keyword in Resource Graph casing',
      id: `${SUB}/resourcegroups/RG-Web-Prod`,
      expected: {
        resourceGroup: 'RG-Web-Prod',
        fullType: 'Microsoft.Resources/resourceGroups',
        names: ['RG-Web-Prod'],
        isSubscription: false,
        isResourceGroup: true,
      },
    },
    {
      name: 'top-level resource',
      id: VM,
      expected: {
        resourceGroup: 'rg-web-prod',
        provider: 'Microsoft.Compute',
        fullType: 'Microsoft.Compute/virtualMachines',
        names: ['vm-web-01'],
        name: 'vm-web-01',
        parentId: undefined,
        scopeId: undefined,
      },
    },
    {
      name: 'child resource',
      id: `${VM}/extensions/MDE.Linux`,
      expected: {
        fullType: 'Microsoft.Compute/virtualMachines/extensions',
        names: ['vm-web-01', 'MDE.Linux'],
        name: 'MDE.Linux',
        parentId: VM,
      },
    },
    {
      name: 'grandchild resource',
      id: `${RG}/providers/Microsoft.Sql/servers/sql-1/databases/db-1/securityAlertPolicies/default`,
      expected: {
        fullType: 'Microsoft.Sql/servers/databases/securityAlertPolicies',
        names: ['sql-1', 'db-1', 'default'],
        parentId: `${RG}/providers/Microsoft.Sql/servers/sql-1/databases/db-1`,
      },
    },
    {
      name: 'extension resource on a VM',
      id: `${VM}/providers/Microsoft.Security/assessments/bc303248-3d14-44c2-96a0-55f5c326b5fe`,
      expected: {
        subscriptionId: '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f',
        resourceGroup: 'rg-web-prod',
        provider: 'Microsoft.Security',
        fullType: 'Microsoft.Security/assessments',
        names: ['bc303248-3d14-44c2-96a0-55f5c326b5fe'],
        parentId: undefined,
        scopeId: VM,
      },
    },
    {
      name: 'child of an extension resource',
      id: `${VM}/providers/Microsoft.Security/assessments/key-1/subAssessments/sub-1`,
      expected: {
        fullType: 'Microsoft.Security/assessments/subAssessments',
        parentId: `${VM}/providers/Microsoft.Security/assessments/key-1`,
        scopeId: VM,
      },
    },
    {
      name: 'extension resource on a child resource',
      id: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/snet-1/providers/Microsoft.Insights/diagnosticSettings/diag`,
      expected: {
        fullType: 'Microsoft.Insights/diagnosticSettings',
        scopeId: `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-1/subnets/snet-1`,
        parentId: undefined,
      },
    },
    {
      name: 'subscription-level resource (not an extension of a resource)',
      id: `${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`,
      expected: {
        resourceGroup: undefined,
        fullType: 'Microsoft.Security/pricings',
        scopeId: undefined,
      },
    },
    {
      name: 'tenant-level resource',
      id: '/providers/Microsoft.Management/managementGroups/mg-contoso',
      expected: {
        subscriptionId: undefined,
        fullType: 'Microsoft.Management/managementGroups',
        names: ['mg-contoso'],
        scopeId: undefined,
      },
    },
    {
      name: 'location-scoped type, as JIT policies have',
      id: `${RG}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`,
      expected: {
        fullType: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
        names: ['westeurope', 'default'],
      },
    },
    {
      name: 'keywords in any case, trailing slash',
      id: `/SUBSCRIPTIONS/abc/RESOURCEGROUPS/rg/PROVIDERS/microsoft.compute/virtualmachines/vm1/`,
      expected: {
        subscriptionId: 'abc',
        resourceGroup: 'rg',
        fullType: 'microsoft.compute/virtualmachines',
        name: 'vm1',
      },
    },
    {
      name: 'a resource named like a keyword',
      id: `${RG}/providers/Microsoft.Compute/virtualMachines/providers`,
      expected: { fullType: 'Microsoft.Compute/virtualMachines', name: 'providers', scopeId: undefined },
    },
  ])('$name', ({ id, expected }) => {
    expect(parseResourceId(id)).toMatchObject(expected);
  });

  it.each([
    ['empty', ''],
    ['relative', 'subscriptions/abc'],
    ['just a slash', '/'],
    ['a GUID, as az account show prints', '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f'],
    ['subscription without id', '/subscriptions'],
    ['resource group without name', `${SUB}/resourceGroups`],
    ['collection URL (type without name)', `${RG}/providers/Microsoft.Compute/virtualMachines`],
    ['child type without name', `${VM}/extensions`],
    ['empty segment', `${SUB}//resourceGroups/rg`],
    ['unknown segment after the resource group', `${RG}/deployments/d1`],
    ['subscription child that is not a provider resource', `${SUB}/locations/westeurope`],
    ['providers without namespace and type', `${RG}/providers/Microsoft.Compute`],
  ])('rejects %s', (_name, id) => {
    expect(parseResourceId(id)).toBeUndefined();
  });

  it('keeps the spelling it was given', () => {
    const parsed = parseResourceId(
      `${SUB}/resourcegroups/RG-WEB-PROD/providers/Microsoft.Compute/virtualMachines/VM-1/extensions/x`,
    );
    expect(parsed?.parentId).toBe(
      `${SUB}/resourcegroups/RG-WEB-PROD/providers/Microsoft.Compute/virtualMachines/VM-1`,
    );
  });
});

describe('normalizeId', () => {
  it('gives two spellings of one ID the same key', () => {
    expect(normalizeId(`${SUB}/resourceGroups/RG-Web/providers/Microsoft.Compute/virtualMachines/VM1/`)).toBe(
      normalizeId(
        `${SUB.toUpperCase()}/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/vm1`,
      ),
    );
  });

  it('drops every trailing slash but keeps the root', () => {
    expect(normalizeId('/subscriptions/ABC//')).toBe('/subscriptions/abc');
    expect(normalizeId('/')).toBe('/');
  });
});

describe('resourceTypeOf', () => {
  it('is the full type, or undefined for a malformed ID', () => {
    expect(resourceTypeOf(`${VM}/extensions/e`)).toBe('Microsoft.Compute/virtualMachines/extensions');
    expect(resourceTypeOf('not-an-id')).toBeUndefined();
  });
});

describe('normalizeType', () => {
  it('lower-cases, and maps Resource Graph resource groups to the ARM type', () => {
    expect(normalizeType('Microsoft.Compute/virtualMachines')).toBe('microsoft.compute/virtualmachines');
    expect(normalizeType('microsoft.resources/subscriptions/resourcegroups')).toBe(
      normalizeType('Microsoft.Resources/resourceGroups'),
    );
  });
});

describe('layoutOf', () => {
  it.each([
    `/subscriptions/abc`,
    `/subscriptions/abc/resourceGroups/rg`,
    `/SUBSCRIPTIONS/abc/RESOURCEGROUPS/rg/PROVIDERS/microsoft.compute/virtualmachines/vm1/`,
    `/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/extensions/x`,
    `/subscriptions/abc/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Security/assessments/k`,
    `/subscriptions/abc/providers/Microsoft.Security/pricings/VirtualMachines`,
    '/providers/Microsoft.Management/managementGroups/mg-contoso',
    `/subscriptions/abc/resourceGroups/rg/deployments/d1`,
    '/',
  ])('places the parts parseResourceId finds in %s', (id) => {
    const parsed = parseResourceId(id);
    const layout = layoutOf(id);
    if (parsed === undefined) {
      expect(layout).toBeUndefined();
      return;
    }
    expect(layout).toBeDefined();
    const part = (start: number, end: number) => (start === -1 ? undefined : id.slice(start, end));
    expect(part(layout!.subscriptionStart, layout!.subscriptionEnd)).toBe(parsed.subscriptionId);
    expect(part(layout!.groupStart, layout!.groupEnd)).toBe(parsed.resourceGroup);
    expect(part(layout!.parentEnd === -1 ? -1 : 0, layout!.parentEnd)).toBe(parsed.parentId);
    expect(part(layout!.scopeEnd === -1 ? -1 : 0, layout!.scopeEnd)).toBe(parsed.scopeId);
  });
});
