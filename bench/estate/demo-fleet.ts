/**
 * What the demo estate is, as data: its two subscriptions, their networks and NSG rules, and
 * one line per virtual machine with the settings demo/README.md promises. bench/estate/demo.ts
 * turns this into ARM resources; test/bench/demo-estate.test.ts checks the README against it.
 */

import type { JsonObject } from '../../src/util/json.ts';
import { type Placement, resourceId } from './arm.ts';
import { type AssessmentKind, IMAGES, type MarketplaceImage } from './catalog.ts';
import type { Endpoint, RuleSpec } from './nsg.ts';

export const TENANT_ID = 'd4c3b2a1-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
export const LOCATION = 'westeurope';

export type Env = 'prod' | 'dev';

export interface DemoSubscription {
  env: Env;
  id: string;
  displayName: string;
  /** Second octet of the VNet's 10.x.0.0/16. */
  secondOctet: number;
  networkResourceGroup: string;
}

export const SUBSCRIPTIONS: Record<Env, DemoSubscription> = {
  prod: {
    env: 'prod',
    id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    displayName: 'contoso-prod',
    secondOctet: 10,
    networkResourceGroup: 'rg-prod-network',
  },
  dev: {
    env: 'dev',
    id: '3a7e9c41-2b8d-4f6a-9e1c-5d0b7a3f8e26',
    displayName: 'contoso-dev',
    secondOctet: 20,
    networkResourceGroup: 'rg-dev-network',
  },
};

/** Documentation ranges (RFC 5737) standing in for the corporate egress addresses. */
export const CORPORATE = ['203.0.113.0/24', '198.51.100.0/25'];

/** Subnets per VNet: name, third octet, prefix length, and the subnet NSG (none: deliberately bare). */
export const SUBNETS: Record<Env, readonly { name: string; third: number; bits: number; nsg?: string }[]> = {
  prod: [
    { name: 'snet-web', third: 1, bits: 24, nsg: 'nsg-prod-web' },
    { name: 'snet-app', third: 2, bits: 24, nsg: 'nsg-prod-app' },
    { name: 'snet-db', third: 3, bits: 24, nsg: 'nsg-prod-db' },
    // The NVA subnet has no NSG: only the NVA's NIC NSG filters its traffic.
    { name: 'snet-nva', third: 4, bits: 24 },
    // Azure forbids or discourages NSGs on these two; Defender reports them not applicable.
    { name: 'AzureBastionSubnet', third: 250, bits: 26 },
    { name: 'GatewaySubnet', third: 255, bits: 27 },
  ],
  dev: [
    { name: 'snet-web', third: 1, bits: 24, nsg: 'nsg-dev-web' },
    { name: 'snet-app', third: 2, bits: 24, nsg: 'nsg-dev-app' },
    // No NSG on the dev database subnet: a Defender "subnets should have an NSG" finding.
    { name: 'snet-db', third: 3, bits: 24 },
  ],
};

const BASTION = '10.10.250.0/26';

const from = (...prefixes: string[]): Endpoint => ({ prefixes });
const anywhere = from('*');

function inbound(
  priority: number,
  name: string,
  access: RuleSpec['access'],
  protocol: RuleSpec['protocol'],
  ports: string[],
  source: Endpoint,
  destination: Endpoint = anywhere,
  description?: string,
): RuleSpec {
  return {
    name,
    priority,
    direction: 'Inbound',
    access,
    protocol,
    ports,
    source,
    destination,
    ...(description ? { description } : {}),
  };
}

const networkResourceGroup = (env: Env): Placement => ({
  subscriptionId: SUBSCRIPTIONS[env].id,
  tenantId: TENANT_ID,
  resourceGroup: SUBSCRIPTIONS[env].networkResourceGroup,
  location: LOCATION,
});

/** contoso-prod's application security groups; web and app NICs join them. */
export const ASG_IDS = {
  web: resourceId(
    networkResourceGroup('prod'),
    'Microsoft.Network/applicationSecurityGroups',
    'asg-prod-web',
  ),
  app: resourceId(
    networkResourceGroup('prod'),
    'Microsoft.Network/applicationSecurityGroups',
    'asg-prod-app',
  ),
};

/** Custom rules of every NSG, subnet and NIC alike. JIT's deny rules are added per enrolled VM. */
export const NSG_RULES: Record<string, RuleSpec[]> = {
  'nsg-prod-web': [
    inbound(100, 'Allow-Web-Inbound', 'Allow', 'Tcp', ['80', '443'], from('Internet')),
    inbound(110, 'Allow-AzureLoadBalancer-Probe', 'Allow', '*', ['*'], from('AzureLoadBalancer')),
    inbound(
      200,
      'Allow-Vendor-SSH',
      'Allow',
      'Tcp',
      ['22'],
      from('Internet'),
      anywhere,
      "Vendor support reaches vm-prod-web-01 through the load balancer's NAT rule",
    ),
    inbound(300, 'Allow-Bastion-Mgmt', 'Allow', 'Tcp', ['22', '3389'], from(BASTION)),
  ],
  'nsg-prod-app': [
    inbound(
      100,
      'Allow-Web-To-App',
      'Allow',
      'Tcp',
      ['8080', '8443'],
      { asgIds: [ASG_IDS.web] },
      { asgIds: [ASG_IDS.app] },
    ),
    inbound(300, 'Allow-Bastion-Mgmt', 'Allow', 'Tcp', ['22', '3389'], from(BASTION)),
  ],
  'nsg-prod-db': [
    inbound(100, 'Allow-App-To-SQL', 'Allow', 'Tcp', ['1433'], from('10.10.2.0/24')),
    inbound(110, 'Allow-App-To-Postgres', 'Allow', 'Tcp', ['5432'], from('10.10.2.0/24')),
    inbound(300, 'Allow-Bastion-Mgmt', 'Allow', 'Tcp', ['22', '3389'], from(BASTION)),
    inbound(310, 'Allow-WinRM-Corp', 'Allow', 'Tcp', ['5985-5986'], from(...CORPORATE)),
    inbound(4000, 'Deny-Internet-Inbound', 'Deny', '*', ['*'], from('Internet')),
    {
      name: 'Deny-Internet-Outbound',
      priority: 4000,
      direction: 'Outbound',
      access: 'Deny',
      protocol: '*',
      ports: ['*'],
      source: anywhere,
      destination: from('Internet'),
    },
  ],
  'nsg-dev-web': [
    inbound(100, 'Allow-Web-Inbound', 'Allow', 'Tcp', ['80', '443'], from('Internet')),
    inbound(
      110,
      'Allow-Admin-Any',
      'Allow',
      'Tcp',
      ['22', '3389'],
      anywhere,
      anywhere,
      'Temporary: remove once the dev environment is behind Bastion',
    ),
  ],
  'nsg-dev-app': [
    inbound(100, 'Allow-Web-To-App', 'Allow', 'Tcp', ['8080'], from('10.20.1.0/24')),
    inbound(110, 'Allow-SSH-VNet', 'Allow', 'Tcp', ['22'], from('VirtualNetwork')),
  ],
  // NIC NSGs in the portal's "basic" style: one rule per selected inbound port.
  'vm-prod-web-04-nsg': [
    inbound(300, 'RDP', 'Allow', 'Tcp', ['3389'], anywhere),
    inbound(320, 'HTTPS', 'Allow', 'Tcp', ['443'], anywhere),
  ],
  // Two traps for a sloppy evaluator: the HTTPS source is the Internet tag spelt in lower case (as
  // some IaC tools write it), and the old allow-all SSH rule is shadowed, for internet sources, by
  // the deny of the Internet before it: only the corporate ranges reach port 22 from outside.
  'vm-prod-nva-01-nsg': [
    inbound(300, 'HTTPS', 'Allow', 'Tcp', ['443'], from('internet')),
    inbound(310, 'SSH-Corp', 'Allow', 'Tcp', ['22'], from(...CORPORATE)),
    inbound(320, 'Deny-SSH-Internet', 'Deny', 'Tcp', ['22'], from('Internet')),
    inbound(
      330,
      'SSH-Any-Legacy',
      'Allow',
      'Tcp',
      ['22'],
      anywhere,
      anywhere,
      'Left from the build; Deny-SSH-Internet keeps the internet out',
    ),
  ],
  'vm-dev-web-02-nsg': [inbound(300, 'RDP', 'Allow', 'Tcp', ['3389'], anywhere)],
  'vm-dev-app-03-nsg': [inbound(300, 'RDP', 'Allow', 'Tcp', ['3389'], from('203.0.113.0/24'))],
};

export type ExtensionTag = 'AMA' | 'GA' | 'GC' | 'MDE' | 'Entra' | 'ADE';

export interface DemoVm {
  name: string;
  env: Env;
  resourceGroup: string;
  subnet: string;
  image: MarketplaceImage;
  size: string;
  zone?: string;
  /** Absent: the Standard security type. vTPM is on wherever Trusted Launch is. */
  trustedLaunch?: { secureBoot: boolean };
  /** Absent: ARM omits the property (off). */
  encryptionAtHost?: boolean;
  /** Linux: whether SSH password sign-in is allowed, and whether a public key is installed. */
  login?: { password: boolean; sshKey: boolean };
  identity?: boolean;
  extensions: ExtensionTag[];
  /** Extensions present but in provisioningState Failed. */
  failed?: ExtensionTag[];
  disks: {
    encryption: 'platform' | 'cmk';
    /** Data disk sizes in GiB, by LUN. */
    data: readonly number[];
    /** The OS disk allows public network access (the default the rest of the estate turned off). */
    publicOsDisk?: boolean;
    /** The OS disk is a page-blob VHD in a storage account; no managed disks at all. */
    unmanaged?: boolean;
  };
  publicIp?: 'Basic' | 'Standard';
  /** Name of a NIC NSG in NSG_RULES. */
  nicNsg?: string;
  loadBalancer?: { natFrontendPort?: number };
  asg?: 'web' | 'app';
  ipForwarding?: boolean;
  jitPorts?: number[];
  backup?: boolean;
  deallocated?: boolean;
  /** ARM's quirk of writing disk ids with the resource group upper-cased; matching must not care. */
  upperCaseDiskIds?: boolean;
  patchMode: string;
  hybridBenefit?: boolean;
}

function image(offer: string, sku: string): MarketplaceImage {
  const found = IMAGES.find((i) => i.offer === offer && i.sku === sku);
  if (!found) throw new Error(`demo fleet: no catalogue image ${offer}/${sku}`);
  return found;
}

const UBUNTU_2404 = image('ubuntu-24_04-lts', 'server');
const UBUNTU_2204 = image('0001-com-ubuntu-server-jammy', '22_04-lts-gen2');
const UBUNTU_2004 = image('0001-com-ubuntu-server-focal', '20_04-lts-gen2');
const UBUNTU_1804 = image('UbuntuServer', '18.04-LTS');
const RHEL_8 = image('RHEL', '8-lvm-gen2');
const RHEL_9 = image('RHEL', '9-lvm-gen2');
const DEBIAN_12 = image('debian-12', '12-gen2');
const CENTOS_7 = image('CentOS', '7_9');
const WS2025 = image('WindowsServer', '2025-datacenter-azure-edition');
const WS2022 = image('WindowsServer', '2022-datacenter-azure-edition');
const WS2019 = image('WindowsServer', '2019-datacenter-gensecond');
const WS2016 = image('WindowsServer', '2016-Datacenter');
const SQL2022 = image('sql2022-ws2022', 'enterprise-gen2');
const SQL2019 = image('sql2019-ws2019', 'standard');

const TL = { secureBoot: true };
const KEYS = { password: false, sshKey: true };
const HARDENED: ExtensionTag[] = ['AMA', 'GA', 'GC', 'MDE'];
/** Where a VM sits: its subscription, resource group and subnet. */
const DEV_APP = { env: 'dev', resourceGroup: 'rg-dev-workloads', subnet: 'snet-app' } as const;
const DEV_DB = { env: 'dev', resourceGroup: 'rg-dev-workloads', subnet: 'snet-db' } as const;
const DEV_WEB = { env: 'dev', resourceGroup: 'rg-dev-workloads', subnet: 'snet-web' } as const;
const PROD_APP = { env: 'prod', resourceGroup: 'rg-prod-app', subnet: 'snet-app' } as const;
const PROD_DB = { env: 'prod', resourceGroup: 'rg-prod-db', subnet: 'snet-db' } as const;
const PROD_NVA = { env: 'prod', resourceGroup: 'rg-prod-network', subnet: 'snet-nva' } as const;
const PROD_WEB = { env: 'prod', resourceGroup: 'rg-prod-web', subnet: 'snet-web' } as const;

const PLATFORM = { encryption: 'platform', data: [] } as const;
const CMK = (...data: number[]) => ({ encryption: 'cmk' as const, data });

export const VMS: readonly DemoVm[] = [
  // contoso-prod, web tier: four Linux nodes behind lb-prod-web, one legacy node, one Windows box.
  {
    name: 'vm-prod-web-01',
    ...PROD_WEB,
    image: UBUNTU_2204,
    size: 'Standard_D2s_v5',
    zone: '1',
    trustedLaunch: TL,
    login: { password: true, sshKey: false },
    extensions: ['AMA'],
    disks: PLATFORM,
    loadBalancer: { natFrontendPort: 50022 },
    asg: 'web',
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-prod-web-02',
    ...PROD_WEB,
    image: UBUNTU_2204,
    size: 'Standard_D2s_v5',
    zone: '2',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    loadBalancer: {},
    asg: 'web',
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-web-03',
    ...PROD_WEB,
    image: RHEL_9,
    size: 'Standard_D2s_v5',
    zone: '3',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    loadBalancer: {},
    asg: 'web',
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-web-04',
    ...PROD_WEB,
    image: WS2022,
    size: 'Standard_D4s_v5',
    trustedLaunch: TL,
    encryptionAtHost: false,
    extensions: HARDENED,
    disks: PLATFORM,
    publicIp: 'Basic',
    nicNsg: 'vm-prod-web-04-nsg',
    patchMode: 'AutomaticByOS',
    hybridBenefit: true,
  },
  {
    name: 'vm-prod-web-05',
    ...PROD_WEB,
    image: UBUNTU_2404,
    size: 'Standard_D2s_v5',
    zone: '1',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    loadBalancer: {},
    asg: 'web',
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-web-06',
    ...PROD_WEB,
    image: UBUNTU_2404,
    size: 'Standard_D2s_v5',
    zone: '2',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    failed: ['GA'],
    disks: PLATFORM,
    loadBalancer: {},
    asg: 'web',
    patchMode: 'AutomaticByPlatform',
  },
  // contoso-prod, app tier: JIT on three, Entra ID sign-in on two, ADE on the one older VM.
  {
    name: 'vm-prod-app-01',
    ...PROD_APP,
    image: UBUNTU_2204,
    size: 'Standard_D4s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: [...HARDENED, 'Entra'],
    disks: { encryption: 'platform', data: [256] },
    asg: 'app',
    jitPorts: [22],
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-app-02',
    ...PROD_APP,
    image: UBUNTU_2204,
    size: 'Standard_D4s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: [...HARDENED, 'Entra'],
    disks: PLATFORM,
    asg: 'app',
    jitPorts: [22],
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-prod-app-03',
    ...PROD_APP,
    image: WS2022,
    size: 'Standard_D4s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    asg: 'app',
    jitPorts: [3389, 5986],
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-app-04',
    ...PROD_APP,
    image: RHEL_8,
    size: 'Standard_D4s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    asg: 'app',
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-app-05',
    ...PROD_APP,
    image: DEBIAN_12,
    size: 'Standard_D2s_v5',
    trustedLaunch: TL,
    login: KEYS,
    extensions: ['AMA'],
    disks: PLATFORM,
    asg: 'app',
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-prod-app-06',
    ...PROD_APP,
    image: WS2019,
    size: 'Standard_D4s_v5',
    extensions: ['AMA', 'MDE', 'ADE'],
    disks: { encryption: 'platform', data: [512] },
    patchMode: 'Manual',
    hybridBenefit: true,
  },
  {
    name: 'vm-prod-app-07',
    ...PROD_APP,
    image: WS2025,
    size: 'Standard_D2s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    identity: true,
    extensions: HARDENED,
    disks: PLATFORM,
    asg: 'app',
    patchMode: 'AutomaticByPlatform',
  },
  // contoso-prod, database tier: customer-managed keys (one VM forgot), all backed up, JIT on two.
  {
    name: 'vm-prod-db-01',
    ...PROD_DB,
    image: SQL2022,
    size: 'Standard_E4s_v5',
    zone: '1',
    trustedLaunch: TL,
    encryptionAtHost: true,
    identity: true,
    extensions: HARDENED,
    disks: CMK(512, 256),
    jitPorts: [3389],
    backup: true,
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-db-02',
    ...PROD_DB,
    image: SQL2022,
    size: 'Standard_E4s_v5',
    zone: '2',
    trustedLaunch: TL,
    encryptionAtHost: true,
    identity: true,
    extensions: HARDENED,
    disks: CMK(512, 256),
    jitPorts: [3389],
    backup: true,
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-prod-db-03',
    ...PROD_DB,
    image: SQL2022,
    size: 'Standard_E8ds_v5',
    zone: '3',
    trustedLaunch: { secureBoot: false },
    encryptionAtHost: false,
    identity: true,
    extensions: ['AMA', 'GC', 'MDE'],
    disks: CMK(1024),
    backup: true,
    patchMode: 'Manual',
  },
  {
    name: 'vm-prod-db-04',
    ...PROD_DB,
    image: UBUNTU_2004,
    size: 'Standard_E4s_v5',
    trustedLaunch: TL,
    login: KEYS,
    identity: true,
    extensions: HARDENED,
    disks: { encryption: 'platform', data: [1024] },
    backup: true,
    upperCaseDiskIds: true,
    patchMode: 'AutomaticByPlatform',
  },
  // contoso-prod, network virtual appliance: forwards traffic, public address, NIC NSG only.
  {
    name: 'vm-prod-nva-01',
    ...PROD_NVA,
    image: DEBIAN_12,
    size: 'Standard_F4s_v2',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    extensions: ['AMA', 'MDE'],
    disks: PLATFORM,
    publicIp: 'Standard',
    nicNsg: 'vm-prod-nva-01-nsg',
    ipForwarding: true,
    patchMode: 'ImageDefault',
  },
  // contoso-dev: looser everywhere, Defender for Servers off.
  {
    name: 'vm-dev-web-01',
    ...DEV_WEB,
    image: UBUNTU_2404,
    size: 'Standard_B2ms',
    trustedLaunch: TL,
    login: KEYS,
    extensions: ['AMA'],
    disks: { encryption: 'platform', data: [], publicOsDisk: true },
    publicIp: 'Standard',
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-web-02',
    ...DEV_WEB,
    image: WS2022,
    size: 'Standard_B2ms',
    trustedLaunch: TL,
    extensions: [],
    disks: PLATFORM,
    publicIp: 'Basic',
    nicNsg: 'vm-dev-web-02-nsg',
    patchMode: 'AutomaticByOS',
  },
  {
    name: 'vm-dev-web-03',
    ...DEV_WEB,
    image: UBUNTU_2204,
    size: 'Standard_B2s',
    login: KEYS,
    extensions: [],
    disks: PLATFORM,
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-app-01',
    ...DEV_APP,
    image: UBUNTU_2204,
    size: 'Standard_B2ms',
    trustedLaunch: TL,
    login: KEYS,
    extensions: ['AMA'],
    disks: PLATFORM,
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-app-02',
    ...DEV_APP,
    image: UBUNTU_2004,
    size: 'Standard_B2s',
    trustedLaunch: TL,
    login: { password: true, sshKey: true },
    identity: true,
    extensions: [],
    disks: PLATFORM,
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-app-03',
    ...DEV_APP,
    image: WS2019,
    size: 'Standard_B2ms',
    trustedLaunch: TL,
    encryptionAtHost: false,
    extensions: [],
    disks: PLATFORM,
    nicNsg: 'vm-dev-app-03-nsg',
    patchMode: 'AutomaticByOS',
  },
  {
    name: 'vm-dev-app-04',
    ...DEV_APP,
    image: RHEL_9,
    size: 'Standard_D2s_v5',
    trustedLaunch: TL,
    encryptionAtHost: true,
    login: KEYS,
    identity: true,
    extensions: ['AMA', 'GA', 'GC'],
    disks: PLATFORM,
    patchMode: 'AutomaticByPlatform',
  },
  {
    name: 'vm-dev-app-05',
    ...DEV_APP,
    image: UBUNTU_2204,
    size: 'Standard_D2s_v5',
    trustedLaunch: TL,
    login: KEYS,
    identity: true,
    extensions: ['AMA'],
    disks: PLATFORM,
    deallocated: true,
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-app-06',
    ...DEV_APP,
    image: WS2016,
    size: 'Standard_B2ms',
    extensions: [],
    disks: PLATFORM,
    patchMode: 'AutomaticByOS',
  },
  {
    name: 'vm-dev-db-01',
    ...DEV_DB,
    image: UBUNTU_1804,
    size: 'Standard_B2s',
    login: KEYS,
    extensions: [],
    disks: { encryption: 'platform', data: [], unmanaged: true },
    patchMode: 'ImageDefault',
  },
  {
    name: 'vm-dev-db-02',
    ...DEV_DB,
    image: SQL2019,
    size: 'Standard_DS2_v2',
    extensions: [],
    disks: { encryption: 'platform', data: [256] },
    patchMode: 'Manual',
  },
  {
    name: 'vm-dev-db-03',
    ...DEV_DB,
    image: CENTOS_7,
    size: 'Standard_B2s',
    login: KEYS,
    extensions: [],
    disks: PLATFORM,
    patchMode: 'ImageDefault',
  },
];

/** Defender's own verdicts exported with the snapshot (`Microsoft.Security/assessments` on the VM). */
export const DEFENDER_ASSESSMENTS: readonly {
  vm: string;
  kind: AssessmentKind;
  status: 'Healthy' | 'Unhealthy';
}[] = [
  { vm: 'vm-prod-web-01', kind: 'jit', status: 'Unhealthy' },
  { vm: 'vm-prod-web-01', kind: 'sshKeys', status: 'Unhealthy' },
  { vm: 'vm-prod-web-02', kind: 'sshKeys', status: 'Healthy' },
  { vm: 'vm-prod-web-02', kind: 'systemUpdates', status: 'Healthy' },
  { vm: 'vm-prod-app-01', kind: 'jit', status: 'Healthy' },
  { vm: 'vm-prod-app-02', kind: 'systemUpdates', status: 'Unhealthy' },
  { vm: 'vm-prod-db-01', kind: 'vulnerabilityAssessment', status: 'Healthy' },
  { vm: 'vm-prod-db-03', kind: 'encryptionAtHost', status: 'Unhealthy' },
  { vm: 'vm-prod-nva-01', kind: 'ipForwarding', status: 'Unhealthy' },
  { vm: 'vm-dev-app-01', kind: 'vulnerabilityAssessment', status: 'Unhealthy' },
];

export interface DefenderPlan {
  name: string;
  tier: 'Free' | 'Standard';
  subPlan?: string;
  /** Plan extensions as the pricings API lists them (isEnabled is a string there). */
  extensions?: { name: string; isEnabled: boolean; additionalExtensionProperties?: JsonObject }[];
}

/** Defender for Cloud plans per subscription: Servers Plan 2 in prod, Servers off in dev. */
export const DEFENDER_PLANS: Record<Env, readonly DefenderPlan[]> = {
  prod: [
    {
      name: 'VirtualMachines',
      tier: 'Standard',
      subPlan: 'P2',
      extensions: [
        { name: 'MdeDesignatedSubscription', isEnabled: false },
        {
          name: 'AgentlessVmScanning',
          isEnabled: true,
          additionalExtensionProperties: { ExclusionTags: '[]' },
        },
      ],
    },
    { name: 'SqlServerVirtualMachines', tier: 'Standard' },
    {
      name: 'StorageAccounts',
      tier: 'Standard',
      subPlan: 'DefenderForStorageV2',
      extensions: [
        {
          name: 'OnUploadMalwareScanning',
          isEnabled: true,
          additionalExtensionProperties: { capGBPerMonthPerStorageAccount: 5000 },
        },
        { name: 'SensitiveDataDiscovery', isEnabled: true },
      ],
    },
    { name: 'KeyVaults', tier: 'Standard', subPlan: 'PerKeyVault' },
    { name: 'Arm', tier: 'Standard' },
    {
      name: 'CloudPosture',
      tier: 'Standard',
      extensions: [
        {
          name: 'AgentlessVmScanning',
          isEnabled: true,
          additionalExtensionProperties: { ExclusionTags: '[]' },
        },
        { name: 'SensitiveDataDiscovery', isEnabled: true },
      ],
    },
    { name: 'SqlServers', tier: 'Free' },
    { name: 'AppServices', tier: 'Free' },
    { name: 'Containers', tier: 'Free' },
  ],
  dev: [
    { name: 'VirtualMachines', tier: 'Free' },
    { name: 'SqlServerVirtualMachines', tier: 'Free' },
    {
      name: 'StorageAccounts',
      tier: 'Standard',
      subPlan: 'DefenderForStorageV2',
      extensions: [{ name: 'SensitiveDataDiscovery', isEnabled: false }],
    },
    { name: 'KeyVaults', tier: 'Free' },
    { name: 'Arm', tier: 'Free' },
    { name: 'CloudPosture', tier: 'Free' },
  ],
};
