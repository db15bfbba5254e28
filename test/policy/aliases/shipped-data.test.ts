import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../../src/policy/aliases/index.ts';

const DATA = new URL('../../../src/policy/aliases/data/aliases.json', import.meta.url);
const SUPPLEMENT_DIR = new URL('../../../scripts/alias-sources/', import.meta.url);
const SHARED = new URL('../../../../shared/', import.meta.url);
const ALIASES_DIR = new URL('corpora/azure-policy/aliases/', SHARED);
const DERIVED = new URL('aliases-derived.json', ALIASES_DIR);
const SOURCE_MD = new URL('../SOURCE.md', ALIASES_DIR);

const table = AliasTable.load();
const header = JSON.parse(readFileSync(DATA, 'utf8'));
const key = (type: string, alias: string, path: string) => `${type}\n${alias}\n${path}`;
const namespaceOf = (type: string) => type.slice(0, type.indexOf('/')).toLowerCase();
const pathText = (alias: string, type: string) =>
  table
    .pathFor(alias, type)
    ?.map((s) => (s.kind === 'wildcard' ? '[*]' : `.${s.name}`))
    .join('')
    .slice(1);

interface SupplementFile {
  name: string;
  source: { repository: string; path: string; commit: string; license: string };
  namespace: string;
  rowCount: number;
  rows: { resourceType: string; alias: string; defaultPath: string }[];
}

const supplements: SupplementFile[] = readdirSync(SUPPLEMENT_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, ...JSON.parse(readFileSync(new URL(name, SUPPLEMENT_DIR), 'utf8')) }));
const supplementNamespaces = new Set(supplements.map((file) => file.namespace.toLowerCase()));

describe('shipped alias data', () => {
  it('says where it came from, under which licence, and how many rows it holds', () => {
    expect(header.source.repository).toBe('https://github.com/jeircul/azure-policy-aliases');
    expect(header.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(header.source.license).toContain('Copyright (c) 2025 jeircul');
    expect(header.supplement.repository).toBe('https://github.com/Azure/PSRule.Rules.Azure');
    expect(header.supplement.license).toMatch(/^MIT License, Copyright \(c\) /);
    expect(header.rowCount).toBe(table.rowCount);
    expect([...table.rows()]).toHaveLength(header.rowCount);
    expect(new Set([...table.rows()].map((row) => row.resourceType)).size).toBe(header.typeCount);
  });

  it('counts each alias name once however many types share it', () => {
    const names = new Set([...table.rows()].map((row) => row.alias.toLowerCase()));
    expect(table.size).toBe(names.size);
    expect(table.size).toBeLessThan(table.rowCount);
  });
});

describe('shipped alias data against scripts/alias-sources', () => {
  it('lists every source file it merged, with the commit and row count the file records', () => {
    expect(header.supplement.files).toEqual(
      supplements.map((file) => ({
        path: file.source.path,
        commit: file.source.commit,
        namespace: file.namespace,
        rowCount: file.rows.length,
      })),
    );
    for (const file of supplements) {
      expect(file.source.commit, file.name).toMatch(/^[0-9a-f]{40}$/);
      expect(file.rowCount, file.name).toBe(file.rows.length);
    }
  });

  it.each(supplements.map((file) => [file.name, file] as const))('resolves every row of %s', (_, file) => {
    const wrong = file.rows.filter((row) => pathText(row.alias, row.resourceType) !== row.defaultPath);
    expect(wrong).toEqual([]);
    for (const row of file.rows) expect(table.typesOf(row.alias)).toContain(row.resourceType);
  });

  it('holds nothing else in those namespaces', () => {
    const shipped = [...table.rows()]
      .filter((row) => supplementNamespaces.has(namespaceOf(row.resourceType)))
      .map((row) => key(row.resourceType, row.alias, row.defaultPath));
    const wanted = supplements.flatMap((file) =>
      file.rows.map((row) => key(row.resourceType, row.alias, row.defaultPath)),
    );
    expect(shipped.sort()).toEqual(wanted.sort());
  });

  it('covers the namespaces built-in definitions and VM estates reference beyond the dump', () => {
    for (const namespace of [
      'Microsoft.ConnectedVMwarevSphere',
      'Microsoft.AzureStackHCI',
      'Microsoft.DocumentDB',
      'Microsoft.ApiManagement',
      'Microsoft.Media',
      'Microsoft.Maintenance',
      'Microsoft.Resources',
      'Microsoft.Storage',
      'Microsoft.OperationalInsights',
    ]) {
      expect(table.hasNamespace(namespace), namespace).toBe(true);
    }
  });
});

const haveCorpus = existsSync(DERIVED);
if (!haveCorpus) {
  console.warn(
    `skipping alias reproduction: ${fileURLToPath(DERIVED)} is absent (it lives in shared/, beside the repo)`,
  );
}

describe.skipIf(!haveCorpus)('shipped alias data against shared/corpora/azure-policy/aliases', () => {
  type Source = { namespace: string; resourceType: string; aliases: { name: string; defaultPath: string }[] };
  const source: Source[] = haveCorpus ? JSON.parse(readFileSync(DERIVED, 'utf8')) : [];
  const expected = source.flatMap((t) =>
    t.aliases.map((a) => ({ type: `${t.namespace}/${t.resourceType}`, alias: a.name, path: a.defaultPath })),
  );
  const dumpNamespaces = new Set(expected.map((row) => namespaceOf(row.type)));

  it('reproduces every (type, alias, defaultPath) row of the dump exactly, and nothing else there', () => {
    const shipped = new Set(
      [...table.rows()]
        .filter((row) => !supplementNamespaces.has(namespaceOf(row.resourceType)))
        .map((row) => key(row.resourceType, row.alias, row.defaultPath)),
    );
    const wanted = new Set(expected.map((row) => key(row.type, row.alias, row.path)));
    expect([...wanted].filter((row) => !shipped.has(row))).toEqual([]);
    expect([...shipped].filter((row) => !wanted.has(row))).toEqual([]);
    expect(shipped.size).toBe(expected.length);
  });

  it('takes no namespace from both sources', () => {
    expect([...supplementNamespaces].filter((namespace) => dumpNamespaces.has(namespace))).toEqual([]);
  });

  it('resolves every row through pathFor', () => {
    const wrong = expected.filter((row) => pathText(row.alias, row.type) !== row.path);
    expect(wrong).toEqual([]);
  });

  it("records the commit that the corpus's SOURCE.md gives for the dump", () => {
    const section = readFileSync(SOURCE_MD, 'utf8').split('### 2b.')[0]!;
    expect(section).toContain(`\`${header.source.commit}\``);
  });
});
