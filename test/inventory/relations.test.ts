import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import {
  nicIpConfigurations,
  nicNetworkSecurityGroup,
  nicVirtualMachine,
  subnetNetworkSecurityGroup,
  subnetVirtualNetwork,
  vmDisks,
  vmNetworkInterfaces,
  vmssNetworkInterfaceConfigurations,
} from '../../src/inventory/relations.ts';
import type { Resource } from '../../src/inventory/resource.ts';

const FIXTURES = new URL('../fixtures/snapshot/', import.meta.url);
const SUB = '/subscriptions/8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f';
const RG = `${SUB}/resourceGroups/rg-web-prod/providers`;
const VM = `${RG}/Microsoft.Compute/virtualMachines/vm-web-01`;
const NIC = `${RG}/Microsoft.Network/networkInterfaces/vm-web-01-nic`;
const NSG = `${RG}/Microsoft.Network/networkSecurityGroups/nsg-web`;
const VNET = `${RG}/Microsoft.Network/virtualNetworks/vnet-prod`;

/** The `az graph query` fixture, added straight to an Inventory (the loader has its own tests). */
function graphEstate(): Inventory {
  const file = JSON.parse(readFileSync(new URL('az-graph-query.json', FIXTURES), 'utf8')) as {
    data: Resource[];
  };
  const inventory = new Inventory();
  for (const resource of file.data) inventory.add(resource);
  return inventory;
}

describe('relations over a Resource Graph snapshot', () => {
  const inventory = graphEstate();
  const vm = inventory.get(VM)!;
  const nic = inventory.get(NIC)!;

  it('follows a VM to its NICs and a NIC back to its VM', () => {
    expect(vmNetworkInterfaces(inventory, vm)).toEqual([
      { id: NIC, field: 'properties.networkProfile.networkInterfaces[0].id', dangling: false, resource: nic },
    ]);
    expect(nicVirtualMachine(inventory, nic)).toMatchObject({ dangling: false, resource: vm });
  });

  it('follows a NIC’s IP configurations to subnet, public IP and application security groups', () => {
    const [config, ...rest] = nicIpConfigurations(inventory, nic);
    expect(rest).toEqual([]);
    expect(config).toMatchObject({
      name: 'ipconfig1',
      field: 'properties.ipConfigurations[0]',
      privateIPAddress: '10.20.1.4',
      primary: true,
      subnet: {
        dangling: false,
        resource: { name: 'snet-web', type: 'Microsoft.Network/virtualNetworks/subnets' },
      },
      publicIPAddress: { dangling: false, resource: { name: 'vm-web-01-pip' } },
      applicationSecurityGroups: [
        {
          id: `${RG}/Microsoft.Network/applicationSecurityGroups/asg-web`,
          field: 'properties.ipConfigurations[0].properties.applicationSecurityGroups[0].id',
          dangling: true,
        },
      ],
    });
  });

  it('follows NIC and subnet to their NSGs, and a subnet to its virtual network', () => {
    const nsg = inventory.get(NSG)!;
    expect(nicNetworkSecurityGroup(inventory, nic)).toMatchObject({ dangling: false, resource: nsg });
    const web = inventory.get(`${VNET}/subnets/snet-web`)!;
    expect(subnetNetworkSecurityGroup(inventory, web)).toMatchObject({ dangling: false, resource: nsg });
    expect(subnetVirtualNetwork(inventory, web)).toMatchObject({
      dangling: false,
      resource: { name: 'vnet-prod' },
    });
    expect(
      subnetNetworkSecurityGroup(inventory, inventory.get(`${VNET}/subnets/snet-data`)!),
    ).toBeUndefined();
  });

  it('follows a VM to its disks, marking a disk missing from the snapshot as dangling', () => {
    const disks = vmDisks(inventory, vm);
    expect(disks.osDisk).toMatchObject({
      field: 'properties.storageProfile.osDisk.managedDisk.id',
      dangling: false,
      resource: { type: 'microsoft.compute/disks' },
    });
    expect(disks.dataDisks).toEqual([
      {
        id: `${SUB}/resourceGroups/RG-WEB-PROD/providers/Microsoft.Compute/disks/vm-web-01-data-0`,
        field: 'properties.storageProfile.dataDisks[0].managedDisk.id',
        dangling: true,
      },
    ]);
  });
});

describe('relations with missing or differently cased data', () => {
  it('returns nothing, not a dangling reference, where the resource has no reference', () => {
    const inventory = new Inventory();
    const vm: Resource = {
      id: VM,
      name: 'vm-web-01',
      type: 'Microsoft.Compute/virtualMachines',
      properties: {
        storageProfile: { osDisk: { vhd: { uri: 'https://st.blob.core.windows.net/vhds/os.vhd' } } },
      },
    };
    inventory.add(vm);
    expect(vmNetworkInterfaces(inventory, vm)).toEqual([]);
    expect(vmDisks(inventory, vm)).toEqual({ osDisk: undefined, dataDisks: [] });
  });

  it('reads keys in the casing older Azure CLI versions print', () => {
    const inventory = new Inventory();
    const nic: Resource = {
      id: NIC,
      name: 'vm-web-01-nic',
      type: 'Microsoft.Network/networkInterfaces',
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: { privateIpAddress: '10.20.1.5', Subnet: { ID: `${VNET}/subnets/snet-web` } },
          },
        ],
      },
    };
    inventory.add(nic);
    expect(nicIpConfigurations(inventory, nic)[0]).toMatchObject({
      privateIPAddress: '10.20.1.5',
      primary: false,
      subnet: { id: `${VNET}/subnets/snet-web`, dangling: true },
      publicIPAddress: undefined,
    });
  });

  it('reads a scale set’s NIC configurations', () => {
    const file = readFileSync(new URL('arm-get-vmss.json', FIXTURES), 'utf8');
    const vmss = JSON.parse(file) as Resource;
    const inventory = new Inventory();
    inventory.add(vmss);
    expect(vmssNetworkInterfaceConfigurations(inventory, vmss)).toEqual([
      {
        name: 'vmss-api-nic',
        field: 'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0]',
        networkSecurityGroup: {
          id: `${SUB}/resourceGroups/rg-app-prod/providers/Microsoft.Network/networkSecurityGroups/nsg-app`,
          field:
            'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].properties.networkSecurityGroup.id',
          dangling: true,
        },
        ipConfigurations: [
          expect.objectContaining({
            name: 'ipconfig1',
            subnet: expect.objectContaining({ dangling: true }),
            applicationSecurityGroups: [],
            hasPublicIPAddressConfiguration: true,
          }),
        ],
      },
    ]);
  });
});
