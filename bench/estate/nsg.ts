import type { Resource } from '../../src/inventory/resource.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { type Placement, resourceId, weakEtag } from './arm.ts';
import type { Random } from './random.ts';

const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';

/** Either address prefixes / service tags, or application security group ids. */
export type Endpoint = { prefixes: string[] } | { asgIds: string[] };

export interface RuleSpec {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  ports: string[];
  source: Endpoint;
  destination: Endpoint;
  description?: string;
}

/** What a subnet (or NIC) NSG protects; it decides which rules are plausible. */
export type NsgRole = 'web' | 'app' | 'data' | 'mgmt' | 'nic-linux' | 'nic-windows';

export interface NsgContext {
  role: NsgRole;
  /** Address prefixes of the sibling subnets, for east-west rules. */
  webPrefix: string;
  appPrefix: string;
  mgmtPrefix: string;
  webAsgId?: string;
  appAsgId?: string;
  /** Whether this NSG carries a rule opening SSH or RDP to any source. */
  riskyManagement: boolean;
}

const ANY_SOURCES = ['*', 'Internet', '0.0.0.0/0', 'Any'];
const CORPORATE = ['203.0.113.0/24', '198.51.100.0/25', '192.0.2.40/29'];

const prefixes = (...values: string[]): Endpoint => ({ prefixes: values });

/** The rules a plausible NSG of this role holds: 3-15 for subnet NSGs, 1-3 for portal-style NIC NSGs. */
export function ruleSpecs(random: Random, context: NsgContext): RuleSpec[] {
  const inbound: Omit<RuleSpec, 'priority' | 'direction'>[] = [];
  const outbound: Omit<RuleSpec, 'priority' | 'direction'>[] = [];
  const allow = (
    name: string,
    ports: string[],
    source: Endpoint,
    destination: Endpoint = prefixes('*'),
    protocol: RuleSpec['protocol'] = 'Tcp',
  ) => ({
    name,
    access: 'Allow' as const,
    protocol,
    ports,
    source,
    destination,
  });

  if (context.role === 'nic-linux' || context.role === 'nic-windows') {
    // The portal's "basic" NIC NSG: one rule per selected inbound port, source Any.
    const port = context.role === 'nic-linux' ? '22' : '3389';
    const ruleName = context.role === 'nic-linux' ? 'SSH' : 'RDP';
    inbound.push(allow(ruleName, [port], prefixes(context.riskyManagement ? '*' : random.pick(CORPORATE))));
    if (random.chance(0.4)) inbound.push(allow('HTTPS', ['443'], prefixes('*')));
    if (random.chance(0.2)) inbound.push(allow('HTTP', ['80'], prefixes('*')));
    return number(inbound, [], 300, 10);
  }

  switch (context.role) {
    case 'web':
      inbound.push(
        random.chance(0.6)
          ? allow('Allow-HTTP-HTTPS-Inbound', ['80', '443'], prefixes('Internet'))
          : allow('Allow-HTTPS-Inbound', ['443'], prefixes(random.pick(['Internet', '*']))),
      );
      inbound.push(allow('Allow-AzureLoadBalancer-Probe', ['*'], prefixes('AzureLoadBalancer')));
      break;
    case 'app':
      inbound.push(
        context.webAsgId && context.appAsgId
          ? allow(
              'Allow-Web-To-App',
              ['8080', '8443'],
              { asgIds: [context.webAsgId] },
              { asgIds: [context.appAsgId] },
            )
          : allow('Allow-Web-To-App', ['8080-8090'], prefixes(context.webPrefix)),
      );
      break;
    case 'data':
      inbound.push(
        allow('Allow-App-To-SQL', [random.pick(['1433', '5432', '3306'])], prefixes(context.appPrefix)),
        {
          name: 'Deny-Internet-Inbound',
          access: 'Deny',
          protocol: '*',
          ports: ['*'],
          source: prefixes('Internet'),
          destination: prefixes('*'),
        },
      );
      outbound.push({
        name: 'Deny-Internet-Outbound',
        access: 'Deny',
        protocol: '*',
        ports: ['*'],
        source: prefixes('*'),
        destination: prefixes('Internet'),
      });
      break;
    case 'mgmt':
      inbound.push(allow('Allow-SSH-RDP-Corp', ['22', '3389'], { prefixes: random.sample(CORPORATE, 2) }));
      break;
  }

  if (context.riskyManagement) {
    inbound.push(
      random.weighted<Omit<RuleSpec, 'priority' | 'direction'>>([
        [allow('Allow-SSH', ['22'], prefixes(random.pick(ANY_SOURCES))), 4],
        [allow('Allow-RDP', ['3389'], prefixes(random.pick(ANY_SOURCES))), 3],
        [allow('Allow-Admin', ['22', '3389', '5985-5986'], prefixes('*')), 2],
        [allow('Allow-Legacy-Range', ['20-25'], prefixes('Internet')), 1],
      ]),
    );
  } else if (context.role !== 'mgmt' && random.chance(0.5)) {
    inbound.push(allow('Allow-SSH-From-Mgmt', ['22'], prefixes(context.mgmtPrefix)));
  }

  const extras: Omit<RuleSpec, 'priority' | 'direction'>[] = [
    allow('Allow-Node-Exporter', ['9100'], prefixes(context.mgmtPrefix)),
    allow('Allow-ICMP-VNet', ['*'], prefixes('VirtualNetwork'), prefixes('*'), 'Icmp'),
    allow('Allow-WinRM-Corp', ['5985-5986'], { prefixes: random.sample(CORPORATE, 2) }),
    allow('Allow-Redis', ['6379'], prefixes(context.appPrefix)),
    allow('Allow-Monitoring', ['443', '8443', '10250-10255'], prefixes('VirtualNetwork')),
    allow('Allow-DNS', ['53'], prefixes('VirtualNetwork'), prefixes('*'), 'Udp'),
    allow('Allow-Partner-API', ['8443'], { prefixes: ['192.0.2.0/28', '198.51.100.200/32'] }),
    {
      name: 'Deny-Telnet',
      access: 'Deny',
      protocol: 'Tcp',
      ports: ['23'],
      source: prefixes('*'),
      destination: prefixes('*'),
    },
  ];
  const wantedInbound = random.int(Math.max(3, inbound.length), 12);
  inbound.push(...random.sample(extras, wantedInbound - inbound.length));

  if (random.chance(0.6)) {
    outbound.push(
      allow('Allow-AzureCloud-Outbound', ['443'], prefixes('VirtualNetwork'), prefixes('AzureCloud')),
    );
  }
  if (random.chance(0.3)) {
    outbound.push(allow('Allow-Storage-Outbound', ['443'], prefixes('*'), prefixes('Storage')));
  }
  return number(inbound, outbound, 100, random.pick([10, 20, 100]));
}

function number(
  inbound: Omit<RuleSpec, 'priority' | 'direction'>[],
  outbound: Omit<RuleSpec, 'priority' | 'direction'>[],
  start: number,
  step: number,
): RuleSpec[] {
  // Deny-all style rules sit at the end of their direction, as operators write them.
  const ordered = (rules: typeof inbound) => [
    ...rules.filter((r) => r.access === 'Allow'),
    ...rules.filter((r) => r.access === 'Deny'),
  ];
  return [
    ...ordered(inbound).map((r, i) => ({ ...r, direction: 'Inbound' as const, priority: start + i * step })),
    ...ordered(outbound).map((r, i) => ({
      ...r,
      direction: 'Outbound' as const,
      priority: start + i * step,
    })),
  ];
}

/** True when the rule lets any source reach 22 or 3389 (ranges and lists included). */
function opensManagementToAny(rule: RuleSpec): boolean {
  if (
    rule.access !== 'Allow' ||
    rule.direction !== 'Inbound' ||
    rule.protocol === 'Udp' ||
    rule.protocol === 'Icmp'
  )
    return false;
  if (!('prefixes' in rule.source) || !rule.source.prefixes.some((p) => ANY_SOURCES.includes(p)))
    return false;
  return rule.ports.some((range) => covers(range, 22) || covers(range, 3389));
}

function covers(range: string, port: number): boolean {
  if (range === '*') return true;
  const [low, high] = range.split('-');
  return Number(low) <= port && port <= Number(high ?? low);
}

function endpointProperties(side: 'source' | 'destination', endpoint: Endpoint): JsonObject {
  if ('asgIds' in endpoint) {
    return {
      [`${side}ApplicationSecurityGroups`]: endpoint.asgIds.map((id) => ({ id })),
      [`${side}AddressPrefixes`]: [],
    };
  }
  // ARM returns the singular field for one value and the plural list (with the
  // singular absent) for several; the unused plural is an empty list.
  return endpoint.prefixes.length === 1
    ? { [`${side}AddressPrefix`]: endpoint.prefixes[0] ?? '*', [`${side}AddressPrefixes`]: [] }
    : { [`${side}AddressPrefixes`]: endpoint.prefixes };
}

function securityRule(random: Random, nsgId: string, spec: RuleSpec): JsonObject {
  const ports: JsonObject =
    spec.ports.length === 1
      ? { destinationPortRange: spec.ports[0] ?? '*', destinationPortRanges: [] }
      : { destinationPortRanges: spec.ports };
  return {
    name: spec.name,
    id: `${nsgId}/securityRules/${spec.name}`,
    etag: weakEtag(random),
    type: `${NSG_TYPE}/securityRules`,
    properties: {
      provisioningState: 'Succeeded',
      ...(spec.description ? { description: spec.description } : {}),
      protocol: spec.protocol,
      sourcePortRange: '*',
      ...ports,
      ...endpointProperties('source', spec.source),
      ...endpointProperties('destination', spec.destination),
      access: spec.access,
      priority: spec.priority,
      direction: spec.direction,
      sourcePortRanges: [],
    },
  };
}

/** The six rules every NSG has, with the names and descriptions ARM returns. */
const DEFAULT_RULES: readonly [
  string,
  string,
  string,
  string,
  'Allow' | 'Deny',
  number,
  'Inbound' | 'Outbound',
][] = [
  [
    'AllowVnetInBound',
    'Allow inbound traffic from all VMs in VNET',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    65000,
    'Inbound',
  ],
  [
    'AllowAzureLoadBalancerInBound',
    'Allow inbound traffic from azure load balancer',
    'AzureLoadBalancer',
    '*',
    'Allow',
    65001,
    'Inbound',
  ],
  ['DenyAllInBound', 'Deny all inbound traffic', '*', '*', 'Deny', 65500, 'Inbound'],
  [
    'AllowVnetOutBound',
    'Allow outbound traffic from all VMs to all VMs in VNET',
    'VirtualNetwork',
    'VirtualNetwork',
    'Allow',
    65000,
    'Outbound',
  ],
  [
    'AllowInternetOutBound',
    'Allow outbound traffic from all VMs to Internet',
    '*',
    'Internet',
    'Allow',
    65001,
    'Outbound',
  ],
  ['DenyAllOutBound', 'Deny all outbound traffic', '*', '*', 'Deny', 65500, 'Outbound'],
];

function defaultRules(random: Random, nsgId: string): JsonObject[] {
  return DEFAULT_RULES.map(([name, description, source, destination, access, priority, direction]) => ({
    name,
    id: `${nsgId}/defaultSecurityRules/${name}`,
    etag: weakEtag(random),
    type: `${NSG_TYPE}/defaultSecurityRules`,
    properties: {
      provisioningState: 'Succeeded',
      description,
      protocol: '*',
      sourcePortRange: '*',
      destinationPortRange: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      access,
      priority,
      direction,
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
  }));
}

export interface NsgPlan {
  id: string;
  name: string;
  placement: Placement;
  tags: JsonObject;
  rules: RuleSpec[];
  /** Filled as subnets and NICs are associated; ARM lists them on the NSG. */
  subnetIds: string[];
  nicIds: string[];
}

export function planNsg(placement: Placement, name: string, tags: JsonObject, rules: RuleSpec[]): NsgPlan {
  return {
    id: resourceId(placement, NSG_TYPE, name),
    name,
    placement,
    tags,
    rules,
    subnetIds: [],
    nicIds: [],
  };
}

export function exposesManagement(nsg: NsgPlan | undefined): boolean {
  return nsg?.rules.some(opensManagementToAny) ?? false;
}

export function networkSecurityGroup(random: Random, plan: NsgPlan): Resource {
  return {
    name: plan.name,
    id: plan.id,
    etag: weakEtag(random),
    type: NSG_TYPE,
    location: plan.placement.location,
    tags: plan.tags,
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      flushConnection: false,
      securityRules: plan.rules.map((rule) => securityRule(random, plan.id, rule)),
      defaultSecurityRules: defaultRules(random, plan.id),
      ...(plan.subnetIds.length > 0 ? { subnets: plan.subnetIds.map((id) => ({ id })) } : {}),
      ...(plan.nicIds.length > 0 ? { networkInterfaces: plan.nicIds.map((id) => ({ id })) } : {}),
    },
  };
}
