/**
 * ARM resource IDs: `{scope}/providers/{namespace}/{type}/{name}[/{childType}/{childName}]…`, where the scope
 * is the tenant (empty), `/subscriptions/{id}`, `/subscriptions/{id}/resourceGroups/{name}`, or another
 * resource (an extension resource such as `…/virtualMachines/vm1/providers/Microsoft.Security/assessments/{key}`).
 * Keywords, names and types are case-insensitive in ARM; the parse keeps the casing it was given.
 */
export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** Namespace of the resource's own type, e.g. `Microsoft.Compute` (`Microsoft.Resources` for subscriptions and groups). */
  provider?: string;
  /** e.g. `Microsoft.Compute/virtualMachines/extensions`; for an extension resource, the extension's type. */
  fullType: string;
  /** One name per type segment: `['vm1', 'ext1']` for a VM extension. */
  names: string[];
  /** The last of `names`. */
  name: string;
  /** For a child resource (a type with more than one segment), the parent resource's ID. */
  parentId?: string;
  /** For an extension resource, the ID of the resource it is attached to. */
  scopeId?: string;
  isSubscription: boolean;
  isResourceGroup: boolean;
}

export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';
export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

const SLASH = 47;

/** Parses an ARM resource ID; undefined when it is not one (relative, empty segments, a type without a name…). */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  if (id.charCodeAt(0) !== SLASH) return undefined;
  const segments = trimTrailingSlashes(id).slice(1).split('/');
  for (const segment of segments) if (segment === '') return undefined;

  let i = 0;
  let subscriptionId: string | undefined;
  let resourceGroup: string | undefined;
  if (isKeyword(segments[0], 'subscriptions')) {
    subscriptionId = segments[1];
    if (subscriptionId === undefined) return undefined;
    i = 2;
    if (i === segments.length) {
      return container(SUBSCRIPTION_TYPE, subscriptionId, subscriptionId, undefined, 'subscription');
    }
    if (isKeyword(segments[i], 'resourcegroups')) {
      resourceGroup = segments[i + 1];
      if (resourceGroup === undefined) return undefined;
      i += 2;
      if (i === segments.length) {
        return container(RESOURCE_GROUP_TYPE, resourceGroup, subscriptionId, resourceGroup, 'resourceGroup');
      }
    }
  }

  // One provider resource per `providers` keyword; every one but the last is the scope of the next.
  let scopeIsResource = false;
  let providerStart = i;
  let provider = '';
  let types: string[] = [];
  let names: string[] = [];
  while (i < segments.length) {
    if (!isKeyword(segments[i], 'providers')) return undefined;
    const namespace = segments[i + 1];
    const type = segments[i + 2];
    const name = segments[i + 3];
    if (namespace === undefined || type === undefined || name === undefined) return undefined;
    scopeIsResource = types.length > 0;
    providerStart = i;
    provider = namespace;
    types = [type];
    names = [name];
    i += 4;
    while (i < segments.length && !isKeyword(segments[i], 'providers')) {
      const childType = segments[i]!;
      const childName = segments[i + 1];
      if (childName === undefined) return undefined;
      types.push(childType);
      names.push(childName);
      i += 2;
    }
  }
  if (types.length === 0) return undefined;

  // Every field is always present (undefined when absent) so all parses share one object shape.
  return {
    subscriptionId,
    resourceGroup,
    provider,
    fullType: types.length === 1 ? `${provider}/${types[0]}` : `${provider}/${types.join('/')}`,
    names,
    name: names[names.length - 1]!,
    parentId: types.length > 1 ? prefix(id, segments, segments.length - 2) : undefined,
    scopeId: scopeIsResource ? prefix(id, segments, providerStart) : undefined,
    isSubscription: false,
    isResourceGroup: false,
  };
}

/** The lower-case key two spellings of one ID share (ARM IDs are case-insensitive; trailing slashes are noise). */
export function normalizeId(id: string): string {
  return trimTrailingSlashes(id).toLowerCase();
}

/** The resource type an ID names, e.g. `Microsoft.Network/virtualNetworks/subnets`; undefined for a malformed ID. */
export function resourceTypeOf(id: string): string | undefined {
  return parseResourceId(id)?.fullType;
}

function container(
  fullType: string,
  name: string,
  subscriptionId: string,
  resourceGroup: string | undefined,
  kind: 'subscription' | 'resourceGroup',
): ParsedResourceId {
  return {
    subscriptionId,
    resourceGroup,
    provider: 'Microsoft.Resources',
    fullType,
    names: [name],
    name,
    parentId: undefined,
    scopeId: undefined,
    isSubscription: kind === 'subscription',
    isResourceGroup: kind === 'resourceGroup',
  };
}

/** `keyword` is lower-case ASCII letters; compared without allocating, as this runs for every ID. */
function isKeyword(segment: string | undefined, keyword: string): boolean {
  if (segment === undefined || segment.length !== keyword.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    if ((segment.charCodeAt(i) | 0x20) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

/** The ID up to and including its first `count` segments, in the ID's own spelling. */
function prefix(id: string, segments: string[], count: number): string {
  let length = 0;
  for (let i = 0; i < count; i++) length += 1 + segments[i]!.length;
  return id.slice(0, length);
}

function trimTrailingSlashes(id: string): string {
  let end = id.length;
  while (end > 1 && id.charCodeAt(end - 1) === SLASH) end--;
  return end === id.length ? id : id.slice(0, end);
}

/**
 * The index key of a resource type. Resource Graph lower-cases types and lists resource groups as
 * `microsoft.resources/subscriptions/resourcegroups`, which ARM calls `Microsoft.Resources/resourceGroups`.
 */
export function normalizeType(type: string): string {
  const key = type.toLowerCase();
  return key === RESOURCE_GRAPH_RESOURCE_GROUP_TYPE ? RESOURCE_GROUP_TYPE_KEY : key;
}

const RESOURCE_GRAPH_RESOURCE_GROUP_TYPE = 'microsoft.resources/subscriptions/resourcegroups';
const RESOURCE_GROUP_TYPE_KEY = RESOURCE_GROUP_TYPE.toLowerCase();
