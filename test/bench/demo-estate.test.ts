import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { danglingReferences } from './arm-references.ts';

// biome-ignore lint/suspicious/noExplicitAny: test code walks arbitrary ARM JSON
type Any = any;

const DEMO = new URL('../../demo/', import.meta.url);
const POLICIES = new URL('policies/', DEMO);
const SHARED = new URL('../../../shared/', import.meta.url);
const ALIASES = new URL('corpora/azure-policy/aliases/aliases-derived.json', SHARED);

const estate: Any = JSON.parse(readFileSync(new URL('estate.json', DEMO), 'utf8'));
const rows: Any[] = estate.data;
const definitionFiles = readdirSync(POLICIES).filter((f) => f.endsWith('.json'));
const definitions: [string, Any][] = definitionFiles.map((f) => [
  f,
  JSON.parse(readFileSync(new URL(f, POLICIES), 'utf8')),
]);

const byName = (type: string, name: string): Any => {
  const row = rows.find((r) => r.type === type && r.name === name);
  if (!row) throw new Error(`demo/estate.json has no ${type} named ${name}`);
  return row;
};
const at = (value: Any, path: string): Any => path.split('.').reduce((v, key) => v?.[key], value);

describe('demo/estate.json', () => {
  it('is one subscription with three resource groups, in az graph query shape', () => {
    expect(estate.count).toBe(rows.length);
    expect(estate.total_records).toBe(rows.length);
    expect(estate.skip_token).toBeNull();
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.length).toBeLessThanOrEqual(70);
    expect(rows.filter((r) => r.type === 'microsoft.resources/subscriptions')).toHaveLength(1);
    expect(rows.filter((r) => r.type === 'microsoft.resources/subscriptions/resourcegroups')).toHaveLength(3);
    for (const row of rows) expect(row.type).toBe(row.type.toLowerCase());
  });

  it('refers only to resources it contains', () => {
    expect(danglingReferences(rows)).toEqual([]);
  });

  // The settings demo/README.md promises; if one changes, the README's findings are wrong.
  it.each<[string, string, string, unknown]>([
    [
      'microsoft.network/networkinterfaces',
      'vm-web-01-nic',
      'properties.ipConfigurations.0.properties.publicIPAddress.id',
      expect.stringMatching(/vm-web-01-pip$/),
    ],
    ['microsoft.network/networkinterfaces', 'vm-db-02-nic', 'properties.enableIPForwarding', true],
    [
      'microsoft.network/networkinterfaces',
      'vm-db-01-nic',
      'properties.networkSecurityGroup.id',
      expect.stringMatching(/vm-db-01-nsg$/),
    ],
    [
      'microsoft.network/networksecuritygroups',
      'nsg-web',
      'properties.securityRules.1.properties.destinationPortRanges',
      ['22', '2222'],
    ],
    [
      'microsoft.network/networksecuritygroups',
      'nsg-web',
      'properties.securityRules.1.properties.sourceAddressPrefix',
      'Internet',
    ],
    [
      'microsoft.network/networksecuritygroups',
      'vm-db-01-nsg',
      'properties.securityRules.0.properties.sourceAddressPrefix',
      '*',
    ],
    [
      'microsoft.network/networksecuritygroups',
      'vm-db-01-nsg',
      'properties.securityRules.0.properties.destinationPortRange',
      '3389',
    ],
    [
      'microsoft.compute/virtualmachines',
      'vm-web-01',
      'properties.osProfile.linuxConfiguration.disablePasswordAuthentication',
      false,
    ],
    [
      'microsoft.compute/virtualmachines',
      'vm-web-01',
      'properties.securityProfile.encryptionAtHost',
      undefined,
    ],
    ['microsoft.compute/virtualmachines', 'vm-web-02', 'properties.securityProfile.encryptionAtHost', true],
    [
      'microsoft.compute/virtualmachines',
      'vm-db-01',
      'properties.securityProfile.uefiSettings.secureBootEnabled',
      false,
    ],
    [
      'microsoft.compute/virtualmachines',
      'vm-db-01',
      'properties.hardwareProfile.vmSize',
      'Standard_E8ds_v5',
    ],
    [
      'microsoft.compute/virtualmachines',
      'vm-db-02',
      'properties.storageProfile.osDisk.vhd.uri',
      expect.stringContaining('.blob.core.windows.net/'),
    ],
    ['microsoft.compute/virtualmachines', 'vm-db-02', 'properties.securityProfile', undefined],
    ['microsoft.compute/disks', 'vm-web-01-osdisk', 'properties.publicNetworkAccess', 'Enabled'],
    [
      'microsoft.compute/virtualmachinescalesets',
      'vmss-web',
      'properties.virtualMachineProfile.securityProfile.encryptionAtHost',
      false,
    ],
    ['microsoft.security/pricings', 'VirtualMachines', 'properties.pricingTier', 'Standard'],
  ])('%s %s has %s = %o', (type, name, path, expected) => {
    expect(at(byName(type, name), path)).toEqual(expected);
  });

  it('has Guest Attestation on vm-web-02 only, and one backed-up VM', () => {
    const attested = rows
      .filter(
        (r) =>
          r.type === 'microsoft.compute/virtualmachines/extensions' &&
          r.properties.type === 'GuestAttestation',
      )
      .map((r) => r.id.split('/')[8]);
    expect(attested).toEqual(['vm-web-02']);
    const items = rows.filter((r) => r.type.endsWith('/protecteditems'));
    expect(items.map((r) => r.properties.friendlyName)).toEqual(['vm-web-02']);
  });

  it('has only disks that are Disabled for public access except vm-web-01-osdisk', () => {
    const open = rows.filter(
      (r) => r.type === 'microsoft.compute/disks' && r.properties.publicNetworkAccess !== 'Disabled',
    );
    expect(open.map((r) => r.name)).toEqual(['vm-web-01-osdisk']);
  });
});

describe('demo/policies', () => {
  it('holds about a dozen definitions in the Azure/azure-policy file shape with unique GUID names', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(10);
    const names = new Set<string>();
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
      names.add(definition.name);
    }
    expect(names.size).toBe(definitions.length);
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
