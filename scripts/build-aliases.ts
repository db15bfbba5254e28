/**
 * Builds src/policy/aliases/data/aliases.json from the alias dump in
 * shared/corpora/azure-policy/aliases/aliases-derived.json (see that corpus's SOURCE.md), plus,
 * for namespaces the dump lacks, the rows in scripts/alias-sources/*.json (copied from PSRule's
 * per-provider types.json; each file names its repository, path and commit).
 *
 *   node --import tsx scripts/build-aliases.ts [path/to/aliases-derived.json]
 *
 * The dump wins wherever it covers a namespace: sources are never mixed within a namespace, since
 * two snapshots of one provider taken at different times disagree on which aliases exist.
 * The output depends only on the inputs: rows are sorted and nothing time-dependent is written,
 * and it is one alias per line so that a refresh shows up in review as added and removed aliases.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AliasDataFile,
  type AliasRow,
  type AliasSource,
  type AliasSupplement,
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
const SUPPLEMENT_DIR = join(REPO, 'scripts/alias-sources');

class BuildError extends Error {}

function main(): void {
  const input = resolve(process.argv[2] ?? DEFAULT_INPUT);
  if (!existsSync(input)) {
    throw new BuildError(`${input}: no such file (pass the path to aliases-derived.json)`);
  }
  const primary = readRows(input);
  const covered = new Set(primary.map((row) => namespaceOf(row.resourceType)));
  const supplements = readSupplements(SUPPLEMENT_DIR);
  const added = supplements.filter((file) => !covered.has(file.namespace.toLowerCase()));
  for (const file of supplements) {
    const note = added.includes(file) ? `${file.rows.length} rows added` : 'skipped: the dump covers it';
    console.log(`${file.file}: ${file.namespace}, ${note}`);
  }
  const rows = [...primary, ...added.flatMap((file) => file.rows)];
  const text = serialise(readSource(input), supplementHeader(added), rows);
  verify(text, rows);
  writeFileSync(OUTPUT, text);
  const types = new Set(rows.map((row) => row.resourceType)).size;
  console.log(
    `${relative(REPO, OUTPUT)}: ${rows.length} aliases on ${types} resource types, ${text.length} bytes`,
  );
}

function namespaceOf(type: string): string {
  return type.slice(0, type.indexOf('/')).toLowerCase();
}

/** Reads `[{namespace, resourceType, aliases: [{name, defaultPath}]}]`, rejecting anything else by position. */
function readRows(file: string): AliasRow[] {
  const parsed = parseJsonText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new BuildError(formatInputError(parsed.error));
  function fail(pointer: string, message: string): never {
    throw new BuildError(formatInputError({ file, pointer, message }));
  }
  if (!Array.isArray(parsed.value)) fail('', 'expected an array of resource types');
  const rows = new RowCollector(fail);
  for (const [t, entry] of parsed.value.entries()) {
    if (!isJsonObject(entry)) fail(`/${t}`, 'expected an object');
    const { namespace, resourceType, aliases } = entry;
    if (typeof namespace !== 'string' || typeof resourceType !== 'string' || !Array.isArray(aliases)) {
      fail(`/${t}`, 'expected {namespace, resourceType, aliases[]}');
    }
    for (const [a, alias] of aliases.entries()) {
      const at = `/${t}/aliases/${a}`;
      if (!isJsonObject(alias)) fail(at, 'expected an object');
      rows.add(at, `${namespace}/${resourceType}`, alias.name, alias.defaultPath);
    }
  }
  return rows.rows;
}

/** Checks rows one by one and keeps them; `fail` reports a bad one with its JSON pointer. */
class RowCollector {
  readonly rows: AliasRow[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly fail: (pointer: string, message: string) => never) {}

  add(at: string, type: string, name: unknown, defaultPath: unknown): void {
    // The table matches names by lower-casing them in place, which needs ASCII.
    if (typeof name !== 'string' || !/^[\x21-\x7e]+$/.test(name) || !name.includes('/')) {
      this.fail(`${at}/name`, 'expected Namespace/… in printable ASCII');
    }
    if (typeof defaultPath !== 'string') this.fail(`${at}/defaultPath`, 'expected a string');
    try {
      parsePath(defaultPath);
    } catch (e) {
      this.fail(`${at}/defaultPath`, (e as Error).message);
    }
    const key = `${type}\n${name}`.toLowerCase();
    if (this.seen.has(key)) this.fail(at, `'${name}' appears twice for ${type}`);
    this.seen.add(key);
    this.rows.push({ resourceType: type, alias: name, defaultPath });
  }
}

interface SupplementFile {
  file: string;
  namespace: string;
  repository: string;
  path: string;
  commit: string;
  license: string;
  rows: AliasRow[];
}

/**
 * Reads every scripts/alias-sources/*.json: `{source: {repository, path, commit, license},
 * namespace, method, rowCount, rows: [{resourceType, alias, defaultPath}]}`, one namespace a file.
 */
function readSupplements(dir: string): SupplementFile[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const files = names.map((name) => readSupplement(join(dir, name)));
  const byNamespace = new Map<string, string>();
  for (const file of files) {
    const other = byNamespace.get(file.namespace.toLowerCase());
    if (other) throw new BuildError(`${file.file} and ${other} both hold the ${file.namespace} namespace`);
    byNamespace.set(file.namespace.toLowerCase(), file.file);
  }
  return files;
}

function readSupplement(path: string): SupplementFile {
  const file = relative(REPO, path);
  const parsed = parseJsonText(readFileSync(path, 'utf8'), file);
  if (!parsed.ok) throw new BuildError(formatInputError(parsed.error));
  function fail(pointer: string, message: string): never {
    throw new BuildError(formatInputError({ file, pointer, message }));
  }
  const json = parsed.value;
  if (!isJsonObject(json)) fail('', 'expected an object');
  const { source, namespace, rowCount, rows } = json;
  if (!isJsonObject(source)) fail('/source', 'expected {repository, path, commit, license}');
  const text = (key: string): string => {
    const value = source[key];
    if (typeof value !== 'string' || value === '') fail(`/source/${key}`, 'expected a string');
    return value;
  };
  const repository = text('repository');
  const sourcePath = text('path');
  const license = text('license');
  const commit = text('commit');
  if (!/^[0-9a-f]{40}$/.test(commit)) fail('/source/commit', 'expected a 40-digit commit id');
  if (typeof namespace !== 'string' || !/^[A-Za-z][\w.]*$/.test(namespace)) {
    fail('/namespace', 'expected a namespace such as Microsoft.Storage');
  }
  if (!Array.isArray(rows)) fail('/rows', 'expected an array');
  if (rowCount !== rows.length) fail('/rowCount', `says ${rowCount} but the file holds ${rows.length} rows`);
  const collected = new RowCollector(fail);
  const prefix = `${namespace.toLowerCase()}/`;
  for (const [r, row] of rows.entries()) {
    const at = `/rows/${r}`;
    if (!isJsonObject(row)) fail(at, 'expected {resourceType, alias, defaultPath}');
    const { resourceType, alias } = row;
    if (typeof resourceType !== 'string' || !resourceType.toLowerCase().startsWith(prefix)) {
      fail(`${at}/resourceType`, `expected a type in ${namespace}`);
    }
    if (typeof alias === 'string' && !alias.toLowerCase().startsWith(prefix)) {
      fail(`${at}/alias`, `expected an alias in ${namespace}`);
    }
    collected.add(at, resourceType, alias, row.defaultPath);
  }
  return { file, namespace, repository, path: sourcePath, commit, license, rows: collected.rows };
}

/** The header entry for the supplementary rows, or undefined when none were added. */
function supplementHeader(files: readonly SupplementFile[]): AliasSupplement | undefined {
  const [first] = files;
  if (!first) return undefined;
  for (const file of files) {
    if (file.repository !== first.repository || file.license !== first.license) {
      throw new BuildError(`${file.file}: repository or licence differs from ${first.file}'s`);
    }
  }
  return {
    repository: first.repository,
    license: first.license,
    method:
      "the `aliases` maps of the repository's per-provider types.json, copied to scripts/alias-sources; " +
      'used only for namespaces the primary source lacks',
    files: files.map(({ path, commit, namespace, rows }) => ({
      path,
      commit,
      namespace,
      rowCount: rows.length,
    })),
  };
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

function serialise(source: AliasSource, supplement: AliasSupplement | undefined, rows: AliasRow[]): string {
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
    ...(supplement && { supplement }),
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
