import type { Resource } from '../../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';

/**
 * An NSG's inbound security rules, read once from its JSON: the custom rules in `securityRules`
 * and Azure's default rules, by priority. Only the rule-level network model reads NSG JSON.
 */
export interface InboundRules {
  nsg: Resource;
  /** Lowest priority number first: processing stops at the first match (network-security-groups-overview.md). */
  rules: SecurityRule[];
  /** Rule fields that could not be read; such a field matches nothing. */
  problems: string[];
}

export interface SecurityRule {
  id: string;
  name: string;
  /** Where the rule sits in the NSG's JSON, e.g. `properties.securityRules[2]`. */
  field: string;
  isDefault: boolean;
  priority: number;
  access: 'Allow' | 'Deny';
  /** Lower-cased: `tcp`, `udp`, `icmp`, `esp`, `ah`, or `*` for Any. */
  protocol: string;
  /** Lower-cased source address prefixes and service tags, singular and plural fields together. */
  sources: string[];
  sourceAsgs: string[];
  destinations: string[];
  destinationAsgs: string[];
  ports: PortRange[];
}

export interface PortRange {
  from: number;
  to: number;
}

/** The three inbound rules Azure puts in every NSG; used when a snapshot omits `defaultSecurityRules`. */
const AZURE_DEFAULT_INBOUND: [
  name: string,
  priority: number,
  source: string,
  destination: string,
  access: 'Allow' | 'Deny',
][] = [
  ['AllowVnetInBound', 65000, 'virtualnetwork', 'virtualnetwork', 'Allow'],
  ['AllowAzureLoadBalancerInBound', 65001, 'azureloadbalancer', '*', 'Allow'],
  ['DenyAllInBound', 65500, '*', '*', 'Deny'],
];

export function readInboundRules(nsg: Resource): InboundRules {
  const problems: string[] = [];
  const properties = isJsonObject(nsg.properties) ? nsg.properties : {};
  const rules = [
    ...readRules(nsg, properties, 'securityRules', false, problems),
    ...(getProperty(properties, 'defaultSecurityRules') === undefined
      ? AZURE_DEFAULT_INBOUND.map(([name, priority, source, destination, access]) => ({
          id: `${nsg.id}/defaultSecurityRules/${name}`,
          name,
          field: `(Azure default rule ${name})`,
          isDefault: true,
          priority,
          access,
          protocol: '*',
          sources: [source],
          sourceAsgs: [],
          destinations: [destination],
          destinationAsgs: [],
          ports: [{ from: 0, to: 65535 }],
        }))
      : readRules(nsg, properties, 'defaultSecurityRules', true, problems)),
  ];
  rules.sort((a, b) => a.priority - b.priority);
  return { nsg, rules, problems };
}

function readRules(
  nsg: Resource,
  properties: JsonObject,
  key: string,
  isDefault: boolean,
  problems: string[],
): SecurityRule[] {
  const list = getProperty(properties, key);
  if (!Array.isArray(list)) return [];
  const rules: SecurityRule[] = [];
  for (const [index, item] of list.entries()) {
    const field = `properties.${key}[${index}]`;
    if (!isJsonObject(item)) {
      problems.push(`${field} is not an object`);
      continue;
    }
    const p = isJsonObject(item.properties) ? item.properties : item;
    if (text(p, 'direction').toLowerCase() !== 'inbound') continue;
    const name = text(item, 'name') || `#${index}`;
    const priority = getProperty(p, 'priority');
    const access = text(p, 'access').toLowerCase();
    if (typeof priority !== 'number' || (access !== 'allow' && access !== 'deny')) {
      problems.push(`${field} (${name}) has no readable priority or access`);
      continue;
    }
    rules.push({
      id: text(item, 'id') || `${nsg.id}/${key}/${name}`,
      name,
      field,
      isDefault,
      priority,
      access: access === 'allow' ? 'Allow' : 'Deny',
      protocol: (text(p, 'protocol') || '*').toLowerCase(),
      sources: prefixes(p, 'sourceAddressPrefix', 'sourceAddressPrefixes'),
      sourceAsgs: ids(getProperty(p, 'sourceApplicationSecurityGroups')),
      destinations: prefixes(p, 'destinationAddressPrefix', 'destinationAddressPrefixes'),
      destinationAsgs: ids(getProperty(p, 'destinationApplicationSecurityGroups')),
      ports: ports(p, `${field} (${name})`, problems),
    });
  }
  return rules;
}

function text(object: JsonObject, key: string): string {
  const value = getProperty(object, key);
  return typeof value === 'string' ? value : '';
}

/** The singular field and the plural array together: ARM returns one filled and the other empty. */
function strings(object: JsonObject, singular: string, plural: string): string[] {
  const values: string[] = [];
  const one = getProperty(object, singular);
  if (typeof one === 'string' && one.trim() !== '') values.push(one.trim());
  const many = getProperty(object, plural);
  if (Array.isArray(many)) {
    for (const v of many) if (typeof v === 'string' && v.trim() !== '') values.push(v.trim());
  }
  return values;
}

function prefixes(object: JsonObject, singular: string, plural: string): string[] {
  return strings(object, singular, plural).map((p) => p.toLowerCase());
}

function ids(list: JsonValue | undefined): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const id = isJsonObject(item) ? getProperty(item, 'id') : undefined;
    return typeof id === 'string' ? [id.toLowerCase()] : [];
  });
}

function ports(object: JsonObject, where: string, problems: string[]): PortRange[] {
  const ranges: PortRange[] = [];
  for (const spec of strings(object, 'destinationPortRange', 'destinationPortRanges')) {
    // Port lists are separate array entries in ARM; a comma list in one string is tolerated.
    for (const part of spec.split(',')) {
      const range = portRange(part.trim());
      if (range) ranges.push(range);
      else problems.push(`${where}: destination port '${part.trim()}' is not a port, a range or '*'`);
    }
  }
  return ranges;
}

export function portRange(spec: string): PortRange | undefined {
  if (spec === '*') return { from: 0, to: 65535 };
  const dash = spec.indexOf('-');
  const from = port(dash === -1 ? spec : spec.slice(0, dash));
  const to = dash === -1 ? from : port(spec.slice(dash + 1));
  if (from === undefined || to === undefined || from > to) return undefined;
  return { from, to };
}

function port(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 5) return undefined;
  for (const ch of trimmed) if (ch < '0' || ch > '9') return undefined;
  const value = Number(trimmed);
  return value <= 65535 ? value : undefined;
}

/** What a packet's source is, at rule level: a host on the public internet, or one no rule names. */
export type PacketSource = 'Internet' | 'Any';

/** Prefixes that match every address; clients write `*`, `Any` or the CIDRs (AZURE-FACTS, NSG default rules). */
const EVERY_ADDRESS = new Set(['*', 'any', '0.0.0.0/0', '::/0']);

export function sourceMatches(rule: SecurityRule, source: PacketSource): boolean {
  // A rule whose source is an ASG matches only traffic from member NICs, never an internet host.
  if (rule.sourceAsgs.length > 0) return false;
  return rule.sources.some((p) => EVERY_ADDRESS.has(p) || (source === 'Internet' && p === 'internet'));
}

export function protocolMatches(rule: SecurityRule, protocol: string): boolean {
  return rule.protocol === '*' || rule.protocol === 'any' || rule.protocol === protocol.toLowerCase();
}

export function portMatches(rule: SecurityRule, value: number): boolean {
  return rule.ports.some((r) => r.from <= value && value <= r.to);
}

/** The NIC IP configuration a packet is addressed to (NSGs see the private IP: inbound DNAT comes first). */
export interface PacketDestination {
  privateIPAddress: string | undefined;
  /** Lower-cased IDs of the application security groups the IP configuration belongs to. */
  asgs: string[];
}

export function destinationMatches(rule: SecurityRule, destination: PacketDestination): boolean {
  if (rule.destinationAsgs.length > 0)
    return rule.destinationAsgs.some((asg) => destination.asgs.includes(asg));
  return rule.destinations.some((prefix) => {
    if (EVERY_ADDRESS.has(prefix) || prefix === 'virtualnetwork') return true;
    const cidr = ipv4Cidr(prefix);
    if (cidr === undefined) return false; // other service tags and IPv6 prefixes never hold a VM's private IPv4
    // An unknown private IP (dynamic, not yet assigned) is taken to be inside: the rule may well apply.
    const address =
      destination.privateIPAddress === undefined ? undefined : ipv4(destination.privateIPAddress);
    return address === undefined || (address & cidr.mask) >>> 0 === cidr.network;
  });
}

function ipv4Cidr(prefix: string): { network: number; mask: number } | undefined {
  const slash = prefix.indexOf('/');
  const address = ipv4(slash === -1 ? prefix : prefix.slice(0, slash));
  const bits = slash === -1 ? 32 : Number(prefix.slice(slash + 1));
  if (address === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (address & mask) >>> 0, mask };
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const octet = port(part);
    if (octet === undefined || octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}
