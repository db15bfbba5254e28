import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { type Placement, resourceId, weakEtag } from './arm.ts';
import type { NsgPlan } from './nsg.ts';
import type { Random } from './random.ts';

const NETWORK = 'Microsoft.Network';

export interface SubnetPlan {
  name: string;
  id: string;
  prefix: string;
  /** Third octet of the /24 (or smaller) subnet, for address allocation. */
  third: number;
  nextHost: number;
  nsg?: NsgPlan;
  /** NIC ip configurations placed in this subnet; ARM lists them on the subnet. */
  ipConfigurationIds: string[];
}

export interface VnetPlan {
  id: string;
  name: string;
  placement: Placement;
  tags: JsonObject;
  secondOctet: number;
  subnets: SubnetPlan[];
}

export function planVirtualNetwork(
  placement: Placement,
  name: string,
  tags: JsonObject,
  secondOctet: number,
  subnets: readonly { name: string; third: number; bits: number }[],
): VnetPlan {
  const id = resourceId(placement, `${NETWORK}/virtualNetworks`, name);
  return {
    id,
    name,
    placement,
    tags,
    secondOctet,
    subnets: subnets.map((s) => ({
      name: s.name,
      id: `${id}/subnets/${s.name}`,
      prefix: `10.${secondOctet}.${s.third}.0/${s.bits}`,
      third: s.third,
      nextHost: 4, // Azure reserves .0-.3 in every subnet
      ipConfigurationIds: [],
    })),
  };
}

export function allocateAddress(vnet: VnetPlan, subnet: SubnetPlan): string {
  const host = subnet.nextHost++;
  return `10.${vnet.secondOctet}.${subnet.third + Math.floor(host / 256)}.${host % 256}`;
}

export function virtualNetwork(random: Random, plan: VnetPlan): Resource {
  return {
    name: plan.name,
    id: plan.id,
    etag: weakEtag(random),
    type: `${NETWORK}/virtualNetworks`,
    location: plan.placement.location,
    tags: plan.tags,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      addressSpace: { addressPrefixes: [`10.${plan.secondOctet}.0.0/16`] },
      dhcpOptions: { dnsServers: [] },
      subnets: plan.subnets.map((subnet) => ({
        name: subnet.name,
        id: subnet.id,
        etag: weakEtag(random),
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: subnet.prefix,
          ...(subnet.nsg ? { networkSecurityGroup: { id: subnet.nsg.id } } : {}),
          ...(subnet.ipConfigurationIds.length > 0
            ? { ipConfigurations: subnet.ipConfigurationIds.map((id) => ({ id })) }
            : {}),
          delegations: [],
          privateEndpointNetworkPolicies: 'Disabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
        },
        type: `${NETWORK}/virtualNetworks/subnets`,
      })),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

export function applicationSecurityGroup(
  random: Random,
  placement: Placement,
  name: string,
  tags: JsonObject,
): Resource {
  return {
    name,
    id: resourceId(placement, `${NETWORK}/applicationSecurityGroups`, name),
    etag: weakEtag(random),
    type: `${NETWORK}/applicationSecurityGroups`,
    location: placement.location,
    tags,
    properties: { resourceGuid: random.guid(), provisioningState: 'Succeeded' },
  };
}

export interface NicSpec {
  placement: Placement;
  name: string;
  tags: JsonObject;
  subnetId: string;
  privateIp: string;
  staticIp: boolean;
  publicIpId?: string;
  nsgId?: string;
  asgIds: string[];
  backendPoolIds: string[];
  natRuleIds: string[];
  vmId: string;
  ipForwarding: boolean;
  acceleratedNetworking: boolean;
}

export function nicId(placement: Placement, name: string): string {
  return resourceId(placement, `${NETWORK}/networkInterfaces`, name);
}

export function nicIpConfigurationId(placement: Placement, nicName: string): string {
  return `${nicId(placement, nicName)}/ipConfigurations/ipconfig1`;
}

export function networkInterface(random: Random, spec: NicSpec): Resource {
  const id = nicId(spec.placement, spec.name);
  // 00-0D-3A is one of Microsoft's OUIs; Azure NICs carry it.
  const mac = `000D3A${random.hex(6).toUpperCase()}`;
  return {
    name: spec.name,
    id,
    etag: weakEtag(random),
    type: `${NETWORK}/networkInterfaces`,
    location: spec.placement.location,
    tags: spec.tags,
    kind: 'Regular',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${id}/ipConfigurations/ipconfig1`,
          etag: weakEtag(random),
          type: `${NETWORK}/networkInterfaces/ipConfigurations`,
          properties: {
            provisioningState: 'Succeeded',
            privateIPAddress: spec.privateIp,
            privateIPAllocationMethod: spec.staticIp ? 'Static' : 'Dynamic',
            ...(spec.publicIpId ? { publicIPAddress: { id: spec.publicIpId } } : {}),
            subnet: { id: spec.subnetId },
            primary: true,
            privateIPAddressVersion: 'IPv4',
            ...(spec.asgIds.length > 0
              ? { applicationSecurityGroups: spec.asgIds.map((a) => ({ id: a })) }
              : {}),
            ...(spec.backendPoolIds.length > 0
              ? { loadBalancerBackendAddressPools: spec.backendPoolIds.map((p) => ({ id: p })) }
              : {}),
            ...(spec.natRuleIds.length > 0
              ? { loadBalancerInboundNatRules: spec.natRuleIds.map((r) => ({ id: r })) }
              : {}),
          },
        },
      ],
      dnsSettings: {
        dnsServers: [],
        appliedDnsServers: [],
        internalDomainNameSuffix: `${random.hex(26)}.bx.internal.cloudapp.net`,
      },
      macAddress: mac.match(/../g)?.join('-') ?? mac,
      vnetEncryptionSupported: false,
      enableIPForwarding: spec.ipForwarding,
      disableTcpStateTracking: false,
      ...(spec.nsgId ? { networkSecurityGroup: { id: spec.nsgId } } : {}),
      hostedWorkloads: [],
      tapConfigurations: [],
      virtualMachine: { id: spec.vmId },
      nicType: 'Standard',
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
      primary: true,
      enableAcceleratedNetworking: spec.acceleratedNetworking,
    },
  };
}

export interface PublicIpSpec {
  placement: Placement;
  name: string;
  tags: JsonObject;
  sku: 'Basic' | 'Standard';
  /** The NIC ip configuration or load balancer frontend using this address. */
  ipConfigurationId: string;
  domainNameLabel?: string;
  zones?: string[];
}

export function publicIpId(placement: Placement, name: string): string {
  return resourceId(placement, `${NETWORK}/publicIPAddresses`, name);
}

export function publicIpAddress(random: Random, spec: PublicIpSpec): Resource {
  const address = `${random.pick([20, 40, 52, 104, 172])}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  return {
    name: spec.name,
    id: publicIpId(spec.placement, spec.name),
    etag: weakEtag(random),
    type: `${NETWORK}/publicIPAddresses`,
    location: spec.placement.location,
    tags: spec.tags,
    ...(spec.zones ? { zones: spec.zones } : {}),
    sku: { name: spec.sku, tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      ipAddress: address,
      publicIPAddressVersion: 'IPv4',
      // Basic SKU addresses default to dynamic allocation; Standard is always static.
      publicIPAllocationMethod: spec.sku === 'Standard' ? 'Static' : 'Dynamic',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ipConfiguration: { id: spec.ipConfigurationId },
      ...(spec.domainNameLabel
        ? {
            dnsSettings: {
              domainNameLabel: spec.domainNameLabel,
              fqdn: `${spec.domainNameLabel}.${spec.placement.location}.cloudapp.azure.com`,
            },
          }
        : {}),
      ...(spec.sku === 'Standard' ? { ddosSettings: { protectionMode: 'VirtualNetworkInherited' } } : {}),
    },
  };
}

export interface LoadBalancerPlan {
  id: string;
  name: string;
  placement: Placement;
  tags: JsonObject;
  publicIpId: string;
  port: number;
  backendIpConfigurationIds: string[];
  natRules: { name: string; frontendPort: number; backendPort: number; ipConfigurationId: string }[];
}

export function planLoadBalancer(
  placement: Placement,
  name: string,
  tags: JsonObject,
  publicIpName: string,
): LoadBalancerPlan {
  return {
    id: resourceId(placement, `${NETWORK}/loadBalancers`, name),
    name,
    placement,
    tags,
    publicIpId: publicIpId(placement, publicIpName),
    port: 443,
    backendIpConfigurationIds: [],
    natRules: [],
  };
}

export const backendPoolId = (lb: LoadBalancerPlan): string => `${lb.id}/backendAddressPools/backend`;
export const frontendId = (lb: LoadBalancerPlan): string => `${lb.id}/frontendIPConfigurations/frontend`;
export const natRuleId = (lb: LoadBalancerPlan, name: string): string => `${lb.id}/inboundNatRules/${name}`;

export function loadBalancer(random: Random, plan: LoadBalancerPlan): Resource {
  const ruleId = `${plan.id}/loadBalancingRules/https`;
  const probeId = `${plan.id}/probes/https-probe`;
  const child = (kind: string, name: string, properties: JsonObject) => ({
    name,
    id: `${plan.id}/${kind}/${name}`,
    etag: weakEtag(random),
    type: `${NETWORK}/loadBalancers/${kind}`,
    properties: { provisioningState: 'Succeeded', ...properties },
  });
  return {
    name: plan.name,
    id: plan.id,
    etag: weakEtag(random),
    type: `${NETWORK}/loadBalancers`,
    location: plan.placement.location,
    tags: plan.tags,
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      frontendIPConfigurations: [
        child('frontendIPConfigurations', 'frontend', {
          privateIPAllocationMethod: 'Dynamic',
          publicIPAddress: { id: plan.publicIpId },
          loadBalancingRules: [{ id: ruleId }],
          inboundNatRules: plan.natRules.map((r) => ({ id: natRuleId(plan, r.name) })),
        }),
      ],
      backendAddressPools: [
        child('backendAddressPools', 'backend', {
          backendIPConfigurations: plan.backendIpConfigurationIds.map((id) => ({ id })),
          loadBalancingRules: [{ id: ruleId }],
        }),
      ],
      loadBalancingRules: [
        child('loadBalancingRules', 'https', {
          frontendIPConfiguration: { id: frontendId(plan) },
          frontendPort: plan.port,
          backendPort: plan.port,
          enableFloatingIP: false,
          idleTimeoutInMinutes: 4,
          protocol: 'Tcp',
          enableDestinationServiceEndpoint: false,
          enableTcpReset: false,
          allowBackendPortConflict: false,
          loadDistribution: 'Default',
          disableOutboundSnat: true,
          backendAddressPool: { id: backendPoolId(plan) },
          backendAddressPools: [{ id: backendPoolId(plan) }],
          probe: { id: probeId },
        }),
      ],
      probes: [
        child('probes', 'https-probe', {
          protocol: 'Tcp',
          port: plan.port,
          intervalInSeconds: 5,
          numberOfProbes: 1,
          probeThreshold: 1,
          loadBalancingRules: [{ id: ruleId }],
        }),
      ],
      inboundNatRules: plan.natRules.map((r) =>
        child('inboundNatRules', r.name, {
          frontendIPConfiguration: { id: frontendId(plan) },
          frontendPort: r.frontendPort,
          backendPort: r.backendPort,
          enableFloatingIP: false,
          idleTimeoutInMinutes: 4,
          protocol: 'Tcp',
          enableDestinationServiceEndpoint: false,
          enableTcpReset: false,
          allowBackendPortConflict: false,
          backendIPConfiguration: { id: r.ipConfigurationId },
        }),
      ),
      outboundRules: [],
      inboundNatPools: [],
    },
  };
}

/** Azure creates one watcher per region, named NetworkWatcher_<region>, in NetworkWatcherRG. */
export function networkWatcher(random: Random, placement: Placement): Resource {
  const name = `NetworkWatcher_${placement.location}`;
  return {
    name,
    id: resourceId(placement, `${NETWORK}/networkWatchers`, name),
    etag: weakEtag(random),
    type: `${NETWORK}/networkWatchers`,
    location: placement.location,
    properties: { provisioningState: 'Succeeded' },
  };
}

export function flowLog(
  random: Random,
  watcher: Placement,
  nsg: NsgPlan,
  storageId: string,
  workspace: { customerId: string; id: string } | undefined,
): Resource {
  const watcherName = `NetworkWatcher_${watcher.location}`;
  const name = `${nsg.name}-${nsg.placement.resourceGroup}-flowlog`;
  return {
    name,
    id: resourceId(watcher, `${NETWORK}/networkWatchers/flowLogs`, watcherName, name),
    etag: weakEtag(random),
    type: `${NETWORK}/networkWatchers/flowLogs`,
    location: watcher.location,
    properties: {
      provisioningState: 'Succeeded',
      targetResourceId: nsg.id,
      targetResourceGuid: random.guid(),
      storageId,
      enabled: random.chance(0.9),
      flowAnalyticsConfiguration: {
        networkWatcherFlowAnalyticsConfiguration: workspace
          ? {
              enabled: true,
              workspaceId: workspace.customerId,
              workspaceRegion: watcher.location,
              workspaceResourceId: workspace.id,
              trafficAnalyticsInterval: 60,
            }
          : { enabled: false },
      },
      retentionPolicy: { days: random.pick([0, 7, 30, 90]), enabled: random.chance(0.6) },
      format: { type: 'JSON', version: 2 },
    },
  };
}
