import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ESTATE_RESOURCE_TYPES,
  estateResources,
  generateEstate,
  runCli,
} from '../../bench/estate/generate.ts';
import {
  type SnapshotFormat,
  toResourceGraphRow,
  writeSnapshot,
} from '../../bench/estate/snapshot-format.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import { danglingReferences } from './arm-references.ts';

// biome-ignore lint/suspicious/noExplicitAny: test code walks arbitrary ARM JSON
type Any = any;

const estate1k = generateEstate({ resources: 1000, seed: 1 });
const byType = (resources: readonly Resource[], type: string): Any[] =>
  resources.filter((r) => r.type.toLowerCase() === type.toLowerCase());
const idSet = (resources: readonly Resource[]) => new Set(resources.map((r) => r.id.toLowerCase()));

describe('generateEstate: determinism', () => {
  it('gives the same estate for the same seed and size', () => {
    const a = JSON.stringify(generateEstate({ resources: 3000, seed: 42 }));
    const b = JSON.stringify(generateEstate({ resources: 3000, seed: 42 }));
    expect(a).toBe(b);
  });

  it('gives a different estate for a different seed', () => {
    const a = generateEstate({ resources: 500, seed: 1 });
    const b = generateEstate({ resources: 500, seed: 2 });
    expect(a.map((r) => r.id)).not.toEqual(b.map((r) => r.id));
  });

  it('streams exactly what generateEstate returns', () => {
    expect([...estateResources({ resources: 700, seed: 9 })]).toEqual(
      generateEstate({ resources: 700, seed: 9 }),
    );
  });
});

describe('generateEstate: size and options', () => {
  it.each([
    { resources: 40, subscriptions: 1 },
    { resources: 1000, subscriptions: undefined },
    { resources: 4321, subscriptions: 3 },
    { resources: 30_000, subscriptions: undefined },
  ])(
    'emits exactly $resources resources with unique ids ($subscriptions subscriptions)',
    ({ resources, subscriptions }) => {
      const estate = generateEstate({ resources, seed: 5, ...(subscriptions ? { subscriptions } : {}) });
      expect(estate).toHaveLength(resources);
      expect(idSet(estate).size).toBe(resources);
    },
  );

  it('spreads a large estate over one subscription per 25,000 resources by default', () => {
    const subscriptions = byType(
      generateEstate({ resources: 40_000, seed: 3 }),
      'Microsoft.Resources/subscriptions',
    );
    expect(subscriptions).toHaveLength(2);
  });

  it.each([
    [{ resources: 0 }, /"resources" must be a whole number >= 1, got 0/],
    [{ resources: 12.5 }, /"resources" must be a whole number/],
    [{ resources: 100, subscriptions: 0 }, /"subscriptions" must be a whole number >= 1/],
    [{ resources: 100, seed: -1 }, /"seed" must be a whole number >= 0/],
    [{ resources: 10 }, /"resources" must be at least \d+ for 1 subscription/],
  ])('rejects %j', (options, message) => {
    expect(() => generateEstate(options)).toThrow(message);
  });
});

describe('generateEstate: referential integrity', () => {
  it.each([
    [1000, 1],
    [5000, 77],
  ])('every ARM id referenced in a %i-resource estate (seed %i) exists in it', (resources, seed) => {
    const dangling = danglingReferences(generateEstate({ resources, seed, subscriptions: 2 }));
    expect(dangling.slice(0, 5)).toEqual([]);
  });

  const ids = idSet(estate1k);
  const subnetIds = new Set(
    byType(estate1k, 'Microsoft.Network/virtualNetworks').flatMap((v) =>
      v.properties.subnets.map((s: Any) => s.id.toLowerCase()),
    ),
  );

  it('VM NICs and disks exist, and each disk is managed by the VM that uses it', () => {
    const vms = byType(estate1k, 'Microsoft.Compute/virtualMachines');
    const disks = new Map(byType(estate1k, 'Microsoft.Compute/disks').map((d) => [d.id.toLowerCase(), d]));
    expect(vms.length).toBeGreaterThan(50);
    for (const vm of vms) {
      for (const nic of vm.properties.networkProfile.networkInterfaces)
        expect(ids).toContain(nic.id.toLowerCase());
      const storage = vm.properties.storageProfile;
      const managed = storage.osDisk.vhd ? storage.dataDisks : [storage.osDisk, ...storage.dataDisks];
      for (const ref of managed) {
        const used = disks.get(ref.managedDisk.id.toLowerCase());
        expect(used, ref.managedDisk.id).toBeDefined();
        expect(used.managedBy.toLowerCase()).toBe(vm.id.toLowerCase());
      }
    }
  });

  it('NIC subnets, NSGs and public IPs exist, and each NIC points back at its VM', () => {
    for (const nic of byType(estate1k, 'Microsoft.Network/networkInterfaces')) {
      const ipConfig = nic.properties.ipConfigurations[0].properties;
      expect(subnetIds).toContain(ipConfig.subnet.id.toLowerCase());
      if (ipConfig.publicIPAddress) expect(ids).toContain(ipConfig.publicIPAddress.id.toLowerCase());
      if (nic.properties.networkSecurityGroup)
        expect(ids).toContain(nic.properties.networkSecurityGroup.id.toLowerCase());
      expect(ids).toContain(nic.properties.virtualMachine.id.toLowerCase());
    }
  });

  it('subnet NSGs exist and list the subnets that use them', () => {
    const nsgs = new Map(
      byType(estate1k, 'Microsoft.Network/networkSecurityGroups').map((n) => [n.id.toLowerCase(), n]),
    );
    let associated = 0;
    for (const vnet of byType(estate1k, 'Microsoft.Network/virtualNetworks')) {
      for (const subnet of vnet.properties.subnets) {
        if (!subnet.properties.networkSecurityGroup) continue;
        associated++;
        const nsg = nsgs.get(subnet.properties.networkSecurityGroup.id.toLowerCase());
        expect(nsg, subnet.properties.networkSecurityGroup.id).toBeDefined();
        expect(nsg.properties.subnets.map((s: Any) => s.id)).toContain(subnet.id);
      }
    }
    expect(associated).toBeGreaterThan(5);
  });

  it('ARM quirk kept: some VMs refer to their disks with the resource group upper-cased', () => {
    const exactIds = new Set(estate1k.map((r) => r.id));
    const quirky = byType(estate1k, 'Microsoft.Compute/virtualMachines')
      .flatMap((vm) => vm.properties.storageProfile.osDisk.managedDisk?.id ?? [])
      .filter((diskId: string) => !exactIds.has(diskId));
    expect(quirky.length).toBeGreaterThan(0);
    for (const diskId of quirky) {
      expect(ids).toContain(diskId.toLowerCase());
      expect(diskId).toMatch(/\/resourceGroups\/RG-[A-Z0-9-]+\//);
    }
  });
});

describe('generateEstate: realism', () => {
  it('emits every resource type by 1,000 resources', () => {
    const types = new Set(estate1k.map((r) => r.type));
    expect([...types].sort()).toEqual([...ESTATE_RESOURCE_TYPES].sort());
  });

  it('averages 1.2-3.5 KB of compact JSON per resource in ARM and Resource Graph form', () => {
    const estate = generateEstate({ resources: 20_000, seed: 11 });
    const arm = estate.reduce((sum, r) => sum + JSON.stringify(r).length, 0) / estate.length;
    const arg =
      estate.reduce((sum, r) => sum + JSON.stringify(toResourceGraphRow(r, 't')).length, 0) / estate.length;
    expect(arm).toBeGreaterThan(1200);
    expect(arm).toBeLessThan(3500);
    expect(arg).toBeGreaterThan(arm);
    expect(arg).toBeLessThan(3500);
  });

  it('gives subnet NSGs 3-15 rules, with plural fields, wildcard/Internet sources and management ports among them', () => {
    const nsgs = byType(estate1k, 'Microsoft.Network/networkSecurityGroups').filter(
      (n) => n.properties.subnets,
    );
    const rules = nsgs.flatMap((n) => n.properties.securityRules.map((r: Any) => r.properties));
    for (const nsg of nsgs) {
      expect(nsg.properties.securityRules.length).toBeGreaterThanOrEqual(3);
      expect(nsg.properties.securityRules.length).toBeLessThanOrEqual(15);
      expect(nsg.properties.defaultSecurityRules).toHaveLength(6);
    }
    expect(rules.some((r) => r.destinationPortRanges.length > 1)).toBe(true);
    expect(rules.some((r) => r.sourceAddressPrefixes.length > 1)).toBe(true);
    expect(rules.some((r) => ['*', 'Internet'].includes(r.sourceAddressPrefix))).toBe(true);
    expect(rules.some((r) => r.destinationPortRange === '22' || r.destinationPortRanges.includes('22'))).toBe(
      true,
    );
    expect(rules.some((r) => r.sourceApplicationSecurityGroups)).toBe(true);
  });

  // Each row: a setting a policy checks, and the two sides of it that must both occur.
  it.each<[string, (vm: Any) => unknown, unknown[]]>([
    ['OS', (vm) => vm.properties.storageProfile.osDisk.osType, ['Linux', 'Windows']],
    ['encryption at host', (vm) => vm.properties.securityProfile?.encryptionAtHost === true, [true, false]],
    ['secure boot', (vm) => vm.properties.securityProfile?.uefiSettings?.secureBootEnabled, [true, false]],
    ['vTPM', (vm) => vm.properties.securityProfile?.uefiSettings?.vTpmEnabled, [true, false]],
    [
      'security type',
      (vm) => vm.properties.securityProfile?.securityType ?? 'Standard',
      ['TrustedLaunch', 'Standard'],
    ],
    [
      'Linux password authentication',
      (vm) => vm.properties.osProfile.linuxConfiguration?.disablePasswordAuthentication,
      [true, false],
    ],
    ['identity', (vm) => vm.identity?.type ?? 'None', ['SystemAssigned', 'None']],
    [
      'OS disk kind',
      (vm) => (vm.properties.storageProfile.osDisk.vhd ? 'unmanaged' : 'managed'),
      ['managed', 'unmanaged'],
    ],
  ])('VMs vary in %s', (_, read, values) => {
    const seen = new Set(byType(estate1k, 'Microsoft.Compute/virtualMachines').map(read));
    for (const value of values) expect(seen).toContain(value);
  });

  it.each<[string, string, (r: Any) => unknown, unknown[]]>([
    ['public IP SKU', 'Microsoft.Network/publicIPAddresses', (r) => r.sku.name, ['Basic', 'Standard']],
    [
      'NIC IP forwarding',
      'Microsoft.Network/networkInterfaces',
      (r) => r.properties.enableIPForwarding,
      [true, false],
    ],
    [
      'disk encryption',
      'Microsoft.Compute/disks',
      (r) => r.properties.encryption.type,
      ['EncryptionAtRestWithPlatformKey', 'EncryptionAtRestWithCustomerKey'],
    ],
    [
      'disk public access',
      'Microsoft.Compute/disks',
      (r) => r.properties.publicNetworkAccess,
      ['Enabled', 'Disabled'],
    ],
    [
      'Defender plan tier',
      'Microsoft.Security/pricings',
      (r) => r.properties.pricingTier,
      ['Standard', 'Free'],
    ],
    [
      'assessment status',
      'Microsoft.Security/assessments',
      (r) => r.properties.status.code,
      ['Healthy', 'Unhealthy', 'NotApplicable'],
    ],
    [
      'extension type',
      'Microsoft.Compute/virtualMachines/extensions',
      (r) => r.properties.type,
      ['GuestAttestation', 'ConfigurationForLinux', 'AzureMonitorLinuxAgent'],
    ],
  ])('%s varies', (_, type, read, values) => {
    const seen = new Set(byType(estate1k, type).map(read));
    for (const value of values) expect(seen).toContain(value);
  });

  it('uses marketplace images as published, Windows and Linux', () => {
    const images = new Set(
      byType(estate1k, 'Microsoft.Compute/virtualMachines').map((vm) => {
        const i = vm.properties.storageProfile.imageReference;
        return `${i.publisher}/${i.offer}/${i.sku}`;
      }),
    );
    expect(images).toContain('MicrosoftWindowsServer/WindowsServer/2022-datacenter-azure-edition');
    expect(images).toContain('Canonical/0001-com-ubuntu-server-jammy/22_04-lts-gen2');
  });

  it('puts assessments under the VM they assess', () => {
    for (const a of byType(estate1k, 'Microsoft.Security/assessments')) {
      expect(a.id.toLowerCase()).toBe(
        `${a.properties.resourceDetails.id}/providers/Microsoft.Security/assessments/${a.name}`.toLowerCase(),
      );
    }
  });

  it('generates 50,000 resources in well under the time a benchmark can afford', () => {
    const started = performance.now();
    let count = 0;
    for (const _ of estateResources({ resources: 50_000, seed: 1 })) count++;
    expect(count).toBe(50_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('toResourceGraphRow', () => {
  const tenant = 'tenant-guid';
  it('lower-cases type and resource group and adds the Resource Graph columns', () => {
    const vm = byType(estate1k, 'Microsoft.Compute/virtualMachines')[0];
    const row: Any = toResourceGraphRow(vm, tenant);
    expect(row.type).toBe('microsoft.compute/virtualmachines');
    expect(row.resourceGroup).toBe(vm.id.split('/')[4].toLowerCase());
    expect(row.subscriptionId).toBe(vm.id.split('/')[2]);
    expect(row.tenantId).toBe(tenant);
    expect(row.properties.extended.instanceView.powerState.code).toMatch(/^PowerState\//);
    expect(row.properties.hardwareProfile).toEqual(vm.properties.hardwareProfile);
    expect(row).not.toHaveProperty('etag');
  });

  it('files resource groups and subscriptions under resourcecontainers types', () => {
    const rg: Any = toResourceGraphRow(byType(estate1k, 'Microsoft.Resources/resourceGroups')[0], tenant);
    const sub: Any = toResourceGraphRow(byType(estate1k, 'Microsoft.Resources/subscriptions')[0], tenant);
    expect(rg.type).toBe('microsoft.resources/subscriptions/resourcegroups');
    expect(sub.type).toBe('microsoft.resources/subscriptions');
    expect(sub.properties.state).toBe('Enabled');
  });
});

describe('writeSnapshot and the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-estate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const small = generateEstate({ resources: 120, seed: 4 });

  it.each<[SnapshotFormat, (text: string) => Any[]]>([
    ['arg', (t) => JSON.parse(t).data],
    ['arm-list', (t) => JSON.parse(t).value],
    ['array', (t) => JSON.parse(t)],
    [
      'jsonl',
      (t) =>
        t
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
    ],
  ])('writes %s that parses back to the same resources', (format, parse) => {
    const path = join(dir, `estate.${format}`);
    const result = writeSnapshot(path, format, small, small.length);
    const text = readFileSync(path, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    const parsed = parse(text);
    expect(parsed.map((r) => r.id)).toEqual(small.map((r) => r.id));
    if (format === 'arg') {
      const envelope = JSON.parse(text);
      expect(envelope).toMatchObject({ count: 120, skip_token: null, total_records: 120 });
      expect(parsed[0].tenantId).toBe(small[0]?.tenantId);
    } else {
      expect(parsed).toEqual(small);
    }
  });

  it('refuses a count that does not match the resources', () => {
    expect(() => writeSnapshot(join(dir, 'short.json'), 'array', small, 121)).toThrow(
      /expected 121 resources/,
    );
  });

  it('writes a snapshot and picks jsonl from the file extension', () => {
    const path = join(dir, 'cli.jsonl');
    const printed: string[] = [];
    const original = console.log;
    console.log = (text: string) => printed.push(text);
    try {
      expect(runCli(['--resources', '150', '--out', path, '--seed', '3'])).toBe(0);
    } finally {
      console.log = original;
    }
    expect(printed.join('\n')).toMatch(
      /^wrote 150 resources \(jsonl\) to .*cli\.jsonl: .* bytes\/resource on average/,
    );
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(150);
    expect(JSON.parse(lines[0] ?? '{}').type).toBe('Microsoft.Resources/subscriptions');
  });

  it.each([
    [['--out', 'x.json'], /--resources and --out are required/],
    [['--resources', '10k', '--out', 'x.json'], /--resources must be a whole number, got "10k"/],
    [
      ['--resources', '100', '--out', 'x.json', '--format', 'xml'],
      /--format must be one of arg, arm-list, array, jsonl/,
    ],
    [['--resources', '100', '--out', 'x.json', '--colour'], /Unknown option '--colour'/],
  ])('exits 2 with a usage message for %j', (args, message) => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (text: string) => errors.push(text);
    try {
      expect(runCli(args)).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(message);
    expect(errors.join('\n')).toMatch(/^usage: /m);
  });
});
