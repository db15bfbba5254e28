/**
 * Builds src/policy/aliases/data/aliases.json from the alias dump in
 * shared/corpora/azure-policy/aliases/aliases-derived.json (see that corpus's SOURCE.md).
 *
 *   node --import tsx scripts/build-aliases.ts [path/to/aliases-derived.json]
 *
 * The output depends only on the input: rows are sorted and nothing time-dependent is written,
 * and it is one alias per line so that a refresh shows up in review as added and removed aliases.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AliasDataFile,
  type AliasRow,
  type AliasSource,
  compareAliases,
  decodeType,
  type EncodedType,
  encodeType,
  FORMAT,
  readDataFile,
} from '../src/policy/aliases/encoding.ts';
import { parsePath } from '../src/policy/aliases/path.ts';
import { formatInputError } from '../src/util/input-error.ts';
import { isJsonObject } from '../src/util/json.ts';
import { parseJsonText } from '../src/util/parse-json.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_INPUT = resolve(REPO, '../shared/corpora/azure-policy/aliases/aliases-derived.json');
const OUTPUT = join(REPO, 'src/policy/aliases/data/aliases.json');

class BuildError extends Error {}

function main(): void {
  const input = resolve(process.argv[2] ?? DEFAULT_INPUT);
  if (!existsSync(input)) {
    throw new BuildError(`${input}: no such file (pass the path to aliases-derived.json)`);
  }
  const rows = readRows(input);
  const source = readSource(input);
  const text = serialise(source, rows);
  verify(text, rows);
  writeFileSync(OUTPUT, text);
  const types = new Set(rows.map((row) => row.resourceType)).size;
  console.log(
    `${relative(REPO, OUTPUT)}: ${rows.length} aliases on ${types} resource types, ${text.length} bytes`,
  );
}

/** Reads `[{namespace, resourceType, aliases: [{name, defaultPath}]}]`, rejecting anything else by position. */
function readRows(file: string): AliasRow[] {
  const parsed = parseJsonText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new BuildError(formatInputError(parsed.error));
  function fail(pointer: string, message: string): never {
    throw new BuildError(formatInputError({ file, pointer, message }));
  }
  if (!Array.isArray(parsed.value)) fail('', 'expected an array of resource types');
  const rows: AliasRow[] = [];
  const seen = new Set<string>();
  for (const [t, entry] of parsed.value.entries()) {
    if (!isJsonObject(entry)) fail(`/${t}`, 'expected an object');
    const { namespace, resourceType, aliases } = entry;
    if (typeof namespace !== 'string' || typeof resourceType !== 'string' || !Array.isArray(aliases)) {
      fail(`/${t}`, 'expected {namespace, resourceType, aliases[]}');
    }
    const type = `${namespace}/${resourceType}`;
    for (const [a, alias] of aliases.entries()) {
      const at = `/${t}/aliases/${a}`;
      if (!isJsonObject(alias)) fail(at, 'expected an object');
      const { name, defaultPath } = alias;
      // The table matches names by lower-casing them in place, which needs ASCII.
      if (typeof name !== 'string' || !/^[\x21-\x7e]+$/.test(name) || !name.includes('/')) {
        fail(`${at}/name`, 'expected Namespace/… in printable ASCII');
      }
      if (typeof defaultPath !== 'string') fail(`${at}/defaultPath`, 'expected a string');
      try {
        parsePath(defaultPath);
      } catch (e) {
        fail(`${at}/defaultPath`, (e as Error).message);
      }
      const key = `${type}\n${name}`.toLowerCase();
      if (seen.has(key)) fail(at, `'${name}' appears twice for ${type}`);
      seen.add(key);
      rows.push({ resourceType: type, alias: name, defaultPath });
    }
  }
  return rows;
}

/** Provenance comes from the corpus's SOURCE.md and the dump's own LICENSE, which MIT requires us to carry. */
function readSource(input: string): AliasSource {
  const aliasesDir = dirname(input);
  const sourceMd = join(aliasesDir, '..', 'SOURCE.md');
  const licenseFile = join(aliasesDir, 'jeircul-azure-policy-aliases', 'LICENSE');
  for (const file of [sourceMd, licenseFile]) {
    if (!existsSync(file)) {
      throw new BuildError(`${file}: missing; the input must sit in the azure-policy corpus`);
    }
  }
  const section = readFileSync(sourceMd, 'utf8')
    .split(/^### /m)
    .find((part) => part.startsWith('2a.'));
  const cell = (key: string): string => {
    const line = section?.split('\n').find((l) => l.startsWith(`| ${key} |`));
    const value = line?.split('|')[2]?.trim();
    if (!value) throw new BuildError(`${sourceMd}: section 2a has no '${key}' row`);
    return value;
  };
  const commit = /`([0-9a-f]{40})`/.exec(cell('commit'))?.[1];
  if (!commit) throw new BuildError(`${sourceMd}: section 2a's commit row has no 40-digit commit id`);
  return {
    repository: cell('repository'),
    commit,
    method: 'Get-AzPolicyAlias -ListAvailable, one Markdown table per resource type; default paths only',
    license: readFileSync(licenseFile, 'utf8').trim(),
  };
}

function serialise(source: AliasSource, rows: AliasRow[]): string {
  const byType = new Map<string, AliasRow[]>();
  for (const row of rows) {
    const list = byType.get(row.resourceType) ?? [];
    list.push(row);
    byType.set(row.resourceType, list);
  }
  const types = [...byType.keys()].sort(compareAliases);
  const header: Omit<AliasDataFile, 'resourceTypes'> = {
    format: FORMAT,
    source,
    rowCount: rows.length,
    typeCount: types.length,
  };
  const lines = types.map((type) => serialiseType(encodeType(type, byType.get(type)!)));
  const head = JSON.stringify(header, null, 1).slice(0, -2);
  return `${head},\n "resourceTypes": [\n${lines.join(',\n')}\n ]\n}\n`;
}

function serialiseType({ aliases, ...type }: EncodedType): string {
  const opening = JSON.stringify(type).slice(0, -1);
  return `${opening},"aliases":[\n${aliases.map((row) => JSON.stringify(row)).join(',\n')}]}`;
}

/** The shipped file must decode to exactly the input rows, or it is not written. */
function verify(text: string, rows: AliasRow[]): void {
  const decoded = readDataFile(JSON.parse(text), OUTPUT).resourceTypes.flatMap((encoded, t) => [
    ...decodeType(encoded, OUTPUT, `/resourceTypes/${t}`).values(),
  ]);
  const key = (row: AliasRow): string => `${row.resourceType}\n${row.alias}\n${row.defaultPath}`;
  const expected = new Set(rows.map(key));
  const actual = new Set(decoded.map(key));
  const missing = [...expected].filter((row) => !actual.has(row));
  if (missing.length > 0 || decoded.length !== rows.length) {
    throw new BuildError(`encoding lost ${missing.length} rows, e.g. ${JSON.stringify(missing.slice(0, 3))}`);
  }
}

try {
  main();
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  console.error(`build-aliases: ${e.message}`);
  process.exitCode = 1;
}
