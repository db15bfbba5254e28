import type { Resource } from '../../src/inventory/resource.ts';
import { type Placement, resourceId } from './arm.ts';
import { DEFENDER_PLANS, REGIONS } from './catalog.ts';
import { diskEncryptionSet } from './compute.ts';
import { networkWatcher } from './network.ts';
import type { RegionalPlatform, SubscriptionContext } from './plans.ts';
import {
  backupPolicy,
  keyVault,
  logAnalyticsWorkspace,
  recoveryServicesVault,
  resourceGroup,
  storageAccount,
  subscription,
} from './platform.ts';
import type { Random } from './random.ts';
import { pricing, securityContact } from './security.ts';

/** Decides a subscription's regions and shared infrastructure names; no resources yet. */
export function planSubscription(random: Random, index: number, tenantId: string): SubscriptionContext {
  const subscriptionId = random.guid();
  const regions = random.sample(
    REGIONS,
    random.weighted([
      [1, 5],
      [2, 3],
      [3, 2],
    ]),
  );
  const home = regions[0]!;
  const platform: Placement = {
    subscriptionId,
    tenantId,
    resourceGroup: `rg-platform-${home.short}`,
    location: home.name,
  };
  const suffix = random.hex(6);
  return {
    index,
    subscriptionId,
    tenantId,
    platform,
    workspace: {
      id: resourceId(
        platform,
        'Microsoft.OperationalInsights/workspaces',
        `law-security-${home.short}-${suffix}`,
      ),
      customerId: random.guid(),
    },
    keyVaultId: resourceId(platform, 'Microsoft.KeyVault/vaults', `kv-disk-${suffix}`),
    diskEncryptionSetId: resourceId(
      platform,
      'Microsoft.Compute/diskEncryptionSets',
      `des-cmk-${home.short}`,
    ),
    regions: regions.map(
      (region): RegionalPlatform => ({
        region,
        watcher: { subscriptionId, tenantId, resourceGroup: 'NetworkWatcherRG', location: region.name },
        storageAccountId: resourceId(
          { ...platform, location: region.name },
          'Microsoft.Storage/storageAccounts',
          `stplat${region.short}${suffix}`,
        ),
        vault: {
          placement: { ...platform, location: region.name },
          name: `rsv-backup-${region.short}`,
          protectedItems: 0,
        },
      }),
    ),
    orphanDisks: 0,
  };
}

/** How many resources `scaffoldResources` and `backupPolicies` will emit for this subscription. */
export function scaffoldSize(context: SubscriptionContext, withContact: boolean): number {
  const fixed = 1 + 2 + DEFENDER_PLANS.length + (withContact ? 1 : 0) + 3; // sub, 2 RGs, pricings, contact, LAW+KV+DES
  return fixed + context.regions.length * 4; // watcher, flow-log storage, vault, backup policy
}

/**
 * The subscription itself, its platform resource groups, Defender plans, the
 * security contact and the per-region watcher, storage and vault.
 */
export function* scaffoldResources(
  random: Random,
  context: SubscriptionContext,
  withContact: boolean,
  defenderForServers: 'Free' | 'Standard',
): Generator<Resource> {
  const { subscriptionId, tenantId, platform } = context;
  yield subscription(
    subscriptionId,
    tenantId,
    `contoso-${random.pick(['prod', 'nonprod', 'shared', 'lz'])}-${String(context.index + 1).padStart(2, '0')}`,
    {
      costCenter: `CC-${random.int(1000, 9999)}`,
    },
  );
  yield resourceGroup(subscriptionId, platform.resourceGroup, platform.location, { purpose: 'platform' });
  yield resourceGroup(subscriptionId, 'NetworkWatcherRG', platform.location, {});
  for (const plan of DEFENDER_PLANS) {
    const tier = plan === 'VirtualMachines' ? defenderForServers : random.chance(0.5) ? 'Standard' : 'Free';
    yield pricing(random, subscriptionId, plan, tier);
  }
  if (withContact) {
    yield securityContact(
      subscriptionId,
      'secops@contoso.com;cloud-security@contoso.com',
      random.pick(['High', 'Medium', 'Low']),
    );
  }
  const workspaceName = context.workspace.id.split('/').pop()!;
  yield logAnalyticsWorkspace(random, platform, workspaceName, context.workspace.customerId);
  yield keyVault(random, platform, context.keyVaultId.split('/').pop()!);
  yield diskEncryptionSet(
    random,
    platform,
    context.diskEncryptionSetId.split('/').pop()!,
    context.keyVaultId,
  );
  for (const regional of context.regions) {
    yield networkWatcher(random, regional.watcher);
    yield storageAccount(random, regional.vault.placement, regional.storageAccountId.split('/').pop()!, {
      purpose: 'flow-logs',
    });
    yield recoveryServicesVault(random, regional.vault.placement, regional.vault.name);
  }
}

/** Emitted last, because a policy reports how many items it protects. */
export function* backupPolicies(context: SubscriptionContext): Generator<Resource> {
  for (const regional of context.regions) {
    yield backupPolicy(regional.vault.placement, regional.vault.name, regional.vault.protectedItems);
  }
}
