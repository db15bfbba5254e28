import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { verifyFlow } from '../../src/network/flow-verify.ts';
import type { JsonObject } from '../../src/util/json.ts';
import {
  type IpConfig,
  inventoryOf,
  machine,
  nsg,
  type Peering,
  type Rule,
  routeTable,
  rule,
  vnet,
} from './network-estate.ts';

/**
 * The NSG engine against Azure's documented semantics, one flow per case, with the verdict and the
 * rule that decides it, as IP flow verify reports them. Sources: MicrosoftDocs/azure-docs
 * articles/virtual-network/network-security-groups-overview.md@0088bfa7 (rules, priorities, default
 * rules, platform addresses), network-security-group-how-it-works.md (subnet then NIC inbound, NIC
 * then subnet outbound, no NSG allows), application-security-groups.md, service-tags-overview.md.
 *
 * The VM `vm-01` has 10.0.1.4 (and, where a case adds it, ace:cab:deca:deed::4) in snet-app of
 * vnet-app (10.0.0.0/16, ace:cab:deca::/48). `subnet` rules go in nsg-subnet on snet-app, `nic`
 * rules in nsg-nic on its NIC.
 */

interface Flow {
  dir: 'in' | 'out';
  proto?: 'Tcp' | 'Udp' | 'Icmp';
  remote: string;
  /** The VM's port. */
  port?: number;
  /** The remote end's port; inbound defaults to 50000, outbound must say. `null`: not given. */
  remotePort?: number | null;
  localIp?: string;
}

interface Case {
  name: string;
  subnet?: (Rule | JsonObject)[];
  nic?: (Rule | JsonObject)[];
  /** NSGs as an ARM template declares them: no defaultSecurityRules. */
  noDefaults?: true;
  configs?: IpConfig[];
  space?: string[];
  peerings?: Peering[];
  /** Routes of a route table on snet-app, `<prefix> <next hop type>`. */
  routes?: string[];
  extra?: Resource[];
  flow: Flow;
  /** `<Access> <nsg>/<rule>`, `<Access> (no NSG)` or `Allow <nsg>/(platform)`. */
  expect: string;
}

const DUAL_STACK: IpConfig[] = [{}, { ip: 'ace:cab:deca:deed::4', version: 'IPv6', primary: false }];
const PUBLIC = '198.51.100.7';
const V6_PUBLIC = '2603:1030:20c::15';

const allow = (name: string, priority: number, extra: Partial<Rule> = {}): Rule => ({
  name,
  priority,
  ...extra,
});
const deny = (name: string, priority: number, extra: Partial<Rule> = {}): Rule => ({
  name,
  priority,
  access: 'Deny',
  ...extra,
});
const inbound = (port: number, remote = PUBLIC, extra: Partial<Flow> = {}): Flow => ({
  dir: 'in',
  remote,
  port,
  ...extra,
});
const outbound = (remote: string, remotePort: number, extra: Partial<Flow> = {}): Flow => ({
  dir: 'out',
  remote,
  remotePort,
  port: 50000,
  ...extra,
});

const PRIORITY: Case[] = [
  {
    name: 'first match: an allow at 100 beats a deny at 200',
    nic: [allow('allow-22', 100, { ports: '22' }), deny('deny-22', 200, { ports: '22' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/allow-22',
  },
  {
    name: 'priority shadowing: a deny at 100 hides the allow at 200',
    nic: [deny('deny-22', 100, { ports: '22' }), allow('allow-22', 200, { ports: '22' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/deny-22',
  },
  {
    name: 'rules listed out of order are still taken by priority',
    nic: [allow('allow-22-late', 300, { ports: '22' }), deny('deny-22-early', 110, { ports: '22' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/deny-22-early',
  },
  {
    name: 'a deny of the Internet at 100 shadows an allow from * at 200 for an internet host',
    nic: [
      deny('deny-internet', 100, { src: 'Internet', protocol: '*' }),
      allow('allow-443', 200, { ports: '443' }),
    ],
    flow: inbound(443),
    expect: 'Deny nsg-nic/deny-internet',
  },
  {
    name: '… but not for a host in the VNet, which the Internet tag does not cover',
    nic: [
      deny('deny-internet', 100, { src: 'Internet', protocol: '*' }),
      allow('allow-443', 200, { ports: '443' }),
    ],
    flow: inbound(443, '10.0.2.5'),
    expect: 'Allow nsg-nic/allow-443',
  },
  {
    name: 'a narrow allow at 100 beats a wide deny at 150',
    nic: [allow('allow-rdp', 100, { ports: '3389' }), deny('deny-range', 150, { ports: '3000-4000' })],
    flow: inbound(3389),
    expect: 'Allow nsg-nic/allow-rdp',
  },
  {
    name: 'a source range allow matches a host inside it',
    nic: [allow('allow-office', 300, { ports: '22', src: '203.0.113.0/24' })],
    flow: inbound(22, '203.0.113.9'),
    expect: 'Allow nsg-nic/allow-office',
  },
  {
    name: 'a source range allow does not match a host outside it: the default rule denies',
    nic: [allow('allow-office', 300, { ports: '22', src: '203.0.113.0/24' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a port range covers a port inside it',
    nic: [allow('allow-app', 200, { ports: '8000-8100' })],
    flow: inbound(8080),
    expect: 'Allow nsg-nic/allow-app',
  },
  {
    name: 'a port range does not cover the port after it',
    nic: [allow('allow-app', 200, { ports: '8000-8100' })],
    flow: inbound(8101),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a destination other than the NIC address does not match',
    nic: [allow('allow-other-host', 200, { ports: '22', dst: '10.0.1.50' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a destination CIDR holding the NIC address matches',
    nic: [allow('allow-subnet', 200, { ports: '22', dst: '10.0.1.0/24' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/allow-subnet',
  },
];

const CHAIN: Case[] = [
  {
    name: 'inbound: a subnet deny of the internet short-circuits a NIC allow of every source',
    subnet: [deny('deny-internet', 100, { src: 'Internet', protocol: '*' })],
    nic: [allow('allow-all', 100, { protocol: '*' })],
    flow: inbound(443),
    expect: 'Deny nsg-subnet/deny-internet',
  },
  {
    name: 'inbound: both levels allow, the NIC rule is the deciding (last) one',
    subnet: [allow('web', 100, { ports: '443' })],
    nic: [allow('web-nic', 100, { ports: '443' })],
    flow: inbound(443),
    expect: 'Allow nsg-nic/web-nic',
  },
  {
    name: 'inbound: the subnet allows, the NIC denies',
    subnet: [allow('subnet-allow-22', 100, { ports: '22' })],
    nic: [deny('nic-deny-22', 100, { ports: '22' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/nic-deny-22',
  },
  {
    name: "inbound: the subnet's default deny drops what the NIC allows (never evaluated)",
    subnet: [],
    nic: [allow('nic-allow-rdp', 300, { ports: '3389' })],
    flow: inbound(3389),
    expect: 'Deny nsg-subnet/DenyAllInBound',
  },
  {
    name: 'inbound: an explicit subnet deny short-circuits a NIC allow',
    subnet: [deny('subnet-deny-22', 100, { ports: '22' })],
    nic: [allow('nic-allow-22', 100, { ports: '22' })],
    flow: inbound(22),
    expect: 'Deny nsg-subnet/subnet-deny-22',
  },
  {
    name: "inbound: both allow; the NIC's rule is the last to decide",
    subnet: [allow('subnet-allow-443', 100, { ports: '443' })],
    nic: [allow('nic-allow-443', 100, { ports: '443' })],
    flow: inbound(443),
    expect: 'Allow nsg-nic/nic-allow-443',
  },
  {
    name: 'subnet NSG only: its allow decides, the NIC level lets everything through',
    subnet: [allow('subnet-allow-443', 100, { ports: '443' })],
    flow: inbound(443),
    expect: 'Allow nsg-subnet/subnet-allow-443',
  },
  {
    name: 'NIC NSG only: its allow decides',
    nic: [allow('nic-allow-443', 100, { ports: '443' })],
    flow: inbound(443),
    expect: 'Allow nsg-nic/nic-allow-443',
  },
  {
    name: 'NIC NSG only: its default deny decides',
    nic: [],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'no NSG at either level: everything is allowed',
    flow: inbound(22),
    expect: 'Allow (no NSG)',
  },
  {
    name: 'no NSG at either level: outbound too',
    flow: outbound('8.8.8.8', 53, { proto: 'Udp' }),
    expect: 'Allow (no NSG)',
  },
  {
    name: 'defaults only: a VNet host gets in by AllowVnetInBound',
    subnet: [],
    flow: inbound(22, '10.0.2.4'),
    expect: 'Allow nsg-subnet/AllowVnetInBound',
  },
  {
    name: 'defaults only: an internet host is denied by DenyAllInBound',
    subnet: [],
    flow: inbound(22),
    expect: 'Deny nsg-subnet/DenyAllInBound',
  },
  {
    name: 'outbound: the NIC NSG is evaluated first and its deny ends it',
    subnet: [allow('subnet-allow-out', 100, { direction: 'Outbound', ports: '443' })],
    nic: [deny('nic-deny-out', 100, { direction: 'Outbound', ports: '443' })],
    flow: outbound('8.8.8.8', 443),
    expect: 'Deny nsg-nic/nic-deny-out',
  },
  {
    name: 'outbound: the NIC allows, the subnet denies the internet',
    subnet: [
      deny('subnet-deny-internet-out', 4000, { direction: 'Outbound', dst: 'Internet', protocol: '*' }),
    ],
    nic: [allow('nic-allow-out', 100, { direction: 'Outbound', ports: '443' })],
    flow: outbound('8.8.8.8', 443),
    expect: 'Deny nsg-subnet/subnet-deny-internet-out',
  },
  {
    name: "outbound: defaults allow the internet; the subnet's rule is the last to decide",
    subnet: [],
    nic: [],
    flow: outbound('8.8.8.8', 443),
    expect: 'Allow nsg-subnet/AllowInternetOutBound',
  },
  {
    name: 'outbound: defaults allow the VNet',
    nic: [],
    flow: outbound('10.0.9.9', 1433),
    expect: 'Allow nsg-nic/AllowVnetOutBound',
  },
  {
    name: 'outbound: a private address outside the VNet is neither VirtualNetwork nor Internet',
    nic: [],
    flow: outbound('192.168.5.5', 443),
    expect: 'Deny nsg-nic/DenyAllOutBound',
  },
  {
    name: 'an outbound deny-all does not touch inbound traffic',
    nic: [deny('deny-all-out', 100, { direction: 'Outbound', protocol: '*' })],
    flow: inbound(22, '10.0.2.4'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'an inbound deny-all does not touch outbound traffic',
    nic: [deny('deny-all-in', 100, { protocol: '*' })],
    flow: outbound('8.8.8.8', 443),
    expect: 'Allow nsg-nic/AllowInternetOutBound',
  },
];

const PLURAL: Case[] = [
  {
    name: 'destinationPortRanges: a listed port matches',
    nic: [allow('web', 100, { ports: ['80', '443'] })],
    flow: inbound(443),
    expect: 'Allow nsg-nic/web',
  },
  {
    name: 'destinationPortRanges: an unlisted port does not',
    nic: [allow('web', 100, { ports: ['80', '443'] })],
    flow: inbound(8443),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'destinationPortRanges: a range in the list matches',
    nic: [allow('mgmt', 100, { ports: ['22', '5985-5986'] })],
    flow: inbound(5986),
    expect: 'Allow nsg-nic/mgmt',
  },
  {
    name: 'sourceAddressPrefixes: the second block matches',
    nic: [allow('partners', 100, { ports: '443', src: ['10.50.0.0/16', '203.0.113.0/24'] })],
    flow: inbound(443, '203.0.113.200'),
    expect: 'Allow nsg-nic/partners',
  },
  {
    name: 'sourceAddressPrefixes: a single address in the list matches',
    nic: [allow('jump', 100, { ports: '22', src: ['192.0.2.10', '192.0.2.11'] })],
    flow: inbound(22, '192.0.2.11'),
    expect: 'Allow nsg-nic/jump',
  },
  {
    name: "destinationAddressPrefixes: the NIC's address in the list matches",
    nic: [allow('hosts', 100, { ports: '22', dst: ['10.0.1.4', '10.0.1.5'] })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/hosts',
  },
  {
    name: "destinationAddressPrefixes without the NIC's address do not",
    nic: [allow('hosts', 100, { ports: '22', dst: ['10.0.1.5', '10.0.1.6'] })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a comma list in the singular port field (the portal\'s "80, 443") is read',
    nic: [allow('web', 100, { ports: '80, 443' })],
    flow: inbound(443),
    expect: 'Allow nsg-nic/web',
  },
  {
    name: 'sourcePortRanges: a client port in the list matches',
    nic: [allow('ephemeral', 100, { ports: '443', srcPorts: ['1024-65535'] })],
    flow: inbound(443, PUBLIC, { remotePort: 50000 }),
    expect: 'Allow nsg-nic/ephemeral',
  },
  {
    name: 'sourcePortRange: a client port outside it does not',
    nic: [allow('from-80', 100, { ports: '443', srcPorts: '80' })],
    flow: inbound(443, PUBLIC, { remotePort: 50000 }),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a rule printed flat (az network nsg rule list, no properties wrapper) is read',
    nic: [
      {
        name: 'flat-ssh',
        protocol: 'Tcp',
        access: 'Allow',
        direction: 'Inbound',
        priority: 120,
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '22',
      },
    ],
    flow: inbound(22),
    expect: 'Allow nsg-nic/flat-ssh',
  },
  {
    name: 'an empty singular field next to a filled plural list (ARM GET) reads the list',
    nic: [
      {
        name: 'arm-style',
        properties: {
          protocol: 'Tcp',
          access: 'Allow',
          direction: 'Inbound',
          priority: 130,
          sourceAddressPrefix: '',
          sourceAddressPrefixes: ['198.51.100.0/24'],
          destinationAddressPrefix: '*',
          destinationPortRange: '',
          destinationPortRanges: ['22', '3389'],
        },
      },
    ],
    flow: inbound(3389),
    expect: 'Allow nsg-nic/arm-style',
  },
];

const WILDCARDS: Case[] = [
  {
    name: "port '*' covers 65535",
    nic: [allow('all-ports', 100, { ports: '*' })],
    flow: inbound(65535),
    expect: 'Allow nsg-nic/all-ports',
  },
  {
    name: "port '0-65535' covers port 1",
    nic: [allow('all-ports', 100, { ports: '0-65535' })],
    flow: inbound(1),
    expect: 'Allow nsg-nic/all-ports',
  },
  {
    name: "source 'Any' matches an internet host",
    nic: [allow('any', 100, { ports: '22', src: 'Any' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/any',
  },
  {
    name: "source '0.0.0.0/0' matches an IPv4 host",
    nic: [allow('v4-all', 100, { ports: '22', src: '0.0.0.0/0' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/v4-all',
  },
  {
    name: "source '::/0' does not match an IPv4 host",
    nic: [allow('v6-all', 100, { ports: '22', src: '::/0' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "source '*' matches an IPv6 host",
    nic: [allow('any', 100, { ports: '443' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/any',
  },
  {
    name: "protocol '*' covers UDP",
    nic: [allow('any-proto', 100, { ports: '53', protocol: '*' })],
    flow: inbound(53, PUBLIC, { proto: 'Udp' }),
    expect: 'Allow nsg-nic/any-proto',
  },
  {
    name: 'a TCP rule does not match UDP',
    nic: [allow('tcp-53', 100, { ports: '53' })],
    flow: inbound(53, PUBLIC, { proto: 'Udp' }),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'a UDP rule matches UDP',
    nic: [allow('udp-53', 100, { ports: '53', protocol: 'Udp' })],
    flow: inbound(53, PUBLIC, { proto: 'Udp' }),
    expect: 'Allow nsg-nic/udp-53',
  },
  {
    name: 'a UDP rule does not open TCP',
    nic: [allow('udp-22', 100, { ports: '22', protocol: 'Udp' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an ICMP rule matches ICMP',
    nic: [allow('ping', 100, { protocol: 'Icmp' })],
    flow: { dir: 'in', remote: PUBLIC, proto: 'Icmp' },
    expect: 'Allow nsg-nic/ping',
  },
  {
    name: 'a TCP rule on every port does not match ICMP',
    nic: [allow('tcp-all', 100, { ports: '*' })],
    flow: { dir: 'in', remote: PUBLIC, proto: 'Icmp' },
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an any-protocol rule on every port matches ICMP',
    nic: [allow('all', 100, { protocol: '*' })],
    flow: { dir: 'in', remote: PUBLIC, proto: 'Icmp' },
    expect: 'Allow nsg-nic/all',
  },
  {
    name: 'an any-protocol rule on port 22 does not match ICMP, which has no ports',
    nic: [allow('any-22', 100, { protocol: '*', ports: '22' })],
    flow: { dir: 'in', remote: PUBLIC, proto: 'Icmp' },
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "protocol spelt 'Any' is read as '*'",
    nic: [allow('any-word', 100, { protocol: 'Any', ports: '161' })],
    flow: inbound(161, PUBLIC, { proto: 'Udp' }),
    expect: 'Allow nsg-nic/any-word',
  },
  {
    name: "protocol in lower case ('tcp') is read",
    nic: [allow('lower', 100, { protocol: 'tcp', ports: '22' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/lower',
  },
  {
    name: 'an ESP rule does not match TCP',
    nic: [allow('ipsec', 100, { protocol: 'Esp' })],
    flow: inbound(500),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an AH rule does not match UDP',
    nic: [allow('ipsec-ah', 100, { protocol: 'Ah' })],
    flow: inbound(500, PUBLIC, { proto: 'Udp' }),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "a deny of every protocol ('*') shadows a later AH-only allow for ICMP too",
    nic: [deny('deny-all', 100, { protocol: '*' }), allow('ipsec-ah', 200, { protocol: 'Ah' })],
    flow: { dir: 'in', remote: PUBLIC, proto: 'Icmp' },
    expect: 'Deny nsg-nic/deny-all',
  },
];

const INTERNET: Case[] = [
  {
    name: "'Internet' matches a public host",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'Internet' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/internet-ssh',
  },
  {
    name: "'internet' in lower case matches too",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'internet' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/internet-ssh',
  },
  {
    name: "'INTERNET' (the classic spelling) matches too",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'INTERNET' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/internet-ssh',
  },
  {
    name: "'iNtErNeT' in mixed case matches too",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'iNtErNeT' })],
    flow: inbound(22),
    expect: 'Allow nsg-nic/internet-ssh',
  },
  {
    name: "'Internet' does not match a host in the VNet",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'Internet' })],
    flow: inbound(22, '10.0.3.3'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: "'Internet' does not match a private address outside the VNet",
    nic: [allow('internet-ssh', 100, { ports: '22', src: 'Internet' })],
    flow: inbound(22, '192.168.1.1'),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "'Internet' does not match a peered VNet's address",
    nic: [
      allow('internet-ssh', 100, { ports: '22', src: 'Internet' }),
      deny('deny-rest', 4000, { ports: '22' }),
    ],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'] }],
    flow: inbound(22, '10.1.0.4'),
    expect: 'Deny nsg-nic/deny-rest',
  },
  {
    name: "a VNet on public address space: its own hosts are VirtualNetwork, not 'Internet'",
    space: ['20.50.0.0/16'],
    configs: [{ ip: '20.50.1.4' }],
    nic: [deny('deny-internet', 100, { src: 'Internet', protocol: '*' })],
    flow: inbound(22, '20.50.7.7'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: "'Internet' as a destination: outbound to a public host",
    nic: [deny('no-internet-out', 100, { direction: 'Outbound', dst: 'internet', protocol: '*' })],
    flow: outbound('8.8.4.4', 443),
    expect: 'Deny nsg-nic/no-internet-out',
  },
];

const VNET: Case[] = [
  {
    name: "'VirtualNetwork' matches the VNet's own address",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'VirtualNetwork' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    flow: inbound(22, '10.0.200.1'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "'virtualnetwork' in lower case",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'virtualnetwork' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    flow: inbound(22, '10.0.200.1'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "'VIRTUAL_NETWORK' (the classic spelling)",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'VIRTUAL_NETWORK' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    flow: inbound(22, '10.0.200.1'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "'VirtualNetwork' includes a Connected peering's address space (from the peering)",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'VirtualNetwork' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'] }],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "'VirtualNetwork' includes a Connected peering's address space (from the remote VNet)",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'VirtualNetwork' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    peerings: [{ remote: 'vnet-hub' }],
    extra: [vnet('vnet-hub', { space: ['10.1.0.0/16'] })],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "a Disconnected peering is not part of 'VirtualNetwork'",
    nic: [
      allow('vnet-ssh', 100, { ports: '22', src: 'VirtualNetwork' }),
      deny('deny-ssh', 200, { ports: '22' }),
    ],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'], state: 'Disconnected' }],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Deny nsg-nic/deny-ssh',
  },
  {
    name: "an Initiated peering is not part of 'VirtualNetwork' either (the default rule does not admit it)",
    nic: [],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'], state: 'Initiated' }],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    // The peering setting only decides whether the remote space joins the tag (it blocks nothing else).
    name: "a Connected peering with allowVirtualNetworkAccess false is not part of 'VirtualNetwork'",
    nic: [],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'], access: false }],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: '… and one with allowVirtualNetworkAccess true is',
    nic: [],
    peerings: [{ remote: 'vnet-hub', space: ['10.1.0.0/16'], access: true }],
    flow: inbound(22, '10.1.2.3'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    // service-tags-overview.md: VirtualNetwork includes "address prefixes used on user-defined
    // routes"; MicrosoftDocs/azure-docs#22178: a 0.0.0.0/0 route to an appliance makes it 0.0.0.0/0.
    name: "a subnet route of 0.0.0.0/0 to an appliance puts every IPv4 address in 'VirtualNetwork': AllowVnetInBound admits the internet",
    nic: [],
    routes: ['0.0.0.0/0 VirtualAppliance'],
    flow: inbound(22),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: "a routed prefix joins 'VirtualNetwork' for an allow rule naming the tag",
    nic: [allow('vnet-ssh', 100, { ports: '22', src: 'VirtualNetwork' })],
    routes: ['192.168.50.0/24 VirtualNetworkGateway'],
    flow: inbound(22, '192.168.50.9'),
    expect: 'Allow nsg-nic/vnet-ssh',
  },
  {
    name: "a route to Internet does not join 'VirtualNetwork'",
    nic: [],
    routes: ['0.0.0.0/0 Internet'],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "a route to None does not join 'VirtualNetwork'",
    nic: [],
    routes: ['198.51.100.0/24 None'],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "a routed public prefix stays in 'Internet': a deny of the Internet at 100 still decides",
    nic: [deny('deny-internet', 100, { ports: '22', src: 'Internet' })],
    routes: ['0.0.0.0/0 VirtualAppliance'],
    flow: inbound(22),
    expect: 'Deny nsg-nic/deny-internet',
  },
  {
    name: 'a deny of VirtualNetwork at 100 shadows an allow from * for a VNet host',
    nic: [
      deny('deny-vnet', 100, { src: 'VirtualNetwork', protocol: '*' }),
      allow('allow-all', 200, { protocol: '*' }),
    ],
    flow: inbound(8080, '10.0.1.9'),
    expect: 'Deny nsg-nic/deny-vnet',
  },
];

const PLATFORM: Case[] = [
  {
    name: "'AzureLoadBalancer' does not match an internet host",
    nic: [allow('probe-only', 100, { ports: '80', src: 'AzureLoadBalancer' })],
    flow: inbound(80),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an allow from AzureLoadBalancer lets the probe past a deny-all at 4000',
    nic: [
      allow('probe', 100, { ports: '80', src: 'AzureLoadBalancer' }),
      deny('deny-all', 4000, { protocol: '*' }),
    ],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Allow nsg-nic/probe',
  },
  {
    // VirtualNetwork includes "the virtual IP address of the host" (service-tags-overview.md), and
    // AllowVnetInBound (65000) comes before AllowAzureLoadBalancerInBound (65001).
    name: 'a health probe from 168.63.129.16 gets in by AllowVnetInBound, which comes first',
    nic: [],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: "a deny of VirtualNetwork catches the probe too: the host's IP is in the tag",
    nic: [deny('no-east-west', 4000, { src: 'VirtualNetwork', protocol: '*' })],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Deny nsg-nic/no-east-west',
  },
  {
    name: 'a deny of AzureLoadBalancer blocks the probe',
    nic: [deny('deny-probe', 100, { src: 'AzureLoadBalancer', protocol: '*' })],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Deny nsg-nic/deny-probe',
  },
  {
    name: "'azureloadbalancer' in lower case, and AZURE_LOADBALANCER, are the same tag",
    nic: [
      deny('deny-probe', 100, { src: 'AZURE_LOADBALANCER', protocol: '*' }),
      allow('x', 200, { src: 'azureloadbalancer' }),
    ],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Deny nsg-nic/deny-probe',
  },
  {
    name: 'outbound to the host virtual IP (DNS) is not subject to a deny-all rule',
    nic: [deny('deny-all-out', 100, { direction: 'Outbound', protocol: '*' })],
    flow: outbound('168.63.129.16', 53, { proto: 'Udp' }),
    expect: 'Allow nsg-nic/(platform)',
  },
  {
    name: 'outbound to the host virtual IP is denied by a rule naming AzurePlatformDNS',
    nic: [deny('no-azure-dns', 100, { direction: 'Outbound', protocol: '*', dst: 'AzurePlatformDNS' })],
    flow: outbound('168.63.129.16', 53, { proto: 'Udp' }),
    expect: 'Deny nsg-nic/no-azure-dns',
  },
  {
    name: 'outbound to IMDS is denied by a rule naming AzurePlatformIMDS',
    nic: [deny('no-imds', 100, { direction: 'Outbound', dst: 'AzurePlatformIMDS', ports: '80' })],
    flow: outbound('169.254.169.254', 80),
    expect: 'Deny nsg-nic/no-imds',
  },
  {
    name: 'outbound to IMDS is not touched by a rule naming AzurePlatformDNS',
    nic: [deny('no-azure-dns', 100, { direction: 'Outbound', protocol: '*', dst: 'AzurePlatformDNS' })],
    flow: outbound('169.254.169.254', 80),
    expect: 'Allow nsg-nic/(platform)',
  },
];

const ASG: Case[] = [
  {
    name: 'a destination-ASG rule applies to a member NIC',
    subnet: [allow('to-web-asg', 100, { ports: '443', dstAsgs: ['asg-web'] })],
    configs: [{ asgs: ['asg-web'] }],
    flow: inbound(443),
    expect: 'Allow nsg-subnet/to-web-asg',
  },
  {
    name: 'a destination-ASG rule on the subnet NSG does not apply to a NIC outside the group',
    subnet: [allow('to-web-asg', 100, { ports: '443', dstAsgs: ['asg-web'] })],
    configs: [{ asgs: ['asg-app'] }],
    flow: inbound(443),
    expect: 'Deny nsg-subnet/DenyAllInBound',
  },
  {
    name: 'a NIC in two ASGs matches a rule for the second',
    nic: [allow('to-admin', 100, { ports: '22', dstAsgs: ['asg-admin'] })],
    configs: [{ asgs: ['asg-web', 'asg-admin'] }],
    flow: inbound(22),
    expect: 'Allow nsg-nic/to-admin',
  },
  {
    name: 'a source-ASG rule matches traffic from a member NIC of another VM',
    nic: [
      allow('from-web', 100, { ports: '8080', srcAsgs: ['asg-web'] }),
      deny('deny-8080', 200, { ports: '8080' }),
    ],
    extra: machine({ name: 'vm-web', configs: [{ ip: '10.0.1.20', asgs: ['asg-web'] }] }),
    flow: inbound(8080, '10.0.1.20'),
    expect: 'Allow nsg-nic/from-web',
  },
  {
    name: 'a source-ASG rule does not match a VM outside the group',
    nic: [
      allow('from-web', 100, { ports: '8080', srcAsgs: ['asg-web'] }),
      deny('deny-8080', 200, { ports: '8080' }),
    ],
    extra: machine({ name: 'vm-db', configs: [{ ip: '10.0.1.30', asgs: ['asg-db'] }] }),
    flow: inbound(8080, '10.0.1.30'),
    expect: 'Deny nsg-nic/deny-8080',
  },
  {
    name: 'a source-ASG rule never matches an internet host',
    nic: [
      allow('from-web', 100, { ports: '8080', srcAsgs: ['asg-web'] }),
      deny('deny-8080', 200, { ports: '8080' }),
    ],
    flow: inbound(8080),
    expect: 'Deny nsg-nic/deny-8080',
  },
  {
    name: 'an ASG rule with both ends: web to app',
    subnet: [
      allow('web-to-app', 100, { ports: '8443', srcAsgs: ['asg-web'], dstAsgs: ['asg-app'] }),
      deny('deny-east-west', 4000, { src: 'VirtualNetwork', protocol: '*' }),
    ],
    configs: [{ asgs: ['asg-app'] }],
    extra: machine({ name: 'vm-web', configs: [{ ip: '10.0.1.20', asgs: ['asg-web'] }] }),
    flow: inbound(8443, '10.0.1.20'),
    expect: 'Allow nsg-subnet/web-to-app',
  },
  {
    name: 'an ASG rule on the outbound side: the NIC is the source',
    nic: [deny('no-web-out', 100, { direction: 'Outbound', srcAsgs: ['asg-web'], protocol: '*' })],
    configs: [{ asgs: ['asg-web'] }],
    flow: outbound('8.8.8.8', 443),
    expect: 'Deny nsg-nic/no-web-out',
  },
];

const IPV6: Case[] = [
  {
    name: 'an IPv6 source block matches an IPv6 host',
    nic: [allow('v6-partner', 100, { ports: '443', src: '2603:1030::/32' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/v6-partner',
  },
  {
    name: "'::/0' matches an IPv6 host",
    nic: [allow('v6-all', 100, { ports: '443', src: '::/0' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/v6-all',
  },
  {
    name: "'0.0.0.0/0' does not match an IPv6 host",
    nic: [allow('v4-all', 100, { ports: '443', src: '0.0.0.0/0' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: "'Internet' matches a public IPv6 host",
    nic: [allow('internet', 100, { ports: '443', src: 'Internet' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/internet',
  },
  {
    name: "the VNet's IPv6 space is VirtualNetwork",
    nic: [],
    configs: DUAL_STACK,
    flow: inbound(22, 'ace:cab:deca:beef::5', { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'an IPv6 destination /128 matches the IPv6 configuration',
    nic: [allow('to-v6-host', 100, { ports: '443', dst: 'ace:cab:deca:deed::4/128' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/to-v6-host',
  },
  {
    name: 'an IPv6 block in upper case with an uncompressed zero run',
    nic: [allow('upper', 100, { ports: '443', src: '2603:1030:20C:0:0::/64' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Allow nsg-nic/upper',
  },
  {
    name: 'an IPv4 allow does not open the IPv6 configuration',
    nic: [allow('to-v4-host', 100, { ports: '443', dst: '10.0.1.4' })],
    configs: DUAL_STACK,
    flow: inbound(443, V6_PUBLIC, { localIp: 'ace:cab:deca:deed::4' }),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
];

const DEFAULTS: Case[] = [
  {
    name: 'an NSG without defaultSecurityRules (an ARM template) still denies the internet',
    noDefaults: true,
    nic: [allow('web', 100, { ports: '443' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an NSG without defaultSecurityRules still allows the VNet',
    noDefaults: true,
    nic: [],
    flow: inbound(22, '10.0.4.4'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'an NSG without defaultSecurityRules still allows the internet outbound',
    noDefaults: true,
    nic: [],
    flow: outbound('8.8.8.8', 443),
    expect: 'Allow nsg-nic/AllowInternetOutBound',
  },
  {
    name: 'an NSG without defaultSecurityRules still allows the load balancer probe',
    noDefaults: true,
    nic: [deny('no-vnet-range', 4000, { src: '10.0.0.0/16', protocol: '*' })],
    flow: inbound(80, '168.63.129.16'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'a custom rule at 4096 overrides DenyAllInBound',
    nic: [allow('last-resort', 4096, { protocol: '*' })],
    flow: inbound(12345),
    expect: 'Allow nsg-nic/last-resort',
  },
  {
    name: 'a custom deny overrides AllowVnetInBound',
    nic: [deny('no-east-west', 4000, { src: '10.0.0.0/16', protocol: '*' })],
    flow: inbound(445, '10.0.7.7'),
    expect: 'Deny nsg-nic/no-east-west',
  },
];

const UNKNOWN: Case[] = [
  {
    name: 'an allow from a service tag Vigil has no prefixes for, then the default deny: unknown for a public host',
    nic: [allow('from-storage', 100, { ports: '443', src: 'Storage' })],
    flow: inbound(443),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: '… but such a tag never covers a VNet host: AllowVnetInBound decides',
    nic: [allow('from-storage', 100, { ports: '443', src: 'Storage.WestEurope' })],
    flow: inbound(443, '10.0.2.4'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'a deny of an unresolved tag before an allow of every source: unknown',
    nic: [
      deny('deny-azurecloud', 100, { src: 'AzureCloud', protocol: '*' }),
      allow('allow-443', 200, { ports: '443' }),
    ],
    flow: inbound(443),
    expect: 'Unknown nsg-nic/allow-443',
  },
  {
    name: 'an allow of an unresolved tag before an allow of every source: allowed either way',
    nic: [
      allow('from-frontdoor', 100, { ports: '443', src: 'AzureFrontDoor.Backend' }),
      allow('allow-443', 200, { ports: '443' }),
    ],
    flow: inbound(443),
    expect: 'Allow nsg-nic/allow-443',
  },
  {
    name: 'a rule on client port 80 when the client port is not given: unknown',
    nic: [allow('from-80', 100, { ports: '443', srcPorts: '80' })],
    flow: inbound(443, PUBLIC, { remotePort: null }),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
];

/** An expression ARM evaluates only at deployment: the template source leaves it as a `$vigilUnknown` marker. */
const AT_DEPLOYMENT = "[reference('jumpbox-pip').ipAddress]";

/** The rule as a template declares it, one field known only at deployment. */
const deployed = (r: Rule, property: string): JsonObject => {
  const json = rule(r);
  (json.properties as JsonObject)[property] = { $vigilUnknown: AT_DEPLOYMENT };
  return json;
};

const DEPLOYMENT: Case[] = [
  {
    name: 'an allow whose source is known only at deployment, then the default deny: unknown',
    nic: [deployed(allow('from-jumpbox', 100, { ports: '22' }), 'sourceAddressPrefix')],
    flow: inbound(22),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: 'a rule with an unknown source on another port does not touch port 22',
    nic: [deployed(allow('from-jumpbox', 100, { ports: '8080' }), 'sourceAddressPrefix')],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an unknown source that could only allow, where the VNet is allowed anyway: allowed',
    nic: [deployed(allow('from-jumpbox', 100, { ports: '22' }), 'sourceAddressPrefix')],
    flow: inbound(22, '10.0.2.4'),
    expect: 'Allow nsg-nic/AllowVnetInBound',
  },
  {
    name: 'a known deny at 100 decides before a rule with an unknown source at 200',
    nic: [
      deny('deny-22', 100, { ports: '22' }),
      deployed(allow('from-jumpbox', 200, { ports: '22' }), 'sourceAddressPrefix'),
    ],
    flow: inbound(22),
    expect: 'Deny nsg-nic/deny-22',
  },
  {
    name: 'an access known only at deployment before an allow: unknown (it may deny)',
    nic: [
      deployed(allow('maybe-open', 100, { ports: '22' }), 'access'),
      allow('allow-22', 200, { ports: '22' }),
    ],
    flow: inbound(22),
    expect: 'Unknown nsg-nic/allow-22',
  },
  {
    name: 'a deny whose priority is known only at deployment may come before an allow: unknown',
    nic: [
      deployed(deny('deny-22', 300, { ports: '22' }), 'priority'),
      allow('allow-22', 200, { ports: '22' }),
    ],
    flow: inbound(22),
    expect: 'Unknown nsg-nic/allow-22',
  },
  {
    name: 'an allow whose priority is unknown beside an allow: allowed either way',
    nic: [
      deployed(allow('allow-22-too', 300, { ports: '22' }), 'priority'),
      allow('allow-22', 200, { ports: '22' }),
    ],
    flow: inbound(22),
    expect: 'Allow nsg-nic/allow-22',
  },
  {
    name: 'a direction known only at deployment: the rule may be inbound',
    nic: [deployed(allow('either-way', 100, { ports: '22' }), 'direction')],
    flow: inbound(22),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: 'a protocol known only at deployment may be UDP',
    nic: [deployed(allow('dns', 100, { ports: '53' }), 'protocol')],
    flow: inbound(53, PUBLIC, { proto: 'Udp' }),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: 'a destination port known only at deployment may be 3389',
    nic: [deployed(allow('app', 100, { ports: '8443' }), 'destinationPortRange')],
    flow: inbound(3389),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: 'a whole rule known only at deployment may be anything',
    nic: [{ $vigilUnknown: AT_DEPLOYMENT }],
    flow: inbound(22),
    expect: 'Unknown nsg-nic/DenyAllInBound',
  },
  {
    name: 'a subnet deny short-circuits a NIC rule known only at deployment',
    subnet: [deny('deny-22', 100, { ports: '22' })],
    nic: [deployed(allow('from-jumpbox', 100, { ports: '22' }), 'sourceAddressPrefix')],
    flow: inbound(22),
    expect: 'Deny nsg-subnet/deny-22',
  },
];

const MALFORMED: Case[] = [
  {
    name: 'a rule whose only port is unreadable matches nothing',
    nic: [allow('typo', 100, { ports: 'ssh' })],
    flow: inbound(22),
    expect: 'Deny nsg-nic/DenyAllInBound',
  },
  {
    name: 'an unreadable block among readable ones: the readable ones still match',
    nic: [allow('partners', 100, { ports: '443', src: ['10.0.0.0/33', '203.0.113.0/24'] })],
    flow: inbound(443, '203.0.113.1'),
    expect: 'Allow nsg-nic/partners',
  },
  {
    name: 'host bits under the mask are ignored: 203.0.113.77/24 is 203.0.113.0/24',
    nic: [allow('sloppy', 100, { ports: '443', src: '203.0.113.77/24' })],
    flow: inbound(443, '203.0.113.1'),
    expect: 'Allow nsg-nic/sloppy',
  },
];

const NSG_CASES: Case[] = [
  ...PRIORITY,
  ...CHAIN,
  ...PLURAL,
  ...WILDCARDS,
  ...INTERNET,
  ...VNET,
  ...PLATFORM,
  ...ASG,
  ...IPV6,
  ...DEFAULTS,
  ...UNKNOWN,
  ...DEPLOYMENT,
  ...MALFORMED,
];

function estate(c: Case): Resource[] {
  const options = c.noDefaults ? { defaults: false } : {};
  return [
    vnet('vnet-app', {
      ...(c.space ? { space: c.space } : {}),
      subnets: [
        {
          name: 'snet-app',
          ...(c.space ? { prefixes: [c.space[0]!.replace(/0\.0\/16$/, '1.0/24')] } : {}),
          ...(c.subnet ? { nsg: 'nsg-subnet' } : {}),
          ...(c.routes ? { routeTable: 'rt-app' } : {}),
        },
      ],
      peerings: c.peerings ?? [],
    }),
    ...machine({
      name: 'vm-01',
      ...(c.nic ? { nicNsg: 'nsg-nic' } : {}),
      ...(c.configs ? { configs: c.configs } : {}),
    }),
    ...(c.subnet ? [nsg('nsg-subnet', c.subnet, options)] : []),
    ...(c.nic ? [nsg('nsg-nic', c.nic, options)] : []),
    ...(c.routes ? [routeTable('rt-app', c.routes)] : []),
    ...(c.extra ?? []),
  ];
}

function verdictOf(c: Case): string {
  const engine = new NetworkEngine(inventoryOf(estate(c)));
  const flow = c.flow;
  const result = verifyFlow(engine, {
    vm: 'vm-01',
    direction: flow.dir === 'in' ? 'Inbound' : 'Outbound',
    protocol: flow.proto ?? 'Tcp',
    remoteAddress: flow.remote,
    remotePort: flow.remotePort === null ? undefined : (flow.remotePort ?? 50000),
    localPort: flow.port,
    localAddress: flow.localIp,
  });
  if ('error' in result) return `error: ${result.error}`;
  const nsgName = result.nsgId?.slice(result.nsgId.lastIndexOf('/') + 1);
  const platform = result.chain.findLast((s) => s.nsgId !== null);
  if (result.ruleName) return `${result.access} ${nsgName}/${result.ruleName}`;
  if (platform)
    return `${result.access} ${platform.nsgId!.slice(platform.nsgId!.lastIndexOf('/') + 1)}/(platform)`;
  return `${result.access} (no NSG)`;
}

describe('NSG evaluation: one flow, its verdict and the rule that decides', () => {
  it('has at least 80 cases', () => {
    expect(NSG_CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(NSG_CASES.map((c) => c.name)).size).toBe(NSG_CASES.length);
  });

  it.each(NSG_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(verdictOf(c)).toBe(c.expect);
  });
});
