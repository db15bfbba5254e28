import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { vmNetworkInterfaces } from '../../../src/inventory/relations.ts';
import { type LoadResult, loadSnapshots } from '../../../src/sources/snapshot/load.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/snapshot/', import.meta.url));
const SHAPES = fileURLToPath(new URL('../../fixtures/snapshot-shapes/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const SUB = '/subscriptions/8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f';
const APP = `${SUB}/resourceGroups/rg-app-prod/providers`;

const scratch = mkdtempSync(join(tmpdir(), 'vigil-snapshot-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scratchFile(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

/** `name @ line pointer` for every resource read from the files (not the synthesised ones). */
function loaded(result: LoadResult): string[] {
  return [...result.inventory]
    .filter((resource) => result.inventory.origin(resource)?.synthesizedFrom === undefined)
    .map((resource) => {
      const origin = result.inventory.origin(resource);
      return `${resource.name} @ ${origin?.line} ${origin?.pointer}`;
    });
}

async function* chunksOf(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('loadSnapshots reads the shapes users have', () => {
  it.each([
    [
      'az graph query -o json',
      'az-graph-query.json',
      [
        'vm-web-01 @ 4 /data/0',
        'vm-web-01-nic @ 94 /data/1',
        'nsg-web @ 151 /data/2',
        'vnet-prod @ 270 /data/3',
        'vm-web-01-pip @ 330 /data/4',
        'vm-web-01_OsDisk_1_5c1e4f0b9a2d4e6f8a7b3c2d1e0f9a8b @ 360 /data/5',
        'bc303248-3d14-44c2-96a0-55f5c326b5fe @ 395 /data/6',
        '805651bc-6ecd-4c73-9b55-97a19d0582d0 @ 418 /data/7',
      ],
    ],
    ['{ data } only', 'arg-data-only.json', ['kv-web-prod @ 3 /data/0']],
    ['a bare array', 'arg-bare-array.json', ['asg-web @ 2 /0']],
    [
      'Resource Graph REST table',
      'arg-rest-table.json',
      ['pip-bastion @ 1 /data/rows/0', 'bas-prod @ 1 /data/rows/1'],
    ],
    [
      'an ARM list response',
      'nsg-listed-separately/2-security-rules.json',
      ['AllowHTTPS @ 3 /value/0', 'DenyTelnet @ 24 /value/1'],
    ],
    ['one ARM GET body', 'arm-get-vm-with-extensions.json', ['vm-app-01 @ 1 ']],
    [
      'az resource list (properties: null)',
      'az-resource-list.json',
      ['stappprod01 @ 2 /0', 'NetworkWatcher_northeurope @ 27 /1'],
    ],
    ['JSON Lines with CRLF and a blank line', 'estate.jsonl', ['pip-a @ 1 ', 'pip-b @ 2 ', 'pip-c @ 4 ']],
  ])('%s', async (_name, file, expected) => {
    const result = await loadSnapshots([fixture(file)]);
    expect(result.errors).toEqual([]);
    expect(loaded(result)).toEqual(expected);
    expect(result.stats).toMatchObject({ files: 1, resources: expected.length, skipped: 0 });
  });

  it('keeps the JSON as given, `properties: null` included', async () => {
    const { inventory } = await loadSnapshots([fixture('az-resource-list.json')]);
    const storage = inventory.get(`${APP}/Microsoft.Storage/storageAccounts/stappprod01`);
    expect(storage).toMatchObject({
      properties: null,
      kind: 'StorageV2',
      type: 'Microsoft.Storage/storageAccounts',
    });
  });

  it('turns table rows into resources keyed by column name', async () => {
    const { inventory } = await loadSnapshots([fixture('arg-rest-table.json')]);
    expect(
      inventory.get(`${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Network/bastionHosts/bas-prod`),
    ).toEqual({
      id: `${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Network/bastionHosts/bas-prod`,
      name: 'bas-prod',
      type: 'microsoft.network/bastionhosts',
      location: 'westeurope',
      resourceGroup: 'rg-web-prod',
      subscriptionId: '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f',
      tags: { env: 'prod' },
      properties: { provisioningState: 'Succeeded', scaleUnits: 2 },
    });
  });

  it('uses the snapshot’s resource containers for resourceGroupOf and subscriptionOf', async () => {
    const { inventory } = await loadSnapshots([
      fixture('az-graph-query.json'),
      fixture('arg-resource-containers.json'),
    ]);
    const vm = inventory.get(
      `${SUB}/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01`,
    )!;
    expect(inventory.resourceGroupOf(vm)?.tags).toEqual({ env: 'prod' });
    expect(inventory.subscriptionOf(vm)?.name).toBe('Contoso Production');
  });

  // Resource Graph lower-cases `type` and, for some rows, the whole ID; ARM IDs elsewhere keep their case.
  it('links Resource Graph rows across resources, resourcecontainers and securityresources whatever their case', async () => {
    const files = ['arg-query-lowercased.json', 'arg-resourcecontainers.json', 'arg-securityresources.json'];
    const { inventory, errors, warnings, stats } = await loadSnapshots(
      files.map((name) => join(SHAPES, name)),
    );
    expect({ errors, warnings, resources: stats.resources }).toEqual({
      errors: [],
      warnings: [],
      resources: 7,
    });
    const sub = '/subscriptions/2b9f6c1e-8a43-4d7e-b5c0-3f1e9a7d6c21';
    const vm = inventory.get(
      `${sub}/resourceGroups/RG-WEB-PROD/providers/Microsoft.Compute/virtualMachines/VM-WEB-01`,
    )!;
    expect(vm.type).toBe('microsoft.compute/virtualmachines');
    expect(
      vmNetworkInterfaces(inventory, vm).map((nic) => (nic.dangling ? undefined : nic.resource.name)),
    ).toEqual(['vm-web-01-nic']);
    expect(inventory.extensionsOf(vm, 'Microsoft.Security/assessments').map((a) => a.name)).toEqual([
      '4fb67663-9ab9-475d-b026-8c544cced439',
    ]);
    expect(inventory.resourceGroupOf(vm)?.tags).toEqual({ env: 'prod' });
    expect(inventory.subscriptionOf(vm)?.name).toBe('Contoso Production');
    expect(inventory.byType('Microsoft.Security/pricings').map((p) => p.properties)).toEqual([
      expect.objectContaining({ pricingTier: 'Standard', subPlan: 'P2' }),
    ]);
  });

  it('synthesises child views from nested arrays and counts them', async () => {
    const result = await loadSnapshots([fixture('az-graph-query.json'), fixture('arm-get-vmss.json')]);
    // 2 security rules + 2 default rules + 2 subnets in the Resource Graph file; 2 scale-set extensions.
    expect(result.stats.synthesized).toBe(8);
    expect(result.inventory.size).toBe(result.stats.resources + 8);
    expect(
      result.inventory.origin(
        `${APP}/Microsoft.Compute/virtualMachineScaleSets/vmss-api/extensions/HealthExtension`,
      ),
    ).toEqual({
      file: fixture('arm-get-vmss.json'),
      line: 1,
      pointer: '/properties/virtualMachineProfile/extensionProfile/extensions/0',
      synthesizedFrom: `${APP}/Microsoft.Compute/virtualMachineScaleSets/vmss-api`,
    });
  });

  it('fills a parent’s array from children listed in another file', async () => {
    const { inventory, stats } = await loadSnapshots([fixture('nsg-listed-separately')]);
    const rules = inventory.get(`${APP}/Microsoft.Network/networkSecurityGroups/nsg-app`)?.properties;
    expect(rules).toMatchObject({
      securityRules: [
        { name: 'AllowHTTPS', properties: { sourceAddressPrefix: 'Internet' } },
        { name: 'AllowRDPFromOffice' },
        { name: 'DenyTelnet' },
      ],
    });
    expect(stats.synthesized).toBe(1);
  });

  it('fills in name and type from the ID when they are missing', async () => {
    const { inventory } = await loadSnapshots([fixture('not-resources.json')]);
    expect(inventory.get(`${APP}/Microsoft.Network/networkInterfaces/vm-app-01-nic`)).toMatchObject({
      name: 'vm-app-01-nic',
      type: 'Microsoft.Network/networkInterfaces',
    });
    expect(inventory.get(`${APP}/Microsoft.Compute/disks/vm-app-01-osdisk`)?.name).toBe('vm-app-01-osdisk');
  });
});

describe('loadSnapshots reports bad input and goes on', () => {
  it('names the line of a bad JSON Lines line and loads the others', async () => {
    const result = await loadSnapshots([fixture('bad-line.jsonl')]);
    const badLine = readFileSync(fixture('bad-line.jsonl'), 'utf8').split('\n')[2]!;
    expect(result.errors).toEqual([
      {
        file: fixture('bad-line.jsonl'),
        line: 3,
        column: badLine.indexOf('"type"') + 1,
        message: "invalid JSON: unexpected '\"', expected ',' or '}' after a property value",
      },
      { file: fixture('bad-line.jsonl'), line: 5, message: 'not a resource: no "id"' },
    ]);
    expect(loaded(result)).toEqual(['pip-a @ 1 ', 'pip-b @ 2 ', 'pip-d @ 4 ', 'pip-e @ 6 ']);
    expect(result.stats).toMatchObject({ resources: 4, skipped: 2 });
  });

  it('gives file, line, column and pointer of malformed JSON in a document, and loads the rest', async () => {
    const result = await loadSnapshots([fixture('malformed.json')]);
    const lines = readFileSync(fixture('malformed.json'), 'utf8').split('\n');
    expect(result.errors).toEqual([
      {
        file: fixture('malformed.json'),
        line: 14,
        column: lines[13]!.lastIndexOf('}') + 1,
        pointer: '/data/1',
        message: "invalid JSON: unexpected '}', expected a property name",
      },
    ]);
    expect(loaded(result)).toEqual(['pip-ok @ 4 /data/0', 'pip-after @ 16 /data/2']);
    expect(result.stats.skipped).toBe(1);
  });

  it('reports a truncated file at its end, keeping what came before', async () => {
    const result = await loadSnapshots([fixture('truncated.json')]);
    expect(result.errors).toEqual([
      {
        file: fixture('truncated.json'),
        line: 12,
        column: 29,
        message:
          'invalid JSON: unexpected end of input: the value that starts at line 8 column 3 is not complete',
      },
    ]);
    expect(loaded(result)).toEqual(['pip-whole @ 2 /0']);
  });

  it('names file and pointer of elements that are not resources', async () => {
    const result = await loadSnapshots([fixture('not-resources.json')]);
    const file = fixture('not-resources.json');
    expect(result.errors).toEqual([
      { file, line: 8, pointer: '/data/1', message: 'not a resource: no "id"' },
      {
        file,
        line: 9,
        pointer: '/data/2',
        message:
          'not a resource: no "type", and "8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f" is not an ARM resource ID to derive it from',
      },
      { file, line: 11, pointer: '/data/4', message: 'not a resource: expected an object, found a number' },
    ]);
    expect(result.stats).toMatchObject({ resources: 3, skipped: 3 });
    // A resource whose ID is not an ARM ID is still kept when it says its type.
    expect(result.inventory.get(`${SUB}/locations/northeurope`)?.type).toBe('Microsoft.Resources/locations');
  });

  it('warns once a file about `az resource list` output, whose properties are null', async () => {
    const row = (type: string, name: string) =>
      `{"id":"${APP}/${type}/${name}","name":"${name}","type":"${type}","location":"westeurope","properties":null}`;
    const file = scratchFile(
      'az-resource-list.json',
      `[\n${row('Microsoft.Insights/actionGroups', 'ag')},\n${row('Microsoft.Compute/virtualMachines', 'vm1')},\n${row('Microsoft.Network/networkSecurityGroups', 'nsg1')}\n]\n`,
    );
    const result = await loadSnapshots([file]);
    expect(result.warnings).toEqual([
      {
        file,
        line: 3,
        pointer: '/1',
        message: expect.stringMatching(
          /virtualMachines vm1 has "properties": null, as `az resource list` writes/,
        ),
      },
    ]);
    expect(result.inventory.size).toBe(3);
  });

  it("reads Resource Graph's empty columns as absent, as ARM's GET omits them", async () => {
    const disk = `${APP}/Microsoft.Compute/disks/data-old`;
    const file = scratchFile(
      'arg-empty-columns.json',
      JSON.stringify({
        count: 1,
        data: [
          {
            id: disk,
            name: 'data-old',
            type: 'microsoft.compute/disks',
            kind: '',
            managedBy: '',
            location: 'westeurope',
            sku: { name: 'Premium_LRS' },
            properties: { diskState: 'Unattached' },
          },
        ],
      }),
    );
    const resource = (await loadSnapshots([file])).inventory.get(disk)!;
    expect(Object.keys(resource).sort()).toEqual(['id', 'location', 'name', 'properties', 'sku', 'type']);
  });

  it('warns about duplicate IDs across files, naming both', async () => {
    const result = await loadSnapshots([fixture('duplicates')]);
    const monday = fixture('duplicates/1-monday.json');
    const tuesday = fixture('duplicates/2-tuesday.json');
    expect(result.warnings).toEqual([
      {
        file: tuesday,
        line: 2,
        pointer: '/0',
        message: expect.stringMatching(
          /^duplicate resource id .*pip-shared: .*2-tuesday\.json:2 \/0 replaces .*1-monday\.json:2 \/0$/,
        ),
      },
    ]);
    expect(result.inventory.size).toBe(1);
    expect(result.inventory.get(`${APP}/Microsoft.Network/publicIPAddresses/pip-shared`)?.properties).toEqual(
      {
        ipAddress: '20.54.1.41',
      },
    );
    expect(result.inventory.origin(`${APP}/Microsoft.Network/publicIPAddresses/pip-shared`)?.file).toBe(
      tuesday,
    );
    expect(result.warnings[0]?.message).toContain(monday);
  });

  it('nests Azure CLI’s flattened output under `properties`, as rules read it', async () => {
    const result = await loadSnapshots([
      fixture('az-vm-show-flattened.json'),
      fixture('arm-get-vm-with-extensions.json'),
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.stats.resources).toBe(2);
    const vm = result.inventory.get(`${APP}/Microsoft.Compute/virtualMachines/vm-jump-01`);
    expect(vm).toMatchObject({
      name: 'vm-jump-01',
      location: 'northeurope',
      resourceGroup: 'rg-app-prod',
      properties: {
        hardwareProfile: { vmSize: 'Standard_B2s' },
        osProfile: { linuxConfiguration: { disablePasswordAuthentication: true } },
        vmId: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      },
    });
    expect(vm).not.toHaveProperty('hardwareProfile');
  });

  describe('warns that a file holds one page of a longer list', () => {
    const rows = `[{"id":"${APP}/Microsoft.Compute/virtualMachines/vm-1"}]`;
    it.each([
      [
        'az graph query with a skip token',
        `{"count": 1, "data": ${rows}, "skip_token": "ew0KICAiJHR5cGUiOiAi", "total_records": 5120}`,
        /one page of a Resource Graph result \(1 of 5120 records\).*--skip-token/,
      ],
      [
        'Resource Graph REST with $skipToken',
        `{"totalRecords": 5120, "count": 1, "data": ${rows}, "$skipToken": "ew0KI"}`,
        /one page of a Resource Graph result \(1 of 5120 records\)/,
      ],
      [
        'a truncated Resource Graph result',
        `{"count": 1, "data": ${rows}, "resultTruncated": "true"}`,
        /Resource Graph truncated this result \(1 records\).*`id` column/,
      ],
      [
        'an ARM list with a nextLink',
        `{"value": ${rows}, "nextLink": "https://management.azure.com/subscriptions/s/resources?$skiptoken=x"}`,
        /one page of an ARM list.*az rest --url <nextLink>/,
      ],
    ])('%s', async (_name, text, message) => {
      for (const [name, content] of [
        ['page.json', text],
        ['page.jsonl', `${text}\n`],
      ]) {
        const file = scratchFile(name!, content!);
        const result = await loadSnapshots([file]);
        expect(result.warnings).toEqual([{ file, line: 1, message: expect.stringMatching(message) }]);
        expect(result.stats.resources).toBe(1);
      }
    });

    it.each([
      [
        'the last page of az graph query',
        `{"count": 1, "data": ${rows}, "skip_token": null, "total_records": 1}`,
      ],
      ['Resource Graph REST, complete', `{"count": 1, "data": ${rows}, "resultTruncated": "false"}`],
      ['an ARM list’s last page', `{"value": ${rows}, "nextLink": null}`],
      ['an ARM list without nextLink', `{"value": ${rows}}`],
    ])('but not for %s', async (_name, text) => {
      const result = await loadSnapshots([scratchFile('whole.json', text)]);
      expect(result.warnings).toEqual([]);
      expect(result.stats.resources).toBe(1);
    });
  });

  it('does not take ARM’s own subscription shape for flattened output', async () => {
    const subscription = scratchFile(
      'subscription.json',
      JSON.stringify({
        id: SUB,
        subscriptionId: '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f',
        tenantId: '3d9e4c1a-7b2f-4e8d-a6c5-0f1e2d3c4b5a',
        displayName: 'Contoso Production',
        state: 'Enabled',
        subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', spendingLimit: 'Off' },
        authorizationSource: 'RoleBased',
      }),
    );
    const result = await loadSnapshots([subscription]);
    expect(result.warnings).toEqual([]);
    expect(result.inventory.get(SUB)).toMatchObject({
      name: '8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f',
      type: 'Microsoft.Resources/subscriptions',
      displayName: 'Contoso Production',
    });
    expect(result.inventory.get(SUB)).not.toHaveProperty('properties');
  });

  it('reports a path that does not exist and loads the others', async () => {
    const missing = join(scratch, 'no-such-export.json');
    const result = await loadSnapshots([missing, fixture('arg-data-only.json')]);
    expect(result.errors).toEqual([{ file: missing, message: 'no such file or directory' }]);
    expect(result.stats).toMatchObject({ files: 1, resources: 1 });
  });

  // Windows PowerShell 5.1's `>` and Out-File write UTF-16LE with a byte order mark; PowerShell 7 and Notepad
  // write UTF-8, sometimes with one.
  it.each([
    ['UTF-16LE with a byte order mark', Buffer.from([0xff, 0xfe]), 'utf16le'],
    ['UTF-16LE without one', Buffer.alloc(0), 'utf16le'],
    ['UTF-8 with a byte order mark', Buffer.from([0xef, 0xbb, 0xbf]), 'utf8'],
  ] as const)('reads %s, CRLF line ends and all', async (_name, mark, encoding) => {
    const text = readFileSync(fixture('arg-data-only.json'), 'utf8').replaceAll('\n', '\r\n');
    const file = scratchFile(
      `encoded-${encoding}-${mark.length}.json`,
      Buffer.concat([mark, Buffer.from(text, encoding)]),
    );
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([]);
    expect(loaded(result)).toEqual(['kv-web-prod @ 3 /data/0']);
  });

  it('reads UTF-16 whose characters are split across chunks', async () => {
    const text = readFileSync(fixture('estate.jsonl'), 'utf8').replaceAll('pip-a', 'pip-ä€');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    async function* oddChunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const result = await loadSnapshots(['-'], { stdin: oddChunks() });
    expect(result.errors).toEqual([]);
    expect(loaded(result)).toEqual(['pip-ä€ @ 1 ', 'pip-b @ 2 ', 'pip-c @ 4 ']);
  });

  it('reads UTF-16 big-endian with its byte order mark', async () => {
    const swapped = Buffer.from(readFileSync(fixture('arg-data-only.json'), 'utf8'), 'utf16le').swap16();
    const file = scratchFile('utf16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), swapped]));
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([]);
    expect(loaded(result)).toEqual(['kv-web-prod @ 3 /data/0']);
  });

  it.each([
    [
      'a Resource Graph Explorer download',
      'arg.csv',
      '\ufeff"id","name","type","properties"\r\n"/subscriptions/x","a","b","{}"\r\n',
    ],
    ['tab-separated, unquoted', 'export.json', 'ID\tTYPE\tLOCATION\n/subscriptions/x\tb\twesteurope\n'],
  ])('says a CSV export (%s) is not a snapshot, and how to export one', async (_what, name, text) => {
    const file = scratchFile(name, text);
    const result = await loadSnapshots([file]);
    expect(result.errors).toEqual([
      {
        file,
        line: 1,
        message: expect.stringMatching(/^a CSV export .*`az graph query -q "<query>" --first 1000 -o json`/),
      },
    ]);
    expect(result.inventory.size).toBe(0);
  });

  it('still reports text that is neither JSON nor a CSV header as invalid JSON', async () => {
    const file = scratchFile('prose.json', 'hello, world\n');
    const result = await loadSnapshots([file]);
    expect(result.errors[0]).toMatchObject({
      file,
      line: 1,
      column: 1,
      message: expect.stringMatching(/^invalid JSON/),
    });
  });

  it('reports an empty file', async () => {
    const empty = scratchFile('empty.json', '');
    const result = await loadSnapshots([empty]);
    expect(result.errors).toEqual([
      { file: empty, line: 1, column: 1, message: 'invalid JSON: no JSON value: the input is empty' },
    ]);
  });
});

describe('loadSnapshots inputs', () => {
  it('walks a directory for .json, .jsonl and .ndjson files in name order', async () => {
    const result = await loadSnapshots([fixture('estate-dir')]);
    expect(result.stats.files).toBe(3);
    expect(result.errors).toEqual([]);
    expect([...result.inventory].map((r) => r.name)).toEqual([
      'asg-web',
      'pip-a',
      'pip-b',
      'pip-c',
      'kv-web-prod',
    ]);
  });

  it('reports a directory without snapshot files', async () => {
    const emptyDir = mkdtempSync(join(scratch, 'empty-'));
    const empty = await loadSnapshots([emptyDir]);
    expect(empty.errors).toEqual([
      { file: emptyDir, message: 'the directory holds no .json, .jsonl or .ndjson files' },
    ]);
  });

  it('reads JSON Lines saved as .json', async () => {
    const path = scratchFile('lines-as.json', readFileSync(fixture('bad-line.jsonl')));
    const result = await loadSnapshots([path]);
    expect(result.errors.map((e) => e.line)).toEqual([3, 5]);
    expect(result.stats.resources).toBe(4);
  });

  it.each([
    ['a JSON document', readFileSync(fixture('az-graph-query.json'), 'utf8'), 8],
    ['JSON Lines', readFileSync(fixture('estate.jsonl'), 'utf8'), 3],
  ])('reads %s from standard input', async (_name, text, count) => {
    const result = await loadSnapshots(['-'], { stdin: chunksOf(text, 100) });
    expect(result.errors).toEqual([]);
    expect(result.stats.resources).toBe(count);
    expect(result.inventory.origin([...result.inventory][0]!)?.file).toBe('<stdin>');
  });

  const TEMPLATE_FIXTURES = fileURLToPath(new URL('../../fixtures/templates/', import.meta.url));
  it.each([
    ['by its $schema', readFileSync(join(TEMPLATE_FIXTURES, 'vm/linux-vm-ssh-open.json'), 'utf8')],
    ['by resources and contentVersion', '{"contentVersion": "1.0.0.0", "resources": []}'],
    [
      'on one line, as JSON Lines',
      '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": []}\n',
    ],
  ])('says a template piped on standard input (known %s) must be given as a file', async (_how, text) => {
    // Templates are read from files (the parameters beside them, links relative to them): `vigil template
    // expand -` refuses standard input too. Before, this was "not a resource: no \"id\"".
    const result = await loadSnapshots(['-'], { stdin: chunksOf(text, 64) });
    expect(result.stats.resources).toBe(0);
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: '<stdin>',
        line: 1,
        message: expect.stringMatching(
          /^an ARM deployment template, not a snapshot of resources: vigil scan reads templates from files .*not from standard input; save it and give its path$/,
        ),
      }),
    ]);
  });
});

describe('loadSnapshots string sharing', () => {
  it('gives the same resources whether or not repeated strings are shared', async () => {
    const file = fixture('az-graph-query.json');
    const shared = await loadSnapshots([file]);
    const copied = await loadSnapshots([file], { internStrings: false });
    expect([...shared.inventory]).toEqual([...copied.inventory]);
    expect(shared.inventory.size).toBeGreaterThan(0);
  });
});
