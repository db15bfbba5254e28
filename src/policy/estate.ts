import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import type { PolicyEstate } from './engine/scope.ts';

/** The policy engine's view of an Inventory. Lookups are memoised: definitions ask the same ones repeatedly. */
export function estateOf(inventory: Inventory): PolicyEstate {
  const byType = new Map<string, Resource[]>();
  for (const resource of inventory) {
    const type = resource.type.toLowerCase();
    const list = byType.get(type);
    if (list) list.push(resource);
    else byType.set(type, [resource]);
  }
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
  const located = new WeakMap<
    Resource,
    { subscriptionId?: string | undefined; resourceGroup?: string | undefined }
  >();
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
  return {
    ofType: (type) => byType.get(type) ?? [],
    types: () => byType.keys(),
    attachedTo: (resource, type) =>
      memo(type, resource, () => [
        ...inventory.childrenOf(resource, type),
        ...inventory.extensionsOf(resource, type),
        ...(type === BACKUP_PROTECTED_ITEMS ? backupOf(resource) : []),
      ]),
    inResourceGroup: (subscriptionId, resourceGroup, type) =>
      memo(type, `g|${subscriptionId}|${resourceGroup}`.toLowerCase(), () =>
        inventory.inResourceGroup(subscriptionId, resourceGroup, type),
      ),
    inSubscription: (subscriptionId, type) =>
      memo(type, `s|${subscriptionId}`.toLowerCase(), () => inventory.inSubscription(subscriptionId, type)),
    resourceGroupOf: (resource) => inventory.resourceGroupOf(resource),
    subscriptionOf: (resource) => inventory.subscriptionOf(resource),
    locate: (resource) => {
      let found = located.get(resource);
      if (!found) {
        const parsed = inventory.parsedId(resource);
        found = { subscriptionId: parsed?.subscriptionId, resourceGroup: parsed?.resourceGroup };
        located.set(resource, found);
      }
      return found;
    },
  };
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
