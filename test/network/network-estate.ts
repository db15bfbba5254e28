import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { defaultSecurityRules } from '../support/arm-resources.ts';

/**
 * Small estates for the network engine's tests, in the shapes ARM GET returns: one VNet
 * `vnet-app` (10.0.0.0/16 and ace:cab:deca::/48), subnet `snet-app` (10.0.1.0/24 and
 * ace:cab:deca:deed::/64), and VMs whose NICs carry the NSGs, ASGs and public paths a case asks for.
 */

export const SUB = '/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
export const RG = `${SUB}/resourceGroups/rg-net`;
const NET = `${RG}/providers/Microsoft.Network`;

export const VNET_ID = `${NET}/virtualNetworks/vnet-app`;
export const vnetId = (name: string) => `${NET}/virtualNetworks/${name}`;
export const subnetId = (name: string, vnet = 'vnet-app') => `${NET}/virtualNetworks/${vnet}/subnets/${name}`;
export const nsgId = (name: string) => `${NET}/networkSecurityGroups/${name}`;
export const asgId = (name: string) => `${NET}/applicationSecurityGroups/${name}`;
export const nicId = (name: string) => `${NET}/networkInterfaces/${name}`;
export const pipId = (name: string) => `${NET}/publicIPAddresses/${name}`;
export const lbId = (name: string) => `${NET}/loadBalancers/${name}`;
export const routeTableId = (name: string) => `${NET}/routeTables/${name}`;
export const vmId = (name: string) => `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`;

/** A rule as a case states it: one value goes in the singular field, a list in the plural one. */
export interface Rule {
  name: string;
  priority: number;
  access?: 'Allow' | 'Deny';
  direction?: 'Inbound' | 'Outbound';
  protocol?: string;
  src?: string | string[];
  dst?: string | string[];
  ports?: string | string[];
  srcPorts?: string | string[];
  srcAsgs?: string[];
  dstAsgs?: string[];
}

export function rule(r: Rule): JsonObject {
  const field = (singular: string, plural: string, value: string | string[] | undefined, fallback: string) =>
    value === undefined
      ? { [singular]: fallback, [plural]: [] }
      : Array.isArray(value)
        ? { [plural]: value }
        : { [singular]: value, [plural]: [] };
  const asgs = (key: string, names: string[] | undefined) =>
    names ? { [key]: names.map((n) => ({ id: asgId(n) })) } : {};
  return {
    name: r.name,
    properties: {
      protocol: r.protocol ?? 'Tcp',
      access: r.access ?? 'Allow',
      direction: r.direction ?? 'Inbound',
      priority: r.priority,
      ...field('destinationPortRange', 'destinationPortRanges', r.ports, '*'),
      ...field('sourcePortRange', 'sourcePortRanges', r.srcPorts, '*'),
      ...(r.srcAsgs
        ? asgs('sourceApplicationSecurityGroups', r.srcAsgs)
        : field('sourceAddressPrefix', 'sourceAddressPrefixes', r.src, '*')),
      ...(r.dstAsgs
        ? asgs('destinationApplicationSecurityGroups', r.dstAsgs)
        : field('destinationAddressPrefix', 'destinationAddressPrefixes', r.dst, '*')),
    },
  };
}

/** An NSG as ARM GET returns it; `defaults: false` leaves out `defaultSecurityRules`, as an ARM template does. */
export function nsg(
  name: string,
  rules: (Rule | JsonObject)[],
  options: { defaults?: boolean } = {},
): Resource {
  const id = nsgId(name);
  return {
    id,
    name,
    type: 'Microsoft.Network/networkSecurityGroups',
    location: 'westeurope',
    properties: {
      securityRules: rules.map((r) => {
        const json = 'priority' in r && typeof r.priority === 'number' ? rule(r as Rule) : (r as JsonObject);
        return { id: `${id}/securityRules/${json.name}`, ...json };
      }),
      ...(options.defaults === false
        ? {}
        : {
            defaultSecurityRules: defaultSecurityRules(id),
          }),
    },
  };
}

export interface Peering {
  remote: string;
  state?: string;
  /** The address space on the peering; omitted to make the engine read the remote VNet. */
  space?: string[];
  /** `allowVirtualNetworkAccess`; omitted as ARM may omit it (then it is on). */
  access?: boolean;
}

export interface Subnet {
  name: string;
  prefixes?: string[];
  nsg?: string;
  routeTable?: string;
}

export function vnet(
  name: string,
  options: { space?: string[]; subnets?: Subnet[]; peerings?: Peering[] } = {},
): Resource {
  const id = `${NET}/virtualNetworks/${name}`;
  return {
    id,
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: 'westeurope',
    properties: {
      addressSpace: { addressPrefixes: options.space ?? ['10.0.0.0/16', 'ace:cab:deca::/48'] },
      subnets: (options.subnets ?? []).map((s) => ({
        name: s.name,
        id: subnetId(s.name, name),
        properties: {
          addressPrefixes: s.prefixes ?? ['10.0.1.0/24', 'ace:cab:deca:deed::/64'],
          ...(s.nsg ? { networkSecurityGroup: { id: nsgId(s.nsg) } } : {}),
          ...(s.routeTable ? { routeTable: { id: routeTableId(s.routeTable) } } : {}),
        },
      })),
      virtualNetworkPeerings: (options.peerings ?? []).map((p) => ({
        name: `to-${p.remote}`,
        id: `${id}/virtualNetworkPeerings/to-${p.remote}`,
        properties: {
          peeringState: p.state ?? 'Connected',
          remoteVirtualNetwork: { id: `${NET}/virtualNetworks/${p.remote}` },
          ...(p.space ? { remoteAddressSpace: { addressPrefixes: p.space } } : {}),
          ...(p.access === undefined ? {} : { allowVirtualNetworkAccess: p.access }),
        },
      })),
    },
  };
}

/** A route as a case states it: `<prefix> <next hop type>`, e.g. `0.0.0.0/0 VirtualAppliance`. */
export function routeTable(name: string, routes: string[]): Resource {
  const id = routeTableId(name);
  return {
    id,
    name,
    type: 'Microsoft.Network/routeTables',
    location: 'westeurope',
    properties: {
      disableBgpRoutePropagation: false,
      routes: routes.map((r, i) => {
        const [addressPrefix = '', nextHopType = ''] = r.split(' ');
        return {
          name: `route-${i}`,
          id: `${id}/routes/route-${i}`,
          properties: {
            addressPrefix,
            nextHopType,
            ...(nextHopType === 'VirtualAppliance' ? { nextHopIpAddress: '10.0.4.4' } : {}),
          },
        };
      }),
    },
  };
}

export interface IpConfig {
  ip?: string;
  version?: 'IPv4' | 'IPv6';
  subnet?: string;
  vnet?: string;
  asgs?: string[];
  publicIp?: string;
  pools?: string[];
  natRules?: string[];
  primary?: boolean;
}

export interface Machine {
  name: string;
  nicNsg?: string;
  configs?: IpConfig[];
}

/** A VM and its NIC; by default one IPv4 configuration 10.0.1.4 in snet-app. */
export function machine(m: Machine): Resource[] {
  const nic = `${m.name}-nic`;
  const configs = m.configs ?? [{}];
  return [
    {
      id: vmId(m.name),
      name: m.name,
      type: 'Microsoft.Compute/virtualMachines',
      location: 'westeurope',
      properties: { networkProfile: { networkInterfaces: [{ id: nicId(nic) }] } },
    },
    {
      id: nicId(nic),
      name: nic,
      type: 'Microsoft.Network/networkInterfaces',
      location: 'westeurope',
      properties: {
        ...(m.nicNsg ? { networkSecurityGroup: { id: nsgId(m.nicNsg) } } : {}),
        virtualMachine: { id: vmId(m.name) },
        ipConfigurations: configs.map((c, i) => ({
          name: `ipconfig${i + 1}`,
          id: `${nicId(nic)}/ipConfigurations/ipconfig${i + 1}`,
          properties: {
            ...(c.ip === '' ? {} : { privateIPAddress: c.ip ?? '10.0.1.4' }),
            privateIPAddressVersion: c.version ?? 'IPv4',
            primary: c.primary ?? i === 0,
            subnet: { id: subnetId(c.subnet ?? 'snet-app', c.vnet) },
            ...(c.asgs ? { applicationSecurityGroups: c.asgs.map((a) => ({ id: asgId(a) })) } : {}),
            ...(c.publicIp ? { publicIPAddress: { id: pipId(c.publicIp) } } : {}),
            ...(c.pools ? { loadBalancerBackendAddressPools: c.pools.map((p) => ({ id: p })) } : {}),
            ...(c.natRules ? { loadBalancerInboundNatRules: c.natRules.map((r) => ({ id: r })) } : {}),
          },
        })),
      },
    },
  ];
}

export function publicIp(
  name: string,
  sku: 'Basic' | 'Standard' | undefined,
  address = '20.50.60.70',
): Resource {
  return {
    id: pipId(name),
    name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: 'westeurope',
    ...(sku ? { sku: { name: sku, tier: 'Regional' } } : {}),
    properties: { ipAddress: address, publicIPAddressVersion: 'IPv4' },
  };
}

export interface BalancerRule {
  name: string;
  protocol?: 'Tcp' | 'Udp' | 'All';
  frontendPort: number;
  backendPort: number;
}

/** A load balancer with one frontend (public when `pip` is given), one backend pool `pool`, and its rules. */
export function loadBalancer(
  name: string,
  options: { pip?: string; sku?: 'Basic' | 'Standard'; rules?: BalancerRule[]; nat?: BalancerRule[] },
): Resource {
  const id = lbId(name);
  const frontend = { id: `${id}/frontendIPConfigurations/frontend` };
  return {
    id,
    name,
    type: 'Microsoft.Network/loadBalancers',
    location: 'westeurope',
    sku: { name: options.sku ?? 'Standard' },
    properties: {
      frontendIPConfigurations: [
        {
          name: 'frontend',
          id: frontend.id,
          properties: options.pip
            ? { publicIPAddress: { id: pipId(options.pip) } }
            : { privateIPAddress: '10.0.1.100', subnet: { id: subnetId('snet-app') } },
        },
      ],
      backendAddressPools: [{ name: 'pool', id: poolId(name) }],
      loadBalancingRules: (options.rules ?? []).map((r) => ({
        name: r.name,
        id: `${id}/loadBalancingRules/${r.name}`,
        properties: {
          frontendIPConfiguration: frontend,
          backendAddressPool: { id: poolId(name) },
          protocol: r.protocol ?? 'Tcp',
          frontendPort: r.frontendPort,
          backendPort: r.backendPort,
        },
      })),
      inboundNatRules: (options.nat ?? []).map((r) => ({
        name: r.name,
        id: natRuleId(name, r.name),
        properties: {
          frontendIPConfiguration: frontend,
          protocol: r.protocol ?? 'Tcp',
          frontendPort: r.frontendPort,
          backendPort: r.backendPort,
        },
      })),
    },
  };
}

export const poolId = (lb: string) => `${lbId(lb)}/backendAddressPools/pool`;
export const natRuleId = (lb: string, rule: string) => `${lbId(lb)}/inboundNatRules/${rule}`;

export function inventoryOf(resources: Resource[]): Inventory {
  const inventory = new Inventory();
  for (const r of resources) inventory.add(r);
  return inventory;
}
