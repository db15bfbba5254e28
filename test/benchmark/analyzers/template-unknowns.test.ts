import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/posture/findings.ts';
import { scan } from '../../../src/posture/scan.ts';
import { expandTemplate } from '../../../src/sources/template/expand.ts';
import { templateInventory } from '../../../src/sources/template/inventory.ts';

/**
 * The network analyzers on ARM templates whose NSG values are known only at deployment (a
 * `reference()`; src/util/unknown.ts): a rule that could decide the verdict makes it `unknown`,
 * with evidence naming the expression; a rule that cannot decide it leaves the verdict alone.
 */

const NOW = new Date('2026-06-01T00:00:00Z');
const JUMPBOX = "[reference('jumpbox-pip').ipAddress]";
const FLAG = "[if(reference('settings').openSsh, 'Allow', 'Deny')]";
const NSG_ID = "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-web')]";

interface RuleSpec {
  name: string;
  priority: number | string;
  access?: string;
  source?: string;
  port?: string;
}

const rule = (r: RuleSpec) => ({
  name: r.name,
  properties: {
    priority: r.priority,
    direction: 'Inbound',
    access: r.access ?? 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefix: r.source ?? '*',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: r.port ?? '22',
  },
});

/** A VM with a Standard public IP behind one NIC NSG holding `rules`; `nicNsg` replaces the NIC's association. */
function template(
  rules: unknown,
  nicNsg: unknown = { id: NSG_ID },
  forwarding: unknown = false,
  publicIp: unknown = { id: "[resourceId('Microsoft.Network/publicIPAddresses', 'pip-web')]" },
  subnetNsg?: unknown,
  subnet: unknown = {
    id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-web', 'snet-web')]",
  },
) {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources: [
      {
        type: 'Microsoft.Network/networkSecurityGroups',
        apiVersion: '2023-09-01',
        name: 'nsg-web',
        location: 'westeurope',
        properties: { securityRules: rules },
      },
      {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet-web',
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
          subnets: [
            {
              name: 'snet-web',
              properties: {
                addressPrefix: '10.1.0.0/24',
                ...(subnetNsg === undefined ? {} : { networkSecurityGroup: subnetNsg }),
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.Network/publicIPAddresses',
        apiVersion: '2023-09-01',
        name: 'pip-web',
        location: 'westeurope',
        sku: { name: 'Standard' },
        properties: { publicIPAllocationMethod: 'Static' },
      },
      {
        type: 'Microsoft.Network/networkInterfaces',
        apiVersion: '2023-09-01',
        name: 'nic-web',
        location: 'westeurope',
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: {
                subnet,
                privateIPAllocationMethod: 'Static',
                privateIPAddress: '10.1.0.4',
                publicIPAddress: publicIp,
              },
            },
          ],
          networkSecurityGroup: nicNsg,
          enableIPForwarding: forwarding,
        },
      },
      // JIT for another VM: the template holds JIT policies, so jit-management-ports is assessed
      // (without any it is not, see Recommendation.requires) and vm-web's ports are its own.
      {
        type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
        apiVersion: '2020-01-01',
        name: 'westeurope/default',
        kind: 'Basic',
        properties: {
          virtualMachines: [
            {
              id: "[resourceId('Microsoft.Compute/virtualMachines', 'vm-other')]",
              ports: [
                {
                  number: 22,
                  protocol: '*',
                  allowedSourceAddressPrefix: '*',
                  maxRequestAccessDuration: 'PT3H',
                },
              ],
            },
          ],
        },
      },
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2023-09-01',
        name: 'vm-web',
        location: 'westeurope',
        properties: {
          hardwareProfile: { vmSize: 'Standard_B2s' },
          networkProfile: {
            networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', 'nic-web')]" }],
          },
        },
      },
    ],
  };
}

const ANALYZERS = [
  'vm-ip-forwarding-disabled',
  'management-ports-closed',
  'jit-management-ports',
  'vm-nsg-rules-restrict-any-internet',
  'internet-facing-vm-nsg',
  'non-internet-facing-vm-nsg',
] as const;

function findings(document: object): Map<string, Finding> {
  const expansion = expandTemplate(JSON.stringify(document), 'web.json', { context: { now: NOW } });
  expect(expansion.errors).toEqual([]);
  const report = scan(templateInventory(expansion), { now: NOW });
  return new Map(
    report.findings
      .filter((f) => f.resourceId.toLowerCase().endsWith('/virtualmachines/vm-web'))
      .map((f) => [f.recommendationId, f]),
  );
}

interface Case {
  name: string;
  rules: unknown;
  nicNsg?: unknown;
  forwarding?: unknown;
  publicIp?: unknown;
  subnetNsg?: unknown;
  subnet?: unknown;
  expect: Record<(typeof ANALYZERS)[number], string>;
  /** The expression the evidence of every `unknown` verdict names. */
  names?: string;
}

/** An internet-facing VM whose NIC NSG decides everything: the verdicts with nothing unknown. */
const PROTECTED: Case['expect'] = {
  'vm-ip-forwarding-disabled': 'healthy',
  'management-ports-closed': 'healthy',
  'jit-management-ports': 'healthy',
  'vm-nsg-rules-restrict-any-internet': 'healthy',
  'internet-facing-vm-nsg': 'healthy',
  'non-internet-facing-vm-nsg': 'notApplicable',
};

/** A rule that may open a management port to the internet, or not. */
const PORTS_UNKNOWN: Case['expect'] = {
  ...PROTECTED,
  'management-ports-closed': 'unknown',
  'jit-management-ports': 'unknown',
  'vm-nsg-rules-restrict-any-internet': 'unknown',
};

const CASES: Case[] = [
  {
    name: 'SSH allowed from an address known only at deployment: every port verdict is unknown',
    rules: [rule({ name: 'ssh-from-jumpbox', priority: 100, source: JUMPBOX })],
    expect: PORTS_UNKNOWN,
    names: JUMPBOX,
  },
  {
    name: "SSH from everywhere whose access is known only at deployment: 'Allow' or 'Deny'",
    rules: [rule({ name: 'ssh', priority: 100, access: FLAG })],
    expect: PORTS_UNKNOWN,
    names: FLAG,
  },
  {
    name: 'a deny of SSH whose priority is unknown, beside an allow of SSH: it may come first or not',
    rules: [
      rule({ name: 'deny-ssh', priority: "[reference('settings').priority]", access: 'Deny' }),
      rule({ name: 'allow-ssh', priority: 200 }),
    ],
    expect: PORTS_UNKNOWN,
    names: "[reference('settings').priority]",
  },
  {
    name: 'the whole rule list known only at deployment',
    rules: "[reference('policy').rules]",
    expect: PORTS_UNKNOWN,
    names: "[reference('policy').rules]",
  },
  {
    name: "the NIC's NSG known only at deployment: whether any NSG filters it is unknown",
    rules: [],
    nicNsg: "[reference('settings').nsg]",
    expect: { ...PORTS_UNKNOWN, 'internet-facing-vm-nsg': 'unknown' },
    names: "[reference('settings').nsg]",
  },
  {
    name: 'an unknown source on port 8080 cannot open a management port, but may open 8080 to all',
    rules: [rule({ name: 'app-from-partner', priority: 100, source: JUMPBOX, port: '8080' })],
    expect: { ...PROTECTED, 'vm-nsg-rules-restrict-any-internet': 'unknown' },
    names: JUMPBOX,
  },
  {
    name: 'a known deny of every source decides before the unknown rule: healthy',
    rules: [
      rule({ name: 'deny-all', priority: 100, access: 'Deny', port: '*' }),
      rule({ name: 'ssh-from-jumpbox', priority: 200, source: JUMPBOX }),
    ],
    expect: PROTECTED,
  },
  {
    name: 'a known allow of SSH from everywhere decides before the unknown rule: unhealthy',
    rules: [
      rule({ name: 'ssh-open', priority: 100 }),
      rule({ name: 'rdp-from-jumpbox', priority: 200, source: JUMPBOX, port: '3389' }),
    ],
    expect: {
      ...PROTECTED,
      'management-ports-closed': 'unhealthy',
      'jit-management-ports': 'unhealthy',
      'vm-nsg-rules-restrict-any-internet': 'unhealthy',
    },
  },
  {
    name: "a NIC's IP forwarding known only at deployment",
    rules: [rule({ name: 'deny-all', priority: 100, access: 'Deny', port: '*' })],
    forwarding: "[reference('settings').routing]",
    expect: { ...PROTECTED, 'vm-ip-forwarding-disabled': 'unknown' },
    names: "[reference('settings').routing]",
  },
  {
    name: "the NIC's public IP known only at deployment: whether the VM faces the internet is unknown",
    rules: [rule({ name: 'deny-all', priority: 100, access: 'Deny', port: '*' })],
    publicIp: "[reference('settings').publicIp]",
    expect: { ...PROTECTED, 'internet-facing-vm-nsg': 'unknown', 'non-internet-facing-vm-nsg': 'unknown' },
    names: "[reference('settings').publicIp]",
  },
  {
    name: "the subnet's NSG known only at deployment: port verdicts unknown, the NIC's NSG covers it",
    rules: [],
    subnetNsg: "[reference('settings').subnetNsg]",
    expect: PORTS_UNKNOWN,
    names: "[reference('settings').subnetNsg]",
  },
  {
    name: "the IP configuration's subnet known only at deployment: which subnet NSG filters it is unknown",
    rules: [],
    subnet: { id: "[reference('settings').subnetId]" },
    expect: PORTS_UNKNOWN,
    names: "[reference('settings').subnetId]",
  },
];

describe('network analyzers on NSG values known only at deployment', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const found = findings(template(c.rules, c.nicNsg, c.forwarding, c.publicIp, c.subnetNsg, c.subnet));
    const statuses = Object.fromEntries(ANALYZERS.map((id) => [id, found.get(id)?.status]));
    expect(statuses).toEqual(c.expect);
    for (const id of ANALYZERS) {
      const finding = found.get(id)!;
      if (finding.status !== 'unknown') continue;
      const evidence = finding.evidence.map((e) => e.message).join('\n');
      expect(evidence, `${id} names the expression`).toContain(c.names);
      expect(finding.evidence.some((e) => JSON.stringify(e.actual ?? null).includes('$vigilUnknown'))).toBe(
        true,
      );
    }
  });
});
