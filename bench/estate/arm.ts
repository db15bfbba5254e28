import type { Random } from './random.ts';

/** Where a generated resource lives. */
export interface Placement {
  subscriptionId: string;
  tenantId: string;
  resourceGroup: string;
  location: string;
}

export function subscriptionId(subscription: string): string {
  return `/subscriptions/${subscription}`;
}

export function resourceGroupId(subscription: string, resourceGroup: string): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}`;
}

/** `type` is the full type (`Microsoft.Network/networkWatchers/flowLogs`); `names` one per segment after the namespace. */
export function resourceId(placement: Placement, type: string, ...names: string[]): string {
  const [namespace, ...segments] = type.split('/');
  let path = `${resourceGroupId(placement.subscriptionId, placement.resourceGroup)}/providers/${namespace}`;
  segments.forEach((segment, i) => {
    path += `/${segment}/${names[i] ?? ''}`;
  });
  return path;
}

/** An extension resource (assessment, diagnostic setting) scoped to another resource. */
export function extensionResourceId(scopeId: string, type: string, name: string): string {
  const [namespace, ...segments] = type.split('/');
  return `${scopeId}/providers/${namespace}/${segments.join('/')}/${name}`;
}

/** Network resources carry a weak etag of this form. */
export function weakEtag(random: Random): string {
  return `W/"${random.guid()}"`;
}

/** A fixed "now" for every estate, so timestamps do not depend on the clock. */
const ESTATE_NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const DAY_MS = 86_400_000;

/** A time within `maxDaysAgo` days before the estate's fixed "now", as a Date. */
function pastDate(random: Random, maxDaysAgo: number): Date {
  return new Date(ESTATE_NOW - Math.floor(random.next() * maxDaysAgo * DAY_MS));
}

/** `2024-03-01T10:22:41.1234567+00:00`: the 7-digit form Compute uses for timeCreated. */
export function computeTimestamp(random: Random, maxDaysAgo: number): string {
  const iso = pastDate(random, maxDaysAgo).toISOString();
  return `${iso.slice(0, 19)}.${String(random.int(0, 9_999_999)).padStart(7, '0')}+00:00`;
}

/** `2024-03-01T10:22:41.123Z`, the form most other providers use. */
export function isoTimestamp(random: Random, maxDaysAgo: number): string {
  return pastDate(random, maxDaysAgo).toISOString();
}

/** ARM's own disk-creation path upper-cases the resource group in some ids it writes (a real quirk). */
export function upperResourceGroup(id: string, resourceGroup: string): string {
  return id.replace(`/resourceGroups/${resourceGroup}/`, `/resourceGroups/${resourceGroup.toUpperCase()}/`);
}
