import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  nicIpConfigurations,
  nicNetworkSecurityGroup,
  vmNetworkInterfaces,
} from '../../../src/inventory/relations.ts';
import type { Resource } from '../../../src/inventory/resource.ts';
import { nestFlattenedProperties } from '../../../src/sources/snapshot/cli-flattened.ts';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';

const SHAPES = fileURLToPath(new URL('../../fixtures/snapshot-shapes/', import.meta.url));
const RG = '/subscriptions/2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21/resourceGroups/rg-web-prod/providers';
const NSG = `${RG}/Microsoft.Network/networkSecurityGroups/nsg-web`;

function nested(resource: Record<string, unknown>): { changed: boolean; resource: Resource } {
  const copy = structuredClone(resource) as Resource;
  return { changed: nestFlattenedProperties(copy), resource: copy };
}

describe('nestFlattenedProperties', () => {
  it.each([
    [
      'a VM from az vm show, its NIC references and its extensions in `resources`',
      {
        id: `${RG}/Microsoft.Compute/virtualMachines/vm`,
        name: 'vm',
        type: 'Microsoft.Compute/virtualMachines',
        location: 'westeurope',
        resourceGroup: 'rg-web-prod',
        hardwareProfile: { vmSize: 'Standard_B2s' },
        networkProfile: {
          networkInterfaces: [{ id: `${RG}/nic`, primary: true, resourceGroup: 'rg-web-prod' }],
        },
        powerState: 'VM running',
        resources: [
          { id: `${RG}/ext`, name: 'ext', publisher: 'Microsoft.Azure.Monitor', typePropertiesType: 'AMA' },
        ],
      },
      {
        id: `${RG}/Microsoft.Compute/virtualMachines/vm`,
        name: 'vm',
        type: 'Microsoft.Compute/virtualMachines',
        location: 'westeurope',
        resourceGroup: 'rg-web-prod',
        resources: [
          { id: `${RG}/ext`, name: 'ext', properties: { publisher: 'Microsoft.Azure.Monitor', type: 'AMA' } },
        ],
        properties: {
          hardwareProfile: { vmSize: 'Standard_B2s' },
          networkProfile: {
            networkInterfaces: [
              { id: `${RG}/nic`, resourceGroup: 'rg-web-prod', properties: { primary: true } },
            ],
          },
          powerState: 'VM running',
        },
      },
    ],
    [
      'an NSG from az network nsg list, and its rules',
      {
        id: NSG,
        name: 'nsg-web',
        type: 'Microsoft.Network/networkSecurityGroups',
        securityRules: [
          { id: `${NSG}/securityRules/r`, name: 'r', etag: 'e', access: 'Deny', priority: 100 },
        ],
        networkInterfaces: [{ id: `${RG}/nic`, resourceGroup: 'rg-web-prod' }],
      },
      {
        id: NSG,
        name: 'nsg-web',
        type: 'Microsoft.Network/networkSecurityGroups',
        properties: {
          securityRules: [
            {
              id: `${NSG}/securityRules/r`,
              name: 'r',
              etag: 'e',
              properties: { access: 'Deny', priority: 100 },
            },
          ],
          networkInterfaces: [{ id: `${RG}/nic`, resourceGroup: 'rg-web-prod' }],
        },
      },
    ],
    [
      'a scale set, its NIC configurations, their IP configurations and public IP configuration',
      {
        id: `${RG}/Microsoft.Compute/virtualMachineScaleSets/ss`,
        name: 'ss',
        type: 'microsoft.compute/virtualmachinescalesets',
        sku: { name: 'Standard_B2s', capacity: 2 },
        virtualMachineProfile: {
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: 'nic',
                primary: true,
                ipConfigurations: [
                  {
                    name: 'ip',
                    subnet: { id: 's' },
                    publicIpAddressConfiguration: { name: 'pip', idleTimeoutInMinutes: 4 },
                  },
                ],
              },
            ],
          },
        },
      },
      {
        id: `${RG}/Microsoft.Compute/virtualMachineScaleSets/ss`,
        name: 'ss',
        type: 'microsoft.compute/virtualmachinescalesets',
        sku: { name: 'Standard_B2s', capacity: 2 },
        properties: {
          virtualMachineProfile: {
            networkProfile: {
              networkInterfaceConfigurations: [
                {
                  name: 'nic',
                  properties: {
                    primary: true,
                    ipConfigurations: [
                      {
                        name: 'ip',
                        properties: {
                          subnet: { id: 's' },
                          publicIpAddressConfiguration: {
                            name: 'pip',
                            properties: { idleTimeoutInMinutes: 4 },
                          },
                        },
                      },
                    ],
                  },
                },
              ],
            },
          },
        },
      },
    ],
  ])('nests %s', (_name, input, expected) => {
    expect(nested(input)).toEqual({ changed: true, resource: expected });
  });

  it.each([
    [
      'an ARM GET body',
      { id: NSG, name: 'n', type: 'Microsoft.Network/networkSecurityGroups', properties: {} },
    ],
    [
      'az resource list (properties: null)',
      { id: NSG, name: 'n', type: 'x/y', properties: null, location: 'w' },
    ],
    ['PowerShell-spelled Properties', { id: NSG, name: 'n', type: 'x/y', Properties: { a: 1 } }],
    ['a row of only envelope columns', { id: NSG, name: 'n', type: 'x/y', location: 'w', tags: {} }],
    [
      'ARM’s subscription shape',
      { id: '/subscriptions/s', name: 's', type: 'Microsoft.Resources/subscriptions', displayName: 'Prod' },
    ],
  ])('leaves %s as it is', (_name, input) => {
    expect(nested(input)).toEqual({ changed: false, resource: input });
  });
});

describe('loadSnapshots on Azure CLI list output', () => {
  it('links az vm list -d, az network nic|nsg|vnet|public-ip list as ARM nests them, without a warning', async () => {
    const files = [
      'vm-list-d',
      'network-nic-list',
      'network-nsg-list',
      'network-vnet-list',
      'network-public-ip-list',
    ];
    const result = await loadSnapshots(files.map((name) => join(SHAPES, `az-${name}.json`)));
    expect({ errors: result.errors, warnings: result.warnings }).toEqual({ errors: [], warnings: [] });
    const { inventory } = result;
    const vm = inventory.get(`${RG}/Microsoft.Compute/virtualMachines/vm-web-01`)!;
    expect(vm.properties).toMatchObject({
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      securityProfile: { encryptionAtHost: true },
    });
    const [nic] = vmNetworkInterfaces(inventory, vm);
    expect(nic?.dangling).toBe(false);
    const nicResource = inventory.get(nic!.id)!;
    expect(nicIpConfigurations(inventory, nicResource)).toMatchObject([
      { privateIPAddress: '10.20.1.4', subnet: { dangling: false }, publicIPAddress: { dangling: false } },
    ]);
    expect(nicNetworkSecurityGroup(inventory, nicResource)).toMatchObject({ id: NSG, dangling: false });
    expect(inventory.childrenOf(NSG, 'Microsoft.Network/networkSecurityGroups/securityRules')).toMatchObject([
      {
        name: 'AllowSSH',
        properties: { access: 'Allow', destinationPortRange: '22', sourceAddressPrefix: '*' },
      },
    ]);
    expect(inventory.get(`${vm.id}/extensions/AzureMonitorLinuxAgent`)?.properties).toMatchObject({
      publisher: 'Microsoft.Azure.Monitor',
      type: 'AzureMonitorLinuxAgent',
    });
  });
});
