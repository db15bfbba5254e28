import { spelledAt } from './spelled-at.ts';

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

/**
 * Where the parts of an ID are, as offsets into it: what the Inventory's index needs of every resource,
 * without making a string per part. `-1` for a part the ID does not have.
 */
export interface IdLayout {
  kind: 'subscription' | 'resourceGroup' | 'resource';
  /** The ID without trailing slashes ends here. */
  end: number;
  subscriptionStart: number;
  subscriptionEnd: number;
  groupStart: number;
  groupEnd: number;
  /** For a child resource, the parent's ID is `id.slice(0, parentEnd)`. */
  parentEnd: number;
  /** For an extension resource, the ID of the resource it is attached to is `id.slice(0, scopeEnd)`. */
  scopeEnd: number;
  /** The segment index of the `providers` keyword of the resource's own type (see `segmentStart`). */
  providerSegment: number;
  segments: number;
}

const LAYOUT: IdLayout = {
  kind: 'resource',
  end: 0,
  subscriptionStart: -1,
  subscriptionEnd: -1,
  groupStart: -1,
  groupEnd: -1,
  parentEnd: -1,
  scopeEnd: -1,
  providerSegment: -1,
  segments: 0,
};
let starts = new Int32Array(64);

/**
 * The layout of an ARM resource ID; undefined when it is not one (relative, empty segments, a type without a
 * name…). The object returned is reused by the next call: read what you need before calling again.
 */
export function layoutOf(id: string): IdLayout | undefined {
  if (id.charCodeAt(0) !== SLASH) return undefined;
  let end = id.length;
  while (end > 1 && id.charCodeAt(end - 1) === SLASH) end--;
  let n = 0;
  for (let start = 1; start <= end; n++) {
    const slash = id.indexOf('/', start);
    const stop = slash === -1 || slash > end ? end : slash;
    if (stop === start) return undefined;
    if (n === starts.length) {
      const grown = new Int32Array(n * 2);
      grown.set(starts);
      starts = grown;
    }
    starts[n] = start;
    start = stop + 1;
  }
  const layout = LAYOUT;
  layout.end = end;
  layout.segments = n;
  layout.subscriptionStart = layout.subscriptionEnd = layout.groupStart = layout.groupEnd = -1;
  layout.parentEnd = layout.scopeEnd = layout.providerSegment = -1;

  let i = 0;
  if (isKeywordAt(id, 0, n, end, 'subscriptions', 'subscriptions')) {
    if (n < 2) return undefined;
    layout.subscriptionStart = starts[1]!;
    layout.subscriptionEnd = segmentEnd(1, n, end);
    i = 2;
    if (i === n) {
      layout.kind = 'subscription';
      return layout;
    }
    if (isKeywordAt(id, 2, n, end, 'resourcegroups', 'resourceGroups')) {
      if (n < 4) return undefined;
      layout.groupStart = starts[3]!;
      layout.groupEnd = segmentEnd(3, n, end);
      i = 4;
      if (i === n) {
        layout.kind = 'resourceGroup';
        return layout;
      }
    }
  }

  // One provider resource per `providers` keyword; every one but the last is the scope of the next.
  let types = 0;
  let scopeIsResource = false;
  while (i < n) {
    if (!isKeywordAt(id, i, n, end, 'providers', 'providers') || i + 3 >= n) return undefined;
    scopeIsResource = types > 0;
    layout.providerSegment = i;
    types = 1;
    i += 4;
    while (i < n && !isKeywordAt(id, i, n, end, 'providers')) {
      if (i + 1 >= n) return undefined;
      types++;
      i += 2;
    }
  }
  if (types === 0) return undefined;
  layout.kind = 'resource';
  layout.parentEnd = types > 1 ? starts[n - 2]! - 1 : -1;
  layout.scopeEnd = scopeIsResource ? starts[layout.providerSegment]! - 1 : -1;
  return layout;
}

/** Where segment `index` of the ID `layoutOf` last read starts (segments count from 0, after the first `/`). */
function segmentStart(index: number): number {
  return starts[index]!;
}

function segmentEnd(index: number, count: number, end: number): number {
  return index + 1 < count ? starts[index + 1]! - 1 : end;
}

/** The text of segment `index` of the ID `layoutOf` last read. */
function segmentText(id: string, index: number, count: number, end: number): string {
  return id.slice(segmentStart(index), segmentEnd(index, count, end));
}

/**
 * `keyword` is lower-case ASCII letters; compared without allocating, as this runs for every ID. Where the
 * keyword is expected, `usual` is its usual spelling, compared natively first.
 */
function isKeywordAt(
  id: string,
  index: number,
  count: number,
  end: number,
  keyword: string,
  usual?: string,
): boolean {
  if (index >= count) return false;
  const start = starts[index]!;
  if (segmentEnd(index, count, end) - start !== keyword.length) return false;
  if (usual !== undefined && spelledAt(id, usual, start)) return true;
  for (let k = 0; k < keyword.length; k++) {
    if ((id.charCodeAt(start + k) | 0x20) !== keyword.charCodeAt(k)) return false;
  }
  return true;
}

/** Parses an ARM resource ID; undefined when it is not one (relative, empty segments, a type without a name…). */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const layout = layoutOf(id);
  if (layout === undefined) return undefined;
  const { end, segments } = layout;
  const subscriptionId =
    layout.subscriptionStart === -1 ? undefined : id.slice(layout.subscriptionStart, layout.subscriptionEnd);
  const resourceGroup = layout.groupStart === -1 ? undefined : id.slice(layout.groupStart, layout.groupEnd);
  if (layout.kind === 'subscription') {
    return container(SUBSCRIPTION_TYPE, subscriptionId!, subscriptionId!, undefined, 'subscription');
  }
  if (layout.kind === 'resourceGroup') {
    return container(RESOURCE_GROUP_TYPE, resourceGroup!, subscriptionId!, resourceGroup, 'resourceGroup');
  }
  const first = layout.providerSegment;
  const provider = segmentText(id, first + 1, segments, end);
  let fullType = provider;
  const names: string[] = [];
  for (let k = first + 2; k < segments; k += 2) {
    fullType += `/${segmentText(id, k, segments, end)}`;
    names.push(segmentText(id, k + 1, segments, end));
  }
  // Every field is always present (undefined when absent) so all parses share one object shape.
  return {
    subscriptionId,
    resourceGroup,
    provider,
    fullType,
    names,
    name: names[names.length - 1]!,
    parentId: layout.parentEnd === -1 ? undefined : id.slice(0, layout.parentEnd),
    scopeId: layout.scopeEnd === -1 ? undefined : id.slice(0, layout.scopeEnd),
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
