import { describe, expect, it } from 'vitest';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { byName, expand, fixture, outputs, SCHEMA, scanExpansion, statusOf } from './helpers.ts';

/**
 * Values known only at deployment (util/unknown.ts): where they come from, how they spread through
 * expressions, and that a check reading one reports `unknown` with the expression, never a verdict.
 */

const base = { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] };
const out = (value: string, extra: object = {}) => ({
  ...base,
  ...extra,
  outputs: { v: { type: 'object', value } },
});
const REF = "[reference('settings').enabled]";

describe('an unknown value', () => {
  it('takes the place of the value, named by the expression', () => {
    expect(outputs(expand(out(REF))).v).toEqual({ $vigilUnknown: REF });
  });

  it('makes an expression that computes with it unknown as a whole, never a guess', () => {
    const expression = "[concat('https://', reference('sa').primaryEndpoints.blob, '/logs')]";
    expect(outputs(expand(out(expression))).v).toEqual({ $vigilUnknown: expression });
    expect(outputs(expand(out("[if(reference('flags').on, 'a', 'b')]"))).v).toEqual({
      $vigilUnknown: "[if(reference('flags').on, 'a', 'b')]",
    });
  });

  it('names where it came from when a variable carries it into another expression', () => {
    const result = expand(out("[not(variables('flag'))]", { variables: { flag: REF } }));
    expect(outputs(result).v).toEqual({ $vigilUnknown: `[not(variables('flag'))] (from ${REF})` });
  });

  it('does not spread to the known parts of a variable that is handed on unchanged', () => {
    const variables = { settings: { enabled: REF, size: 'Standard_D2s_v5', tags: ['a'] } };
    const result = expand({
      ...base,
      variables,
      outputs: {
        whole: { type: 'object', value: "[variables('settings')]" },
        known: { type: 'string', value: "[variables('settings').size]" },
        knownIndex: { type: 'string', value: "[variables('settings')['tags'][0]]" },
        unknownPart: { type: 'bool', value: "[variables('settings').enabled]" },
        computed: { type: 'string', value: "[toUpper(variables('settings').size)]" },
      },
    });
    expect(outputs(result)).toEqual({
      whole: { enabled: { $vigilUnknown: REF }, size: 'Standard_D2s_v5', tags: ['a'] },
      known: 'Standard_D2s_v5',
      knownIndex: 'a',
      unknownPart: { $vigilUnknown: REF },
      // Computing with the variable reads all of it; it holds an unknown, so the result is unknown.
      computed: { $vigilUnknown: `[toUpper(variables('settings').size)] (from ${REF})` },
    });
  });

  it('in a copy count leaves a property loop unknown, and a resource loop unexpanded with a warning', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          name: "[format('ip{0}', copyIndex())]",
          copy: { name: 'ips', count: "[reference('cfg').count]" },
        },
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          name: 'nsg',
          properties: {
            copy: [{ name: 'securityRules', count: "[length(reference('cfg').rules)]", input: {} }],
          },
        },
      ],
    });
    expect(result.resources.map((r) => r.resource.name)).toEqual(['nsg']);
    expect(result.warnings[0]).toMatchObject({ pointer: '/resources/0/copy/count' });
    expect(byName(result, 'nsg').resource.properties).toEqual({
      securityRules: { $vigilUnknown: "[length(reference('cfg').rules)]" },
      provisioningState: 'Succeeded',
    });
  });

  it('in a resource name gives a stable placeholder and a warning', () => {
    const template = {
      ...base,
      parameters: { suffix: { type: 'string', defaultValue: '[newGuid()]' } },
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', name: "[concat('sa', parameters('suffix'))]" },
      ],
    };
    const first = expand(template);
    expect(first.resources[0]?.resource.name).toMatch(/^unknown-[0-9a-f]{8}$/);
    expect(expand(template).resources[0]?.resource.name).toBe(first.resources[0]?.resource.name);
    expect(first.warnings[0]?.message).toMatch(/name is known only at deployment/);
  });

  it('in a nested deployment’s target leaves that deployment unexpanded, with a warning', () => {
    const result = expand({
      ...base,
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          name: 'd',
          resourceGroup: "[reference('cfg').rg]",
          properties: {
            template: { ...base, resources: [{ type: 'Microsoft.Network/publicIPAddresses', name: 'ip' }] },
          },
        },
      ],
    });
    expect(result.resources).toEqual([]);
    expect(result.warnings[0]).toMatchObject({ pointer: '/resources/0/resourceGroup' });
  });

  it('from a Key Vault reference in a parameters file names the secret, never its value', () => {
    return expandTemplateFile(fixture('vm/vm-keyvault-password.json'), {
      parametersFile: fixture('vm/vm-keyvault-password.parameters.json'),
    }).then((result) => {
      expect(result.errors).toEqual([]);
      expect(byName(result, 'erp-01').resource).toMatchObject({
        properties: {
          osProfile: {
            adminPassword: {
              $vigilUnknown:
                "Key Vault secret 'erp-admin-password' of /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/secrets-rg/providers/Microsoft.KeyVault/vaults/erp-kv",
            },
          },
        },
      });
    });
  });
});

describe('a check that reads an unknown', () => {
  it('reports unknown with the expression: the VM whose encryptionAtHost comes from reference()', async () => {
    const { report } = scanExpansion(
      await expandTemplateFile(fixture('vm/vm-encryption-from-reference.json')),
    );
    const finding = report.findings.find(
      (f) => f.recommendationId === 'vm-encryption-at-host' && f.resourceId.endsWith('/batch-01'),
    );
    expect(finding?.status).toBe('unknown');
    expect(finding?.evidence[0]?.message).toContain(
      "[reference(variables('platformSettings'), '2022-09-01').outputs.encryptionAtHost.value]",
    );
  });

  it('is decided as usual when the check does not read it', async () => {
    const { report } = scanExpansion(
      await expandTemplateFile(fixture('vm/vm-encryption-from-reference.json')),
    );
    expect(statusOf(report, 'vm-managed-identity', 'batch-01')).toBe('unhealthy');
  });

  it('leaves the secure score alone (unknown is neither healthy nor unhealthy)', async () => {
    const { report } = scanExpansion(
      await expandTemplateFile(fixture('vm/vm-encryption-from-reference.json')),
    );
    const summary = report.recommendations.find((r) => r.id === 'vm-encryption-at-host');
    expect(summary).toMatchObject({ unknown: 1, healthy: 0, unhealthy: 0 });
  });
});

/**
 * Bicep's `vnet.properties.subnets[0].id` compiles to `reference('vnet').subnets[0].id` (or the `full`
 * and resourceId forms). For a network resource the template declares with its subnets inline, the ID is
 * the resource's ID, the collection and the element's name, so the NIC's subnet — and the subnet NSG
 * that opens SSH — is known before deployment.
 */
describe('an inline child of a network resource in the template, read through reference()', () => {
  const VNET_ID = "resourceId('Microsoft.Network/virtualNetworks', 'vnet-app')";
  const SUBNET_ID =
    '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vigil-template-rg/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app';

  function template(subnetId: string, languageVersion?: string) {
    const ssh = {
      name: 'ssh',
      properties: {
        priority: 100,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
    };
    const resources = {
      nsg: {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2023-09-01',
        name: 'nsg-app',
        location: 'westeurope',
        properties: { securityRules: [ssh] },
      },
      vnet: {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet-app',
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.2.0.0/16'] },
          subnets: [
            {
              name: 'snet-app',
              properties: {
                addressPrefix: '10.2.0.0/24',
                networkSecurityGroup: {
                  id: "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]",
                },
              },
            },
          ],
        },
      },
      pip: {
        type: 'Microsoft.Network/publicIPAddresses',
        apiVersion: '2023-09-01',
        name: 'pip-app',
        location: 'westeurope',
        sku: { name: 'Standard' },
        properties: { publicIPAllocationMethod: 'Static' },
      },
      nic: {
        type: 'Microsoft.Network/networkInterfaces',
        apiVersion: '2023-09-01',
        name: 'nic-app',
        location: 'westeurope',
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: {
                subnet: { id: subnetId },
                publicIPAddress: { id: "[resourceId('Microsoft.Network/publicIPAddresses', 'pip-app')]" },
              },
            },
          ],
        },
      },
      vm: {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2023-09-01',
        name: 'vm-app',
        location: 'westeurope',
        properties: {
          hardwareProfile: { vmSize: 'Standard_B2s' },
          networkProfile: {
            networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', 'nic-app')]" }],
          },
        },
      },
    };
    return languageVersion === undefined
      ? { ...base, resources: Object.values(resources) }
      : { ...base, languageVersion, resources };
  }

  it.each([
    { form: 'symbolic', expression: "[reference('vnet').subnets[0].id]", languageVersion: '2.0' },
    {
      form: 'symbolic, full',
      expression: "[reference('vnet', '2023-09-01', 'full').properties.subnets[0].id]",
      languageVersion: '2.0',
    },
    { form: 'resource ID', expression: `[reference(${VNET_ID}, '2023-09-01').subnets[0].id]` },
    { form: 'resource name', expression: "[reference('vnet-app').Subnets[0]['id']]" },
    {
      form: 'type and name',
      expression: "[reference(concat('Microsoft.Network/virtualNetworks/', 'vnet-app')).subnets[0].id]",
    },
  ])(
    '$form: the NIC is in the subnet, and SSH open to the internet is found',
    ({ expression, languageVersion }) => {
      const result = expand(template(expression, languageVersion));
      expect(result.errors).toEqual([]);
      expect(byName(result, 'nic-app').resource.properties).toMatchObject({
        ipConfigurations: [{ properties: { subnet: { id: SUBNET_ID } } }],
      });
      expect(statusOf(scanExpansion(result).report, 'management-ports-closed', 'vm-app')).toBe('unhealthy');
    },
  );

  it.each([
    // Not declared in the template: Azure's answer.
    "[reference('other-vnet').subnets[0].id]",
    // An element the declaration does not have, or a property of it that Azure computes.
    "[reference('vnet-app').subnets[1].id]",
    "[reference('vnet-app').subnets[0].etag]",
    // With 'full' the collection is under 'properties'.
    "[reference('vnet-app', '2023-09-01', 'full').subnets[0].id]",
  ])('%s stays unknown', (expression) => {
    const result = expand(template(expression));
    expect(byName(result, 'nic-app').resource.properties).toMatchObject({
      ipConfigurations: [{ properties: { subnet: { id: { $vigilUnknown: expression } } } }],
    });
  });
});
