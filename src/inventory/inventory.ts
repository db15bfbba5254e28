import { buildChildViews, type Entry } from './child-views.ts';
import { describeOrigin, type Resource, type ResourceOrigin } from './resource.ts';
import {
  normalizeId,
  normalizeType,
  type ParsedResourceId,
  parseResourceId,
  RESOURCE_GROUP_TYPE,
  SUBSCRIPTION_TYPE,
} from './resource-id.ts';

export interface InventoryWarning {
  kind: 'duplicate-id' | 'child-view';
  id: string;
  message: string;
  /** The resource that was kept (for a duplicate) or the parent (for a child view). */
  origin?: ResourceOrigin;
  /** For a duplicate, the resource that was replaced. */
  previousOrigin?: ResourceOrigin;
}

/** Derived lookups, rebuilt after resources were added (child views depend on every resource). */
interface Index {
  all: Map<string, Entry>;
  byType: Map<string, Entry[]>;
  children: Map<string, Entry[]>;
  extensions: Map<string, Entry[]>;
  byResourceGroup: Map<string, Entry[]>;
  bySubscription: Map<string, Entry[]>;
  synthesized: number;
  warnings: InventoryWarning[];
  containers: Map<string, Resource>;
}

/**
 * ARM resources by ID, type and scope. IDs and types are case-insensitive, as in Azure; the resource JSON is
 * kept as given. Lookups return the resource's view: for a parent whose children were listed separately, a
 * shallow copy with them in its array (see child-views.ts); nested children also appear as resources.
 */
export class Inventory {
  readonly #entries = new Map<string, Entry>();
  readonly #warnings: InventoryWarning[] = [];
  #index: Index | undefined;

  /**
   * Adds a resource; a later resource with the same ID replaces the earlier one, with a warning.
   * `parsed` is the caller's parse of `resource.id`, to save parsing it twice.
   */
  add(resource: Resource, origin?: ResourceOrigin, parsed = parseResourceId(resource.id)): void {
    const key = normalizeId(resource.id);
    const previous = this.#entries.get(key);
    if (previous !== undefined) {
      this.#warnings.push({
        kind: 'duplicate-id',
        id: resource.id,
        message: `duplicate resource id ${resource.id}: ${describeOrigin(origin)} replaces ${describeOrigin(previous.origin)}`,
        ...(origin && { origin }),
        ...(previous.origin && { previousOrigin: previous.origin }),
      });
    }
    const typeKey = normalizeType(resource.type);
    this.#entries.set(key, { resource, view: undefined, key, typeKey, parsed, origin, synthesized: false });
    this.#index = undefined;
  }

  get(id: string): Resource | undefined {
    const entry = this.#ensureIndex().all.get(normalizeId(id));
    return entry && viewOf(entry);
  }

  has(id: string): boolean {
    return this.#ensureIndex().all.has(normalizeId(id));
  }

  origin(resource: Resource | string): ResourceOrigin | undefined {
    return this.#entryOf(resource)?.origin;
  }

  /** The parse of the resource's ID, done once when it was added. */
  parsedId(resource: Resource | string): ParsedResourceId | undefined {
    const entry = this.#entryOf(resource);
    if (entry !== undefined) return entry.parsed;
    return parseResourceId(typeof resource === 'string' ? resource : resource.id);
  }

  byType(type: string): Resource[] {
    return views(this.#ensureIndex().byType.get(normalizeType(type)));
  }

  /** Child resources of a parent (e.g. an NSG's security rules), listed or synthesised, optionally of one type. */
  childrenOf(parent: Resource | string, childType?: string): Resource[] {
    return filtered(this.#ensureIndex().children.get(keyOf(parent)), childType);
  }

  /** Extension resources attached to a resource (e.g. the `Microsoft.Security/assessments` of a VM). */
  extensionsOf(scope: Resource | string, type?: string): Resource[] {
    return filtered(this.#ensureIndex().extensions.get(keyOf(scope)), type);
  }

  /** Resources in a resource group, the group itself excluded. */
  inResourceGroup(subscriptionId: string, resourceGroup: string, type?: string): Resource[] {
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    return filtered(this.#ensureIndex().byResourceGroup.get(key), type);
  }

  /** Resources in a subscription (resource groups included), the subscription itself excluded. */
  inSubscription(subscriptionId: string, type?: string): Resource[] {
    return filtered(this.#ensureIndex().bySubscription.get(subscriptionId.toLowerCase()), type);
  }

  /**
   * The resource group that holds (or is) the resource: the snapshot's own resource group resource when it
   * has one, else the shape ARM's `Resource Groups - Get` returns, without the location it cannot know.
   */
  resourceGroupOf(resource: Resource): Resource | undefined {
    const parsed = this.parsedId(resource);
    if (parsed?.subscriptionId === undefined || parsed.resourceGroup === undefined) return undefined;
    const id = `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`;
    return this.#container(id, () => ({
      id,
      name: parsed.resourceGroup!,
      type: RESOURCE_GROUP_TYPE,
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    }));
  }

  /**
   * The subscription that holds (or is) the resource: the snapshot's own subscription resource when it has
   * one, else the shape of ARM's `Subscriptions - Get` (plus `name` and `type`, which every Inventory
   * resource has). Resource Graph rows carry `tenantId`, which is used when present.
   */
  subscriptionOf(resource: Resource): Resource | undefined {
    const subscriptionId = this.parsedId(resource)?.subscriptionId;
    if (subscriptionId === undefined) return undefined;
    const id = `/subscriptions/${subscriptionId}`;
    return this.#container(id, () => ({
      id,
      name: subscriptionId,
      type: SUBSCRIPTION_TYPE,
      subscriptionId,
      displayName: subscriptionId,
      state: 'Enabled',
      ...(typeof resource.tenantId === 'string' && { tenantId: resource.tenantId }),
    }));
  }

  /** Every resource, synthesised child views included. */
  get size(): number {
    return this.#ensureIndex().all.size;
  }

  /** How many of `size` are child views synthesised from a parent's nested array. */
  get synthesizedCount(): number {
    return this.#ensureIndex().synthesized;
  }

  get warnings(): readonly InventoryWarning[] {
    return [...this.#warnings, ...this.#ensureIndex().warnings];
  }

  *[Symbol.iterator](): IterableIterator<Resource> {
    for (const entry of this.#ensureIndex().all.values()) yield viewOf(entry);
  }

  #entryOf(resource: Resource | string): Entry | undefined {
    return this.#ensureIndex().all.get(keyOf(resource));
  }

  #container(id: string, synthesize: () => Resource): Resource {
    const index = this.#ensureIndex();
    const key = normalizeId(id);
    const entry = index.all.get(key);
    if (entry !== undefined) return viewOf(entry);
    let container = index.containers.get(key);
    if (container === undefined) {
      container = synthesize();
      index.containers.set(key, container);
    }
    return container;
  }

  #ensureIndex(): Index {
    if (this.#index === undefined) this.#index = buildIndex(this.#entries);
    return this.#index;
  }
}

function buildIndex(entries: Map<string, Entry>): Index {
  const warnings: InventoryWarning[] = [];
  const synthesized = buildChildViews(entries, (problem) =>
    warnings.push({
      kind: 'child-view',
      id: problem.parentId,
      message: `${problem.parentId}: ${problem.message}`,
      ...(problem.origin && { origin: problem.origin }),
    }),
  );
  const index: Index = {
    all: new Map(entries),
    byType: new Map(),
    children: new Map(),
    extensions: new Map(),
    byResourceGroup: new Map(),
    bySubscription: new Map(),
    synthesized: synthesized.length,
    warnings,
    containers: new Map(),
  };
  for (const entry of synthesized) index.all.set(entry.key, entry);
  for (const entry of index.all.values()) {
    push(index.byType, entry.typeKey, entry);
    const parsed = entry.parsed;
    if (parsed === undefined) continue;
    if (parsed.parentId !== undefined) push(index.children, normalizeId(parsed.parentId), entry);
    if (parsed.scopeId !== undefined) push(index.extensions, normalizeId(parsed.scopeId), entry);
    if (parsed.subscriptionId === undefined || parsed.isSubscription) continue;
    push(index.bySubscription, parsed.subscriptionId.toLowerCase(), entry);
    if (parsed.resourceGroup !== undefined && !parsed.isResourceGroup) {
      push(index.byResourceGroup, `${parsed.subscriptionId}/${parsed.resourceGroup}`.toLowerCase(), entry);
    }
  }
  return index;
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

function viewOf(entry: Entry): Resource {
  return entry.view ?? entry.resource;
}

function views(entries: Entry[] | undefined): Resource[] {
  return entries === undefined ? [] : entries.map(viewOf);
}

function filtered(entries: Entry[] | undefined, type: string | undefined): Resource[] {
  if (entries === undefined) return [];
  if (type === undefined) return entries.map(viewOf);
  const typeKey = normalizeType(type);
  return entries.filter((entry) => entry.typeKey === typeKey).map(viewOf);
}

function keyOf(resource: Resource | string): string {
  return normalizeId(typeof resource === 'string' ? resource : resource.id);
}
