import type { Resource } from '../../src/inventory/resource.ts';
import { type Placement, resourceId } from './arm.ts';
import {
  APPS,
  ENVIRONMENTS,
  IMAGES,
  LINUX_EXTENSIONS,
  OWNERS,
  VM_SIZES,
  WINDOWS_EXTENSIONS,
} from './catalog.ts';
import { virtualMachineScaleSet } from './compute.ts';
import {
  applicationSecurityGroup,
  backendPoolId,
  flowLog,
  frontendId,
  loadBalancer,
  planLoadBalancer,
  planVirtualNetwork,
  publicIpAddress,
  type SubnetPlan,
  virtualNetwork,
} from './network.ts';
import { type NsgPlan, networkSecurityGroup, planNsg, ruleSpecs } from './nsg.ts';
import type { EstateProfile, SegmentContext, SubscriptionContext, Tier } from './plans.ts';
import { resourceGroup } from './platform.ts';
import type { Random } from './random.ts';
import { diagnosticSetting, jitPolicy } from './security.ts';
import { pickExtensions, planVmUnit, sshPublicKey, type VmUnit } from './vm-unit.ts';

const WORKLOAD_SUBNETS: readonly [Tier, number][] = [
  ['web', 1],
  ['app', 2],
  ['data', 3],
  ['mgmt', 4],
];

/** Chance that a workload subnet's NSG carries an SSH/RDP rule open to any source. */
const RISKY_MANAGEMENT: Record<Tier, number> = { web: 0.25, app: 0.1, data: 0.05, mgmt: 0.3 };

/**
 * One application environment — resource group, VNet with subnets and NSGs,
 * optional ASGs, load balancer and scale set, then VM units — holding at most
 * `budget` resources. Returns undefined when not even one VM unit fits.
 */
export function buildSegment(
  random: Random,
  subscription: SubscriptionContext,
  index: number,
  budget: number,
  showcase: boolean,
  profile: EstateProfile,
): Resource[] | undefined {
  const regional = random.pick(subscription.regions);
  const app = random.pick(APPS);
  const environment = random.weighted(ENVIRONMENTS);
  const placement: Placement = {
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    resourceGroup: `rg-${app}-${environment}-${regional.region.short}-${String(index + 1).padStart(3, '0')}`,
    location: regional.region.name,
  };
  const tags = {
    environment,
    application: app,
    ...(random.chance(0.85) ? { owner: random.pick(OWNERS) } : {}),
    costCenter: `CC-${random.int(1000, 9999)}`,
  };
  const withMgmt = showcase || random.chance(0.6);
  const subnetLayout = [
    ...WORKLOAD_SUBNETS.filter(([tier]) => tier !== 'mgmt' || withMgmt).map(([tier, third]) => ({
      name: `snet-${tier}`,
      third,
      bits: 24,
    })),
    ...(showcase || random.chance(0.4) ? [{ name: 'AzureBastionSubnet', third: 250, bits: 26 }] : []),
    ...(random.chance(0.25) ? [{ name: 'GatewaySubnet', third: 255, bits: 27 }] : []),
  ];
  const vnet = planVirtualNetwork(
    placement,
    `vnet-${app}-${environment}-${regional.region.short}`,
    tags,
    (index % 250) + 1,
    subnetLayout,
  );
  const subnets: Partial<Record<Tier, SubnetPlan>> = {};
  for (const [tier] of WORKLOAD_SUBNETS) {
    const subnet = vnet.subnets.find((s) => s.name === `snet-${tier}`);
    if (subnet) subnets[tier] = subnet;
  }
  const prefixOf = (tier: Tier) => subnets[tier]?.prefix ?? 'VirtualNetwork';

  const withAsgs = showcase || random.chance(0.5);
  const asgIds = withAsgs
    ? {
        web: resourceId(placement, 'Microsoft.Network/applicationSecurityGroups', `asg-${app}-web`),
        app: resourceId(placement, 'Microsoft.Network/applicationSecurityGroups', `asg-${app}-app`),
      }
    : {};

  const nsgs: NsgPlan[] = [];
  for (const [tier] of WORKLOAD_SUBNETS) {
    const subnet = subnets[tier];
    if (!subnet || !(showcase || random.chance(0.88))) continue;
    const nsg = planNsg(
      placement,
      `nsg-${app}-${environment}-${tier}`,
      tags,
      ruleSpecs(random, {
        role: tier,
        webPrefix: prefixOf('web'),
        appPrefix: prefixOf('app'),
        mgmtPrefix: prefixOf('mgmt'),
        ...(asgIds.web && asgIds.app ? { webAsgId: asgIds.web, appAsgId: asgIds.app } : {}),
        riskyManagement: (showcase && tier === 'web') || random.chance(RISKY_MANAGEMENT[tier]),
      }),
    );
    nsg.subnetIds.push(subnet.id);
    subnet.nsg = nsg;
    nsgs.push(nsg);
  }

  const lbPublicIpName = `pip-lb-${app}-${environment}`;
  const lb =
    showcase || random.chance(0.35)
      ? planLoadBalancer(placement, `lb-${app}-${environment}`, tags, lbPublicIpName)
      : undefined;
  const withScaleSet = showcase || random.chance(0.35);
  const flowLogged = nsgs.filter((_, i) => (showcase && i === 0) || random.chance(0.35));
  const diagnosed = nsgs.filter((_, i) => (showcase && i === 0) || random.chance(0.3));

  const segment: SegmentContext = {
    index,
    subscription,
    regional,
    placement,
    app,
    environment,
    tags,
    vnet,
    subnets,
    nsgs,
    asgIds,
    ...(lb ? { loadBalancer: lb } : {}),
    showcase,
    profile,
  };

  const overhead =
    2 +
    nsgs.length +
    (withAsgs ? 2 : 0) +
    (lb ? 2 : 0) +
    (withScaleSet ? 1 : 0) +
    flowLogged.length +
    diagnosed.length +
    1;
  const units: VmUnit[] = [];
  let used = overhead;
  const target = random.int(...profile.vmsPerSegment);
  for (let i = 0; i < target; i++) {
    const unit = planVmUnit(random, segment, i);
    if (used + unit.resources.length > budget) break;
    unit.commit();
    units.push(unit);
    used += unit.resources.length;
  }
  if (units.length === 0) return undefined;

  const out: Resource[] = [
    resourceGroup(placement.subscriptionId, placement.resourceGroup, placement.location, tags),
  ];
  if (asgIds.web && asgIds.app) {
    out.push(applicationSecurityGroup(random, placement, `asg-${app}-web`, tags));
    out.push(applicationSecurityGroup(random, placement, `asg-${app}-app`, tags));
  }
  for (const nsg of nsgs) out.push(networkSecurityGroup(random, nsg));
  out.push(virtualNetwork(random, vnet));
  if (lb) {
    out.push(
      publicIpAddress(random, {
        placement,
        name: lbPublicIpName,
        tags,
        sku: 'Standard',
        ipConfigurationId: frontendId(lb),
        zones: ['1', '2', '3'],
      }),
    );
    out.push(loadBalancer(random, lb));
  }
  for (const unit of units) out.push(...unit.resources);
  if (withScaleSet) out.push(scaleSet(random, segment));
  for (const nsg of flowLogged) {
    out.push(
      flowLog(
        random,
        regional.watcher,
        nsg,
        regional.storageAccountId,
        random.chance(0.5) ? subscription.workspace : undefined,
      ),
    );
  }
  for (const nsg of diagnosed) {
    out.push(
      diagnosticSetting(
        nsg.id,
        random.pick(['nsg-diagnostics', 'send-to-law']),
        ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'],
        {
          workspaceId: subscription.workspace.id,
        },
      ),
    );
  }
  const jitVms = units.flatMap((u) => (u.jit ? [u.jit] : []));
  if (jitVms.length > 0) out.push(jitPolicy(random, placement, jitVms));
  return out;
}

function scaleSet(random: Random, segment: SegmentContext): Resource {
  const tier: Tier = random.chance(0.5) ? 'web' : 'app';
  const subnet = segment.subnets[tier]!;
  const image = random.weighted(IMAGES.map((i) => [i, i.weight] as const));
  const linux = image.os === 'Linux';
  const passwordAuthenticationDisabled = !linux || random.chance(0.85);
  return virtualMachineScaleSet(random, {
    placement: segment.placement,
    name: `vmss-${segment.app}-${tier}`,
    tags: segment.tags,
    image,
    size: random.weighted(VM_SIZES.map((s) => [s.name, s.weight] as const)),
    capacity: random.int(2, 10),
    subnetId: subnet.id,
    ...(subnet.nsg ? { nsgId: subnet.nsg.id } : {}),
    ...(tier === 'web' && segment.loadBalancer ? { backendPoolId: backendPoolId(segment.loadBalancer) } : {}),
    ipForwarding: random.chance(0.05),
    trustedLaunch: image.generation === 'V2' && random.chance(0.7),
    encryptionAtHost: random.chance(0.3),
    passwordAuthenticationDisabled,
    ...(linux ? { sshKeyData: sshPublicKey(random, 'azureuser') } : {}),
    extensions: pickExtensions(random, linux ? LINUX_EXTENSIONS : WINDOWS_EXTENSIONS, random.int(0, 2)),
    systemAssignedIdentity: random.chance(0.5),
  });
}
