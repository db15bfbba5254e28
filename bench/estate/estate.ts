import type { Resource } from '../../src/inventory/resource.ts';
import { disk, diskId } from './compute.ts';
import { ESTATE_PROFILES, type EstateProfileName, type SubscriptionContext } from './plans.ts';
import { Random } from './random.ts';
import { buildSegment } from './segment.ts';
import {
  backupPolicies,
  planSubscription,
  scaffoldResources,
  scaffoldSize,
} from './subscription-scaffold.ts';

export interface EstateOptions {
  /** Exact number of resources to produce. */
  resources: number;
  /** PRNG seed; the same options always give the same estate. Default 1. */
  seed?: number;
  /** Default: one subscription per 25,000 resources, at least one. */
  subscriptions?: number;
  /** How many satellites each VM has (see plans.ts); default `detailed`. */
  profile?: EstateProfileName;
}

/** Every ARM type the generator emits (canonical casing). */
export const ESTATE_RESOURCE_TYPES: readonly string[] = [
  'Microsoft.Resources/subscriptions',
  'Microsoft.Resources/resourceGroups',
  'Microsoft.Security/pricings',
  'Microsoft.Security/securityContacts',
  'Microsoft.Security/assessments',
  'Microsoft.Security/locations/jitNetworkAccessPolicies',
  'Microsoft.OperationalInsights/workspaces',
  'Microsoft.KeyVault/vaults',
  'Microsoft.Compute/diskEncryptionSets',
  'Microsoft.Compute/virtualMachines',
  'Microsoft.Compute/virtualMachines/extensions',
  'Microsoft.Compute/virtualMachineScaleSets',
  'Microsoft.Compute/disks',
  'Microsoft.Network/virtualNetworks',
  'Microsoft.Network/networkSecurityGroups',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/loadBalancers',
  'Microsoft.Network/applicationSecurityGroups',
  'Microsoft.Network/networkWatchers',
  'Microsoft.Network/networkWatchers/flowLogs',
  'Microsoft.Storage/storageAccounts',
  'Microsoft.RecoveryServices/vaults',
  'Microsoft.RecoveryServices/vaults/backupPolicies',
  'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
  'Microsoft.Insights/diagnosticSettings',
];

function checkWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`estate option "${name}" must be a whole number >= ${min}, got ${value}`);
  }
}

/**
 * Streams an ARM-shaped estate of exactly `options.resources` resources. Every
 * reference the estate contains (NIC, subnet, NSG, disk, VM, vault, workspace…)
 * points at a resource in the same estate.
 */
export function* estateResources(options: EstateOptions): Generator<Resource> {
  checkWholeNumber('resources', options.resources, 1);
  const seed = options.seed ?? 1;
  checkWholeNumber('seed', seed, 0);
  const subscriptionCount = options.subscriptions ?? Math.max(1, Math.round(options.resources / 25_000));
  checkWholeNumber('subscriptions', subscriptionCount, 1);
  const profile = ESTATE_PROFILES[options.profile ?? 'detailed'];
  if (profile === undefined) {
    throw new Error(
      `estate option "profile" must be one of ${Object.keys(ESTATE_PROFILES).join(', ')}, got ${options.profile}`,
    );
  }

  const random = new Random(seed);
  const tenantId = random.guid();
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) =>
    planSubscription(random, i, tenantId),
  );
  const withContact = subscriptions.map((_, i) => i === 0 || random.chance(0.85));
  const reserved = subscriptions.reduce((sum, s, i) => sum + scaffoldSize(s, withContact[i] ?? true), 0);
  if (options.resources < reserved) {
    throw new Error(
      `estate option "resources" must be at least ${reserved} for ${subscriptionCount} subscription(s) with seed ${seed} (their shared platform resources), got ${options.resources}`,
    );
  }

  let remaining = options.resources - reserved;
  for (const [i, subscription] of subscriptions.entries()) {
    // The first subscription has Defender for Servers on and the second off, so both states always occur.
    const defender = i === 0 ? 'Standard' : i === 1 ? 'Free' : random.chance(0.7) ? 'Standard' : 'Free';
    yield* scaffoldResources(random, subscription, withContact[i] ?? true, defender);
  }
  for (let index = 0; remaining > 0; index++) {
    const subscription = subscriptions[index % subscriptions.length]!;
    const segment = buildSegment(random, subscription, index, remaining, index === 0, profile);
    if (!segment) break;
    yield* segment;
    remaining -= segment.length;
  }
  for (const subscription of subscriptions) yield* backupPolicies(subscription);
  for (let k = 0; remaining > 0; k++, remaining--) {
    yield orphanDisk(random, subscriptions[k % subscriptions.length]!);
  }
}

/** Fills the last few places of the budget: unattached disks, as every real estate has. */
function orphanDisk(random: Random, subscription: SubscriptionContext): Resource {
  const name = `disk-orphan-${String(++subscription.orphanDisks).padStart(4, '0')}`;
  const publicAccess = random.chance(0.5);
  return disk(
    random,
    {
      name,
      id: diskId(subscription.platform, name),
      placement: subscription.platform,
      tags: {},
      sizeGb: random.pick([32, 128, 512]),
      sku: random.pick(['Standard_LRS', 'StandardSSD_LRS'] as const),
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      publicNetworkAccess: publicAccess ? 'Enabled' : 'Disabled',
      networkAccessPolicy: publicAccess ? 'AllowAll' : 'DenyAll',
    },
    {},
  );
}
