import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoEstate, demoExemptions } from '../../bench/estate/demo.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies } from '../../src/policy/evaluate.ts';
import { loadParameterValues, loadPolicyFiles } from '../../src/policy/load.ts';
import { planPolicies } from '../../src/policy/plan.ts';
import { loadSnapshots } from '../../src/sources/snapshot/load.ts';
import { danglingReferences } from './arm-references.ts';

// biome-ignore lint/suspicious/noExplicitAny: test code walks arbitrary ARM JSON
type Any = any;

const DEMO = new URL('../../demo/', import.meta.url);
const POLICIES = new URL('policies/', DEMO);
const SHARED = new URL('../../../shared/', import.meta.url);
const ALIASES = new URL('corpora/azure-policy/aliases/aliases-derived.json', SHARED);

const read = (name: string): Any => JSON.parse(readFileSync(new URL(name, DEMO), 'utf8'));
const estate: Any = read('estate.json');
const exemptions: Any[] = read('exemptions.json');
const readme = readFileSync(new URL('README.md', DEMO), 'utf8');
const rows: Any[] = estate.data;
const definitionFiles = readdirSync(POLICIES).filter((f) => f.endsWith('.json'));
const definitions: [string, Any][] = definitionFiles.map((f) => [
  f,
  JSON.parse(readFileSync(new URL(f, POLICIES), 'utf8')),
]);

const PROD = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const DEV = '3a7e9c41-2b8d-4f6a-9e1c-5d0b7a3f8e26';

const ofType = (type: string): Any[] => rows.filter((r) => r.type === type);
const byId = new Map<string, Any>(rows.map((r) => [r.id.toLowerCase(), r]));
const find = (id: string | undefined): Any => (id ? byId.get(id.toLowerCase()) : undefined);
const byName = (type: string, name: string): Any => {
  const row = rows.find((r) => r.type === type && r.name === name);
  if (!row) throw new Error(`demo/estate.json has no ${type} named ${name}`);
  return row;
};
const names = (list: Any[]): string[] => list.map((r) => r.name).sort();
const VM = 'microsoft.compute/virtualmachines';
const vms = ofType(VM);

/** Rows of every markdown table in the README whose header starts with `| <first> |`. */
function readmeTables(first: string): { header: string[]; rows: string[][] } {
  const lines = readme.split('\n');
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  let header: string[] = [];
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith(`| ${first} |`)) continue;
    header = cells(lines[i]!);
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) out.push(cells(lines[j]!));
  }
  return { header, rows: out };
}
const unquote = (cell: string) => cell.replace(/`/g, '');

describe('demo/estate.json', () => {
  it('is what bench/estate/demo.ts generates (regenerate it rather than edit it)', () => {
    expect(estate).toEqual(demoEstate());
    expect(exemptions).toEqual(demoExemptions());
  });

  it('is two subscriptions in az graph query shape, of a size a person can read', () => {
    expect(estate.count).toBe(rows.length);
    expect(estate.total_records).toBe(rows.length);
    expect(estate.skip_token).toBeNull();
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(rows.length).toBeLessThanOrEqual(320);
    expect(vms.length).toBeGreaterThanOrEqual(28);
    expect(vms.length).toBeLessThanOrEqual(32);
    for (const row of rows) expect(row.type).toBe(row.type.toLowerCase());
    const subscriptions = ofType('microsoft.resources/subscriptions');
    expect(subscriptions.map((s) => [s.name, s.subscriptionId])).toEqual([
      ['contoso-prod', PROD],
      ['contoso-dev', DEV],
    ]);
    expect(new Set(rows.map((r) => r.subscriptionId))).toEqual(new Set([PROD, DEV]));
    expect(new Set(rows.filter((r) => r.location).map((r) => r.location))).toEqual(new Set(['westeurope']));
    expect(new Set(rows.map((r) => r.id.toLowerCase())).size).toBe(rows.length);
  });

  it('is as large as the README says', () => {
    expect(readme).toContain(
      `| \`estate.json\` | ${rows.length} resources as \`az graph query\` prints them`,
    );
    expect(readme).toContain(`two subscriptions, ${vms.length} virtual machines`);
  });

  it('refers only to resources it contains', () => {
    expect(danglingReferences(rows)).toEqual([]);
  });
});

/** Short names for the extensions the README lists, in the README's order. */
const EXTENSION_TAGS: [string, string[]][] = [
  ['AMA', ['AzureMonitorLinuxAgent', 'AzureMonitorWindowsAgent']],
  ['GA', ['GuestAttestation']],
  ['GC', ['ConfigurationForLinux', 'ConfigurationforWindows']],
  ['MDE', ['MDE.Linux', 'MDE.Windows']],
  ['Entra', ['AADSSHLoginForLinux']],
  ['ADE', ['AzureDiskEncryptionForLinux', 'AzureDiskEncryption']],
];

const OS_LABELS: Record<string, string> = {
  'Canonical/ubuntu-24_04-lts/server': 'Ubuntu 24.04',
  'Canonical/0001-com-ubuntu-server-jammy/22_04-lts-gen2': 'Ubuntu 22.04',
  'Canonical/0001-com-ubuntu-server-focal/20_04-lts-gen2': 'Ubuntu 20.04',
  'Canonical/UbuntuServer/18.04-LTS': 'Ubuntu 18.04',
  'RedHat/RHEL/8-lvm-gen2': 'RHEL 8',
  'RedHat/RHEL/9-lvm-gen2': 'RHEL 9',
  'Debian/debian-12/12-gen2': 'Debian 12',
  'OpenLogic/CentOS/7_9': 'CentOS 7.9',
  'MicrosoftWindowsServer/WindowsServer/2025-datacenter-azure-edition': 'Windows Server 2025',
  'MicrosoftWindowsServer/WindowsServer/2022-datacenter-azure-edition': 'Windows Server 2022',
  'MicrosoftWindowsServer/WindowsServer/2019-datacenter-gensecond': 'Windows Server 2019',
  'MicrosoftWindowsServer/WindowsServer/2016-Datacenter': 'Windows Server 2016',
  'MicrosoftSQLServer/sql2022-ws2022/enterprise-gen2': 'SQL Server 2022',
  'MicrosoftSQLServer/sql2019-ws2019/standard': 'SQL Server 2019',
};

/** The README's VM table row for one VM, derived from the estate alone. */
function vmRow(vm: Any): string[] {
  const p = vm.properties;
  const image = p.storageProfile.imageReference;
  const security = p.securityProfile;
  const trusted =
    security?.securityType !== 'TrustedLaunch'
      ? 'no'
      : security.uefiSettings.secureBootEnabled && security.uefiSettings.vTpmEnabled
        ? 'yes'
        : 'secure boot off';
  const host = { true: 'yes', false: 'no', undefined: 'not set' }[String(security?.encryptionAtHost)] ?? '?';

  const diskIds = [
    p.storageProfile.osDisk.managedDisk?.id,
    ...p.storageProfile.dataDisks.map((d: Any) => d.managedDisk.id),
  ];
  const disks = diskIds.filter(Boolean).map(find);
  let diskCell = p.storageProfile.osDisk.vhd
    ? 'VHD'
    : disks.every((d) => d.properties.encryption.type === 'EncryptionAtRestWithCustomerKey')
      ? 'CMK'
      : 'platform';
  if (disks.some((d) => d.properties.encryptionSettingsCollection?.enabled)) diskCell += ' + ADE';
  if (disks.some((d) => d.properties.publicNetworkAccess !== 'Disabled')) diskCell += ', public';

  const linux = p.osProfile.linuxConfiguration;
  const patchMode = (linux ?? p.osProfile.windowsConfiguration).patchSettings.patchMode;
  const patching =
    { AutomaticByPlatform: 'platform', AutomaticByOS: 'OS', ImageDefault: 'image default', Manual: 'manual' }[
      patchMode as string
    ] ?? '?';
  const signIn = !linux
    ? '—'
    : linux.disablePasswordAuthentication
      ? 'key'
      : linux.ssh
        ? 'password + key'
        : 'password';

  const extensions = rows.filter((r) => r.type === `${VM}/extensions` && r.id.startsWith(`${vm.id}/`));
  const extensionCell =
    EXTENSION_TAGS.flatMap(([tag, types]) =>
      extensions
        .filter((e) => types.includes(e.properties.type))
        .map((e) => (e.properties.provisioningState === 'Succeeded' ? tag : `${tag} (failed)`)),
    ).join(', ') || '—';

  const nic = find(p.networkProfile.networkInterfaces[0].id);
  const ipConfig = nic.properties.ipConfigurations[0].properties;
  const publicPath: string[] = [];
  const publicIp = find(ipConfig.publicIPAddress?.id);
  if (publicIp) publicPath.push(`${publicIp.sku.name} public IP`);
  for (const pool of ipConfig.loadBalancerBackendAddressPools ?? []) {
    const lb = find(pool.id.split('/backendAddressPools/')[0]);
    for (const rule of lb.properties.loadBalancingRules.filter(
      (r: Any) => r.properties.backendAddressPool.id === pool.id,
    ))
      publicPath.push(`LB ${rule.properties.frontendPort}`);
  }
  for (const nat of ipConfig.loadBalancerInboundNatRules ?? []) {
    const lb = find(nat.id.split('/inboundNatRules/')[0]);
    const rule = lb.properties.inboundNatRules.find((r: Any) => r.id === nat.id);
    publicPath.push(`NAT ${rule.properties.frontendPort}→${rule.properties.backendPort}`);
  }
  const subnetId: string = ipConfig.subnet.id;
  const vnet = find(subnetId.split('/subnets/')[0]);
  const subnet = vnet.properties.subnets.find((s: Any) => s.id === subnetId);
  const nsgName = (ref: Any) => find(ref?.id)?.name ?? '—';

  const jit = ofType('microsoft.security/locations/jitnetworkaccesspolicies')
    .flatMap((policy) => policy.properties.virtualMachines)
    .find((entry: Any) => entry.id === vm.id);
  const backedUp = rows.some(
    (r) => r.type.endsWith('/protecteditems') && r.properties.sourceResourceId === vm.id,
  );

  return [
    `\`${vm.name}\``,
    OS_LABELS[`${image.publisher}/${image.offer}/${image.sku}`] ?? '?',
    trusted,
    host,
    diskCell,
    signIn,
    vm.identity?.type?.includes('SystemAssigned') ? 'system' : '—',
    extensionCell,
    patching,
    publicPath.join(', ') || '—',
    `${nsgName(subnet.properties.networkSecurityGroup)} / ${nsgName(nic.properties.networkSecurityGroup)}`,
    jit ? jit.ports.map((port: Any) => port.number).join(', ') : '—',
    backedUp ? 'yes' : '—',
  ];
}

describe('demo/README.md describes the estate', () => {
  const table = readmeTables('VM');

  it('lists every VM, with the settings the estate has', () => {
    expect(table.header).toEqual([
      'VM',
      'OS',
      'Trusted Launch',
      'Encryption at host',
      'Disks',
      'SSH sign-in',
      'Identity',
      'Extensions',
      'Patching',
      'Public path',
      'NSG subnet / NIC',
      'JIT',
      'Backup',
    ]);
    const fromEstate = vms.map(vmRow).sort((a, b) => a[0]!.localeCompare(b[0]!));
    const fromReadme = [...table.rows].sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(fromReadme).toEqual(fromEstate);
  });

  it('has the Defender plans it describes: Servers Plan 2 in prod, off in dev', () => {
    const plan = (subscription: string, name: string) =>
      find(`/subscriptions/${subscription}/providers/Microsoft.Security/pricings/${name}`)?.properties;
    expect(plan(PROD, 'VirtualMachines')).toMatchObject({ pricingTier: 'Standard', subPlan: 'P2' });
    expect(plan(DEV, 'VirtualMachines')).toMatchObject({ pricingTier: 'Free' });
    expect(plan(DEV, 'VirtualMachines').subPlan).toBeUndefined();
    expect(plan(PROD, 'SqlServerVirtualMachines').pricingTier).toBe('Standard');
    expect(plan(DEV, 'StorageAccounts')).toMatchObject({
      pricingTier: 'Standard',
      subPlan: 'DefenderForStorageV2',
    });
    expect(ofType('microsoft.security/securitycontacts').map((c) => c.subscriptionId)).toEqual([PROD]);
  });

  it('has the network it describes', () => {
    const lb = byName('microsoft.network/loadbalancers', 'lb-prod-web');
    const frontendIp = find(lb.properties.frontendIPConfigurations[0].properties.publicIPAddress.id);
    expect([frontendIp.name, frontendIp.sku.name]).toEqual(['pip-lb-prod-web', 'Standard']);
    expect(lb.properties.inboundNatRules.map((r: Any) => r.name)).toEqual(['ssh-vm-prod-web-01']);

    const bare = ofType('microsoft.network/virtualnetworks').flatMap((vnet) =>
      vnet.properties.subnets
        .filter((s: Any) => !s.properties.networkSecurityGroup)
        .map((s: Any) => `${vnet.name}/${s.name}`),
    );
    expect(bare.sort()).toEqual([
      'vnet-dev-weu/snet-db',
      'vnet-prod-weu/AzureBastionSubnet',
      'vnet-prod-weu/GatewaySubnet',
      'vnet-prod-weu/snet-nva',
    ]);

    const rule = (nsg: string, name: string) =>
      byName('microsoft.network/networksecuritygroups', nsg).properties.securityRules.find(
        (r: Any) => r.name === name,
      ).properties;
    expect(rule('nsg-prod-web', 'Allow-Vendor-SSH')).toMatchObject({
      access: 'Allow',
      sourceAddressPrefix: 'Internet',
      destinationPortRange: '22',
    });
    expect(rule('nsg-dev-web', 'Allow-Admin-Any')).toMatchObject({
      sourceAddressPrefix: '*',
      destinationPortRanges: ['22', '3389'],
    });
    expect(rule('vm-prod-web-04-nsg', 'RDP')).toMatchObject({
      sourceAddressPrefix: '*',
      destinationPortRange: '3389',
    });
    expect(rule('nsg-prod-db', 'Deny-Internet-Inbound')).toMatchObject({ access: 'Deny', priority: 4000 });
    expect(
      byName('microsoft.network/networkinterfaces', 'vm-prod-nva-01-nic').properties.enableIPForwarding,
    ).toBe(true);
    expect(
      ofType('microsoft.network/networkinterfaces')
        .filter((n) => n.properties.enableIPForwarding)
        .map((n) => n.name),
    ).toEqual(['vm-prod-nva-01-nic']);
  });

  it('has a JIT deny rule to each enrolled VM, in the NSG that filters it', () => {
    const enrolled = ofType('microsoft.security/locations/jitnetworkaccesspolicies').flatMap((p) =>
      p.properties.virtualMachines.map((entry: Any) => find(entry.id)),
    );
    expect(names(enrolled)).toEqual([
      'vm-prod-app-01',
      'vm-prod-app-02',
      'vm-prod-app-03',
      'vm-prod-db-01',
      'vm-prod-db-02',
    ]);
    for (const vm of enrolled) {
      const ipConfig = find(vm.properties.networkProfile.networkInterfaces[0].id).properties
        .ipConfigurations[0];
      const subnetNsgs = ofType('microsoft.network/networksecuritygroups').filter((n) =>
        (n.properties.subnets ?? []).some((s: Any) => s.id === ipConfig.properties.subnet.id),
      );
      const denies = subnetNsgs[0].properties.securityRules.filter(
        (r: Any) =>
          r.name.startsWith('SecurityCenter-JITRule_') &&
          r.properties.destinationAddressPrefix === ipConfig.properties.privateIPAddress,
      );
      expect(
        denies.map((r: Any) => r.properties.access),
        vm.name,
      ).toEqual(['Deny']);
      expect(denies[0].properties.description).toContain(`of VM '${vm.name}'`);
    }
  });

  it('has the disks it describes', () => {
    const disks = ofType('microsoft.compute/disks');
    const cmk = disks.filter((d) => d.properties.encryption.type === 'EncryptionAtRestWithCustomerKey');
    expect(new Set(cmk.map((d) => d.properties.encryption.diskEncryptionSetId))).toEqual(
      new Set([byName('microsoft.compute/diskencryptionsets', 'des-prod-cmk').id]),
    );
    expect(names(disks.filter((d) => d.properties.publicNetworkAccess !== 'Disabled'))).toEqual([
      'vm-dev-web-01-osdisk',
    ]);
    expect(names(disks.filter((d) => d.properties.diskState === 'Unattached'))).toEqual([
      'vm-dev-db-02-data-old',
    ]);
    expect(disks.filter((d) => !d.managedBy).map((d) => d.name)).toEqual(['vm-dev-db-02-data-old']);
    expect(byName('microsoft.keyvault/vaults', 'kv-prod-cmk-weu').properties.enablePurgeProtection).toBe(
      true,
    );
  });

  it('has the scale set and the classic VM it describes', () => {
    const scaleSet = byName('microsoft.compute/virtualmachinescalesets', 'vmss-prod-app').properties
      .virtualMachineProfile;
    expect(scaleSet.securityProfile).toMatchObject({
      encryptionAtHost: false,
      securityType: 'TrustedLaunch',
    });
    expect(scaleSet.osProfile.linuxConfiguration.disablePasswordAuthentication).toBe(true);
    const vmss = byName('microsoft.compute/virtualmachinescalesets', 'vmss-prod-app');
    expect(vmss.properties.upgradePolicy).toEqual({ mode: 'Manual' });
    expect([vmss.sku.capacity, vmss.identity.type]).toEqual([3, 'SystemAssigned']);
    expect(scaleSet.extensionProfile.extensions.map((e: Any) => e.properties.type)).toEqual([
      'AzureMonitorLinuxAgent',
      'GuestAttestation',
    ]);
    const classic = byName('microsoft.classiccompute/virtualmachines', 'vm-dev-ftp-classic');
    expect(classic.subscriptionId).toBe(DEV);
    expect(classic.properties.networkProfile.inputEndpoints.map((e: Any) => e.privatePort)).toEqual([
      3389, 5986, 21,
    ]);
  });

  it('logs and backs up what it says', () => {
    const targets = (type: string, field: (r: Any) => string) =>
      ofType(type)
        .map((r) => find(field(r)).name)
        .sort();
    expect(
      targets('microsoft.network/networkwatchers/flowlogs', (r) => r.properties.targetResourceId),
    ).toEqual(['nsg-prod-db', 'nsg-prod-web']);
    expect(
      targets(
        'microsoft.insights/diagnosticsettings',
        (r) => r.id.split('/providers/microsoft.insights/')[0],
      ),
    ).toEqual(['nsg-prod-db', 'nsg-prod-web']);
    const listed = ofType('microsoft.network/networksecuritygroups').flatMap((nsg) =>
      (nsg.properties.flowLogs ?? []).map((ref: Any) => [
        nsg.name,
        find(ref.id).properties.targetResourceId === nsg.id,
      ]),
    );
    expect(listed.sort()).toEqual([
      ['nsg-prod-db', true],
      ['nsg-prod-web', true],
    ]);
    expect(ofType('microsoft.network/networkwatchers').map((w) => [w.name, w.resourceGroup])).toEqual([
      ['NetworkWatcher_westeurope', 'networkwatcherrg'],
      ['NetworkWatcher_westeurope', 'networkwatcherrg'],
    ]);
    const items = ofType(
      'microsoft.recoveryservices/vaults/backupfabrics/protectioncontainers/protecteditems',
    );
    expect(names(items.map((i) => find(i.properties.sourceResourceId)))).toEqual([
      'vm-prod-db-01',
      'vm-prod-db-02',
      'vm-prod-db-03',
      'vm-prod-db-04',
    ]);
    expect(
      byName('microsoft.recoveryservices/vaults/backuppolicies', 'DefaultPolicy').properties
        .protectedItemsCount,
    ).toBe(4);
  });

  it("carries Defender's own assessments as the README lists them", () => {
    const listed = readmeTables('Assessment').rows.map(([key, vm, status]) => [
      unquote(key!),
      unquote(vm!),
      status,
    ]);
    const exported = ofType('microsoft.security/assessments').map((a) => [
      a.name,
      find(a.properties.resourceDetails.id).name,
      a.properties.status.code,
    ]);
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.sort()).toEqual(exported.sort());
  });
});

describe('demo/exemptions.json', () => {
  const policyAssignment =
    /^\/subscriptions\/[0-9a-f-]{36}\/providers\/Microsoft\.Authorization\/policyAssignments\/[\w-]+$/;

  it('holds one exemption in force and one that expired in 2025, in ARM shape', () => {
    expect(exemptions.map((e) => [e.name, e.properties.exemptionCategory, e.properties.expiresOn])).toEqual([
      ['dev-app-02-password-sign-in', 'Mitigated', '2027-06-30T00:00:00Z'],
      ['prod-db-encryption-at-host', 'Waiver', '2025-03-31T00:00:00Z'],
    ]);
    for (const e of exemptions) {
      expect(e.type).toBe('Microsoft.Authorization/policyExemptions');
      expect(e.id.endsWith(`/providers/Microsoft.Authorization/policyExemptions/${e.name}`)).toBe(true);
      expect(e.properties.policyAssignmentId).toMatch(policyAssignment);
      expect(e.properties.displayName).toBeTruthy();
      expect(e.properties.description).toBeTruthy();
    }
  });

  it('exempts resources that have the weakness it names', () => {
    const [active, expired] = exemptions;
    const scope = (e: Any) => find(e.id.split('/providers/Microsoft.Authorization/')[0]);
    const vm = scope(active);
    expect(vm.name).toBe('vm-dev-app-02');
    expect(active.properties.policyDefinitionReferenceIds).toEqual([
      'linux-vm-password-authentication-disabled',
      'linux-vm-ssh-keys',
    ]);
    expect(vm.properties.osProfile.linuxConfiguration.disablePasswordAuthentication).toBe(false);

    const group = scope(expired);
    expect(group.type).toBe('microsoft.resources/subscriptions/resourcegroups');
    expect(expired.properties.policyDefinitionReferenceIds).toEqual(['vm-encryption-at-host']);
    const withoutHostEncryption = vms.filter(
      (v) => v.resourceGroup === group.name && v.properties.securityProfile?.encryptionAtHost !== true,
    );
    expect(names(withoutHostEncryption)).toEqual(['vm-prod-db-03', 'vm-prod-db-04']);
  });
});

describe('demo/policies', () => {
  it('holds about a dozen definitions in the Azure/azure-policy file shape with unique GUID names', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(10);
    const unique = new Set<string>();
    for (const [file, definition] of definitions) {
      expect(definition.name, file).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(definition.id, file).toBe(
        `/providers/Microsoft.Authorization/policyDefinitions/${definition.name}`,
      );
      expect(['All', 'Indexed'], file).toContain(definition.properties.mode);
      expect(definition.properties.policyRule.if, file).toBeDefined();
      expect(definition.properties.policyRule.then.effect, file).toBe("[parameters('effect')]");
      expect(definition.properties.displayName, file).toMatch(/^Vigil: /);
      unique.add(definition.name);
    }
    expect(unique.size).toBe(definitions.length);
  });

  it('gives params.json values only for parameters a definition declares', () => {
    const params = JSON.parse(readFileSync(new URL('../params.json', POLICIES), 'utf8'));
    for (const [name, entry] of Object.entries<Any>(params)) {
      expect(Object.keys(entry)).toEqual(['value']);
      const declaring = definitions.filter(([, d]) => d.properties.parameters[name]);
      expect(declaring.map(([f]) => f)).toEqual(['vm-allowed-sizes.json']);
      expect(Array.isArray(entry.value)).toBe(true);
    }
  });

  it('give the results the README tabulates', async () => {
    const policies = await loadPolicyFiles([fileURLToPath(POLICIES)]);
    const parameters = await loadParameterValues(fileURLToPath(new URL('params.json', DEMO)));
    const snapshot = await loadSnapshots([fileURLToPath(new URL('estate.json', DEMO))]);
    expect([...policies.errors, ...snapshot.errors]).toEqual([]);
    expect(parameters.error).toBeUndefined();
    const plan = planPolicies(policies.definitions, policies.initiatives, { parameters: parameters.values });
    expect(plan.errors).toEqual([]);
    const fileOf = new Map(definitions.map(([file, d]) => [d.name, file.replace(/\.json$/, '')]));
    const outcome = new Map<string, { nonCompliant: string[]; compliant: number }>();
    for (const result of evaluatePolicies(plan.compiled, estateOf(snapshot.inventory), {
      now: new Date('2025-06-01T12:00:00Z'),
    })) {
      const file = fileOf.get(result.definitionName)!;
      const entry = outcome.get(file) ?? { nonCompliant: [], compliant: 0 };
      outcome.set(file, entry);
      expect(['compliant', 'nonCompliant'], `${file} ${result.resourceId}`).toContain(result.compliance);
      if (result.compliance === 'compliant') entry.compliant++;
      else entry.nonCompliant.push(find(result.resourceId).name);
    }

    const table = readmeTables('Definition');
    expect(table.header).toEqual(['Definition', 'Non-compliant', 'Compliant']);
    const fromReadme = table.rows.map(([definition, nonCompliant, compliant]) => [
      unquote(definition!),
      nonCompliant === '—' ? [] : nonCompliant!.split(', ').map(unquote).sort(),
      Number(compliant),
    ]);
    const fromEngine = [...outcome].map(([file, r]) => [file, r.nonCompliant.sort(), r.compliant]);
    expect(fromReadme.sort()).toEqual(fromEngine.sort());
    const nonCompliant = fromEngine.reduce((sum, [, list]) => sum + (list as string[]).length, 0);
    const compliant = fromEngine.reduce((sum, [, , count]) => sum + (count as number), 0);
    expect(readme).toContain(`${nonCompliant} non-compliant and ${compliant} compliant`);
  });

  const shared = existsSync(ALIASES);
  if (!shared)
    console.warn(`skipping demo policy alias check: ${ALIASES.pathname} not found (shared corpora absent)`);
  describe.skipIf(!shared)('aliases', () => {
    it('uses only aliases listed in aliases-derived.json', () => {
      const known = new Set<string>();
      for (const entry of JSON.parse(readFileSync(ALIASES, 'utf8'))) {
        for (const alias of entry.aliases) known.add(alias.name.toLowerCase());
      }
      const builtInFields = new Set(['type', 'name', 'location', 'kind', 'id', 'fullname']);
      const used = new Set<string>();
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) {
          for (const item of value) collect(item);
          return;
        }
        if (typeof value === 'string') {
          for (const match of value.matchAll(/current\('([^']+)'\)/g)) used.add(match[1] ?? '');
          return;
        }
        if (typeof value !== 'object' || value === null) return;
        for (const [key, child] of Object.entries(value)) {
          if (key === 'field' && typeof child === 'string' && !builtInFields.has(child.toLowerCase()))
            used.add(child);
          collect(child);
        }
      };
      for (const [, definition] of definitions) collect(definition.properties.policyRule);
      expect(used.size).toBeGreaterThan(20);
      expect([...used].filter((alias) => !known.has(alias.toLowerCase()))).toEqual([]);
    });
  });
});
