import type { Inventory } from '../inventory/inventory.ts';
import { getProperty, isJsonObject } from '../util/json.ts';

/**
 * Whether a resource lies in a policy scope (an assignment's, one of its notScopes, an exemption's):
 * the scope is a management group, subscription, resource group or resource id, and covers itself and
 * everything below it (https://learn.microsoft.com/azure/governance/policy/concepts/scope).
 */

/** The management groups (lower-cased names) above a subscription; undefined when the snapshot does not say. */
export type ManagementGroupsOf = (subscriptionId: string) => ReadonlySet<string> | undefined;

const MANAGEMENT_GROUP_SCOPE = '/providers/microsoft.management/managementgroups/';

/** `scope` normalised for `scopeCovers`: lower-cased, without a trailing slash. */
export function normalizeScope(scope: string): string {
  // Not /\/+$/: it takes quadratic time on a long run of slashes that is not at the end.
  let end = scope.length;
  while (end > 0 && scope[end - 1] === '/') end--;
  return scope.slice(0, end).toLowerCase();
}

/** True or false, or why the snapshot cannot tell (a management-group scope the snapshot does not place). */
export function scopeCovers(
  scope: string,
  resourceId: string,
  managementGroupsOf: ManagementGroupsOf | undefined,
): boolean | string {
  const resource = resourceId.toLowerCase();
  if (scope.startsWith(MANAGEMENT_GROUP_SCOPE)) {
    const group = scope.slice(MANAGEMENT_GROUP_SCOPE.length);
    const subscription = /^\/subscriptions\/([^/]+)/.exec(resource)?.[1];
    if (subscription === undefined) return false;
    const groups = managementGroupsOf?.(subscription);
    if (groups === undefined)
      return `its scope is management group ${group}, and the snapshot does not say which management groups subscription ${subscription} is in (export Resource Graph's resourcecontainers with the resources)`;
    return groups.has(group);
  }
  return resource === scope || resource.startsWith(`${scope}/`);
}

/**
 * The management groups above each subscription, from the snapshot: Resource Graph's `resourcecontainers`
 * row of a subscription lists them in `properties.managementGroupAncestorsChain`. The tenant root group,
 * whose name is the tenant ID, is above every subscription of the tenant.
 */
export function managementGroupsIn(inventory: Inventory): ManagementGroupsOf {
  const groups = new Map<string, ReadonlySet<string> | undefined>();
  return (subscriptionId) => {
    if (!groups.has(subscriptionId)) groups.set(subscriptionId, readGroups(inventory, subscriptionId));
    return groups.get(subscriptionId);
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
