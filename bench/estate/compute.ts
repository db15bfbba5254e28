import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { computeTimestamp, isoTimestamp, type Placement, resourceId, upperResourceGroup } from './arm.ts';
import type { ExtensionKind, MarketplaceImage } from './catalog.ts';
import type { Random } from './random.ts';

const COMPUTE = 'Microsoft.Compute';

export type DiskSku = 'Premium_LRS' | 'StandardSSD_LRS' | 'Standard_LRS' | 'Premium_ZRS';

export type DiskEncryption =
  | { type: 'EncryptionAtRestWithPlatformKey' }
  | {
      type: 'EncryptionAtRestWithCustomerKey' | 'EncryptionAtRestWithPlatformAndCustomerKeys';
      diskEncryptionSetId: string;
    };

export interface DiskPlan {
  name: string;
  id: string;
  placement: Placement;
  tags: JsonObject;
  sizeGb: number;
  sku: DiskSku;
  encryption: DiskEncryption;
  /** Azure Disk Encryption (guest-side BitLocker/dm-crypt) settings are recorded on the disk. */
  adeKeyVaultId?: string;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  networkAccessPolicy: 'AllowAll' | 'DenyAll';
  /** Set for data disks; the OS disk has none. */
  lun?: number;
  zone?: string;
}

export function diskId(placement: Placement, name: string): string {
  return resourceId(placement, `${COMPUTE}/disks`, name);
}

/** Published per-size performance of the common tiers (P/E/S 4..30), as [GiB, tier suffix, IOPS, MBps]. */
const DISK_TIERS: readonly [number, string, number, number][] = [
  [32, '4', 120, 25],
  [64, '6', 240, 50],
  [128, '10', 500, 100],
  [256, '15', 1100, 125],
  [512, '20', 2300, 150],
  [1024, '30', 5000, 200],
];

function diskPerformance(sku: DiskSku, sizeGb: number): { tier: string; iops: number; mbps: number } {
  const [, suffix, iops, mbps] =
    DISK_TIERS.find(([size]) => sizeGb <= size) ?? DISK_TIERS[DISK_TIERS.length - 1]!;
  if (sku.startsWith('Premium')) return { tier: `P${suffix}`, iops, mbps };
  // Standard SSD and HDD tiers up to 1 TiB are flat 500 IOPS / 60 MBps.
  return { tier: `${sku === 'StandardSSD_LRS' ? 'E' : 'S'}${suffix}`, iops: 500, mbps: 60 };
}

export interface DiskOwner {
  vmId?: string;
  os?: { type: 'Linux' | 'Windows'; image: MarketplaceImage; trustedLaunch: boolean };
}

export function disk(random: Random, plan: DiskPlan, owner: DiskOwner): Resource {
  const performance = diskPerformance(plan.sku, plan.sizeGb);
  const image = owner.os?.image;
  return {
    name: plan.name,
    id: plan.id,
    type: `${COMPUTE}/disks`,
    location: plan.placement.location,
    tags: plan.tags,
    ...(owner.vmId ? { managedBy: owner.vmId } : {}),
    sku: { name: plan.sku, tier: plan.sku.startsWith('Premium') ? 'Premium' : 'Standard' },
    ...(plan.zone ? { zones: [plan.zone] } : {}),
    // No object literal here starts with a spread: V8 builds those ~100x slower, and this runs per disk.
    properties: {
      creationData:
        owner.os && image
          ? {
              createOption: 'FromImage',
              imageReference: {
                id: `/Subscriptions/${plan.placement.subscriptionId}/Providers/Microsoft.Compute/Locations/${plan.placement.location}/Publishers/${image.publisher}/ArtifactTypes/VMImage/Offers/${image.offer}/Skus/${image.sku}/Versions/${image.exactVersion}`,
              },
            }
          : { createOption: 'Empty' },
      ...(owner.os && image
        ? {
            osType: owner.os.type,
            hyperVGeneration: image.generation,
            supportedCapabilities: {
              diskControllerTypes: image.generation === 'V2' ? 'SCSI, NVMe' : 'SCSI',
              acceleratedNetwork: true,
              architecture: 'x64',
            },
            ...(owner.os.trustedLaunch ? { securityProfile: { securityType: 'TrustedLaunch' } } : {}),
          }
        : {}),
      diskSizeGB: plan.sizeGb,
      diskIOPSReadWrite: performance.iops,
      diskMBpsReadWrite: performance.mbps,
      ...(plan.adeKeyVaultId
        ? {
            encryptionSettingsCollection: {
              enabled: true,
              encryptionSettings: [
                {
                  diskEncryptionKey: {
                    sourceVault: { id: plan.adeKeyVaultId },
                    secretUrl: `https://${plan.adeKeyVaultId.split('/').pop()}.vault.azure.net/secrets/${random.guid()}/${random.hex(32)}`,
                  },
                },
              ],
              encryptionSettingsVersion: '1.1',
            },
          }
        : {}),
      encryption: plan.encryption,
      networkAccessPolicy: plan.networkAccessPolicy,
      publicNetworkAccess: plan.publicNetworkAccess,
      timeCreated: computeTimestamp(random, 900),
      provisioningState: 'Succeeded',
      diskState: owner.vmId ? 'Attached' : 'Unattached',
      diskSizeBytes: plan.sizeGb * 1024 ** 3,
      uniqueId: random.guid(),
      tier: performance.tier,
      ...(owner.vmId ? { LastOwnershipUpdateTime: computeTimestamp(random, 300) } : {}),
    },
  };
}

export interface VmSpec {
  placement: Placement;
  name: string;
  computerName: string;
  tags: JsonObject;
  image: MarketplaceImage;
  size: string;
  zone?: string;
  nicIds: string[];
  osDisk: DiskPlan;
  dataDisks: DiskPlan[];
  /** A legacy VM whose OS disk is a VHD page blob at this URI; it then has no managed disks at all. */
  unmanagedOsDiskUri?: string;
  trustedLaunch: boolean;
  secureBoot: boolean;
  vTpm: boolean;
  /** undefined: ARM omits the property (the default, off). */
  encryptionAtHost?: boolean;
  passwordAuthenticationDisabled: boolean;
  sshKeyData?: string;
  adminUsername: string;
  systemAssignedIdentity: boolean;
  patchMode: string;
  /** Some ARM paths write disk ids with the resource group upper-cased; Vigil must match them anyway. */
  upperCaseDiskIds: boolean;
  hybridBenefit: boolean;
}

export function vmId(placement: Placement, name: string): string {
  return resourceId(placement, `${COMPUTE}/virtualMachines`, name);
}

function osProfile(spec: VmSpec): JsonObject {
  if (spec.image.os === 'Windows') {
    return {
      computerName: spec.computerName,
      adminUsername: spec.adminUsername,
      windowsConfiguration: {
        provisionVMAgent: true,
        enableAutomaticUpdates: true,
        patchSettings: {
          patchMode: spec.patchMode,
          assessmentMode: spec.patchMode === 'AutomaticByPlatform' ? 'AutomaticByPlatform' : 'ImageDefault',
          ...(spec.patchMode === 'AutomaticByPlatform'
            ? { automaticByPlatformSettings: { rebootSetting: 'IfRequired' }, enableHotpatching: false }
            : {}),
        },
        enableVMAgentPlatformUpdates: false,
      },
      secrets: [],
      allowExtensionOperations: true,
      requireGuestProvisionSignal: true,
    };
  }
  return {
    computerName: spec.computerName,
    adminUsername: spec.adminUsername,
    linuxConfiguration: {
      disablePasswordAuthentication: spec.passwordAuthenticationDisabled,
      ...(spec.sshKeyData
        ? {
            ssh: {
              publicKeys: [
                { path: `/home/${spec.adminUsername}/.ssh/authorized_keys`, keyData: spec.sshKeyData },
              ],
            },
          }
        : {}),
      provisionVMAgent: true,
      patchSettings: {
        patchMode: spec.patchMode,
        assessmentMode: spec.patchMode === 'AutomaticByPlatform' ? 'AutomaticByPlatform' : 'ImageDefault',
      },
      enableVMAgentPlatformUpdates: false,
    },
    secrets: [],
    allowExtensionOperations: true,
    requireGuestProvisionSignal: true,
  };
}

function managedDiskReference(spec: VmSpec, plan: DiskPlan): JsonObject {
  return {
    storageAccountType: plan.sku,
    ...(plan.encryption.type !== 'EncryptionAtRestWithPlatformKey'
      ? { diskEncryptionSet: { id: plan.encryption.diskEncryptionSetId } }
      : {}),
    id: spec.upperCaseDiskIds ? upperResourceGroup(plan.id, plan.placement.resourceGroup) : plan.id,
  };
}

function securityProfile(spec: VmSpec): JsonObject | undefined {
  const profile: JsonObject = {};
  if (spec.trustedLaunch) {
    profile.uefiSettings = { secureBootEnabled: spec.secureBoot, vTpmEnabled: spec.vTpm };
    profile.securityType = 'TrustedLaunch';
  }
  if (spec.encryptionAtHost !== undefined) profile.encryptionAtHost = spec.encryptionAtHost;
  return Object.keys(profile).length > 0 ? profile : undefined;
}

export function virtualMachine(random: Random, spec: VmSpec): Resource {
  const security = securityProfile(spec);
  return {
    name: spec.name,
    id: vmId(spec.placement, spec.name),
    type: `${COMPUTE}/virtualMachines`,
    location: spec.placement.location,
    tags: spec.tags,
    ...(spec.zone ? { zones: [spec.zone] } : {}),
    ...(spec.systemAssignedIdentity
      ? {
          identity: { type: 'SystemAssigned', principalId: random.guid(), tenantId: spec.placement.tenantId },
        }
      : {}),
    etag: `"${random.int(1, 40)}"`,
    properties: {
      hardwareProfile: { vmSize: spec.size },
      provisioningState: 'Succeeded',
      vmId: random.guid(),
      storageProfile: {
        imageReference: {
          publisher: spec.image.publisher,
          offer: spec.image.offer,
          sku: spec.image.sku,
          version: 'latest',
          exactVersion: spec.image.exactVersion,
        },
        osDisk: {
          osType: spec.image.os,
          name: spec.osDisk.name,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          ...(spec.unmanagedOsDiskUri
            ? { vhd: { uri: spec.unmanagedOsDiskUri } }
            : { managedDisk: managedDiskReference(spec, spec.osDisk) }),
          // Only managed disks can be deleted with the VM.
          deleteOption: random.chance(0.7) && !spec.unmanagedOsDiskUri ? 'Delete' : 'Detach',
          diskSizeGB: spec.osDisk.sizeGb,
        },
        dataDisks: spec.dataDisks.map((d) => ({
          lun: d.lun ?? 0,
          name: d.name,
          createOption: 'Attach',
          caching: random.pick(['None', 'ReadOnly']),
          writeAcceleratorEnabled: false,
          managedDisk: managedDiskReference(spec, d),
          deleteOption: 'Detach',
          diskSizeGB: d.sizeGb,
          toBeDetached: false,
        })),
        diskControllerType: 'SCSI',
      },
      osProfile: osProfile(spec),
      ...(security ? { securityProfile: security } : {}),
      networkProfile: {
        networkInterfaces: spec.nicIds.map((id, i) => ({
          id,
          properties: { ...(spec.nicIds.length > 1 ? { primary: i === 0 } : {}), deleteOption: 'Detach' },
        })),
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: random.chance(0.8) } },
      ...(spec.hybridBenefit ? { licenseType: 'Windows_Server' } : {}),
      timeCreated: computeTimestamp(random, 900),
    },
  };
}

export function extension(
  random: Random,
  vm: { id: string; placement: Placement },
  kind: ExtensionKind,
  workspaceCustomerId: string,
): Resource {
  const settings: JsonObject = { ...kind.settings };
  if ('azureResourceId' in settings) settings.azureResourceId = vm.id;
  if ('workspaceId' in settings) settings.workspaceId = workspaceCustomerId;
  return {
    name: kind.name,
    id: `${vm.id}/extensions/${kind.name}`,
    type: `${COMPUTE}/virtualMachines/extensions`,
    location: vm.placement.location,
    properties: {
      autoUpgradeMinorVersion: true,
      ...(kind.automaticUpgrade ? { enableAutomaticUpgrade: true } : {}),
      provisioningState: random.chance(0.96) ? 'Succeeded' : 'Failed',
      publisher: kind.publisher,
      type: kind.type,
      typeHandlerVersion: kind.typeHandlerVersion,
      settings,
    },
  };
}

export interface ScaleSetSpec {
  placement: Placement;
  name: string;
  tags: JsonObject;
  image: MarketplaceImage;
  size: string;
  capacity: number;
  subnetId: string;
  nsgId?: string;
  backendPoolId?: string;
  ipForwarding: boolean;
  trustedLaunch: boolean;
  encryptionAtHost: boolean;
  passwordAuthenticationDisabled: boolean;
  sshKeyData?: string;
  extensions: ExtensionKind[];
  systemAssignedIdentity: boolean;
}

export function virtualMachineScaleSet(random: Random, spec: ScaleSetSpec): Resource {
  const linux = spec.image.os === 'Linux';
  const os: JsonObject = linux
    ? {
        linuxConfiguration: {
          disablePasswordAuthentication: spec.passwordAuthenticationDisabled,
          ...(spec.sshKeyData
            ? {
                ssh: {
                  publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: spec.sshKeyData }],
                },
              }
            : {}),
          provisionVMAgent: true,
          enableVMAgentPlatformUpdates: false,
        },
      }
    : {
        windowsConfiguration: {
          provisionVMAgent: true,
          enableAutomaticUpdates: true,
          enableVMAgentPlatformUpdates: false,
        },
      };
  return {
    name: spec.name,
    id: resourceId(spec.placement, `${COMPUTE}/virtualMachineScaleSets`, spec.name),
    type: `${COMPUTE}/virtualMachineScaleSets`,
    location: spec.placement.location,
    tags: spec.tags,
    sku: { name: spec.size, tier: 'Standard', capacity: spec.capacity },
    ...(spec.systemAssignedIdentity
      ? {
          identity: { type: 'SystemAssigned', principalId: random.guid(), tenantId: spec.placement.tenantId },
        }
      : {}),
    etag: `"${random.int(1, 20)}"`,
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: 'Uniform',
      upgradePolicy: { mode: random.pick(['Manual', 'Automatic', 'Rolling']) },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: spec.name.replace(/-/g, '').slice(0, 9),
          adminUsername: 'azureuser',
          ...os,
          secrets: [],
          allowExtensionOperations: true,
          requireGuestProvisionSignal: true,
        },
        storageProfile: {
          osDisk: {
            osType: spec.image.os,
            createOption: 'FromImage',
            caching: 'ReadWrite',
            managedDisk: { storageAccountType: 'Premium_LRS' },
            diskSizeGB: linux ? 30 : 127,
          },
          imageReference: {
            publisher: spec.image.publisher,
            offer: spec.image.offer,
            sku: spec.image.sku,
            version: 'latest',
          },
          diskControllerType: 'SCSI',
        },
        networkProfile: {
          networkInterfaceConfigurations: [
            {
              name: `${spec.name}-nic`,
              properties: {
                primary: true,
                enableAcceleratedNetworking: true,
                disableTcpStateTracking: false,
                ...(spec.nsgId ? { networkSecurityGroup: { id: spec.nsgId } } : {}),
                dnsSettings: { dnsServers: [] },
                enableIPForwarding: spec.ipForwarding,
                ipConfigurations: [
                  {
                    name: `${spec.name}-ipconfig`,
                    properties: {
                      primary: true,
                      subnet: { id: spec.subnetId },
                      privateIPAddressVersion: 'IPv4',
                      ...(spec.backendPoolId
                        ? { loadBalancerBackendAddressPools: [{ id: spec.backendPoolId }] }
                        : {}),
                    },
                  },
                ],
              },
            },
          ],
        },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        securityProfile: {
          encryptionAtHost: spec.encryptionAtHost,
          ...(spec.trustedLaunch
            ? { uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, securityType: 'TrustedLaunch' }
            : {}),
        },
        extensionProfile: {
          extensions: spec.extensions.map((kind) => ({
            name: kind.name,
            properties: {
              autoUpgradeMinorVersion: true,
              ...(kind.automaticUpgrade ? { enableAutomaticUpgrade: true } : {}),
              publisher: kind.publisher,
              type: kind.type,
              typeHandlerVersion: kind.typeHandlerVersion,
              settings: {},
            },
          })),
          extensionsTimeBudget: 'PT1H30M',
        },
      },
      provisioningState: 'Succeeded',
      overprovision: true,
      doNotRunExtensionsOnOverprovisionedVMs: false,
      uniqueId: random.guid(),
      platformFaultDomainCount: 1,
      timeCreated: isoTimestamp(random, 700),
    },
  };
}

export function diskEncryptionSet(
  random: Random,
  placement: Placement,
  name: string,
  keyVaultId: string,
): Resource {
  const vaultName = keyVaultId.split('/').pop() ?? 'vault';
  return {
    name,
    id: resourceId(placement, `${COMPUTE}/diskEncryptionSets`, name),
    type: `${COMPUTE}/diskEncryptionSets`,
    location: placement.location,
    identity: { type: 'SystemAssigned', principalId: random.guid(), tenantId: placement.tenantId },
    properties: {
      activeKey: {
        sourceVault: { id: keyVaultId },
        keyUrl: `https://${vaultName}.vault.azure.net/keys/disk-cmk/${random.hex(32)}`,
      },
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      rotationToLatestKeyVersionEnabled: random.chance(0.5),
      provisioningState: 'Succeeded',
    },
  };
}
