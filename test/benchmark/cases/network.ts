import type { Resource } from '../../../src/inventory/resource.ts';
import type { JsonObject } from '../../../src/util/json.ts';
import {
  extensionResource,
  IMAGES,
  networkInterface,
  networkWatcher,
  nsgId,
  RG_ID,
  subnet,
  virtualNetwork,
  vnetId,
} from '../../support/arm-resources.ts';
import {
  applicationGatewaySubnet,
  flowLogId,
  jitDenyRule,
  jitPolicy,
  loadBalancer,
  nsg,
  publicIp,
  publicIpId,
  type RuleSpec,
  vmOnNetwork,
} from '../../support/network-resources.ts';
import type { RecommendationCase } from './types.ts';

// Network recommendations. VM-level checks go through the network model (src/network); the cases pin
// the NSG semantics of network-security-group-how-it-works.md: subnet NSG first, then NIC NSG, a
// deny at either level blocks, no NSG at a level lets everything through, first match by priority.

const SSH_FROM_ANY: RuleSpec = { name: 'allow-ssh-any', priority: 300, ports: '22', source: '*' };
const HTTPS_FROM_INTERNET: RuleSpec = {
  name: 'allow-https',
  priority: 200,
  ports: '443',
  source: 'Internet',
};
const WINDOWS = { image: IMAGES.windows2022 };
const SUBNET_ID = `${vnetId('vnet-prod')}/subnets/snet-app`;

/** The balancer with a load-balancing rule from its frontend to its backend pool on `port`. */
function forwarding(lb: Resource, port: number): Resource {
  const properties = lb.properties as JsonObject;
  const frontends = properties.frontendIPConfigurations as JsonObject[];
  const pools = properties.backendAddressPools as JsonObject[];
  return {
    ...lb,
    properties: {
      ...properties,
      loadBalancingRules: [
        {
          name: `https-${port}`,
          id: `${lb.id}/loadBalancingRules/https-${port}`,
          properties: {
            frontendIPConfiguration: { id: frontends[0]!.id! },
            backendAddressPool: { id: pools[0]!.id! },
            protocol: 'Tcp',
            frontendPort: port,
            backendPort: port,
            enableFloatingIP: false,
          },
        },
      ],
    },
  };
}

const jit: RecommendationCase[] = [
  {
    recommendation: 'jit-management-ports',
    title: 'SSH open to any source on the subnet NSG, JIT only for another VM',
    resources: [
      ...vmOnNetwork('vm-web-01', { subnetNsg: [SSH_FROM_ANY] }),
      jitPolicy([{ vm: 'vm-web-02', ports: [22] }]),
    ],
    expected: 'unhealthy',
    evidence: 'rule allow-ssh-any (priority 300) allows TCP 22 from Internet',
  },
  {
    // Resource Graph has no JIT policies (supported-tables-resources.md) and `az resource list` leaves
    // proxy resources out: an export without them says nothing of JIT.
    recommendation: 'jit-management-ports',
    title: 'SSH open, no JIT policies in the snapshot at all: not assessed rather than unhealthy',
    resources: vmOnNetwork('vm-web-01', { subnetNsg: [SSH_FROM_ANY] }),
    expected: 'notApplicable',
    evidence: 'az security jit-policy list',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'an older allow rule keeps SSH open, but the JIT policy lists port 22',
    resources: [
      ...vmOnNetwork('vm-web-01', { nicNsg: [SSH_FROM_ANY, jitDenyRule(['22'])] }),
      jitPolicy([{ vm: 'vm-web-01', ports: [22] }]),
    ],
    expected: 'healthy',
    evidence: 'JIT policy default protects management ports 22',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'JIT lists SSH only while RDP is open on a Windows VM',
    resources: [
      ...vmOnNetwork('vm-win-01', {
        vm: WINDOWS,
        nicNsg: [{ name: 'allow-rdp', priority: 310, ports: '3389', source: 'Internet' }],
      }),
      jitPolicy([{ vm: 'vm-win-01', ports: [22] }]),
    ],
    expected: 'unhealthy',
    evidence: 'management port 3389 is open to the internet and no JIT policy protects it',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'JIT enabled: its deny rule closes SSH',
    resources: [
      ...vmOnNetwork('vm-web-01', { nicNsg: [jitDenyRule(['22'], 1000)] }),
      jitPolicy([{ vm: 'vm-web-01', ports: [22] }]),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'only HTTPS open: nothing for JIT to protect',
    resources: [
      ...vmOnNetwork('vm-web-01', { subnetNsg: [HTTPS_FROM_INTERNET] }),
      jitPolicy([{ vm: 'vm-web-02', ports: [22] }]),
    ],
    expected: 'healthy',
    evidence: 'no management port',
  },
  {
    // Missing JIT data can only hide protection: a VM with no management port open is healthy without it.
    recommendation: 'jit-management-ports',
    title: 'only HTTPS open, no JIT policies in the snapshot at all: still healthy',
    resources: vmOnNetwork('vm-web-01', { subnetNsg: [HTTPS_FROM_INTERNET] }),
    expected: 'healthy',
    evidence: 'no management port',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'no NSG anywhere: JIT cannot work (unsupported)',
    resources: vmOnNetwork('vm-web-01'),
    expected: 'notApplicable',
    evidence: 'no NSG filters this VM',
  },
  {
    recommendation: 'jit-management-ports',
    title: 'the NIC is not in the snapshot',
    resources: [vmOnNetwork('vm-web-01')[0]!],
    expected: 'notApplicable',
    evidence: 'NIC vm-web-01-nic is not in the snapshot',
  },
];

const managementPorts: RecommendationCase[] = [
  {
    recommendation: 'management-ports-closed',
    title: 'only HTTPS is open to the internet',
    resources: vmOnNetwork('vm-web-01', { subnetNsg: [HTTPS_FROM_INTERNET] }),
    expected: 'healthy',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'RDP inside a port range allowed from the Internet tag on the NIC NSG',
    resources: vmOnNetwork('vm-win-01', {
      vm: WINDOWS,
      nicNsg: [{ name: 'allow-mgmt-range', priority: 120, ports: '3000-4000', source: 'Internet' }],
    }),
    expected: 'unhealthy',
    evidence: 'rule allow-mgmt-range (priority 120) allows TCP 3389 from Internet',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'no NSG on subnet or NIC lets everything in',
    resources: vmOnNetwork('vm-web-01'),
    expected: 'unhealthy',
    evidence: 'no NSG on subnet snet-app',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'WinRM in plural port and source lists, one of the sources 0.0.0.0/0',
    resources: vmOnNetwork('vm-win-01', {
      vm: WINDOWS,
      subnetNsg: [
        {
          name: 'allow-winrm',
          priority: 150,
          ports: ['80', '5985-5986'],
          source: ['10.0.0.0/8', '0.0.0.0/0'],
        },
      ],
    }),
    expected: 'unhealthy',
    evidence: 'allows TCP 5985 from Internet',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'the subnet NSG denies SSH, so the NIC NSG allow never applies',
    resources: vmOnNetwork('vm-web-01', {
      subnetNsg: [{ name: 'deny-ssh', priority: 100, access: 'Deny', ports: '22', source: '*' }],
      nicNsg: [SSH_FROM_ANY],
    }),
    expected: 'healthy',
    evidence: 'port 22 is closed by rule deny-ssh of NSG nsg-snet-app (priority 100)',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'SSH allowed from the office range only',
    resources: vmOnNetwork('vm-web-01', {
      subnetNsg: [{ name: 'allow-ssh-office', priority: 300, ports: '22', source: '203.0.113.0/24' }],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'a UDP-only rule on port 22 does not open SSH',
    resources: vmOnNetwork('vm-web-01', {
      subnetNsg: [{ name: 'allow-udp-22', priority: 300, protocol: 'Udp', ports: '22', source: '*' }],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'an ASG-targeted rule applies to member NICs',
    resources: vmOnNetwork('vm-web-01', {
      asgs: ['asg-admin'],
      subnetNsg: [
        { name: 'allow-ssh-admin-asg', priority: 300, ports: '22', destinationAsgs: ['asg-admin'] },
      ],
    }),
    expected: 'unhealthy',
    evidence: 'allow-ssh-admin-asg',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'an ASG-targeted rule does not apply to other NICs',
    resources: vmOnNetwork('vm-web-01', {
      asgs: ['asg-web'],
      subnetNsg: [
        { name: 'allow-ssh-admin-asg', priority: 300, ports: '22', destinationAsgs: ['asg-admin'] },
      ],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'management-ports-closed',
    title: "a rule for another host's address does not open this VM",
    resources: vmOnNetwork('vm-web-01', {
      subnetNsg: [{ name: 'allow-ssh-bastion-host', priority: 300, ports: '22', destination: '10.0.1.50' }],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'management-ports-closed',
    title: 'the subnet NSG is not in the snapshot',
    resources: vmOnNetwork('vm-web-01', { subnetNsg: [SSH_FROM_ANY] }).filter(
      (r) => r.type !== 'Microsoft.Network/networkSecurityGroups',
    ),
    expected: 'notApplicable',
    evidence: 'NSG nsg-snet-app is not in the snapshot',
  },
];

const internetFacing: RecommendationCase[] = [
  {
    recommendation: 'internet-facing-vm-nsg',
    title: 'public IP behind a subnet NSG',
    resources: vmOnNetwork('vm-web-01', { publicIp: true, subnetNsg: [HTTPS_FROM_INTERNET] }),
    expected: 'healthy',
    evidence: 'NSG nsg-snet-app',
  },
  {
    recommendation: 'internet-facing-vm-nsg',
    title: 'public IP behind a NIC NSG',
    resources: vmOnNetwork('vm-web-01', { publicIp: true, nicNsg: [HTTPS_FROM_INTERNET] }),
    expected: 'healthy',
  },
  {
    recommendation: 'internet-facing-vm-nsg',
    title: 'public IP and no NSG',
    resources: vmOnNetwork('vm-web-01', { publicIp: true }),
    expected: 'unhealthy',
    evidence: 'NIC vm-web-01-nic (subnet snet-app) has no NSG on its subnet or on itself',
  },
  {
    recommendation: 'internet-facing-vm-nsg',
    title: 'in the backend pool of a public load balancer that forwards 443, no NSG',
    resources: [
      ...vmOnNetwork('vm-web-01', { loadBalancer: 'lb-web' }),
      forwarding(loadBalancer('lb-web', 'pip-lb-web'), 443),
      publicIp('pip-lb-web'),
    ],
    expected: 'unhealthy',
    evidence: 'behind load balancer lb-web: its load-balancing rule https-443 forwards port 443',
  },
  {
    // The exact engine asks for a path in: a pool that no load-balancing or NAT rule forwards to
    // (outbound rules only) takes no connection from the internet.
    recommendation: 'internet-facing-vm-nsg',
    title: 'in the backend pool of a public load balancer with no inbound rule',
    resources: [
      ...vmOnNetwork('vm-web-01', { loadBalancer: 'lb-web' }),
      loadBalancer('lb-web', 'pip-lb-web'),
      publicIp('pip-lb-web'),
    ],
    expected: 'notApplicable',
    evidence: 'not internet-facing',
  },
  {
    recommendation: 'internet-facing-vm-nsg',
    title: 'a private VM is not internet-facing',
    resources: vmOnNetwork('vm-app-01', { subnetNsg: [] }),
    expected: 'notApplicable',
    evidence: 'not internet-facing',
  },
];

const nonInternetFacing: RecommendationCase[] = [
  {
    recommendation: 'non-internet-facing-vm-nsg',
    title: 'private VM with a NIC NSG',
    resources: vmOnNetwork('vm-app-01', { nicNsg: [] }),
    expected: 'healthy',
  },
  {
    recommendation: 'non-internet-facing-vm-nsg',
    title: 'private VM behind an internal load balancer, subnet NSG',
    resources: [
      ...vmOnNetwork('vm-app-01', { loadBalancer: 'lb-internal', subnetNsg: [] }),
      loadBalancer('lb-internal'),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'non-internet-facing-vm-nsg',
    title: 'private VM with no NSG',
    resources: vmOnNetwork('vm-app-01'),
    expected: 'unhealthy',
    evidence: 'has no NSG on its subnet or on itself',
  },
  {
    recommendation: 'non-internet-facing-vm-nsg',
    title: 'a VM with a public IP is out of scope',
    resources: vmOnNetwork('vm-web-01', { publicIp: true }),
    expected: 'notApplicable',
    evidence: 'has public IP vm-web-01-pip (20.84.17.203)',
  },
];

const anyInternet: RecommendationCase[] = [
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'HTTPS allowed from the Internet tag',
    resources: vmOnNetwork('vm-web-01', { nicNsg: [HTTPS_FROM_INTERNET] }),
    expected: 'unhealthy',
    evidence: 'rule allow-https of NSG nsg-vm-web-01-nic (priority 200) allows TCP 443 from Internet',
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'a UDP range allowed from any source',
    resources: vmOnNetwork('vm-app-01', {
      subnetNsg: [{ name: 'allow-media', priority: 400, protocol: 'Udp', ports: '8000-8080', source: 'Any' }],
    }),
    expected: 'unhealthy',
    evidence: 'allows UDP 8000-8080 from Internet',
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'HTTPS allowed from a partner range only',
    resources: vmOnNetwork('vm-web-01', {
      nicNsg: [{ name: 'allow-https-partner', priority: 200, ports: '443', source: '198.51.100.0/24' }],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'the NIC NSG allows everything but the subnet NSG keeps its default deny',
    resources: vmOnNetwork('vm-app-01', {
      subnetNsg: [],
      nicNsg: [{ name: 'allow-all', priority: 100, protocol: '*', ports: '*', source: '*' }],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'an allow shadowed by a higher-priority deny of the internet',
    resources: vmOnNetwork('vm-web-01', {
      nicNsg: [
        {
          name: 'deny-internet',
          priority: 100,
          access: 'Deny',
          protocol: '*',
          ports: '*',
          source: 'Internet',
        },
        HTTPS_FROM_INTERNET,
      ],
    }),
    expected: 'healthy',
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'a rule with an unreadable port is reported, not silently dropped',
    resources: vmOnNetwork('vm-web-01', {
      nicNsg: [{ name: 'allow-typo', priority: 200, ports: 'ssh', source: '*' }],
    }),
    expected: 'healthy',
    evidence:
      "NSG nsg-vm-web-01-nic: properties.securityRules[0] (allow-typo): destination port 'ssh' is not a port",
  },
  {
    recommendation: 'vm-nsg-rules-restrict-any-internet',
    title: 'no NSG is associated',
    resources: vmOnNetwork('vm-app-01'),
    expected: 'notApplicable',
    evidence: 'no NSG is associated',
  },
];

const ipForwarding: RecommendationCase[] = [
  {
    recommendation: 'vm-ip-forwarding-disabled',
    title: 'IP forwarding off',
    resources: vmOnNetwork('vm-app-01'),
    expected: 'healthy',
  },
  {
    recommendation: 'vm-ip-forwarding-disabled',
    title: 'IP forwarding on the NIC',
    resources: vmOnNetwork('vm-nva-01', { ipForwarding: true }),
    expected: 'unhealthy',
    evidence: 'NIC vm-nva-01-nic has IP forwarding enabled',
  },
  {
    recommendation: 'vm-ip-forwarding-disabled',
    title: 'the NIC is not in the snapshot',
    resources: [vmOnNetwork('vm-app-01')[0]!],
    expected: 'notApplicable',
  },
];

const subnets: RecommendationCase[] = [
  {
    recommendation: 'subnet-nsg',
    title: 'subnet with an NSG, nested in its VNet',
    resources: [
      virtualNetwork('vnet-prod', [
        subnet('vnet-prod', 'snet-app', { networkSecurityGroup: { id: nsgId('nsg-app') } }),
      ]),
    ],
    subject: SUBNET_ID,
    expected: 'healthy',
  },
  {
    recommendation: 'subnet-nsg',
    title: 'subnet without an NSG, listed as its own resource',
    resources: [virtualNetwork('vnet-prod'), subnet('vnet-prod', 'snet-app')],
    subject: SUBNET_ID,
    expected: 'unhealthy',
    evidence: 'networkSecurityGroup',
  },
  {
    recommendation: 'subnet-nsg',
    title: 'GatewaySubnet is not applicable',
    resources: [virtualNetwork('vnet-prod', [subnet('vnet-prod', 'GatewaySubnet')])],
    subject: `${vnetId('vnet-prod')}/subnets/GatewaySubnet`,
    expected: 'notApplicable',
  },
  {
    recommendation: 'subnet-nsg',
    title: 'AzureBastionSubnet is not applicable',
    resources: [virtualNetwork('vnet-prod', [subnet('vnet-prod', 'AzureBastionSubnet')])],
    subject: `${vnetId('vnet-prod')}/subnets/AzureBastionSubnet`,
    expected: 'notApplicable',
  },
];

const publicIps: RecommendationCase[] = [
  {
    recommendation: 'nic-no-public-ip',
    title: 'NIC with a private address only',
    resources: [networkInterface('nic-app-01', [{ subnet: { id: SUBNET_ID } }])],
    expected: 'healthy',
  },
  {
    recommendation: 'nic-no-public-ip',
    title: 'public IP on the secondary IP configuration',
    resources: [
      networkInterface('nic-web-01', [
        { subnet: { id: SUBNET_ID } },
        { subnet: { id: SUBNET_ID }, publicIPAddress: { id: publicIpId('pip-web-01') } },
      ]),
    ],
    expected: 'unhealthy',
  },
];

/**
 * `udp`: whether the service listens on UDP too. Remote Desktop does (its UDP transport on 3389), and
 * Microsoft's RDP definition (e372f825-a257-4fb8-9175-797a8a8627d6) flags the port whatever the protocol.
 */
function portCases(recommendation: string, port: number, udp: boolean): RecommendationCase[] {
  const rule = (spec: Partial<RuleSpec>) =>
    nsg('nsg-web', [{ name: 'rule-under-test', priority: 310, ports: `${port}`, ...spec }]);
  return [
    { recommendation, title: `port ${port} from *`, resources: [rule({})], expected: 'unhealthy' },
    {
      recommendation,
      title: `a range around ${port} from the Internet tag`,
      resources: [rule({ ports: `${port - 2}-${port + 3}`, source: 'Internet' })],
      expected: 'unhealthy',
    },
    {
      recommendation,
      title: `${port} in a plural port list, 0.0.0.0/0 in a plural source list`,
      resources: [rule({ ports: ['443', `${port}`], source: ['192.0.2.10', '0.0.0.0/0'] })],
      expected: 'unhealthy',
    },
    {
      recommendation,
      title: 'every port, any protocol, from Any',
      resources: [rule({ ports: '*', protocol: '*', source: 'Any' })],
      expected: 'unhealthy',
    },
    {
      recommendation,
      title: `port ${port} from a private range`,
      resources: [rule({ source: '10.0.0.0/8' })],
      expected: 'healthy',
    },
    {
      recommendation,
      title: `port ${port} from VirtualNetwork`,
      resources: [rule({ source: 'VirtualNetwork' })],
      expected: 'healthy',
    },
    { recommendation, title: 'a deny rule', resources: [rule({ access: 'Deny' })], expected: 'healthy' },
    {
      recommendation,
      title: `UDP only to ${port}`,
      resources: [rule({ protocol: 'Udp' })],
      expected: udp ? 'unhealthy' : 'healthy',
    },
    {
      recommendation,
      title: 'an outbound rule',
      resources: [rule({ direction: 'Outbound' })],
      expected: 'healthy',
    },
    {
      recommendation,
      title: `a range that stops short of ${port}`,
      resources: [rule({ ports: `${port + 1}-${port + 100}` })],
      expected: 'healthy',
    },
    { recommendation, title: 'only the default rules', resources: [nsg('nsg-web', [])], expected: 'healthy' },
  ];
}

/** A Network Watcher flow log on `target`, as Resource Graph lists it. */
function flowLog(name: string, target: string, enabled = true): Resource {
  return {
    id: flowLogId(name),
    name: `NetworkWatcher_eastus/${name}`,
    type: 'Microsoft.Network/networkWatchers/flowLogs',
    location: 'eastus',
    tags: {},
    properties: { targetResourceId: target, storageId: STORAGE_ID, enabled, provisioningState: 'Succeeded' },
  };
}
const STORAGE_ID = `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stflowlogs`;
const logged = (name: string) => ({ flowLogs: [{ id: flowLogId(name) }] });

// As Microsoft's built-ins c251913d (NSGs) and 4c3c6c5f (virtual networks) judge: the flowLogs back-reference
// ARM returns on the resource is counted, whatever the flow logs it names say.
const flowLogs: RecommendationCase[] = [
  {
    recommendation: 'nsg-flow-logs',
    title: 'a flow log targets the NSG',
    resources: [nsg('nsg-web', [], logged('fl-nsg-web'))],
    expected: 'healthy',
  },
  {
    recommendation: 'nsg-flow-logs',
    title: 'no flow log',
    resources: [nsg('nsg-web', [])],
    expected: 'unhealthy',
  },
  {
    // ARM keeps listing a disabled flow log on its target, and the built-in only counts the entries.
    recommendation: 'nsg-flow-logs',
    title: 'a disabled flow log still counts',
    resources: [nsg('nsg-web', [], logged('fl-nsg-web')), flowLog('fl-nsg-web', nsgId('nsg-web'), false)],
    expected: 'healthy',
  },
  {
    // Azure creates no NSG flow logs any more; a VNet flow log covers the NSG's traffic, and the NSG is exempted.
    recommendation: 'nsg-flow-logs',
    title: "only a VNet flow log on the NSG's network: unhealthy until exempted, as in the built-in",
    resources: [
      nsg('nsg-web', [], { flowLogs: [] }),
      virtualNetwork('vnet-prod', [], logged('fl-vnet-prod')),
      flowLog('fl-vnet-prod', vnetId('vnet-prod')),
    ],
    expected: 'unhealthy',
    evidence: 'flowLogs',
  },
  {
    recommendation: 'vnet-flow-logs',
    title: 'a flow log targets the virtual network',
    resources: [
      virtualNetwork('vnet-prod', [], logged('fl-vnet-prod')),
      flowLog('fl-vnet-prod', vnetId('vnet-prod')),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vnet-flow-logs',
    title: 'a disabled flow log still counts',
    resources: [
      virtualNetwork('vnet-prod', [], logged('fl-vnet-prod')),
      flowLog('fl-vnet-prod', vnetId('vnet-prod'), false),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vnet-flow-logs',
    title: 'an empty flowLogs list',
    resources: [virtualNetwork('vnet-prod', [], { flowLogs: [] })],
    expected: 'unhealthy',
    evidence: 'Microsoft.Network/virtualNetworks/flowLogs[*]',
  },
  {
    recommendation: 'vnet-flow-logs',
    title: 'no flowLogs property',
    resources: [virtualNetwork('vnet-prod')],
    expected: 'unhealthy',
  },
  {
    // The built-in reads the network's own list: a flow log on one of its subnets is listed on the subnet.
    recommendation: 'vnet-flow-logs',
    title: 'a flow log on a subnet only',
    resources: [
      virtualNetwork('vnet-prod', [subnet('vnet-prod', 'snet-app', logged('fl-snet-app'))], { flowLogs: [] }),
      flowLog('fl-snet-app', SUBNET_ID),
    ],
    expected: 'unhealthy',
  },
];

const networkWatchers: RecommendationCase[] = [
  {
    recommendation: 'network-watcher-enabled',
    title: 'Network Watcher in the VNet region',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus'), networkWatcher('westeurope')],
    expected: 'healthy',
  },
  {
    recommendation: 'network-watcher-enabled',
    title: 'Network Watcher only in another region',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('westeurope')],
    expected: 'unhealthy',
    evidence: 'Microsoft.Network/networkWatchers',
  },
  {
    recommendation: 'network-watcher-enabled',
    title: 'Network Watcher in networkwatcherrg (the resource group as Resource Graph spells it)',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus', 'networkwatcherrg')],
    expected: 'healthy',
  },
  {
    recommendation: 'network-watcher-enabled',
    title: 'Network Watcher outside NetworkWatcherRG',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus', 'rg-network')],
    expected: 'unhealthy',
  },
  {
    recommendation: 'network-watcher-enabled',
    title: 'the resource group parameter points at where the watchers are',
    resources: [virtualNetwork('vnet-prod'), networkWatcher('eastus', 'rg-network')],
    parameters: { resourceGroupName: 'rg-network' },
    expected: 'healthy',
  },
];

const ddosPlanId = `${RG_ID}/providers/Microsoft.Network/ddosProtectionPlans/ddos-plan-prod`;
const ddos: RecommendationCase[] = [
  {
    recommendation: 'vnet-ddos-protection',
    title: 'Application Gateway VNet with a DDoS protection plan',
    resources: [
      virtualNetwork('vnet-prod', [applicationGatewaySubnet('vnet-prod')], {
        enableDdosProtection: true,
        ddosProtectionPlan: { id: ddosPlanId },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vnet-ddos-protection',
    title: 'Application Gateway VNet without DDoS protection',
    resources: [
      virtualNetwork('vnet-prod', [applicationGatewaySubnet('vnet-prod'), subnet('vnet-prod', 'snet-app')]),
    ],
    expected: 'unhealthy',
    evidence: 'enableDdosProtection',
  },
  {
    recommendation: 'vnet-ddos-protection',
    title: 'a VNet of VMs only is not assessed',
    resources: [virtualNetwork('vnet-prod', [subnet('vnet-prod', 'snet-app')])],
    expected: 'notApplicable',
  },
];

function diagnostics(nsgName: string, properties: JsonObject) {
  return extensionResource(nsgId(nsgName), 'Microsoft.Insights/diagnosticSettings', 'nsg-logs', properties);
}
const workspace = `${RG_ID}/providers/Microsoft.OperationalInsights/workspaces/law-security`;
const nsgDiagnostics: RecommendationCase[] = [
  {
    recommendation: 'nsg-diagnostic-settings',
    title: 'allLogs sent to a workspace',
    resources: [
      nsg('nsg-web', []),
      diagnostics('nsg-web', {
        workspaceId: workspace,
        logs: [{ categoryGroup: 'allLogs', enabled: true }],
        metrics: [],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'nsg-diagnostic-settings',
    title: 'both categories sent to a storage account',
    resources: [
      nsg('nsg-web', []),
      diagnostics('nsg-web', {
        storageAccountId: `${RG_ID}/providers/Microsoft.Storage/storageAccounts/stnsglogs`,
        logs: [
          { category: 'NetworkSecurityGroupEvent', enabled: true },
          { category: 'NetworkSecurityGroupRuleCounter', enabled: true },
        ],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'nsg-diagnostic-settings',
    title: 'no diagnostic setting, where another NSG has one',
    resources: [
      nsg('nsg-web', []),
      nsg('nsg-app', []),
      diagnostics('nsg-app', { workspaceId: workspace, logs: [{ categoryGroup: 'allLogs', enabled: true }] }),
    ],
    subject: nsgId('nsg-web'),
    expected: 'unhealthy',
  },
  {
    // Resource Graph's tables hold no diagnostic settings: an export of them alone says nothing of logging.
    recommendation: 'nsg-diagnostic-settings',
    title: 'no diagnostic settings in the snapshot at all: not assessed rather than unhealthy',
    resources: [nsg('nsg-web', [])],
    expected: 'notApplicable',
    evidence: 'az monitor diagnostic-settings list',
  },
  {
    recommendation: 'nsg-diagnostic-settings',
    title: 'the rule counter category is off',
    resources: [
      nsg('nsg-web', []),
      diagnostics('nsg-web', {
        workspaceId: workspace,
        logs: [
          { category: 'NetworkSecurityGroupEvent', enabled: true },
          { category: 'NetworkSecurityGroupRuleCounter', enabled: false },
        ],
      }),
    ],
    expected: 'unhealthy',
    evidence: 'diagnosticSettings',
  },
];

export const networkCases: RecommendationCase[] = [
  ...jit,
  ...managementPorts,
  ...internetFacing,
  ...nonInternetFacing,
  ...anyInternet,
  ...ipForwarding,
  ...subnets,
  ...publicIps,
  ...portCases('nsg-ssh-from-internet', 22, false),
  ...portCases('nsg-rdp-from-internet', 3389, true),
  ...flowLogs,
  ...networkWatchers,
  ...ddos,
  ...nsgDiagnostics,
];
