import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../../src/policy/aliases/alias-table.ts';
import {
  type AliasRow,
  decodeType,
  encodeType,
  FORMAT,
  readDataFile,
} from '../../../src/policy/aliases/encoding.ts';

const NSG = 'Microsoft.Network/networkSecurityGroups';
const nsgRows: Omit<AliasRow, 'resourceType'>[] = [
  // Listed children first: the encoder must sort parents ahead of them.
  { alias: `${NSG}/securityRules[*].access`, defaultPath: 'properties.securityRules[*].properties.access' },
  { alias: `${NSG}/securityRules[*].name`, defaultPath: 'properties.securityRules[*].name' },
  { alias: `${NSG}/securityRules[*]`, defaultPath: 'properties.securityRules[*]' },
  { alias: `${NSG}/securityRules`, defaultPath: 'properties.securityRules' },
  { alias: `${NSG}/sku.name`, defaultPath: 'sku.name' },
  {
    alias: 'Microsoft.Network/networksecuritygroups/flushConnection',
    defaultPath: 'properties.flushConnection',
  },
  {
    alias: 'Microsoft.Compute/imagePublisher',
    defaultPath: 'properties.storageProfile.imageReference.publisher',
  },
];

describe('encodeType', () => {
  const encoded = encodeType(NSG, nsgRows);

  it('stores suffixes, a marker for the nested-properties derivation, and only the paths it cannot derive', () => {
    expect(encoded).toEqual({
      type: NSG,
      aliases: [
        ['Microsoft.Compute/imagePublisher', 'properties.storageProfile.imageReference.publisher'],
        'Microsoft.Network/networksecuritygroups/flushConnection',
        'securityRules',
        'securityRules[*]',
        ['securityRules[*].access', 1],
        'securityRules[*].name',
        ['sku.name', 'sku.name'],
      ],
    });
  });

  it('decodes back to exactly the rows it was given', () => {
    const decoded = [...decodeType(encoded, 'mem', '/resourceTypes/0').values()];
    const key = (row: Omit<AliasRow, 'resourceType'>) => `${row.alias} ${row.defaultPath}`;
    expect(decoded.map(key).sort()).toEqual(nsgRows.map(key).sort());
    expect(decoded.every((row) => row.resourceType === NSG)).toBe(true);
  });

  it('is independent of input order', () => {
    expect(encodeType(NSG, [...nsgRows].reverse())).toEqual(encoded);
  });

  it("uses the majority spelling of the type's name prefix when it differs from the type", () => {
    const type = 'microsoft.insights/actiongroups';
    const rows = [
      { alias: 'Microsoft.Insights/actionGroups/enabled', defaultPath: 'properties.enabled' },
      { alias: 'Microsoft.Insights/actionGroups/groupShortName', defaultPath: 'properties.groupShortName' },
      { alias: 'microsoft.insights/actiongroups/smsReceivers', defaultPath: 'properties.smsReceivers' },
    ];
    const result = encodeType(type, rows);
    expect(result.namePrefix).toBe('Microsoft.Insights/actionGroups/');
    expect(result.aliases).toEqual([
      'enabled',
      'groupShortName',
      'microsoft.insights/actiongroups/smsReceivers',
    ]);
    expect([...decodeType(result, 'mem', '/resourceTypes/0').values()].map((row) => row.alias)).toEqual(
      rows.map((row) => row.alias),
    );
  });
});

describe('decodeType', () => {
  it.each([
    [
      { type: NSG, aliases: [['securityRules[*].access', 1]] },
      "no default path for '" + NSG + "/securityRules[*].access'",
    ],
    [{ type: NSG, aliases: [''] }, 'expected a name'],
    [{ type: NSG, aliases: [[42, 'x']] }, 'expected a name'],
    [
      { type: NSG, aliases: ['Microsoft.Compute/imagePublisher'] },
      "no default path for 'Microsoft.Compute/imagePublisher'",
    ],
  ])('reports a bad row with file and pointer: %j', (encoded, message) => {
    expect(() => decodeType(encoded as never, 'aliases.json', '/resourceTypes/3')).toThrow(
      `aliases.json at /resourceTypes/3/aliases/0: ${message}`,
    );
  });
});

describe('readDataFile', () => {
  const file = (body: object) => ({
    format: FORMAT,
    rowCount: 1,
    resourceTypes: [{ type: NSG, aliases: ['x'] }],
    ...body,
  });

  it.each([
    [[], '/format: expected "vigil-aliases/1"'],
    [file({ format: 'other/2' }), '/format: expected "vigil-aliases/1"'],
    [file({ resourceTypes: {} }), '/resourceTypes: expected an array'],
    [file({ rowCount: '1' }), '/rowCount: expected a number'],
    [file({ rowCount: 2 }), '/rowCount: says 2 but the file holds 1 aliases'],
    [file({ resourceTypes: [{ type: NSG }] }), '/resourceTypes/0: expected {type, aliases[]}'],
  ])('rejects %j', (json, message) => {
    expect(() => readDataFile(json, 'aliases.json')).toThrow(`aliases.json at ${message}`);
  });
});

describe('AliasTable.fromFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-aliases-'));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('names the file of invalid JSON', () => {
    const path = write('broken.json', '{\n"format": }');
    expect(() => AliasTable.fromFile(path)).toThrow(new RegExp(`^${path}\\S*: invalid JSON`));
  });

  it('reports a bad row when its type is first used, not silently', () => {
    const data = { format: FORMAT, rowCount: 1, resourceTypes: [{ type: NSG, aliases: [['a.b', 1]] }] };
    const table = AliasTable.fromFile(write('orphan.json', JSON.stringify(data)));
    expect(() => table.pathFor(`${NSG}/a.b`, NSG)).toThrow(
      `${dir}/orphan.json at /resourceTypes/0/aliases/0`,
    );
  });

  it('names the file when a stored path is malformed', () => {
    const data = {
      format: FORMAT,
      rowCount: 1,
      resourceTypes: [{ type: NSG, aliases: [['x', 'properties..x']] }],
    };
    const table = AliasTable.fromFile(write('bad-path.json', JSON.stringify(data)));
    expect(() => table.pathFor(`${NSG}/x`, NSG)).toThrow(
      `${dir}/bad-path.json at /resourceTypes/0: alias '${NSG}/x': invalid alias path 'properties..x'`,
    );
  });

  it('rejects an alias listed twice for one type', () => {
    const data = { format: FORMAT, rowCount: 2, resourceTypes: [{ type: NSG, aliases: ['name', 'NAME'] }] };
    const table = AliasTable.fromFile(write('twice.json', JSON.stringify(data)));
    expect(() => table.has(`${NSG}/name`)).toThrow(
      `at /resourceTypes/0/aliases/1: '${NSG}/NAME' is listed twice (names ignore case)`,
    );
  });

  it('rejects a resource type listed twice', () => {
    const type = { type: NSG, aliases: ['name'] };
    const data = { format: FORMAT, rowCount: 2, resourceTypes: [type, { ...type, type: NSG.toUpperCase() }] };
    expect(() => AliasTable.fromFile(write('types.json', JSON.stringify(data)))).toThrow(
      'at /resourceTypes/1: resource type',
    );
  });
});
