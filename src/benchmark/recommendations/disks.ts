import type { Recommendation } from '../types.ts';

// Titles are the display names of Microsoft's built-in definitions for the same checks (Azure/azure-policy
// @f4a50bac: OSAndDataDiskCMKRequired_Deny, DoubleEncryptionRequired_Deny, Disks_ExportLimitNetworkAccess_Audit)
// where one exists; MCSB ids follow their groups in the MCSB v2 initiative. Defender's assessment keys for
// them are not given: none was found in Microsoft's documentation.
//
// Customer-managed keys and double encryption are requirements an organisation opts into (Defender's own
// customer-managed-key recommendations are "Enable if required" and off by default), so they sit in the
// zero-point best-practices control rather than lowering the encryption-at-rest score of every estate.

const DISK = 'Microsoft.Compute/disks';

export const diskRecommendations: Recommendation[] = [
  {
    id: 'disk-customer-managed-key',
    title: 'OS and data disks should be encrypted with a customer-managed key',
    severity: 'Low',
    mcsb: ['DP-5'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "Managed disks are encrypted with platform-managed keys unless a disk encryption set says otherwise. Where policy requires a key you own, rotate and can revoke, every disk should use a disk encryption set with a customer-managed key: managed disks themselves, and the OS and data disks declared by virtual machines and scale sets. A data disk a virtual machine attaches by ID is judged on the disk itself, as Microsoft's built-in definition does.",
    remediation: {
      portal:
        'Create a disk encryption set on a Key Vault key, then for each disk (virtual machine deallocated) open Disks > the disk > Encryption, choose "Encryption at-rest with a customer-managed key" and the set.',
      cli: 'az disk update -g <rg> -n <disk> --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set <disk-encryption-set-id>',
      template:
        'Microsoft.Compute/disks: properties.encryption = { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId }; virtual machines and scale sets: storageProfile.osDisk.managedDisk.diskEncryptionSet.id and dataDisks[].managedDisk.diskEncryptionSet.id',
    },
    resourceTypes: [DISK, 'Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'],
    check: { kind: 'policy', definition: 'disks/disk-customer-managed-key.json' },
  },
  {
    id: 'disk-double-encryption',
    title: 'Managed disks should be double encrypted with both platform-managed and customer-managed keys',
    severity: 'Low',
    mcsb: ['DP-4', 'DP-5'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "Double encryption adds a second, independent layer of encryption with a platform-managed key under the customer-managed one, for data that must stay protected if one key or implementation is compromised. The disk encryption sets are assessed, as Microsoft's built-in definition does: a disk takes its encryption type from its set, and a disk on platform-managed keys alone has none to judge.",
    remediation: {
      portal:
        'Create a disk encryption set of type "Double encryption with platform-managed and customer-managed keys", then switch each disk (virtual machine deallocated) to it under Disks > the disk > Encryption.',
      cli: 'az disk-encryption-set create -g <rg> -n <set> --key-url <key-url> --source-vault <vault> --encryption-type EncryptionAtRestWithPlatformAndCustomerKeys && az disk update -g <rg> -n <disk> --encryption-type EncryptionAtRestWithPlatformAndCustomerKeys --disk-encryption-set <set-id>',
      template:
        'Microsoft.Compute/diskEncryptionSets: properties.encryptionType = "EncryptionAtRestWithPlatformAndCustomerKeys"; Microsoft.Compute/disks: properties.encryption.type likewise',
    },
    resourceTypes: ['Microsoft.Compute/diskEncryptionSets'],
    check: { kind: 'policy', definition: 'disks/disk-double-encryption.json' },
  },
  {
    id: 'disk-public-network-access',
    title: 'Managed disks should disable public network access',
    severity: 'Medium',
    mcsb: ['NS-2'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'A disk whose network access policy is AllowAll and whose public network access is enabled can be exported (downloaded whole, credentials and data included) or overwritten through a SAS URL from anywhere on the internet. Either disabling public network access or a DenyAll/AllowPrivate policy closes that path.',
    remediation: {
      portal:
        'Open the disk > Networking, choose "Disable public access and enable private access" (with a disk access resource) or "Disable public and private access", and save.',
      cli: 'az disk update -g <rg> -n <disk> --network-access-policy DenyAll --public-network-access Disabled',
      template:
        'Microsoft.Compute/disks: properties.publicNetworkAccess = "Disabled", properties.networkAccessPolicy = "DenyAll" or "AllowPrivate"',
    },
    resourceTypes: [DISK],
    check: { kind: 'policy', definition: 'disks/disk-public-network-access.json' },
  },
  {
    id: 'disk-network-access-policy',
    title: 'Managed disks should restrict import and export to private networks',
    severity: 'Low',
    mcsb: ['NS-2'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'The network access policy is the disk\'s own rule for SAS-based export and upload. AllowAll leaves the disk one setting (public network access) away from being downloadable from anywhere; DenyAll blocks export and upload, and AllowPrivate allows them only through a disk access private endpoint. This is stricter than "Managed disks should disable public network access" and scores nothing.',
    remediation: {
      portal:
        'Open the disk > Networking and choose "Disable public and private access", or "Disable public access and enable private access" with a disk access resource.',
      cli: 'az disk update -g <rg> -n <disk> --network-access-policy DenyAll',
      template:
        'Microsoft.Compute/disks: properties.networkAccessPolicy = "DenyAll" (or "AllowPrivate" with properties.diskAccessId)',
    },
    resourceTypes: [DISK],
    check: { kind: 'policy', definition: 'disks/disk-network-access-policy.json' },
  },
  {
    id: 'disk-data-access-auth-mode',
    title: 'Managed disks should require Microsoft Entra ID authorization to import and export data',
    severity: 'Low',
    mcsb: ['IM-1'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "By default a disk SAS URL is a bearer token: whoever holds it can download or overwrite the disk. With dataAccessAuthMode AzureActiveDirectory the caller also needs an Azure RBAC data action on the disk, so a leaked URL alone is useless. Disks whose network access policy is DenyAll are assessed too, as Microsoft's built-in definition does: that policy is one setting away from AllowAll.",
    remediation: {
      portal: 'Open the disk > Disk Export, tick "Enable data access authentication mode" and save.',
      cli: 'az disk update -g <rg> -n <disk> --data-access-auth-mode AzureActiveDirectory',
      template: 'Microsoft.Compute/disks: properties.dataAccessAuthMode = "AzureActiveDirectory"',
    },
    resourceTypes: [DISK],
    check: { kind: 'policy', definition: 'disks/disk-data-access-auth-mode.json' },
  },
];
