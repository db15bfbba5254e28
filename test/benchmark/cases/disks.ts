import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import { disk, IMAGES, RG_ID, vm, vmss } from '../../support/arm-resources.ts';
import { desId, diskEncryptionSet, managedDataDisk } from '../../support/compute-resources.ts';
import type { RecommendationCase } from './types.ts';

const CMK = { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: desId('des-cmk') };
const DOUBLE = {
  type: 'EncryptionAtRestWithPlatformAndCustomerKeys',
  diskEncryptionSetId: desId('des-double'),
};

/** A VM whose OS disk uses the given disk encryption set. */
function vmWithDes(name: string, dataDisks: ReturnType<typeof managedDataDisk>[] = []) {
  return vm(name, { osDisk: { managedDisk: { diskEncryptionSet: { id: desId('des-cmk') } } }, dataDisks });
}

/** A disk as API versions before 2021-04-01 return it: no publicNetworkAccess property. */
function withoutPublicNetworkAccess(resource: Resource): Resource {
  const { publicNetworkAccess: _dropped, ...properties } = resource.properties as JsonObject;
  return { ...resource, properties };
}

export const diskCases: RecommendationCase[] = [
  // ---- disk-customer-managed-key
  {
    recommendation: 'disk-customer-managed-key',
    title: 'disk encrypted with a customer-managed key',
    resources: [disk('disk-cmk', { encryption: CMK, diskState: 'Attached' })],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'disk double encrypted (customer key included)',
    resources: [disk('disk-dbl', { encryption: DOUBLE })],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'disk with platform-managed keys',
    resources: [disk('disk-pmk')],
    expected: 'unhealthy',
    evidence: 'encryption.type',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'VM whose OS and data disks use a disk encryption set',
    resources: [
      vmWithDes('vm-cmk', [managedDataDisk('vm-cmk', 0, 'des-cmk'), managedDataDisk('vm-cmk', 1, 'des-cmk')]),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'template VM whose new (empty) second data disk has no disk encryption set',
    resources: [
      vmWithDes('vm-cmk-part', [
        managedDataDisk('vm-cmk-part', 0, 'des-cmk'),
        {
          lun: 1,
          createOption: 'Empty',
          diskSizeGB: 256,
          managedDisk: { storageAccountType: 'Premium_LRS' },
        },
      ]),
    ],
    expected: 'unhealthy',
  },
  // Microsoft's OSAndDataDiskCMKRequired_Deny judges a data disk with a managedDisk.id as that disk: the
  // VM model need not repeat its encryption set, and the disk gets its own finding.
  {
    recommendation: 'disk-customer-managed-key',
    title: 'template VM attaching an existing data disk by ID',
    resources: [
      vmWithDes('vm-cmk-attach', [
        {
          lun: 0,
          createOption: 'Attach',
          managedDisk: { id: `${RG_ID}/providers/Microsoft.Compute/disks/data-restored-01` },
        },
      ]),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'the platform-key data disk of a deployed VM is judged on the disk',
    resources: [
      vmWithDes('vm-cmk-part2', [
        managedDataDisk('vm-cmk-part2', 0, 'des-cmk'),
        managedDataDisk('vm-cmk-part2', 1),
      ]),
      disk('vm-cmk-part2_DataDisk_1', { diskState: 'Attached' }),
    ],
    subject: `${RG_ID}/providers/Microsoft.Compute/disks/vm-cmk-part2_DataDisk_1`,
    expected: 'unhealthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'VM with platform-managed keys',
    resources: [vm('vm-pmk', { image: IMAGES.windows2022 })],
    expected: 'unhealthy',
    evidence: 'diskEncryptionSet',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'VM in a template with a disk encryption set and no dataDisks array',
    resources: [
      vm('vm-cmk-tpl', {
        osDisk: {
          managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: { id: desId('des-cmk') } },
        },
        properties: { storageProfile: { dataDisks: undefined } },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'scale set whose OS disk uses a disk encryption set',
    resources: [
      vmss('vmss-cmk', {
        properties: {
          virtualMachineProfile: {
            storageProfile: {
              osDisk: {
                managedDisk: {
                  storageAccountType: 'Premium_LRS',
                  diskEncryptionSet: { id: desId('des-cmk') },
                },
              },
            },
          },
        },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-customer-managed-key',
    title: 'scale set with platform-managed keys',
    resources: [vmss('vmss-pmk')],
    expected: 'unhealthy',
  },

  // ---- disk-double-encryption: Microsoft's definition (DoubleEncryptionRequired_Deny) judges the disk
  // encryption sets only; a disk takes its encryption type from its set and gets no finding of its own.
  {
    recommendation: 'disk-double-encryption',
    title: 'double-encryption disk encryption set',
    resources: [diskEncryptionSet('des-double', 'EncryptionAtRestWithPlatformAndCustomerKeys')],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-double-encryption',
    title: 'customer-key-only disk encryption set',
    resources: [diskEncryptionSet('des-cmk', 'EncryptionAtRestWithCustomerKey')],
    expected: 'unhealthy',
    evidence: 'encryptionType',
  },
  {
    recommendation: 'disk-double-encryption',
    title: 'confidential VM disk encryption set (one customer key layer)',
    resources: [diskEncryptionSet('des-cvm', 'ConfidentialVmEncryptedWithCustomerKey')],
    expected: 'unhealthy',
  },
  {
    recommendation: 'disk-double-encryption',
    title: 'a disk on a customer-key-only set: the set is judged, the disk gets no finding',
    resources: [
      disk('disk-cmk2', { encryption: CMK }),
      diskEncryptionSet('des-cmk', 'EncryptionAtRestWithCustomerKey'),
    ],
    subject: desId('des-cmk'),
    expected: 'unhealthy',
  },

  // ---- disk-public-network-access
  {
    recommendation: 'disk-public-network-access',
    title: 'disk open to every network',
    resources: [disk('disk-open')],
    expected: 'unhealthy',
    evidence: 'publicNetworkAccess',
  },
  {
    recommendation: 'disk-public-network-access',
    title: 'disk from an API version before publicNetworkAccess, policy AllowAll',
    resources: [withoutPublicNetworkAccess(disk('disk-old'))],
    expected: 'unhealthy',
  },
  {
    recommendation: 'disk-public-network-access',
    title: 'disk reachable through a disk access private endpoint only',
    resources: [
      disk('disk-private', {
        networkAccessPolicy: 'AllowPrivate',
        publicNetworkAccess: 'Disabled',
        diskAccessId:
          '/subscriptions/5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13/resourceGroups/rg-prod-web/providers/Microsoft.Compute/diskAccesses/da-prod',
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-public-network-access',
    title: 'disk with public network access disabled but policy AllowAll',
    resources: [disk('disk-pubdis', { publicNetworkAccess: 'Disabled' })],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-public-network-access',
    title: 'disk with DenyAll (public network access still Enabled)',
    resources: [disk('disk-deny', { networkAccessPolicy: 'DenyAll' })],
    expected: 'healthy',
  },

  // ---- disk-network-access-policy
  {
    recommendation: 'disk-network-access-policy',
    title: 'disk with policy AllowAll',
    resources: [disk('disk-allowall')],
    expected: 'unhealthy',
    evidence: 'networkAccessPolicy',
  },
  {
    recommendation: 'disk-network-access-policy',
    title: 'disk with policy AllowAll and public access disabled',
    resources: [disk('disk-allowall2', { publicNetworkAccess: 'Disabled' })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'disk-network-access-policy',
    title: 'disk with policy DenyAll',
    resources: [disk('disk-denyall', { networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled' })],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-network-access-policy',
    title: 'disk with policy AllowPrivate',
    resources: [
      disk('disk-allowpriv', { networkAccessPolicy: 'AllowPrivate', publicNetworkAccess: 'Disabled' }),
    ],
    expected: 'healthy',
  },

  // ---- disk-data-access-auth-mode
  {
    recommendation: 'disk-data-access-auth-mode',
    title: 'disk export with a bare SAS',
    resources: [disk('disk-sas')],
    expected: 'unhealthy',
    evidence: 'dataAccessAuthMode',
  },
  {
    recommendation: 'disk-data-access-auth-mode',
    title: 'disk export requiring Entra ID',
    resources: [disk('disk-aad', { dataAccessAuthMode: 'AzureActiveDirectory' })],
    expected: 'healthy',
  },
  {
    recommendation: 'disk-data-access-auth-mode',
    title: 'disk with dataAccessAuthMode None',
    resources: [disk('disk-none', { dataAccessAuthMode: 'None', networkAccessPolicy: 'AllowPrivate' })],
    expected: 'unhealthy',
  },
  {
    // Microsoft's definition (Disks_DataAccessAuthMode_Modify) flags it too: DenyAll is one setting away from
    // AllowAll, and the authorization requirement should hold then.
    recommendation: 'disk-data-access-auth-mode',
    title: 'disk that cannot be exported today (DenyAll) but takes a bare SAS once allowed',
    resources: [disk('disk-noexport', { networkAccessPolicy: 'DenyAll' })],
    expected: 'unhealthy',
  },
  {
    recommendation: 'disk-data-access-auth-mode',
    title: 'DenyAll disk that also requires Entra ID',
    resources: [
      disk('disk-noexport-aad', {
        networkAccessPolicy: 'DenyAll',
        dataAccessAuthMode: 'AzureActiveDirectory',
      }),
    ],
    expected: 'healthy',
  },
];
