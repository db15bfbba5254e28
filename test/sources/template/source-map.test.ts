import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonWithPositions } from '../../../src/sources/template/json-source.ts';
import { expandTemplateFile, loadParameterFile } from '../../../src/sources/template/load.ts';
import type { JsonValue } from '../../../src/util/json.ts';
import { byName, fixture, scanExpansion } from './helpers.ts';

/**
 * Every expanded resource points at its declaration: the file, the JSON pointer, and the line and column
 * of the declaration's opening brace — so SARIF results land on the right line in GitHub code scanning.
 */

function templates(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === 'modules' ? [] : templates(path);
    return name.endsWith('.json') && !name.includes('.parameters') ? [path] : [];
  });
}

function resolvePointer(value: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (current !== null && typeof current === 'object') current = current[key];
    else return undefined;
  }
  return current;
}

describe('source mapping', () => {
  const files = templates(fixture('vm'));

  it.each(files.map((f) => [f.slice(f.indexOf('templates')), f]))(
    '%s: each resource’s line and column are its declaration’s opening brace, its pointer the declaration',
    async (_name, file) => {
      const paired = file.replace(/\.json$/, '.parameters.json');
      const hasParameters = (() => {
        try {
          return statSync(paired).isFile();
        } catch {
          return false;
        }
      })();
      const expansion = await expandTemplateFile(file, hasParameters ? { parametersFile: paired } : {});
      expect(expansion.resources.length).toBeGreaterThan(0);
      for (const { resource, origin } of expansion.resources) {
        const text = readFileSync(origin.file, 'utf8');
        const lines = text.split('\n');
        expect(
          lines[origin.line! - 1]?.charAt(origin.column! - 1),
          `${resource.id} at ${origin.line}:${origin.column}`,
        ).toBe('{');
        const declaration = resolvePointer(parseJsonWithPositions(text).value, origin.pointer) as {
          type: string;
        };
        const lastSegment = (type: string) => type.slice(type.lastIndexOf('/') + 1).toLowerCase();
        expect(lastSegment(resource.type)).toBe(lastSegment(declaration.type));
      }
      if (hasParameters) expect((await loadParameterFile(paired)).errors).toEqual([]);
    },
  );

  it('places the NSG of linux-vm-ssh-open.json at line 55, column 5', async () => {
    const expansion = await expandTemplateFile(fixture('vm/linux-vm-ssh-open.json'), {
      parametersFile: fixture('vm/linux-vm-ssh-open.parameters.json'),
    });
    expect(byName(expansion, 'web-01-nsg').origin).toEqual({
      file: fixture('vm/linux-vm-ssh-open.json'),
      line: 55,
      column: 5,
      pointer: '/resources/0',
      deployments: [],
    });
  });

  it('gives every copy of a looped resource the line of its one declaration', async () => {
    const expansion = await expandTemplateFile(fixture('vm/vm-copy-nics-disks.json'));
    const lines = ['worker-1', 'worker-2', 'worker-3'].map((n) => byName(expansion, n).origin.line);
    expect(new Set(lines).size).toBe(1);
  });

  it('points into an inline nested template, and names the deployment', async () => {
    const expansion = await expandTemplateFile(fixture('vm/nested-inner-vm.json'));
    expect(byName(expansion, 'app-01').origin).toMatchObject({
      pointer: '/resources/1/properties/template/resources/1',
      line: 62,
      deployments: ['appVm'],
    });
  });

  it('carries the origin into the inventory, where child views keep their parent’s line and their own pointer', async () => {
    const expansion = await expandTemplateFile(fixture('vm/linux-vm-ssh-open.json'), {
      parametersFile: fixture('vm/linux-vm-ssh-open.parameters.json'),
    });
    const { inventory } = scanExpansion(expansion);
    const vnet = byName(expansion, 'vnet-web').resource;
    expect(inventory.origin(vnet.id)).toEqual({
      file: fixture('vm/linux-vm-ssh-open.json'),
      line: 78,
      column: 5,
      pointer: '/resources/1',
    });
    expect(inventory.origin(`${vnet.id}/subnets/snet-web`)).toMatchObject({
      line: 78,
      pointer: '/resources/1/properties/subnets/0',
    });
  });
});
