import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import {
  assessment,
  disk,
  EXTENSIONS,
  extensionResource,
  IMAGES,
  networkInterface,
  networkWatcher,
  nsgId,
  protectedItem,
  RG_ID,
  virtualNetwork,
  vm,
  vmExtension,
  vmId,
} from '../../support/arm-resources.ts';
import { desId, diskEncryptionSet, managedDataDisk, vhdDataDisk } from '../../support/compute-resources.ts';
import { classicVm } from '../../support/governance-resources.ts';
import { flowLogId, nsg, publicIpId, type RuleSpec } from '../../support/network-resources.ts';

/**
 * Managed disks as Disks_Get and Resource Graph return them: each key and network setting, the OS disk of
 * a confidential VM, an Ultra Disk, a disk of an AKS node pool, a disk from an API version before
 * publicNetworkAccess.
 */
export function diskEstate(): Resource[] {
  const cmk = { type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: desId('des-cmk') };
  return [
    diskEncryptionSet('des-cmk', 'EncryptionAtRestWithCustomerKey'),
    diskEncryptionSet('des-double', 'EncryptionAtRestWithPlatformAndCustomerKeys'),
    disk('disk-platform-key'),
    disk('disk-cmk', { encryption: cmk }),
    disk('disk-double', {
      encryption: {
        type: 'EncryptionAtRestWithPlatformAndCustomerKeys',
        diskEncryptionSetId: desId('des-double'),
      },
    }),
    omit(disk('disk-no-encryption-block'), 'encryption'),
    // A confidential VM's OS disk with its key in a confidential disk encryption set: the set sits under
    // securityProfile, and encryption.type stays the platform key's.
    disk('disk-cvm-os-cmk', {
      osType: 'Linux',
      securityProfile: {
        securityType: 'ConfidentialVM_DiskEncryptedWithCustomerKey',
        secureVMDiskEncryptionSetId: desId('des-cvm'),
      },
    }),
    disk('disk-ultra', {
      encryption: cmk,
      diskIOPSReadWrite: 20000,
      diskMBpsReadWrite: 1000,
    }),
    {
      ...disk('pvc-3f8a2c1d-7e6b-4a59-9c0d-1e2f3a4b5c6d'),
      id: `${RG_ID.replace('rg-prod-web', 'MC_rg-aks_aks-prod_eastus')}/providers/Microsoft.Compute/disks/pvc-3f8a2c1d-7e6b-4a59-9c0d-1e2f3a4b5c6d`,
      tags: {
        'kubernetes.io-created-for-pvc-name': 'data-postgres-0',
        'k8s-azure-created-by': 'kubernetes-azure-dd',
      },
    },
    disk('disk-deny-all', { networkAccessPolicy: 'DenyAll' }),
    disk('disk-allow-private', {
      networkAccessPolicy: 'AllowPrivate',
      diskAccessId: `${RG_ID}/providers/Microsoft.Compute/diskAccesses/da-prod`,
    }),
    disk('disk-public-disabled', { publicNetworkAccess: 'Disabled' }),
    omit(disk('disk-old-api'), 'publicNetworkAccess'),
    disk('disk-aad-export', { dataAccessAuthMode: 'AzureActiveDirectory' }),
    disk('disk-auth-none', { dataAccessAuthMode: 'None' }),
  ];
}

/** The resource without one of its properties, as an older API version or a template leaves it out. */
function omit(resource: Resource, property: string): Resource {
  const { [property]: _, ...properties } = resource.properties as JsonObject;
  return { ...resource, properties };
}

/** VMs with managed, unmanaged (VHD) and mixed disks. */
export function diskKindEstate(): Resource[] {
  const unmanagedOs = {
    managedDisk: undefined,
    vhd: { uri: 'https://stlegacyvhds.blob.core.windows.net/vhds/os.vhd' },
  };
  return [
    vm('vm-managed', { dataDisks: [managedDataDisk('vm-managed', 0)] }),
    vm('vm-unmanaged-os', { image: IMAGES.ubuntu1804, osDisk: unmanagedOs }),
    vm('vm-unmanaged-data', {
      dataDisks: [managedDataDisk('vm-unmanaged-data', 0), vhdDataDisk('vm-unmanaged-data', 1)],
    }),
    vm('vm-unmanaged-all', {
      image: IMAGES.windows2019,
      osDisk: unmanagedOs,
      dataDisks: [vhdDataDisk('vm-unmanaged-all', 0)],
    }),
  ];
}

/** Network interfaces: no public IP, one on the primary or a secondary configuration, an IPv6 one. */
export function nicEstate(): Resource[] {
  const pip = (name: string): JsonObject => ({ publicIPAddress: { id: publicIpId(name) } });
  return [
    networkInterface('nic-private', [{}]),
    networkInterface('nic-public', [pip('pip-web')]),
    networkInterface('nic-secondary-public', [{}, pip('pip-secondary')]),
    networkInterface('nic-ipv6-public', [{}, { privateIPAddressVersion: 'IPv6', ...pip('pip-web-v6') }]),
  ];
}

/** VMs, two protected by a vault, beside the machines Microsoft leaves out of backup. */
export function backupEstate(): Resource[] {
  const policy: Resource = {
    id: `${RG_ID}/providers/Microsoft.RecoveryServices/vaults/rsv-prod/backupPolicies/DefaultPolicy`,
    name: 'DefaultPolicy',
    type: 'microsoft.recoveryservices/vaults/backuppolicies',
    properties: { backupManagementType: 'AzureIaasVM', policyType: 'V2', protectedItemsCount: 2 },
  };
  return [
    policy,
    vm('vm-backed-up'),
    protectedItem('rsv-prod', 'vm-backed-up'),
    vm('win-backed-up', { image: IMAGES.windows2022 }),
    protectedItem('rsv-prod', 'win-backed-up'),
    vm('vm-not-backed-up'),
    vm('vm-databricks-by-group', { group: 'databricks-rg-ws-analytics-x3k2p' }),
    vm('vm-databricks-by-image', {
      image: { publisher: 'AzureDatabricks', offer: 'databricks', sku: 'databricksworker' },
    }),
    vm('vm-aro', { image: { publisher: 'azureopenshift', offer: 'aro4', sku: 'aro_414' } }),
    vm('vm-aks-node', { image: IMAGES.aksNode, group: 'MC_rg-aks_aks-prod_eastus' }),
  ];
}

/**
 * VMs with Defender's own assessment of what only it can measure (`key`): Healthy, Unhealthy,
 * NotApplicable, absent, and one exported from Resource Graph with the parent ID lower-cased.
 */
export function assessedEstate(key: string): Resource[] {
  const lowered = vm('vm-arg-lowercase');
  const exported = assessment(lowered.id.toLowerCase(), key, 'Unhealthy');
  return [
    vm('vm-assessed-healthy'),
    assessment(vmId('vm-assessed-healthy'), key, 'Healthy'),
    vm('vm-assessed-unhealthy', { image: IMAGES.windows2022 }),
    assessment(vmId('vm-assessed-unhealthy'), key, 'Unhealthy'),
    vm('vm-assessed-not-applicable'),
    assessment(vmId('vm-assessed-not-applicable'), key, 'NotApplicable'),
    vm('vm-not-assessed'),
    lowered,
    exported,
  ];
}

/** One NSG per inbound rule shape around `port`: sources, protocols, ranges and the plural fields. */
export function nsgEstate(port: number): Resource[] {
  const shapes: [string, Omit<RuleSpec, 'name' | 'priority'>][] = [
    ['tcp-from-any', { ports: `${port}` }],
    ['any-protocol-from-internet-tag', { ports: `${port}`, protocol: '*', source: 'Internet' }],
    ['udp-from-any', { ports: `${port}`, protocol: 'Udp' }],
    ['range-from-zero-slash-zero', { ports: `${port - 10}-${port + 10}`, source: '0.0.0.0/0' }],
    ['ranges-list-from-internet-list', { ports: ['80', '443', `${port}`], source: ['Internet'] }],
    ['range-in-list-from-any', { ports: ['80', `${port - 1}-${port + 1}`] }],
    ['all-ports-from-any', { ports: '*' }],
    ['from-ipv6-any', { ports: `${port}`, source: '::/0' }],
    ['from-private-range', { ports: `${port}`, source: '10.0.0.0/8' }],
    ['deny-from-any', { ports: `${port}`, access: 'Deny' }],
    ['outbound-to-any', { ports: `${port}`, direction: 'Outbound' }],
    ['neighbouring-port', { ports: `${port}0` }],
  ];
  return shapes.map(([name, spec]) =>
    nsg(`nsg-${name}`, [{ name: `allow-${name}`, priority: 100, ...spec }]),
  );
}

const WORKSPACE = `${RG_ID}/providers/Microsoft.OperationalInsights/workspaces/law-security`;

function diagnosticSetting(nsgName: string, name: string, properties: JsonObject): Resource {
  return extensionResource(nsgId(nsgName), 'Microsoft.Insights/diagnosticSettings', name, properties);
}

/**
 * Virtual networks in regions with and without a Network Watcher (in NetworkWatcherRG, in the lower
 * case Resource Graph may give it, elsewhere) and with and without flow logs, and NSGs with and without
 * flow logs and diagnostic settings.
 */
export function networkEstate(): Resource[] {
  const vnet = (name: string, location: string, properties: JsonObject = {}) => ({
    ...virtualNetwork(name, [], properties),
    location,
  });
  const bothCategories = [
    { category: 'NetworkSecurityGroupEvent', enabled: true },
    { category: 'NetworkSecurityGroupRuleCounter', enabled: true },
  ];
  return [
    networkWatcher('eastus'),
    networkWatcher('westus2', 'networkwatcherrg'),
    networkWatcher('northeurope', 'rg-ops-netwatch'),
    vnet('vnet-eastus', 'eastus'),
    vnet('vnet-westus2', 'westus2'),
    vnet('vnet-northeurope', 'northeurope'),
    vnet('vnet-uksouth', 'uksouth'),
    vnet('vnet-flow-log', 'eastus', { flowLogs: [{ id: flowLogId('fl-vnet-flow-log') }] }),
    vnet('vnet-flow-logs-empty', 'eastus', { flowLogs: [] }),
    nsg('nsg-flow-log', [], { flowLogs: [{ id: flowLogId('fl-nsg-flow-log') }] }),
    nsg('nsg-flow-logs-empty', [], { flowLogs: [] }),
    nsg('nsg-no-flow-logs-property', []),
    nsg('nsg-diag-by-policy', []),
    diagnosticSetting('nsg-diag-by-policy', 'setbypolicy', {
      storageAccountId: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stlogs`,
      logs: bothCategories,
    }),
    nsg('nsg-diag-all-logs', []),
    diagnosticSetting('nsg-diag-all-logs', 'to-sentinel', {
      workspaceId: WORKSPACE,
      logs: [{ categoryGroup: 'allLogs', enabled: true }],
    }),
    nsg('nsg-diag-one-category', []),
    diagnosticSetting('nsg-diag-one-category', 'setbypolicy', {
      workspaceId: WORKSPACE,
      logs: [bothCategories[0]!],
    }),
  ];
}

/** Classic and Resource Manager VMs, sizes in and out of an allow-list, approved and other extensions. */
export function governanceEstate(): Resource[] {
  return [
    classicVm('vm-classic'),
    vm('vm-arm-allowed-size', { size: 'Standard_D4s_v5' }),
    vm('vm-arm-other-size', { size: 'Standard_M128s' }),
    vm('vm-arm-size-casing', { size: 'standard_d2s_v3' }),
    vmExtension('vm-arm-allowed-size', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux),
    vmExtension('vm-arm-allowed-size', 'CustomScript', EXTENSIONS.customScriptLinux),
    vmExtension('vm-arm-other-size', 'enablevmaccess', {
      publisher: 'Microsoft.OSTCExtensions',
      type: 'VMAccessForLinux',
    }),
  ];
}
