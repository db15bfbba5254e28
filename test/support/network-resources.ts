import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import {
  networkInterface,
  networkSecurityGroup,
  nsgId,
  RESOURCE_GROUP,
  RG_ID,
  SUBSCRIPTION_ID,
  subnet,
  type VmOptions,
  virtualNetwork,
  vm,
  vmId,
  vnetId,
} from './arm-resources.ts';

/**
 * Network scenarios for the network recommendations, in the shapes ARM GET returns
 * (azure-rest-api-specs examples: PublicIpAddressGet, LoadBalancerGet, NetworkInterfaceGet,
 * JitNetworkAccessPolicies_Get). A VM here comes with its NIC, its virtual network and the NSGs
 * the scenario asks for.
 */

/** An NSG security rule as a case states it; the builder fills in the fields ARM always returns. */
export interface RuleSpec {
  name: string;
  priority: number;
  access?: 'Allow' | 'Deny';
  direction?: 'Inbound' | 'Outbound';
  protocol?: 'Tcp' | 'Udp' | 'Icmp' | '*';
  /** One value goes in the singular field, a list in the plural field (as the portal writes them). */
  ports: string | string[];
  source?: string | string[];
  destination?: string | string[];
  destinationAsgs?: string[];
}

export function ruleSpec(spec: RuleSpec): { name: string; properties: JsonObject } {
  const ports = spec.ports;
  const source = spec.source ?? '*';
  const destination = spec.destination ?? '*';
  return {
    name: spec.name,
    properties: {
      protocol: spec.protocol ?? 'Tcp',
      access: spec.access ?? 'Allow',
      direction: spec.direction ?? 'Inbound',
      priority: spec.priority,
      ...(Array.isArray(ports) ? { destinationPortRanges: ports } : { destinationPortRange: ports }),
      ...(Array.isArray(source) ? { sourceAddressPrefixes: source } : { sourceAddressPrefix: source }),
      ...(spec.destinationAsgs
        ? {
            destinationApplicationSecurityGroups: spec.destinationAsgs.map((name) => ({ id: asgId(name) })),
          }
        : Array.isArray(destination)
          ? { destinationAddressPrefixes: destination }
          : { destinationAddressPrefix: destination }),
    },
  };
}

export function nsg(name: string, rules: RuleSpec[], extra: JsonObject = {}): Resource {
  return networkSecurityGroup(name, rules.map(ruleSpec), extra);
}

export function asgId(name: string): string {
  return `${RG_ID}/providers/Microsoft.Network/applicationSecurityGroups/${name}`;
}

export function publicIpId(name: string): string {
  return `${RG_ID}/providers/Microsoft.Network/publicIPAddresses/${name}`;
}

export function publicIp(name: string, address = '20.84.17.203'): Resource {
  return {
    id: publicIpId(name),
    name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: 'eastus',
    tags: {},
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      ipAddress: address,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
    },
  };
}

export function loadBalancerId(name: string): string {
  return `${RG_ID}/providers/Microsoft.Network/loadBalancers/${name}`;
}

/** A Standard load balancer with one frontend (public when `publicIpName` is given) and one backend pool. */
export function loadBalancer(name: string, publicIpName?: string): Resource {
  const id = loadBalancerId(name);
  return {
    id,
    name,
    type: 'Microsoft.Network/loadBalancers',
    location: 'eastus',
    tags: {},
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      frontendIPConfigurations: [
        {
          name: 'frontend',
          id: `${id}/frontendIPConfigurations/frontend`,
          properties: publicIpName
            ? { publicIPAddress: { id: publicIpId(publicIpName) } }
            : {
                privateIPAddress: '10.0.1.100',
                privateIPAllocationMethod: 'Static',
                subnet: { id: `${vnetId('vnet-prod')}/subnets/snet-app` },
              },
        },
      ],
      backendAddressPools: [{ name: 'backend', id: `${id}/backendAddressPools/backend`, properties: {} }],
      loadBalancingRules: [],
      probes: [],
      inboundNatRules: [],
    },
  };
}

export interface VmNetwork {
  /** Rules of an NSG on the subnet (`nsg-<subnet>`); undefined for a subnet without NSG. */
  subnetNsg?: RuleSpec[];
  /** Rules of an NSG on the NIC (`nsg-<vm>-nic`); undefined for a NIC without NSG. */
  nicNsg?: RuleSpec[];
  subnetName?: string;
  publicIp?: boolean;
  /** Name of a load balancer whose backend pool holds the NIC (the case adds the balancer itself). */
  loadBalancer?: string;
  ipForwarding?: boolean;
  asgs?: string[];
  vm?: VmOptions;
}

/** The VM first, then its NIC, VNet and NSGs: everything one VM needs to be assessed. */
export function vmOnNetwork(name: string, network: VmNetwork = {}): Resource[] {
  const subnetName = network.subnetName ?? 'snet-app';
  const subnetNsgName = `nsg-${subnetName}`;
  const nicNsgName = `nsg-${name}-nic`;
  const nic = networkInterface(
    `${name}-nic`,
    [
      {
        subnet: { id: `${vnetId('vnet-prod')}/subnets/${subnetName}` },
        ...(network.publicIp && { publicIPAddress: { id: publicIpId(`${name}-pip`) } }),
        ...(network.loadBalancer && {
          loadBalancerBackendAddressPools: [
            { id: `${loadBalancerId(network.loadBalancer)}/backendAddressPools/backend` },
          ],
        }),
        ...(network.asgs && { applicationSecurityGroups: network.asgs.map((asg) => ({ id: asgId(asg) })) }),
      },
    ],
    {
      ...(network.nicNsg && { networkSecurityGroup: { id: nsgId(nicNsgName) } }),
      enableIPForwarding: network.ipForwarding ?? false,
      virtualMachine: { id: vmId(name) },
    },
  );
  const vnet = virtualNetwork('vnet-prod', [
    subnet(
      'vnet-prod',
      subnetName,
      network.subnetNsg ? { networkSecurityGroup: { id: nsgId(subnetNsgName) } } : {},
    ),
  ]);
  return [
    vm(name, network.vm),
    nic,
    vnet,
    ...(network.subnetNsg ? [nsg(subnetNsgName, network.subnetNsg)] : []),
    ...(network.nicNsg ? [nsg(nicNsgName, network.nicNsg)] : []),
    ...(network.publicIp ? [publicIp(`${name}-pip`)] : []),
  ];
}

/** A JIT policy (`default`, as the portal names it) listing VMs with their ports, protocol All, source Any, 3 hours. */
export function jitPolicy(vms: { vm: string; ports: number[] }[], location = 'eastus'): Resource {
  return {
    id: `${RG_ID}/providers/Microsoft.Security/locations/${location}/jitNetworkAccessPolicies/default`,
    name: 'default',
    type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
    kind: 'Basic',
    location,
    properties: {
      virtualMachines: vms.map((v) => ({
        id: vmId(v.vm),
        ports: v.ports.map((number) => ({
          number,
          protocol: '*',
          allowedSourceAddressPrefix: '*',
          maxRequestAccessDuration: 'PT3H',
        })),
      })),
      requests: [],
      provisioningState: 'Succeeded',
    },
  };
}

/** The deny rule Defender adds to the NSG when JIT is enabled (the self-help article's name pattern). */
export function jitDenyRule(ports: string[], priority = 4096): RuleSpec {
  return {
    name: 'SecurityCenter-JITRule_-1839427711_7E2C5B1F0A9D4C3E8B6A5F4D3C2B1A09',
    priority,
    access: 'Deny',
    protocol: '*',
    ports,
    source: '*',
    destination: '10.0.1.4',
  };
}

export function flowLogId(name: string): string {
  return `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus/flowLogs/${name}`;
}

/** A subnet an Application Gateway is deployed in: ARM lists the gateway's IP configuration on it. */
export function applicationGatewaySubnet(
  vnet: string,
  name = 'snet-appgw',
  extra: JsonObject = {},
): Resource {
  return subnet(vnet, name, {
    addressPrefix: '10.0.8.0/24',
    ipConfigurations: [
      {
        id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP.toUpperCase()}/providers/Microsoft.Network/applicationGateways/agw-web/gatewayIPConfigurations/appGatewayIpConfig`,
      },
    ],
    ...extra,
  });
}
