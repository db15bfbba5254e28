import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { normalizeType } from '../inventory/resource-id.ts';
import { unknownValue } from '../util/unknown.ts';
import { policyName } from './engine/field-access.ts';
import type { Location, PolicyEstate } from './engine/scope.ts';

/** The policy engine's view of an Inventory. Lookups are memoised: definitions ask the same ones repeatedly. */
export function estateOf(inventory: Inventory): PolicyEstate {
  const byType = new Map<string, Resource[]>();
  const held = new Set(inventory.types());
  for (const key of held) {
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
  let lastGroup:
    | { subscriptionId: string; resourceGroup: string; type: string; found: readonly Resource[] }
    | undefined;
  const locations = new Map<string, Location[]>();
  const locationOf = (r: Resource): Location => {
    const parsed = inventory.parsedId(r);
    return { subscriptionId: parsed?.subscriptionId, resourceGroup: parsed?.resourceGroup };
  };
  const attached = new Map<string, Map<string, AttachedColumns>>();
  const attachedColumns = (type: string, relatedType: string): AttachedColumns => {
    let forType = attached.get(type);
    if (!forType) {
      forType = new Map();
      attached.set(type, forType);
    }
    let columns = forType.get(relatedType);
    if (!columns) {
      const holds = holdsType(relatedType);
      const nests = mayNest(type, relatedType);
      columns = {
        all: ofType(type).map((r) => attachedOf(r, relatedType, holds, nests)),
        byName: new Map(),
      };
      forType.set(relatedType, columns);
    }
    return columns;
  };

  // resourceGroup()/subscription() are asked per resource by tag-inheritance rules: answer each once.
  const groups = new WeakMap<Resource, Resource | null>();
  const subscriptions = new WeakMap<Resource, Resource | null>();
  const notAttached = (r: Resource) => inventory.parsedId(r)?.scopeId === undefined;
  let protectedItems: Map<string, Resource[]> | undefined;
  const backupOf = (resource: Resource): readonly Resource[] => {
    if (!protectedItems) {
      protectedItems = new Map();
      for (const item of byType.get(VAULT_PROTECTED_ITEMS) ?? []) {
        const source = sourceResourceId(item);
        if (!source) continue;
        const key = source.toLowerCase();
        protectedItems.set(key, [...(protectedItems.get(key) ?? []), item]);
      }
    }
    return protectedItems.size === 0 ? NONE : (protectedItems.get(resource.id.toLowerCase()) ?? NONE);
  };
  // A type the inventory holds nothing of has no listed children or extensions to look up.
  const holdsType = (type: string) => held.has(normalizeType(type));
  /** `attachedTo`, not remembered: the columns of `attachedAt` keep their own. */
  const attachedOf = (
    resource: Resource,
    type: string,
    holds: boolean,
    nests: boolean,
  ): readonly Resource[] => {
    const children = holds ? inventory.childrenOf(resource, type) : NONE;
    const extensions = holds ? inventory.extensionsOf(resource, type) : NONE;
    const backups = type === BACKUP_PROTECTED_ITEMS ? backupOf(resource) : NONE;
    const found = children.length + extensions.length + backups.length;
    if (found === 0) return nests ? nestedChildren(resource, type) : NONE;
    // Nearly always one source has them all: its list is the answer, not copied.
    if (found === children.length) return children;
    if (found === extensions.length) return extensions;
    if (found === backups.length) return backups;
    return [...children, ...extensions, ...backups];
  };
  const attachedTo = (resource: Resource, type: string): readonly Resource[] =>
    memo(type, resource, () => attachedOf(resource, type, holdsType(type), true));

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
    inResourceGroup: (subscriptionId, resourceGroup, type) => {
      // Asked for resource after resource, mostly of one group in a row: the last answer is tried first.
      const last = lastGroup;
      if (
        last !== undefined &&
        last.type === type &&
        last.resourceGroup === resourceGroup &&
        last.subscriptionId === subscriptionId
      )
        return last.found;
      const found = memo(type, `g|${subscriptionId}|${resourceGroup}`.toLowerCase(), () =>
        inventory.inResourceGroup(subscriptionId, resourceGroup, type).filter(notAttached),
      );
      lastGroup = { subscriptionId, resourceGroup, type, found };
      return found;
    },
    inSubscription: (subscriptionId, type) =>
      memo(type, `s|${subscriptionId}`.toLowerCase(), () =>
        inventory.inSubscription(subscriptionId, type).filter(notAttached),
      ),
    resourceGroupOf: (resource) =>
      cached(groups, resource, () => viewOf(inventory.resourceGroupOf(resource))),
    subscriptionOf: (resource) => cached(subscriptions, resource, () => inventory.subscriptionOf(resource)),
    locate: (type, index) => perType(locations, type, type, locationOf)[index] ?? NOWHERE,
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

/** Whether resources of a policy type can hold `typeLower` children in their own JSON (see nestedChildren). */
function mayNest(parentType: string, typeLower: string): boolean {
  // A resource group's own type is spelled either way (see policyType).
  return (
    typeLower.startsWith(`${parentType}/`) ||
    (parentType === RESOURCE_GROUP_KEY && typeLower.startsWith(`${ARM_RESOURCE_GROUP}/`))
  );
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
const ARM_RESOURCE_GROUP = 'microsoft.resources/resourcegroups';

/**
 * The type a policy's `type` field sees. ARM GET spells a resource group
 * `Microsoft.Resources/resourceGroups`; Azure Policy (and Resource Graph) spell it
 * `Microsoft.Resources/subscriptions/resourceGroups`, which is what definitions test.
 */
export function policyType(type: string): string {
  const key = type.toLowerCase();
  return key === ARM_RESOURCE_GROUP ? RESOURCE_GROUP_KEY : key;
}
