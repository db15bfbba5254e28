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
}
