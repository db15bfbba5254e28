import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { unknownValue } from '../util/unknown.ts';
import { policyName } from './engine/field-access.ts';
import type { Location, PolicyEstate } from './engine/scope.ts';

/** The policy engine's view of an Inventory. Lookups are memoised: definitions ask the same ones repeatedly. */
export function estateOf(inventory: Inventory): PolicyEstate {
  const byType = new Map<string, Resource[]>();
  for (const key of inventory.types()) {
    const type = policyType(key);
    const resources = inventory.byType(key);
    const list = byType.get(type);
    if (list === undefined) byType.set(type, resources);
    else for (const resource of resources) list.push(resource);
  }
  const add = (resource: Resource) => {
    const type = policyType(resource.type);
    const list = byType.get(type);
    if (list) list.push(resource);
    else byType.set(type, [resource]);
  };
  // Mode All evaluates subscriptions and resource groups too (definition-structure-basics.md); a
  // snapshot rarely lists them, so each one its resources live in is present as ARM would return it.
  const listed = [...(byType.get(SUBSCRIPTION_KEY) ?? []), ...(byType.get(RESOURCE_GROUP_KEY) ?? [])];
  const seen = new Set<Resource>(listed);
  const listedIds = new Set<string>(listed.map((r) => r.id.toLowerCase()));
  const containers = new Set<string>(listedIds);
  const unlisted = new Map<Resource, Resource>();
  const viewOf = (container: Resource | undefined): Resource | undefined => {
    if (container === undefined || seen.has(container) || listedIds.has(container.id.toLowerCase()))
      return container;
    let view = unlisted.get(container);
    if (view === undefined) {
      view = unlistedView(container);
      unlisted.set(container, view);
    }
    return view;
  };
  for (const container of inventory.containers()) {
    if (seen.has(container)) continue;
    const key = container.id.toLowerCase();
    if (containers.has(key)) continue;
    containers.add(key);
    add(viewOf(container)!);
  }
  const ofType = (type: string): readonly Resource[] => byType.get(type) ?? NONE;

  // Per type, per scope key: definitions ask the same lookups for every resource they evaluate.
  const scoped = new Map<string, Map<unknown, readonly Resource[]>>();
  const memo = (type: string, key: unknown, load: () => readonly Resource[]) => {
    let forType = scoped.get(type);
    if (!forType) {
      forType = new Map();
      scoped.set(type, forType);
    }
    const found = forType.get(key);
    if (found) return found;
    const loaded = load();
    forType.set(key, loaded);
    return loaded;
  };
  // Per-resource answers are kept in arrays parallel to ofType(type): the evaluation loop knows each
  // resource's position, so the hot path indexes an array instead of hashing an object.
  const perType = <T>(cache: Map<string, T[]>, key: string, type: string, make: (r: Resource) => T): T[] => {
    let column = cache.get(key);
    if (!column) {
      column = ofType(type).map(make);
      cache.set(key, column);
    }
    return column;
  };
  const locations = new Map<string, Location[]>();
  const attached = new Map<string, Map<string, AttachedColumns>>();
  const attachedColumns = (type: string, relatedType: string): AttachedColumns => {
    let forType = attached.get(type);
    if (!forType) {
      forType = new Map();
      attached.set(type, forType);
    }
    let columns = forType.get(relatedType);
    if (!columns) {
      columns = { all: ofType(type).map((r) => attachedTo(r, relatedType)), byName: new Map() };
      forType.set(relatedType, columns);
    }
    return columns;
  };

  // resourceGroup()/subscription() are asked per resource by tag-inheritance rules: answer each once.
  const groups = new WeakMap<Resource, Resource | null>();
  const subscriptions = new WeakMap<Resource, Resource | null>();
  const notAttached = (r: Resource) => inventory.parsedId(r)?.scopeId === undefined;
  let protectedItems: Map<string, Resource[]> | undefined;
  const backupOf = (resource: Resource): Resource[] => {
    if (!protectedItems) {
      protectedItems = new Map();
      for (const item of byType.get(VAULT_PROTECTED_ITEMS) ?? []) {
        const source = sourceResourceId(item);
        if (!source) continue;
        const key = source.toLowerCase();
        protectedItems.set(key, [...(protectedItems.get(key) ?? []), item]);
      }
    }
    return protectedItems.get(resource.id.toLowerCase()) ?? [];
  };
  const attachedTo = (resource: Resource, type: string): readonly Resource[] =>
    memo(type, resource, () => {
      const found = [
        ...inventory.childrenOf(resource, type),
        ...inventory.extensionsOf(resource, type),
        ...(type === BACKUP_PROTECTED_ITEMS ? backupOf(resource) : []),
      ];
      return found.length > 0 ? found : nestedChildren(resource, type);
    });

  return {
    ofType,
    types: () => byType.keys(),
    attachedTo,
    attachedAt: (type, index, relatedType, nameLower) => {
      const columns = attachedColumns(type, relatedType);
      if (nameLower === undefined) return columns.all[index] ?? NONE;
      let column = columns.byName.get(nameLower);
      if (!column) {
        column = columns.all.map((list) => named(list, nameLower));
        columns.byName.set(nameLower, column);
      }
      return column[index] ?? NONE;
    },
    // Extension resources attached to some other resource (a VM's assessments or resource-level
    // pricings) live "in" its resource group, but belong to that resource: only attachedTo finds them.
    inResourceGroup: (subscriptionId, resourceGroup, type) =>
      memo(type, `g|${subscriptionId}|${resourceGroup}`.toLowerCase(), () =>
        inventory.inResourceGroup(subscriptionId, resourceGroup, type).filter(notAttached),
      ),
    inSubscription: (subscriptionId, type) =>
      memo(type, `s|${subscriptionId}`.toLowerCase(), () =>
        inventory.inSubscription(subscriptionId, type).filter(notAttached),
      ),
    resourceGroupOf: (resource) =>
      cached(groups, resource, () => viewOf(inventory.resourceGroupOf(resource))),
    subscriptionOf: (resource) => cached(subscriptions, resource, () => inventory.subscriptionOf(resource)),
    locate: (type, index) =>
      perType(locations, type, type, (r) => {
        const parsed = inventory.parsedId(r);
        return { subscriptionId: parsed?.subscriptionId, resourceGroup: parsed?.resourceGroup };
      })[index] ?? NOWHERE,
  };
}

/** For each resource of a type, its attached resources of one related type, and those by name. */
interface AttachedColumns {
  all: (readonly Resource[])[];
  byName: Map<string, (readonly Resource[])[]>;
}

/**
 * A resource group the snapshot does not list (Resource Graph's `Resources` table never holds them):
 * its name and ID follow from its resources' IDs, its location does not. Every resource group has one,
 * so reading it as absent would fail "resource location matches resource group location" and "allowed
 * locations for resource groups" everywhere; it reads as unknown instead (see util/unknown.ts).
 * Tags and managedBy are optional, and read as absent.
 */
function unlistedView(group: Resource): Resource {
  if (policyType(group.type) !== RESOURCE_GROUP_KEY) return group;
  return {
    ...group,
    location: unknownValue(
      `the location of resource group '${group.name}', which the snapshot does not list`,
    ),
  };
}

const NONE: readonly Resource[] = [];
const NOWHERE: Location = {};

function named(resources: readonly Resource[], nameLower: string): readonly Resource[] {
  const found = resources.filter(
    (r) => typeof r.name === 'string' && policyName(r.name).toLowerCase() === nameLower,
  );
  return found.length > 0 ? found : NONE;
}

/**
 * `Microsoft.RecoveryServices/backupprotecteditems` is how a policy asks "is this VM backed up"
 * (the built-in "Azure Backup should be enabled for Virtual Machines"): ARM answers it from the
 * vault's protected items whose sourceResourceId is the VM. Snapshots hold those items under
 * the vault, so they are matched back to the VM here.
 */
const BACKUP_PROTECTED_ITEMS = 'microsoft.recoveryservices/backupprotecteditems';
const VAULT_PROTECTED_ITEMS =
  'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems';

function sourceResourceId(item: Resource): string | undefined {
  const properties = item.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return undefined;
  const source = properties.sourceResourceId ?? properties.virtualMachineId;
  return typeof source === 'string' ? source : undefined;
}

/**
 * Children of a resource that sit only in its own JSON, in arrays the inventory does not
 * synthesise (a disk access's `properties.privateEndpointConnections`, for example): every element
 * of an array under `properties` whose id is `<resource id>/<child type>/<name>`.
 */
function nestedChildren(resource: Resource, typeLower: string): Resource[] {
  const properties = resource.properties;
  const parentType = resource.type.toLowerCase();
  if (
    !typeLower.startsWith(`${parentType}/`) ||
    typeof properties !== 'object' ||
    properties === null ||
    Array.isArray(properties)
  ) {
    return [];
  }
  const childSegment = typeLower.slice(parentType.length + 1);
  if (childSegment.includes('/')) return [];
  const prefix = `${resource.id}/${childSegment}/`.toLowerCase();
  const children: Resource[] = [];
  for (const value of Object.values(properties)) {
    if (!Array.isArray(value)) continue;
    for (const element of value) {
      if (typeof element !== 'object' || element === null || Array.isArray(element)) continue;
      const id = element.id;
      if (typeof id !== 'string' || !id.toLowerCase().startsWith(prefix)) continue;
      const name = id.slice(prefix.length);
      if (name === '' || name.includes('/')) continue;
      children.push({
        ...element,
        id,
        name: typeof element.name === 'string' ? element.name : name,
        type: typeLower,
      });
    }
  }
  return children;
}

function cached(
  cache: WeakMap<Resource, Resource | null>,
  key: Resource,
  load: () => Resource | undefined,
): Resource | undefined {
  let found = cache.get(key);
  if (found === undefined) {
    found = load() ?? null;
    cache.set(key, found);
  }
  return found ?? undefined;
}

const SUBSCRIPTION_KEY = 'microsoft.resources/subscriptions';
const RESOURCE_GROUP_KEY = 'microsoft.resources/subscriptions/resourcegroups';

/**
 * The type a policy's `type` field sees. ARM GET spells a resource group
 * `Microsoft.Resources/resourceGroups`; Azure Policy (and Resource Graph) spell it
 * `Microsoft.Resources/subscriptions/resourceGroups`, which is what definitions test.
 */
export function policyType(type: string): string {
  const key = type.toLowerCase();
  return key === 'microsoft.resources/resourcegroups' ? RESOURCE_GROUP_KEY : key;
}
