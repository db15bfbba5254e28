import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AliasTable, parseFieldReference } from '../../../src/policy/aliases/index.ts';

const SHARED = new URL('../../../../shared/', import.meta.url);
const CORPUS = new URL('corpora/azure-policy/', SHARED);
const FOLDERS = ['definitions/', 'initiatives/'];

const haveCorpus = existsSync(new URL(FOLDERS[0]!, CORPUS));
if (!haveCorpus) {
  console.warn(`skipping corpus field references: ${fileURLToPath(CORPUS)} is absent (it lives in shared/)`);
}

/** field name → files using it, from `field` keys and literal `field('…')` / `current('…')` arguments. */
function collectReferences(): Map<string, Set<string>> {
  const refs = new Map<string, Set<string>>();
  for (const folder of FOLDERS) {
    const dir = new URL(folder, CORPUS);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const json: unknown = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
      const indexNames = new Set<string>();
      const found: string[] = [];
      walk(json, found, indexNames);
      for (const ref of found) {
        if (indexNames.has(ref)) continue; // current('x') of a value count's own index
        const files = refs.get(ref) ?? new Set();
        files.add(file);
        refs.set(ref, files);
      }
    }
  }
  return refs;
}

const CALL = /\b(?:field|current)\(\s*'((?:[^']|'')*)'\s*\)/gi;
const LITERAL = /'((?:[^']|'')*)'/g;

function walk(node: unknown, found: string[], indexNames: Set<string>): void {
  if (typeof node === 'string') {
    for (const match of node.matchAll(CALL)) found.push(match[1]!.replaceAll("''", "'"));
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) walk(item, found, indexNames);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const lower = key.toLowerCase();
    if (lower === 'field' && typeof value === 'string') {
      if (value.startsWith('[')) {
        // An expression picks its field at run time; check the alias literals it can pick.
        for (const match of value.matchAll(LITERAL)) if (match[1]!.includes('/')) found.push(match[1]!);
      } else found.push(value);
    }
    if (lower === 'count' && typeof value === 'object' && value !== null && 'name' in value) {
      if (typeof value.name === 'string') indexNames.add(value.name);
    }
    walk(value, found, indexNames);
  }
}

describe.skipIf(!haveCorpus)('field references in the built-in policy corpus', () => {
  const table = AliasTable.load();
  const refs = haveCorpus ? collectReferences() : new Map<string, Set<string>>();

  it('finds the corpus references (guards the walker itself)', () => {
    expect(refs.size).toBeGreaterThan(150);
    expect(refs.has('Microsoft.Compute/imagePublisher')).toBe(true);
    expect(refs.has('Microsoft.KeyVault/vaults/networkAcls.ipRules[*].value')).toBe(true); // via current('…')
    expect(refs.has("tags['LegacyVMNVA']")).toBe(true);
    expect(refs.has('tagKvp')).toBe(false); // a value count's index name, not a field
  });

  it('resolves every reference: the table covers every namespace the corpus uses', () => {
    const unknown: { field: string; message: string; files: string[] }[] = [];
    for (const [field, files] of refs) {
      const ref = parseFieldReference(field, table);
      if (ref.kind === 'unknown') unknown.push({ field, message: ref.message, files: [...files].sort() });
    }
    if (unknown.length > 0) {
      const lines = unknown.map(({ message, files }) => `  ${message} — ${files.join(', ')}`);
      console.info(`corpus field references the alias table cannot resolve:\n${lines.join('\n')}`);
    }
    // The dump's 9 namespaces plus PSRule's rows for the rest cover the corpus, so any unknown is a bug.
    expect(unknown).toEqual([]);
  });
});
