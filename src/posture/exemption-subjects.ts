import type { Inventory } from '../inventory/inventory.ts';
import { getProperty, isJsonObject } from '../util/json.ts';
import type { ExemptionSubjects } from './exemptions.ts';

/**
 * What exemptions need to know about the scanned resources, from the snapshot: each resource's location,
 * and the management groups above each subscription — Resource Graph's `resourcecontainers` row of a
 * subscription lists them in `properties.managementGroupAncestorsChain`. The tenant root group, whose
 * name is the tenant ID, is above every subscription of the tenant.
 */
export function inventorySubjects(inventory: Inventory): ExemptionSubjects {
  const groups = new Map<string, ReadonlySet<string> | undefined>();
  return {
    locationOf: (finding) => {
      const location = inventory.get(finding.resourceId)?.location;
      return typeof location === 'string' && location !== '' ? location : undefined;
    },
    managementGroupsOf: (subscriptionId) => {
      if (!groups.has(subscriptionId)) groups.set(subscriptionId, readGroups(inventory, subscriptionId));
      return groups.get(subscriptionId);
    },
  };
}

function readGroups(inventory: Inventory, subscriptionId: string): ReadonlySet<string> | undefined {
  const subscription = inventory.get(`/subscriptions/${subscriptionId}`);
  if (subscription === undefined || !isJsonObject(subscription.properties)) return undefined;
  const chain = getProperty(subscription.properties, 'managementGroupAncestorsChain');
  if (!Array.isArray(chain)) return undefined;
  const names = new Set<string>();
  for (const group of chain) {
    const name = isJsonObject(group) ? getProperty(group, 'name') : undefined;
    if (typeof name === 'string') names.add(name.toLowerCase());
  }
  const tenant = subscription.tenantId ?? getProperty(subscription.properties, 'tenantId');
  if (typeof tenant === 'string' && tenant !== '') names.add(tenant.toLowerCase());
  return names;
}
