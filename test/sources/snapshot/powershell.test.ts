import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';
import { fromPowerShellResource } from '../../../src/sources/snapshot/powershell.ts';

const SHAPES = fileURLToPath(new URL('../../fixtures/snapshot-shapes/', import.meta.url));
const RG = '/subscriptions/2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21/resourceGroups/rg-web-prod/providers';

describe('Get-AzResource -ExpandProperties | ConvertTo-Json', () => {
  it('reads PSResource objects as the ARM resources they stand for', async () => {
    const file = join(SHAPES, 'get-azresource-expandproperties.json');
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const vm = result.inventory.get(`${RG}/Microsoft.Compute/virtualMachines/vm-web-01`);
    expect(vm).toMatchObject({
      name: 'vm-web-01',
      type: 'Microsoft.Compute/virtualMachines',
      location: 'westeurope',
      tags: { env: 'prod', owner: 'web-team' },
      identity: {
        type: 'SystemAssigned',
        principalId: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      },
      properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } },
    });
    // PowerShell's own fields are not ARM's and must not reach the rules.
    for (const key of ['ResourceId', 'TagsTable', 'Properties', 'ResourceType', 'CreatedTime', 'ETag']) {
      expect(vm).not.toHaveProperty(key);
    }
    const pip = result.inventory.get(`${RG}/Microsoft.Network/publicIPAddresses/vm-web-01-pip`);
    expect(pip?.sku).toEqual({ name: 'Standard', tier: 'Regional' });
    expect(result.inventory.origin(pip!)).toMatchObject({ file, line: 76, pointer: '/1' });
  });

  // ResourceIdentityType: SystemAssigned = 0, UserAssigned = 1, "SystemAssigned, UserAssigned" = 2, None = 3
  // (azure-powershell src/Resources/Resources.Management.Sdk/Generated/Models/ResourceIdentityType.cs).
  it.each([
    [0, undefined, 'SystemAssigned'],
    [1, undefined, 'UserAssigned'],
    [2, 'p', 'SystemAssigned, UserAssigned'],
    [3, undefined, 'None'],
    ['SystemAssignedUserAssigned', 'p', 'SystemAssigned, UserAssigned'], // ConvertTo-Json -EnumsAsStrings
    ['SystemAssigned', 'p', 'SystemAssigned'],
    // -ExpandProperties parses "SystemAssigned, UserAssigned" with Enum.TryParse, which makes it UserAssigned.
    [1, 'p', 'SystemAssigned, UserAssigned'],
  ])('identity Type %j (PrincipalId %j) is ARM type %j', (type, principalId, expected) => {
    const resource = fromPowerShellResource({
      ResourceId: `${RG}/Microsoft.Compute/virtualMachines/vm`,
      ResourceType: 'Microsoft.Compute/virtualMachines',
      Identity: {
        PrincipalId: principalId ?? null,
        TenantId: null,
        Type: type,
        UserAssignedIdentities: null,
      },
    });
    expect(resource.identity).toEqual({ type: expected, ...(principalId && { principalId }) });
  });

  it('keeps user-assigned identities keyed by their IDs', () => {
    const uami = `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`;
    const resource = fromPowerShellResource({
      ResourceId: `${RG}/Microsoft.Compute/virtualMachines/vm`,
      ResourceType: 'Microsoft.Compute/virtualMachines',
      Identity: {
        Type: 1,
        UserAssignedIdentities: { [uami]: { PrincipalId: 'a', ClientId: 'b' } },
      },
    });
    expect(resource.identity).toEqual({
      type: 'UserAssigned',
      userAssignedIdentities: { [uami]: { principalId: 'a', clientId: 'b' } },
    });
  });
});

describe('other PowerShell objects', () => {
  it('names the file and says how to export when given Get-AzVM | ConvertTo-Json', async () => {
    const file = join(SHAPES, 'get-azvm.json');
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([
      {
        file,
        line: 1,
        message: expect.stringMatching(
          /^not a resource: ".*\/virtualMachines\/vm-web-01" is a PowerShell object written by ConvertTo-Json .*Get-AzResource -ExpandProperties/,
        ),
      },
    ]);
    expect(result.stats).toMatchObject({ resources: 0, skipped: 1 });
  });
});
