import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshots } from '../../../src/sources/snapshot/load.ts';
import { expandTemplateFile } from '../../../src/sources/template/load.ts';
import { renderSnapshot } from '../../../src/sources/template/snapshot.ts';
import { fixture, NOW } from './helpers.ts';

/** `vigil template expand` writes a snapshot the snapshot loader reads back as the same resources. */

const directory = mkdtempSync(join(tmpdir(), 'vigil-template-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('an expansion written as a snapshot', () => {
  it.each(['json', 'jsonl'] as const)('round-trips through loadSnapshots as %s', async (format) => {
    const expansion = await expandTemplateFile(fixture('vm/linked/main.json'), {
      parametersFile: fixture('vm/linked/main.parameters.json'),
      context: { now: NOW },
    });
    const file = join(directory, `expanded.${format}`);
    writeFileSync(file, renderSnapshot(expansion, format));
    const loaded = await loadSnapshots([file]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.stats.resources).toBe(expansion.resources.length);
    for (const { resource } of expansion.resources)
      expect(loaded.inventory.get(resource.id)).toEqual(resource);
  });

  it('keeps unknowns as {"$vigilUnknown": …}', async () => {
    const expansion = await expandTemplateFile(fixture('vm/vm-encryption-from-reference.json'));
    const text = renderSnapshot(expansion, 'jsonl');
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toMatchObject({
      properties: {
        securityProfile: { encryptionAtHost: { $vigilUnknown: expect.stringContaining('reference(') } },
      },
    });
  });

  it('is an ARM list response in json format', async () => {
    const expansion = await expandTemplateFile(fixture('vm/vm-user-functions.json'));
    const parsed = JSON.parse(renderSnapshot(expansion, 'json')) as { value: { name: string }[] };
    expect(parsed.value.map((r) => r.name)).toEqual(['nsg-billing-prd-007', 'vm-billing-prd-007']);
  });
});
