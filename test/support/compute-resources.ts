import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { RESOURCE_GROUP, RG_ID, SUBSCRIPTION, TENANT_ID, vmId } from './arm-resources.ts';

/**
 * More ARM-shaped compute resources for the compute, disk, identity and scale set cases, in the shapes
 * of azure-rest-api-specs examples (VirtualMachines_Get, DiskEncryptionSets_Get, Disks_Get).
 */

export function desId(name: string): string {
  return `${RG_ID}/providers/Microsoft.Compute/diskEncryptionSets/${name}`;
}

export function diskEncryptionSet(
  name: string,
  encryptionType:
    | 'EncryptionAtRestWithCustomerKey'
    | 'EncryptionAtRestWithPlatformAndCustomerKeys'
    | 'ConfidentialVmEncryptedWithCustomerKey',
): Resource {
  return {
    id: desId(name),
    name,
    type: 'Microsoft.Compute/diskEncryptionSets',
    location: 'eastus',
    tags: {},
    identity: {
      type: 'SystemAssigned',
      principalId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      tenantId: TENANT_ID,
    },
    properties: {
      encryptionType,
      activeKey: {
        sourceVault: { id: `${RG_ID}/providers/Microsoft.KeyVault/vaults/kv-disks` },
        keyUrl: 'https://kv-disks.vault.azure.net/keys/disk-cmk/0f6f1c3e2a4b4c6d8e9f0a1b2c3d4e5f',
      },
      rotationToLatestKeyVersionEnabled: true,
      provisioningState: 'Succeeded',
    },
  };
}

export const SYSTEM_ASSIGNED: JsonObject = {
  type: 'SystemAssigned',
  principalId: '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a',
  tenantId: TENANT_ID,
};

export const USER_ASSIGNED: JsonObject = {
  type: 'UserAssigned',
  userAssignedIdentities: {
    [`${RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web`]: {
      principalId: '7c6b5a49-3827-4165-9f0e-d1c2b3a49586',
      clientId: 'e5f4d3c2-b1a0-4f9e-8d7c-6b5a49382716',
    },
  },
};

/** A confidential VM's securityProfile (DCasv5 sizes), as ARM returns it. */
export const CONFIDENTIAL_VM: JsonObject = {
  uefiSettings: { secureBootEnabled: true, vTpmEnabled: true },
  securityType: 'ConfidentialVM',
};

/** The SSH section ARM returns for a scale set provisioned with a public key. */
export const VMSS_SSH: JsonObject = {
  disablePasswordAuthentication: true,
  ssh: {
    publicKeys: [
      {
        path: '/home/azureuser/.ssh/authorized_keys',
        keyData: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 build-agent',
      },
    ],
  },
  provisionVMAgent: true,
};

/** A data disk entry of a VM's storageProfile, managed, optionally with a disk encryption set. */
export function managedDataDisk(vm: string, lun: number, encryptionSet?: string): JsonObject {
  const name = `${vm}_DataDisk_${lun}`;
  return {
    lun,
    name,
    createOption: 'Empty',
    caching: 'ReadOnly',
    managedDisk: {
      storageAccountType: 'Premium_LRS',
      // ARM returns the resource group of a disk ID in capitals.
      id: `${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP.toUpperCase()}/providers/Microsoft.Compute/disks/${name}`,
      ...(encryptionSet && { diskEncryptionSet: { id: desId(encryptionSet) } }),
    },
    deleteOption: 'Detach',
    diskSizeGB: 256,
    toBeDetached: false,
  };
}

/** An unmanaged (VHD in a storage account) data disk entry. */
export function vhdDataDisk(vm: string, lun: number): JsonObject {
  return {
    lun,
    name: `${vm}-data${lun}`,
    createOption: 'Empty',
    caching: 'None',
    vhd: { uri: `https://stlegacyvhds.blob.core.windows.net/vhds/${vm}-data${lun}.vhd` },
    diskSizeGB: 128,
    toBeDetached: false,
  };
}

/** A VM extension as listed in the VM's `resources` (ARM GET with $expand, `az vm show`). */
export function nestedExtension(
  vm: string,
  name: string,
  publisher: string,
  type: string,
  provisioningState = 'Succeeded',
): Resource {
  return {
    id: `${vmId(vm)}/extensions/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location: 'eastus',
    properties: {
      autoUpgradeMinorVersion: true,
      provisioningState,
      publisher,
      type,
      typeHandlerVersion: '1.0',
    },
  };
}
