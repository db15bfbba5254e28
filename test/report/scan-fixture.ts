import type { Evidence, Health, Recommendation } from '../../src/benchmark/types.ts';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource, ResourceOrigin } from '../../src/inventory/resource.ts';
import type { Exemption } from '../../src/posture/exemptions.ts';
import { type ScanReport, scan } from '../../src/posture/scan.ts';
import type { JsonObject } from '../../src/util/json.ts';

/**
 * A small estate scanned with recommendations defined here (the real catalog is someone else's
 * moving target): every finding status, two subscriptions, an exemption and an expired one, and
 * input text a hostile snapshot could carry (formula starts, pipes, line breaks, Markdown, HTML).
 */

export const SUB_A = 'aaaa0000-0000-0000-0000-000000000001';
export const SUB_B = 'bbbb0000-0000-0000-0000-000000000002';
export const NOW = new Date('2026-06-01T00:00:00Z');
export const ESTATE_FILE = 'estate/prod vms#1.json';

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
export const vmId = (name: string, sub = SUB_A) =>
  `/subscriptions/${sub}/resourceGroups/rg-web/providers/${VM_TYPE}/${name}`;

export const VM_A = vmId('vm-a');
export const VM_B = vmId('vm-b');
/** Read from standard input: no file to point at. */
export const VM_C = vmId('vm-c', SUB_B);
/** Added without an origin. */
export const VM_D = vmId('vm-d', SUB_B);
/** A name a hostile snapshot might use. */
export const VM_HOSTILE = vmId('=cmd|pipe');

export const HOSTILE_NOTE =
  '=HYPERLINK("http://evil.example")|x\n**bold** <img src=x> [link](http://evil.example) `tick`';

interface VmSpec {
  id: string;
  encryptionAtHost?: boolean;
  openPorts?: number[];
  note?: string;
  origin?: ResourceOrigin;
}

const VMS: VmSpec[] = [
  {
    id: VM_A,
    encryptionAtHost: false,
    openPorts: [22, 3389],
    origin: { file: ESTATE_FILE, line: 3, pointer: '/value/0' },
  },
  {
    id: VM_B,
    encryptionAtHost: true,
    openPorts: [22],
    origin: { file: ESTATE_FILE, line: 41, pointer: '/value/1' },
  },
  { id: VM_C, encryptionAtHost: true, openPorts: [], origin: { file: '-', pointer: '/0' } },
  { id: VM_D, openPorts: [] },
  { id: VM_HOSTILE, encryptionAtHost: true, note: HOSTILE_NOTE, origin: { file: ESTATE_FILE, line: 80 } },
];

function vm(spec: VmSpec): Resource {
  const properties: JsonObject = {};
  if (spec.encryptionAtHost !== undefined)
    properties.securityProfile = { encryptionAtHost: spec.encryptionAtHost };
  if (spec.openPorts) properties.openPorts = spec.openPorts;
  return {
    id: spec.id,
    name: spec.id.slice(spec.id.lastIndexOf('/') + 1),
    type: VM_TYPE,
    location: 'westeurope',
    tags: spec.note ? { note: spec.note } : {},
    properties,
  };
}

function analyzer(judge: (r: Resource) => { health: Health; evidence: Evidence[] }): Recommendation['check'] {
  return {
    kind: 'analyzer',
    analyze: () => judge,
  };
}

const props = (r: Resource) => r.properties as JsonObject;

export const RECOMMENDATIONS: Recommendation[] = [
  {
    id: 'vm-encryption-at-host',
    title: 'Virtual machines should enable encryption at host',
    severity: 'Medium',
    mcsb: ['DP-4'],
    control: 'enable-encryption-at-rest',
    assessmentKey: 'efbbd784-656d-473a-9863-ea7693bfcd2a',
    stage: 'ga',
    description:
      'Temp disks and disk caches are not encrypted by server-side encryption; encryption at host covers them.',
    remediation: {
      portal: 'Stop the VM, open Disks > Additional settings, set Encryption at host to Yes.',
      cli: 'az vm update -g <resource-group> -n <vm-name> --set securityProfile.encryptionAtHost=true',
      template: 'properties.securityProfile.encryptionAtHost: true',
    },
    resourceTypes: [VM_TYPE],
    check: analyzer((r) => {
      const value = (props(r).securityProfile as JsonObject | undefined)?.encryptionAtHost;
      if (value === undefined)
        return { health: 'notApplicable', evidence: [{ message: 'The VM has no security profile.' }] };
      return {
        health: value === true ? 'healthy' : 'unhealthy',
        evidence: [
          {
            message: value === true ? 'Encryption at host is on.' : 'Encryption at host is off.',
            field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost',
            expected: true,
            actual: value,
          },
        ],
      };
    }),
  },
  {
    id: 'vm-management-ports-closed',
    title: 'Management ports of virtual machines should be closed',
    severity: 'High',
    mcsb: ['NS-1', 'PA-7'],
    control: 'secure-management-ports',
    stage: 'ga',
    description: 'Open SSH and RDP ports let attackers brute-force credentials from the internet.',
    remediation: {
      portal:
        'Open the network security group and delete the rules allowing ports 22 and 3389 from Internet.',
      cli: 'az network nsg rule delete -g <resource-group> --nsg-name <nsg> -n <rule>\n# then check: ```none```',
    },
    resourceTypes: [VM_TYPE],
    check: analyzer((r) => {
      const ports = (props(r).openPorts as number[] | undefined) ?? [];
      return {
        health: ports.length > 0 ? 'unhealthy' : 'healthy',
        evidence: ports.map((port) => ({
          message: `Port ${port} is reachable from the internet.`,
          resourceId: `/subscriptions/${SUB_A}/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/nsg-web/securityRules/allow-${port}`,
        })),
      };
    }),
  },
  {
    id: 'vm-notes-reviewed',
    title: 'Virtual machine notes should be reviewed | preview',
    severity: 'Low',
    mcsb: ['GS-1'],
    control: 'implement-security-best-practices',
    stage: 'preview',
    description: 'A preview check whose evidence quotes input text verbatim.',
    remediation: { portal: 'Review the *note* tag & <remove> it.' },
    resourceTypes: [VM_TYPE],
    check: analyzer((r) => {
      const note = (r.tags as JsonObject | undefined)?.note;
      return typeof note === 'string'
        ? { health: 'unhealthy', evidence: [{ message: note }] }
        : { health: 'notApplicable', evidence: [{ message: 'No note tag.' }] };
    }),
  },
  {
    id: 'disk-network-access',
    title: 'Managed disks should disable public network access',
    severity: 'Medium',
    mcsb: ['NS-2'],
    control: 'restrict-unauthorized-network-access',
    stage: 'ga',
    description: 'A disk export URL reachable from any network can leak the whole disk.',
    remediation: { portal: 'Open the disk, Networking, choose Disable public and private access.' },
    resourceTypes: ['Microsoft.Compute/disks'],
    check: { kind: 'analyzer', analyze: () => () => ({ health: 'notApplicable', evidence: [] }) },
  },
];

export const EXEMPTIONS: Exemption[] = [
  {
    name: 'bastion-planned',
    id: `${VM_B}/providers/Microsoft.Authorization/policyExemptions/bastion-planned`,
    scope: VM_B.toLowerCase(),
    recommendations: ['vm-management-ports-closed'],
    category: 'Waiver',
    expiresOn: '2026-09-30T00:00:00Z',
    description: 'Bastion | planned for Q3',
  },
  {
    name: 'old-waiver',
    id: `/subscriptions/${SUB_B}/providers/Microsoft.Authorization/policyExemptions/old-waiver`,
    scope: `/subscriptions/${SUB_B}`,
    recommendations: [],
    category: 'Mitigated',
    expiresOn: '2026-01-01T00:00:00Z',
  },
];

/**
 * The estate above, scanned; then, by hand, what analyzers cannot produce: an error finding (a
 * check that could not evaluate a resource) and a recommendation that could not run.
 */
export function sampleReport(): ScanReport {
  const inventory = new Inventory();
  for (const spec of VMS) inventory.add(vm(spec), spec.origin);
  const report = scan(inventory, { recommendations: RECOMMENDATIONS, exemptions: EXEMPTIONS, now: NOW });
  const failed = report.findings.find(
    (f) => f.recommendationId === 'vm-encryption-at-host' && f.resourceId === VM_D,
  )!;
  failed.status = 'error';
  failed.evidence = [];
  failed.error = "cannot resolve [parameters('effect')]";
  report.errors.push({ recommendationId: 'disk-network-access', message: '/parameters/effect: not allowed' });
  return report;
}

export function emptyReport(): ScanReport {
  return scan(new Inventory(), { recommendations: [], now: NOW });
}
