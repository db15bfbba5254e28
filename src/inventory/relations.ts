import { getProperty, isJsonObject, type JsonObject, type JsonValue, valueAt } from '../util/json.ts';
import type { Inventory } from './inventory.ts';
import type { Resource } from './resource.ts';

/**
 * A reference from one resource to another by ID. `dangling` when the ID is not in the Inventory (the
 * snapshot left it out, or it was deleted): callers report it rather than treat it as absent.
 */
export type Reference =
  | { id: string; field: string; dangling: false; resource: Resource }
  | { id: string; field: string; dangling: true };

export interface IpConfigurationLink {
  name: string | undefined;
  field: string;
  privateIPAddress: string | undefined;
  primary: boolean;
  subnet: Reference | undefined;
  publicIPAddress: Reference | undefined;
  applicationSecurityGroups: Reference[];
}

export interface VmDisks {
  /** Undefined for an unmanaged (VHD) OS disk or a VM without a storage profile. */
  osDisk: Reference | undefined;
  dataDisks: Reference[];
}

export interface ScaleSetNicConfiguration {
  name: string | undefined;
  field: string;
  networkSecurityGroup: Reference | undefined;
  ipConfigurations: {
    name: string | undefined;
    field: string;
    subnet: Reference | undefined;
    applicationSecurityGroups: Reference[];
    /** Each instance gets a public IP from `publicIPAddressConfiguration`. */
    hasPublicIPAddressConfiguration: boolean;
  }[];
}

/** `properties.networkProfile.networkInterfaces[].id` */
export function vmNetworkInterfaces(inventory: Inventory, vm: Resource): Reference[] {
  const list = valueAt(vm, ['properties', 'networkProfile', 'networkInterfaces']);
  return references(inventory, list, 'properties.networkProfile.networkInterfaces');
}

/** `properties.virtualMachine.id` of a NIC: the VM it is attached to. */
export function nicVirtualMachine(inventory: Inventory, nic: Resource): Reference | undefined {
  return reference(inventory, valueAt(nic, ['properties', 'virtualMachine']), 'properties.virtualMachine');
}

/** `properties.networkSecurityGroup.id` of a NIC. */
export function nicNetworkSecurityGroup(inventory: Inventory, nic: Resource): Reference | undefined {
  return reference(
    inventory,
    valueAt(nic, ['properties', 'networkSecurityGroup']),
    'properties.networkSecurityGroup',
  );
}

/** The NIC's IP configurations (not ARM resources of their own for policy) with what each points at. */
export function nicIpConfigurations(inventory: Inventory, nic: Resource): IpConfigurationLink[] {
  const base = 'properties.ipConfigurations';
  return objects(valueAt(nic, ['properties', 'ipConfigurations'])).map(([index, config]) => {
    const field = `${base}[${index}]`;
    const properties = valueAt(config, ['properties']);
    const privateIPAddress = valueAt(properties, ['privateIPAddress']);
    return {
      name: stringAt(config, 'name'),
      field,
      privateIPAddress: typeof privateIPAddress === 'string' ? privateIPAddress : undefined,
      primary: valueAt(properties, ['primary']) === true,
      subnet: reference(inventory, valueAt(properties, ['subnet']), `${field}.properties.subnet`),
      publicIPAddress: reference(
        inventory,
        valueAt(properties, ['publicIPAddress']),
        `${field}.properties.publicIPAddress`,
      ),
      applicationSecurityGroups: references(
        inventory,
        valueAt(properties, ['applicationSecurityGroups']),
        `${field}.properties.applicationSecurityGroups`,
      ),
    };
  });
}

/** `properties.networkSecurityGroup.id` of a subnet. */
export function subnetNetworkSecurityGroup(inventory: Inventory, subnet: Resource): Reference | undefined {
  return reference(
    inventory,
    valueAt(subnet, ['properties', 'networkSecurityGroup']),
    'properties.networkSecurityGroup',
  );
}

/** The virtual network a subnet belongs to: its parent in the resource ID. */
export function subnetVirtualNetwork(inventory: Inventory, subnet: Resource): Reference | undefined {
  const parentId = inventory.parsedId(subnet)?.parentId;
  return parentId === undefined ? undefined : resolve(inventory, parentId, 'id');
}

/** `properties.storageProfile.osDisk.managedDisk.id` and `dataDisks[].managedDisk.id`. */
export function vmDisks(inventory: Inventory, vm: Resource): VmDisks {
  const storage = valueAt(vm, ['properties', 'storageProfile']);
  const base = 'properties.storageProfile';
  return {
    osDisk: reference(inventory, valueAt(storage, ['osDisk', 'managedDisk']), `${base}.osDisk.managedDisk`),
    dataDisks: objects(valueAt(storage, ['dataDisks']))
      .map(([index, disk]) =>
        reference(inventory, valueAt(disk, ['managedDisk']), `${base}.dataDisks[${index}].managedDisk`),
      )
      .filter((disk) => disk !== undefined),
  };
}

/** A scale set's NIC configurations: the model every instance's NICs are built from. */
export function vmssNetworkInterfaceConfigurations(
  inventory: Inventory,
  vmss: Resource,
): ScaleSetNicConfiguration[] {
  const path = ['properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations'];
  return objects(valueAt(vmss, path)).map(([index, config]) => {
    const field = `${path.join('.')}[${index}]`;
    const properties = valueAt(config, ['properties']);
    return {
      name: stringAt(config, 'name'),
      field,
      networkSecurityGroup: reference(
        inventory,
        valueAt(properties, ['networkSecurityGroup']),
        `${field}.properties.networkSecurityGroup`,
      ),
      ipConfigurations: objects(valueAt(properties, ['ipConfigurations'])).map(([ipIndex, ipConfig]) => {
        const ipField = `${field}.properties.ipConfigurations[${ipIndex}]`;
        const ipProperties = valueAt(ipConfig, ['properties']);
        return {
          name: stringAt(ipConfig, 'name'),
          field: ipField,
          subnet: reference(inventory, valueAt(ipProperties, ['subnet']), `${ipField}.properties.subnet`),
          applicationSecurityGroups: references(
            inventory,
            valueAt(ipProperties, ['applicationSecurityGroups']),
            `${ipField}.properties.applicationSecurityGroups`,
          ),
          hasPublicIPAddressConfiguration: isJsonObject(
            valueAt(ipProperties, ['publicIPAddressConfiguration']),
          ),
        };
      }),
    };
  });
}

function references(inventory: Inventory, list: JsonValue | undefined, field: string): Reference[] {
  return objects(list)
    .map(([index, item]) => reference(inventory, item, `${field}[${index}]`))
    .filter((ref) => ref !== undefined);
}

/** A `{ id }` sub-resource; undefined when there is no ID to follow (absent is not dangling). */
function reference(
  inventory: Inventory,
  subResource: JsonValue | undefined,
  field: string,
): Reference | undefined {
  const id = isJsonObject(subResource) ? getProperty(subResource, 'id') : undefined;
  return typeof id === 'string' && id !== '' ? resolve(inventory, id, `${field}.id`) : undefined;
}

function resolve(inventory: Inventory, id: string, field: string): Reference {
  const resource = inventory.get(id);
  return resource === undefined ? { id, field, dangling: true } : { id, field, dangling: false, resource };
}

function objects(value: JsonValue | undefined): [number, JsonObject][] {
  if (!Array.isArray(value)) return [];
  const result: [number, JsonObject][] = [];
  for (const [index, item] of value.entries()) if (isJsonObject(item)) result.push([index, item]);
  return result;
}

function stringAt(object: JsonObject, key: string): string | undefined {
  const value = getProperty(object, key);
  return typeof value === 'string' ? value : undefined;
}
