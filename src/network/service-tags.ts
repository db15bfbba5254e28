import { type AddressSet, ALL_IPV4, setOf, single, subtract, union } from './address-set.ts';
import { IPV6_BASE, parseIPv4 } from './ip-address.ts';

/**
 * Service tags Vigil resolves itself, and the platform addresses. Tag names are matched without
 * regard to case, and the classic spellings (`INTERNET`, `VIRTUAL_NETWORK`, `AZURE_LOADBALANCER`)
 * are accepted (MicrosoftDocs/azure-docs articles/virtual-network/service-tags-overview.md, the
 * note on classic spellings).
 */

/** The host's virtual IP: DHCP, DNS, health probes (network-security-groups-overview.md, "Azure platform considerations"). */
export const HOST_VIRTUAL_IP = v4('168.63.129.16');
/** Instance Metadata Service. */
export const IMDS_ADDRESS = v4('169.254.169.254');

export type KnownTag =
  | 'Internet'
  | 'VirtualNetwork'
  | 'AzureLoadBalancer'
  | 'AzurePlatformDNS'
  | 'AzurePlatformIMDS'
  | 'AzurePlatformLKM';

const KNOWN: ReadonlyMap<string, KnownTag> = new Map([
  ['internet', 'Internet'],
  ['virtualnetwork', 'VirtualNetwork'],
  ['virtual_network', 'VirtualNetwork'],
  ['azureloadbalancer', 'AzureLoadBalancer'],
  ['azure_loadbalancer', 'AzureLoadBalancer'],
  ['azureplatformdns', 'AzurePlatformDNS'],
  ['azureplatformimds', 'AzurePlatformIMDS'],
  ['azureplatformlkm', 'AzurePlatformLKM'],
]);

export function knownTag(name: string): KnownTag | undefined {
  return KNOWN.get(name.toLowerCase());
}

/**
 * Tags that name a platform service: the only rules that filter traffic to the host's virtual IP and
 * IMDS, which otherwise "aren't subject to the configured network security groups"
 * (network-security-groups-overview.md, "Azure platform considerations").
 */
export const PLATFORM_TAGS: ReadonlySet<KnownTag> = new Set([
  'AzurePlatformDNS',
  'AzurePlatformIMDS',
  'AzurePlatformLKM',
]);

/** The addresses a platform tag stands for; LKM (Windows activation servers) is not modelled. */
export const PLATFORM_TAG_ADDRESSES: Partial<Record<KnownTag, AddressSet>> = {
  AzureLoadBalancer: single(HOST_VIRTUAL_IP),
  AzurePlatformDNS: single(HOST_VIRTUAL_IP),
  AzurePlatformIMDS: single(IMDS_ADDRESS),
};

export const PLATFORM_ADDRESSES: AddressSet = union(single(HOST_VIRTUAL_IP), single(IMDS_ADDRESS));

/**
 * Address space that is not reachable from the public internet: "this network", RFC 1918, shared
 * (carrier-grade NAT), loopback, link-local, multicast and reserved IPv4; for IPv6 everything outside
 * global unicast 2000::/3. Vigil's reading of the `Internet` tag is this complement minus the
 * VNet's own `VirtualNetwork` space (vnet-space.ts); Azure's exact prefix list is not published.
 */
export const NOT_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];

export const PUBLIC_ADDRESSES: AddressSet = union(
  subtract(ALL_IPV4, setOf(NOT_PUBLIC_V4.map(v4Block))),
  // 2000::/3: global unicast.
  [[IPV6_BASE + (0x2000n << 112n), IPV6_BASE + (0x4000n << 112n) - 1n]],
);

function v4(text: string): bigint {
  return BigInt(parseIPv4(text)!);
}

function v4Block(cidr: string): [bigint, bigint] {
  const [address, bits] = cidr.split('/');
  const lo = v4(address!);
  return [lo, lo + (1n << BigInt(32 - Number(bits))) - 1n];
}
