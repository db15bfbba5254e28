import type { JsonObject } from '../../src/util/json.ts';
import type { Placement } from './arm.ts';
import type { Region } from './catalog.ts';
import type { LoadBalancerPlan, SubnetPlan, VnetPlan } from './network.ts';
import type { NsgPlan } from './nsg.ts';

/** Per-region shared infrastructure of one subscription. */
export interface RegionalPlatform {
  region: Region;
  watcher: Placement;
  /** The region's platform storage account: flow logs and legacy VHDs. */
  storageAccountId: string;
  vault: { placement: Placement; name: string; protectedItems: number };
}

export interface SubscriptionContext {
  index: number;
  subscriptionId: string;
  tenantId: string;
  platform: Placement;
  workspace: { id: string; customerId: string };
  keyVaultId: string;
  diskEncryptionSetId: string;
  regions: RegionalPlatform[];
  /** Disks created to fill the last few resources of a budget go here. */
  orphanDisks: number;
}

export type Tier = 'web' | 'app' | 'data' | 'mgmt';

/**
 * How densely the generator fills each VM's neighbourhood. `detailed` (the default) gives every VM many
 * satellites — Defender assessments, NIC NSGs, data disks — so small estates exercise every check;
 * `lean` is a tenant as a large fleet looks: ~5.8 resources per VM (the VM, its NIC, OS disk, about
 * half a data disk, an extension or so, a share of the segment's NSGs, VNet and public IPs) and
 * Defender assessments on a tenth of the VMs.
 */
export type EstateProfileName = 'detailed' | 'lean';

export interface EstateProfile {
  /** VMs planned per application segment (resource group and VNet), inclusive range. */
  vmsPerSegment: readonly [number, number];
  /** Weights of 0, 1 and 2 data disks on a VM with managed disks. */
  dataDisks: readonly [number, number][];
  /** Weights of 0 to 3 extensions on a VM. */
  extensions: readonly [number, number][];
  /** Chance that a VM's NIC has an NSG of its own. */
  nicNsg: number;
  /** Chance that a VM is protected by the region's Recovery Services vault. */
  backup: number;
  /** Chance that Defender's assessments of the VM are in the snapshot. */
  assessments: number;
}

export const ESTATE_PROFILES: Record<EstateProfileName, EstateProfile> = {
  detailed: {
    vmsPerSegment: [10, 30],
    dataDisks: [
      [0, 45],
      [1, 35],
      [2, 20],
    ],
    extensions: [
      [0, 20],
      [1, 30],
      [2, 30],
      [3, 20],
    ],
    nicNsg: 0.2,
    backup: 0.4,
    assessments: 0.75,
  },
  lean: {
    vmsPerSegment: [20, 60],
    dataDisks: [
      [0, 60],
      [1, 30],
      [2, 10],
    ],
    extensions: [
      [0, 25],
      [1, 45],
      [2, 25],
      [3, 5],
    ],
    nicNsg: 0.05,
    backup: 0.3,
    assessments: 0.1,
  },
};

/** One application environment: a resource group with a VNet, its NSGs and ~20 VM units. */
export interface SegmentContext {
  index: number;
  subscription: SubscriptionContext;
  regional: RegionalPlatform;
  placement: Placement;
  app: string;
  environment: string;
  tags: JsonObject;
  vnet: VnetPlan;
  subnets: Partial<Record<Tier, SubnetPlan>>;
  nsgs: NsgPlan[];
  asgIds: { web?: string; app?: string };
  loadBalancer?: LoadBalancerPlan;
  /** The first segment of an estate carries every optional feature, so small estates still have all types. */
  showcase: boolean;
  profile: EstateProfile;
}
