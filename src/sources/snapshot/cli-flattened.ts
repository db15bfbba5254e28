import type { Resource } from '../../inventory/resource.ts';
import { normalizeType, SUBSCRIPTION_TYPE } from '../../inventory/resource-id.ts';
import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';

/** Fields ARM puts beside `properties` rather than in it. */
const ENVELOPE_KEYS = new Set([
  'id',
  'name',
  'type',
  'location',
  'tags',
  'etag',
  'sku',
  'kind',
  'identity',
  'zones',
  'plan',
  'managedBy',
  'extendedLocation',
  'systemData',
  'resources',
  // added by Resource Graph and the Azure CLI
  'resourceGroup',
  'subscriptionId',
  'tenantId',
]);

/**
 * Sub-resources ARM nests in a resource's `properties`, each with `properties` of its own, which the Azure CLI
 * flattens as it flattens the resource's: paths from the resource's `properties` to an array of them, by type
 * key. A `children` path goes on from each element's `properties`.
 */
interface Nested {
  path: readonly string[];
  children?: readonly Nested[];
}

const NESTED = new Map<string, readonly Nested[]>(
  Object.entries({
    'microsoft.network/networksecuritygroups': [
      { path: ['securityRules'] },
      { path: ['defaultSecurityRules'] },
    ],
    'microsoft.network/networkinterfaces': [{ path: ['ipConfigurations'] }],
    'microsoft.network/virtualnetworks': [
      { path: ['subnets'], children: [{ path: ['delegations'] }] },
      { path: ['virtualNetworkPeerings'] },
    ],
    'microsoft.network/virtualnetworks/subnets': [{ path: ['delegations'] }],
    'microsoft.network/routetables': [{ path: ['routes'] }],
    'microsoft.network/loadbalancers': [
      { path: ['frontendIPConfigurations'] },
      { path: ['backendAddressPools'] },
      { path: ['loadBalancingRules'] },
      { path: ['inboundNatRules'] },
      { path: ['outboundRules'] },
      { path: ['probes'] },
    ],
    'microsoft.compute/virtualmachines': [{ path: ['networkProfile', 'networkInterfaces'] }],
    'microsoft.compute/virtualmachinescalesets': [
      {
        path: ['virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations'],
        children: [{ path: ['ipConfigurations'], children: [{ path: ['publicIPAddressConfiguration'] }] }],
      },
      { path: ['virtualMachineProfile', 'extensionProfile', 'extensions'] },
    ],
  }),
);

const SUBSCRIPTION_KEY = normalizeType(SUBSCRIPTION_TYPE);

/**
 * `az vm show`, `az vm list [-d]`, `az network nic|nsg|vnet list` and most other `az <service>` commands print a
 * resource with its `properties` flattened into it, and so the sub-resources in it (an NSG's rules, a NIC's IP
 * configurations, a VM's extensions in `resources`); names come from the SDK's attributes (`privateIpAddress` for
 * ARM's `privateIPAddress`, which ARM and Vigil match case-insensitively, and `typePropertiesType` for a
 * `properties.type` that collides with the resource's `type`). Rules and policy aliases address `properties.…`,
 * so this puts back the nesting ARM returns: every field that is not ARM's envelope goes under `properties`.
 * A resource that has `properties` (ARM, Resource Graph, `az resource list`) is left as it is. Mutates the
 * resource, which the caller parsed; returns whether it was flattened.
 */
export function nestFlattenedProperties(resource: Resource): boolean {
  if (resource.properties !== undefined || normalizeType(resource.type) === SUBSCRIPTION_KEY) return false;
  // nest() also leaves a resource with `properties` in any casing (`Properties` in a hand-written file) as it is.
  const properties = nest(resource);
  if (properties === undefined) return false;
  for (const nested of NESTED.get(normalizeType(resource.type)) ?? []) nestUnder(properties, nested);
  const resources = resource.resources;
  if (Array.isArray(resources)) for (const child of resources) if (isJsonObject(child)) nest(child);
  return true;
}

function nestUnder(properties: JsonObject, nested: Nested): void {
  let value: JsonValue | undefined = properties;
  for (const key of nested.path) value = isJsonObject(value) ? getProperty(value, key) : undefined;
  const elements = Array.isArray(value) ? value : isJsonObject(value) ? [value] : [];
  for (const element of elements) {
    if (!isJsonObject(element)) continue;
    nest(element);
    const inner = getProperty(element, 'properties');
    if (isJsonObject(inner)) for (const child of nested.children ?? []) nestUnder(inner, child);
  }
}

/** Moves an object's non-envelope fields under a new `properties`, returned; none when it has one or no such field. */
function nest(object: JsonObject): JsonObject | undefined {
  if (getProperty(object, 'properties') !== undefined) return undefined;
  let properties: JsonObject | undefined;
  for (const key of Object.keys(object)) {
    if (ENVELOPE_KEYS.has(key)) continue;
    properties ??= {};
    properties[key === 'typePropertiesType' ? 'type' : key] = object[key]!;
    delete object[key];
  }
  if (properties !== undefined) object.properties = properties;
  return properties;
}
