import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../../src/policy/aliases/index.ts';

const DATA = new URL('../../../src/policy/aliases/data/aliases.json', import.meta.url);
const SHARED = new URL('../../../../shared/', import.meta.url);
const ALIASES_DIR = new URL('corpora/azure-policy/aliases/', SHARED);
const DERIVED = new URL('aliases-derived.json', ALIASES_DIR);
const SOURCE_MD = new URL('../SOURCE.md', ALIASES_DIR);

const table = AliasTable.load();
const header = JSON.parse(readFileSync(DATA, 'utf8'));
const key = (type: string, alias: string, path: string) => `${type}\n${alias}\n${path}`;

describe('shipped alias data', () => {
  it('says where it came from, under which licence, and how many rows it holds', () => {
    expect(header.source.repository).toBe('https://github.com/jeircul/azure-policy-aliases');
    expect(header.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(header.source.license).toContain('Copyright (c) 2025 jeircul');
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

  it('reproduces every (type, alias, defaultPath) row exactly, and nothing else', () => {
    const shipped = new Set(
      [...table.rows()].map((row) => key(row.resourceType, row.alias, row.defaultPath)),
    );
    const wanted = new Set(expected.map((row) => key(row.type, row.alias, row.path)));
    expect([...wanted].filter((row) => !shipped.has(row))).toEqual([]);
    expect([...shipped].filter((row) => !wanted.has(row))).toEqual([]);
    expect(shipped.size).toBe(expected.length);
  });

  it('resolves every row through pathFor', () => {
    const wrong = expected.filter((row) => {
      const segments = table.pathFor(row.alias, row.type);
      const text = segments?.map((s) => (s.kind === 'wildcard' ? '[*]' : `.${s.name}`)).join('');
      return text?.slice(1) !== row.path;
    });
    expect(wrong).toEqual([]);
  });

  it("records the commit that the corpus's SOURCE.md gives for the dump", () => {
    const section = readFileSync(SOURCE_MD, 'utf8').split('### 2b.')[0]!;
    expect(section).toContain(`\`${header.source.commit}\``);
  });
});
