import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyDocument, classifyFile } from '../../../src/sources/template/detect.ts';
import { collectScanInputs } from '../../../src/sources/template/scan-inputs.ts';
import type { JsonValue } from '../../../src/util/json.ts';
import { fixture, SCHEMA } from './helpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'vigil-inputs-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(path: string, value: unknown): string {
  const file = join(directory, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

describe('what a JSON document is', () => {
  it.each([
    [{ $schema: SCHEMA, resources: [] }, 'template'],
    [
      {
        $schema:
          'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
        resources: [],
      },
      'template',
    ],
    [{ contentVersion: '1.0.0.0', resources: {} }, 'template'],
    [
      {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        parameters: {},
      },
      'parameters',
    ],
    [{ contentVersion: '1.0.0.0', parameters: { a: { value: 1 } } }, 'parameters'],
    // `az deployment group create --parameters @file` takes `parameters` with nothing around it too.
    [{ parameters: { a: { value: 1 } } }, 'parameters'],
    [{ parameters: { a: { value: 1 } }, definitions: {} }, 'other'],
    [[{ id: '/subscriptions/x', type: 't' }], 'snapshot'],
    [{ value: [] }, 'snapshot'],
    [{ count: 1, data: [] }, 'snapshot'],
    [
      { id: '/subscriptions/x/resourceGroups/y', name: 'y', type: 'Microsoft.Resources/resourceGroups' },
      'snapshot',
    ],
    [
      { $schema: 'https://aka.ms/azure-quickstart-templates-metadata-schema#', itemDisplayName: 'VM' },
      'other',
    ],
  ])('%j is a %s', (document, kind) => {
    expect(classifyDocument(document as JsonValue)).toBe(kind);
  });

  it('leaves a file over ARM’s 4 MB template limit to the snapshot loader', async () => {
    const file = write(
      'big.json',
      `{"value": [${Array.from({ length: 60000 }, (_, i) => `{"id": "/subscriptions/s/providers/a/b/r${i}", "type": "a/b", "name": "r${i}", "properties": {}}`).join(',')}]}`,
    );
    expect(await classifyFile(file)).toBe('snapshot');
  });

  it('judges by top-level keys: a snapshot holding a template spec (a nested $schema) is a snapshot', async () => {
    const file = write('specs.json', {
      value: [
        {
          id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Resources/templateSpecs/vm/versions/1.0',
          type: 'Microsoft.Resources/templateSpecs/versions',
          properties: { mainTemplate: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] } },
        },
      ],
    });
    expect(await classifyFile(file)).toBe('snapshot');
  });

  it('classifies a template that is not valid JSON by its schema, so its error is a template error', async () => {
    expect(await classifyFile(fixture('bad/invalid-json.json'))).toBe('template');
  });
});

describe('collectScanInputs', () => {
  it('leaves a directory without templates to the snapshot loader, unchanged', async () => {
    const dir = join(directory, 'estate');
    write('estate/a.json', { value: [] });
    write('estate/b.jsonl', '{"id": "/subscriptions/s", "type": "Microsoft.Resources/subscriptions"}\n');
    const inputs = await collectScanInputs([dir, '-']);
    expect(inputs).toEqual({ snapshots: [dir, '-'], templates: [], errors: [], warnings: [] });
  });

  it('finds templates recursively, pairs x.parameters.json, skips linked children and says what it skipped', async () => {
    const inputs = await collectScanInputs([fixture('vm')]);
    const templates = inputs.templates.map((t) => [
      t.file.slice(t.file.indexOf('vm')),
      t.parametersFile?.slice(t.parametersFile.indexOf('vm')),
    ]);
    expect(templates).toContainEqual(['vm/linux-vm-ssh-open.json', 'vm/linux-vm-ssh-open.parameters.json']);
    expect(templates).toContainEqual(['vm/linked/main.json', 'vm/linked/main.parameters.json']);
    expect(templates).toContainEqual(['vm/bicep/main.json', undefined]);
    expect(templates.map(([t]) => t)).not.toContain('vm/linked/modules/vm.json');
    expect(inputs.templates).toHaveLength(25);
    expect(inputs.snapshots).toEqual([]);
    expect(inputs.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/no template named vm-conditional-public-ip\.public\.json beside it/),
      expect.stringMatching(/no template named vm-encryption-at-host\.enabled\.json beside it/),
    ]);
  });

  it('uses --parameters for every template instead of pairing', async () => {
    const parameters = fixture('vm/vm-encryption-at-host.enabled.parameters.json');
    const inputs = await collectScanInputs([fixture('vm/vm-encryption-at-host.json')], {
      parametersFile: parameters,
    });
    expect(inputs.templates).toEqual([
      { file: fixture('vm/vm-encryption-at-host.json'), parametersFile: parameters },
    ]);
  });

  it('in a directory with templates, keeps snapshots and skips other JSON with a warning', async () => {
    const dir = join(directory, 'repo');
    write('repo/azuredeploy.json', { $schema: SCHEMA, contentVersion: '1.0.0.0', resources: [] });
    write('repo/metadata.json', {
      $schema: 'https://aka.ms/azure-quickstart-templates-metadata-schema#',
      itemDisplayName: 'x',
    });
    write('repo/estate.json', { value: [] });
    write('repo/.github/settings.json', { value: [] });
    write('repo/node_modules/pkg/package.json', { name: 'pkg' });
    const inputs = await collectScanInputs([dir]);
    expect(inputs.templates).toEqual([{ file: join(dir, 'azuredeploy.json') }]);
    expect(inputs.snapshots).toEqual([join(dir, 'estate.json')]);
    expect(inputs.warnings).toEqual([
      {
        file: join(dir, 'metadata.json'),
        message: 'skipped: not a deployment template, a parameters file or a snapshot of resources',
      },
    ]);
  });

  it.each([
    [
      'main.bicep',
      /a Bicep file: build it first \(az bicep build --file .*main\.bicep\) and scan the main\.json/,
    ],
    ['main.bicepparam', /a Bicep parameters file: build it first \(az bicep build-params --file/],
  ])('says how to build %s rather than failing to parse it as JSON', async (name, message) => {
    const file = write(`bicep/${name}`, "param vmName string = 'vm-01'\n");
    const inputs = await collectScanInputs([file]);
    expect(inputs).toMatchObject({ snapshots: [], templates: [], errors: [{ file, message }] });
    expect(inputs.errors).toHaveLength(1);
  });

  it('hands a missing path to the snapshot loader, which reports it', async () => {
    expect((await collectScanInputs([join(directory, 'nope.json')])).snapshots).toEqual([
      join(directory, 'nope.json'),
    ]);
  });
});
