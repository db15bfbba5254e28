import type { Access, Direction } from './security-rules.ts';

/**
 * The six rules Azure creates in every NSG. They cannot be removed, only overridden by rules of a
 * higher priority (MicrosoftDocs/azure-docs articles/virtual-network/network-security-groups-overview.md
 * @0088bfa7, "Default security rules"). Names as ARM returns them in `defaultSecurityRules`.
 */
export const DEFAULT_RULES: readonly {
  name: string;
  direction: Direction;
  priority: number;
  source: string;
  destination: string;
  access: Access;
}[] = [
  {
    name: 'AllowVnetInBound',
    direction: 'Inbound',
    priority: 65000,
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    access: 'Allow',
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    direction: 'Inbound',
    priority: 65001,
    source: 'AzureLoadBalancer',
    destination: '*',
    access: 'Allow',
  },
  {
    name: 'DenyAllInBound',
    direction: 'Inbound',
    priority: 65500,
    source: '*',
    destination: '*',
    access: 'Deny',
  },
  {
    name: 'AllowVnetOutBound',
    direction: 'Outbound',
    priority: 65000,
    source: 'VirtualNetwork',
    destination: 'VirtualNetwork',
    access: 'Allow',
  },
  {
    name: 'AllowInternetOutBound',
    direction: 'Outbound',
    priority: 65001,
    source: '*',
    destination: 'Internet',
    access: 'Allow',
  },
  {
    name: 'DenyAllOutBound',
    direction: 'Outbound',
    priority: 65500,
    source: '*',
    destination: '*',
    access: 'Deny',
  },
];
