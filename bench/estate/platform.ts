import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { isoTimestamp, type Placement, resourceGroupId, resourceId } from './arm.ts';
import type { Random } from './random.ts';

/**
 * `GET /subscriptions/{id}` has no `name` or `type`; the record carries ARM's
 * fields plus the `name`/`type` that Resource Graph's resourcecontainers table
 * gives a subscription, so it can sit in an inventory next to other resources.
 */
export function subscription(
  subscriptionId: string,
  tenantId: string,
  displayName: string,
  tags: JsonObject,
): Resource {
  return {
    id: `/subscriptions/${subscriptionId}`,
    name: displayName,
    type: 'Microsoft.Resources/subscriptions',
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags,
    subscriptionId,
    tenantId,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

export function resourceGroup(
  subscriptionId: string,
  name: string,
  location: string,
  tags: JsonObject,
): Resource {
  return {
    id: resourceGroupId(subscriptionId, name),
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    tags,
    properties: { provisioningState: 'Succeeded' },
  };
}

export function recoveryServicesVault(random: Random, placement: Placement, name: string): Resource {
  return {
    id: resourceId(placement, 'Microsoft.RecoveryServices/vaults', name),
    name,
    type: 'Microsoft.RecoveryServices/vaults',
    location: placement.location,
    etag: `W/"datetime'${encodeURIComponent(isoTimestamp(random, 300))}'"`,
    sku: { name: 'RS0', tier: 'Standard' },
    identity: { type: 'SystemAssigned', principalId: random.guid(), tenantId: placement.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      privateEndpointStateForBackup: 'None',
      privateEndpointStateForSiteRecovery: 'None',
      publicNetworkAccess: random.chance(0.7) ? 'Enabled' : 'Disabled',
      securitySettings: {
        softDeleteSettings: {
          softDeleteState: 'Enabled',
          softDeleteRetentionPeriodInDays: 14,
          enhancedSecurityState: 'Enabled',
        },
        immutabilitySettings: { state: random.pick(['Disabled', 'Unlocked', 'Locked']) },
        multiUserAuthorization: 'Disabled',
      },
      redundancySettings: {
        standardTierStorageRedundancy: random.pick(['GeoRedundant', 'LocallyRedundant', 'ZoneRedundant']),
        crossRegionRestore: 'Disabled',
      },
      secureScore: random.pick(['Minimum', 'Adequate', 'Maximum']),
      bcdrSecurityLevel: random.pick(['Poor', 'Fair', 'Good']),
    },
  };
}

function backupPolicyId(placement: Placement, vaultName: string): string {
  return resourceId(
    placement,
    'Microsoft.RecoveryServices/vaults/backupPolicies',
    vaultName,
    'DefaultPolicy',
  );
}

export function backupPolicy(placement: Placement, vaultName: string, protectedItems: number): Resource {
  return {
    id: backupPolicyId(placement, vaultName),
    name: 'DefaultPolicy',
    type: 'Microsoft.RecoveryServices/vaults/backupPolicies',
    properties: {
      backupManagementType: 'AzureIaasVM',
      instantRpRetentionRangeInDays: 2,
      schedulePolicy: {
        schedulePolicyType: 'SimpleSchedulePolicy',
        scheduleRunFrequency: 'Daily',
        scheduleRunTimes: ['2024-01-01T02:00:00Z'],
        scheduleWeeklyFrequency: 0,
      },
      retentionPolicy: {
        retentionPolicyType: 'LongTermRetentionPolicy',
        dailySchedule: {
          retentionTimes: ['2024-01-01T02:00:00Z'],
          retentionDuration: { count: 30, durationType: 'Days' },
        },
      },
      timeZone: 'UTC',
      protectedItemsCount: protectedItems,
    },
  };
}

/** An Azure VM backed up to a vault; the container/item naming is Azure Backup's own. */
export function protectedItem(
  random: Random,
  vault: { placement: Placement; name: string },
  vm: { id: string; name: string; resourceGroup: string },
): Resource {
  const container = `iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}`;
  const lastBackup = isoTimestamp(random, 3);
  const healthy = random.chance(0.9);
  return {
    id: resourceId(
      vault.placement,
      'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
      vault.name,
      'Azure',
      `IaasVMContainer;${container}`,
      `VM;${container}`,
    ),
    name: `VM;${container}`,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
    properties: {
      friendlyName: vm.name,
      virtualMachineId: vm.id,
      protectionStatus: healthy ? 'Healthy' : 'Unhealthy',
      protectionState: 'Protected',
      healthStatus: healthy ? 'Passed' : 'ActionRequired',
      lastBackupStatus: healthy ? 'Completed' : 'Failed',
      lastBackupTime: lastBackup,
      protectedItemDataId: String(random.int(10_000_000, 99_999_999)),
      protectedItemType: 'Microsoft.Compute/virtualMachines',
      backupManagementType: 'AzureIaasVM',
      workloadType: 'VM',
      containerName: container,
      sourceResourceId: vm.id,
      policyId: backupPolicyId(vault.placement, vault.name),
      policyName: 'DefaultPolicy',
      lastRecoveryPoint: lastBackup,
      isScheduledForDeferredDelete: false,
      isArchiveEnabled: false,
    },
  };
}

export function storageAccount(
  random: Random,
  placement: Placement,
  name: string,
  tags: JsonObject,
): Resource {
  const endpoint = (service: string) => `https://${name}.${service}.core.windows.net/`;
  return {
    id: resourceId(placement, 'Microsoft.Storage/storageAccounts', name),
    name,
    type: 'Microsoft.Storage/storageAccounts',
    location: placement.location,
    tags,
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    kind: 'StorageV2',
    properties: {
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: random.chance(0.5),
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: {
        bypass: 'AzureServices',
        virtualNetworkRules: [],
        ipRules: [],
        defaultAction: random.pick(['Allow', 'Deny']),
      },
      encryption: {
        services: {
          file: { keyType: 'Account', enabled: true },
          blob: { keyType: 'Account', enabled: true },
        },
        keySource: 'Microsoft.Storage',
      },
      accessTier: 'Hot',
      provisioningState: 'Succeeded',
      creationTime: isoTimestamp(random, 900),
      primaryEndpoints: {
        blob: endpoint('blob'),
        queue: endpoint('queue'),
        table: endpoint('table'),
        file: endpoint('file'),
        dfs: endpoint('dfs'),
        web: `https://${name}.z13.web.core.windows.net/`,
      },
      primaryLocation: placement.location,
      statusOfPrimary: 'available',
    },
  };
}

export function logAnalyticsWorkspace(
  random: Random,
  placement: Placement,
  name: string,
  customerId: string,
): Resource {
  return {
    id: resourceId(placement, 'Microsoft.OperationalInsights/workspaces', name),
    name,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: placement.location,
    properties: {
      provisioningState: 'Succeeded',
      customerId,
      sku: { name: 'PerGB2018', lastSkuUpdate: isoTimestamp(random, 900) },
      retentionInDays: random.pick([30, 90, 365]),
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: { dailyQuotaGb: -1, dataIngestionStatus: 'RespectQuota' },
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: isoTimestamp(random, 900),
    },
  };
}

export function keyVault(random: Random, placement: Placement, name: string): Resource {
  return {
    id: resourceId(placement, 'Microsoft.KeyVault/vaults', name),
    name,
    type: 'Microsoft.KeyVault/vaults',
    location: placement.location,
    tags: {},
    properties: {
      sku: { family: 'A', name: 'standard' },
      tenantId: placement.tenantId,
      accessPolicies: [],
      enabledForDeployment: false,
      enabledForDiskEncryption: true,
      enabledForTemplateDeployment: false,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enableRbacAuthorization: true,
      ...(random.chance(0.7) ? { enablePurgeProtection: true } : {}),
      vaultUri: `https://${name}.vault.azure.net/`,
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
    },
  };
}
