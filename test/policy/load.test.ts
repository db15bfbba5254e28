import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadParameterValues, loadPolicyFiles, readParameterValues } from '../../src/policy/load.ts';

const LAYOUT = fileURLToPath(new URL('../fixtures/policy/community-layout/', import.meta.url));

// Azure/Community-Policy keeps each definition in a folder: azurepolicy.json plus the same
// definition's rule, parameters and portal copy beside it.
describe('a directory in the Community-Policy layout', () => {
  it.each([
    ['the whole tree', [LAYOUT], 2, 0],
    ['a definition folder: azurepolicy.json only, not its companions', [`${LAYOUT}blocked-disk-skus`], 1, 0],
    ['a folder with a rules file and no azurepolicy.json', [`${LAYOUT}rules-only`], 1, 0],
    [
      'a companion named explicitly is read as what it is',
      [`${LAYOUT}blocked-disk-skus/azurepolicy.parameters.json`],
      0,
      1,
    ],
  ])('%s', async (_, paths, definitions, errors) => {
    const loaded = await loadPolicyFiles(paths);
    expect(loaded.definitions).toHaveLength(definitions);
    expect(loaded.errors).toHaveLength(errors);
  });

  it('reads the definition with its parameters', async () => {
    const loaded = await loadPolicyFiles([`${LAYOUT}blocked-disk-skus`]);
    expect(loaded.definitions.map((d) => d.source.file.split(/[\\/]/).pop())).toEqual(['azurepolicy.json']);
    expect(Object.keys(loaded.definitions[0]!.parameters)).toEqual(['blockedDiskSkus', 'effect']);
  });
});

// The file given to --parameters, in the shapes users save: an assignment's parameters must be
// read from the assignment, never its other members taken for parameters (which silently left the
// definition on its defaults).
describe('parameter values', () => {
  const effect = { effect: { value: 'Disabled' } };
  const definitionId =
    '/providers/Microsoft.Authorization/policyDefinitions/06a78e20-9358-41c9-923c-fb736d382a4d';
  it.each([
    ['az policy assignment create --params', effect, { effect: 'Disabled' }],
    ['plain values', { effect: 'Disabled' }, { effect: 'Disabled' }],
    [
      'a deploymentParameters file',
      {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        contentVersion: '1.0.0.0',
        parameters: effect,
      },
      { effect: 'Disabled' },
    ],
    [
      'az policy assignment show (flattened)',
      {
        displayName: 'Audit disks',
        enforcementMode: 'Default',
        id: '/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/a',
        name: 'a',
        notScopes: [],
        parameters: effect,
        policyDefinitionId: definitionId,
        scope: '/subscriptions/s',
        type: 'Microsoft.Authorization/policyAssignments',
      },
      { effect: 'Disabled' },
    ],
    [
      'Get-AzPolicyAssignment, Az PowerShell 7+ (Parameter)',
      {
        DisplayName: 'Audit disks',
        Id: '/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/a',
        Name: 'a',
        Parameter: { effect: { Value: 'Disabled' } },
        PolicyDefinitionId: definitionId,
        Scope: '/subscriptions/s',
      },
      { effect: 'Disabled' },
    ],
    [
      'the REST API (properties.parameters)',
      {
        id: '/subscriptions/s/providers/Microsoft.Authorization/policyAssignments/a',
        name: 'a',
        properties: { parameters: effect, policyDefinitionId: definitionId },
      },
      { effect: 'Disabled' },
    ],
    [
      'an assignment without parameters',
      { name: 'a', displayName: 'Audit disks', policyDefinitionId: definitionId, parameters: null },
      {},
    ],
  ])('%s', (_, file, expected) => {
    const { values, error } = readParameterValues(file, 'params.json');
    expect(error).toBeUndefined();
    expect(Object.fromEntries(values)).toEqual(expected);
  });

  it('names the file when an assignment has parameters of the wrong kind', () => {
    const { error } = readParameterValues({ policyDefinitionId: 'x', parameters: ['effect'] }, 'params.json');
    expect(error).toMatchObject({
      file: 'params.json',
      message: expect.stringMatching(/parameters must be an object/),
    });
  });
});

// Windows PowerShell 5.1 writes `ConvertTo-Json > file` as UTF-16LE with a byte order mark.
describe('files as Windows writes them', () => {
  const definition = JSON.stringify({
    name: 'audit-disks',
    properties: {
      mode: 'All',
      parameters: { effect: { type: 'String', defaultValue: 'Audit' } },
      policyRule: {
        if: { field: 'type', equals: 'Microsoft.Compute/disks' },
        then: { effect: "[parameters('effect')]" },
      },
    },
  });
  const parameters = JSON.stringify({ effect: { value: 'Deny' } });
  it.each([
    [
      'UTF-8 with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    ],
    [
      'UTF-16LE with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
    [
      'UTF-16BE with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ],
  ])('%s', async (_, encode) => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-policy-'));
    await writeFile(join(dir, 'definition.json'), encode(definition));
    await writeFile(join(dir, 'params.json'), encode(parameters));
    const loaded = await loadPolicyFiles([join(dir, 'definition.json')]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.definitions.map((d) => d.name)).toEqual(['audit-disks']);
    const values = await loadParameterValues(join(dir, 'params.json'));
    expect(values.error).toBeUndefined();
    expect(Object.fromEntries(values.values)).toEqual({ effect: 'Deny' });
    await rm(dir, { recursive: true });
  });
});
