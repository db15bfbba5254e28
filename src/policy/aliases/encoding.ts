import { formatInputError } from '../../util/input-error.ts';

/**
 * The format of the shipped alias table (data/aliases.json), written by
 * scripts/build-aliases.ts and read by AliasTable. Most of its 26,000 rows are
 * predictable from the alias name, so a row stores only what cannot be derived:
 *
 * - the alias name without the resource type's name prefix, unless it has another prefix
 *   (`Microsoft.Compute/imagePublisher` on virtualMachines) — a stored name containing
 *   `/` is a full alias name;
 * - the default path only when neither derivation below gives it.
 *
 * Derivations, with rows sorted so that a parent alias (`a`, `a[*]`) precedes its children:
 * - plain: parent's path + `.b` / `[*]` for `a.b` / `a[*]`; for a top alias `<type>/x`, `properties.x`;
 * - nested (row `[name, 1]`): parent's path + `.properties.b` — sub-resources in arrays
 *   and referenced resources keep their fields under their own `properties`
 *   (`securityRules[*].access` → `properties.securityRules[*].properties.access`).
 */
export const FORMAT = 'vigil-aliases/1';

export interface AliasRow {
  resourceType: string;
  alias: string;
  defaultPath: string;
}

export interface AliasSource {
  repository: string;
  commit: string;
  method: string;
  license: string;
}

/**
 * A second source, used only for namespaces `source` lacks. It is read file by file,
 * one namespace a file, and each file is pinned to the commit it was read at.
 */
export interface AliasSupplement {
  repository: string;
  license: string;
  method: string;
  files: { path: string; commit: string; namespace: string; rowCount: number }[];
}

export interface AliasDataFile {
  format: typeof FORMAT;
  source: AliasSource;
  supplement?: AliasSupplement;
  rowCount: number;
  typeCount: number;
  resourceTypes: EncodedType[];
}

export interface EncodedType {
  type: string;
  /** Present only when it differs from `<type>/` (the source spells some types' aliases in another case). */
  namePrefix?: string;
  aliases: EncodedAlias[];
}

export type EncodedAlias = string | [name: string, path: typeof NESTED | string];

const NESTED = 1;

/** Rows in the order the derivations need: parents first, and the same order every run. */
export function compareAliases(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function encodeType(type: string, rows: readonly Omit<AliasRow, 'resourceType'>[]): EncodedType {
  const prefix = commonNamePrefix(type, rows);
  const derive = new PathDerivation(type);
  const aliases: EncodedAlias[] = [];
  for (const { alias, defaultPath } of [...rows].sort((a, b) => compareAliases(a.alias, b.alias))) {
    const rest = alias.startsWith(prefix) ? alias.slice(prefix.length) : '';
    const name = rest !== '' && !rest.includes('/') ? rest : alias;
    const lower = alias.toLowerCase();
    if (derive.plain(alias, lower) === defaultPath) aliases.push(name);
    else if (derive.nested(alias, lower) === defaultPath) aliases.push([name, NESTED]);
    else aliases.push([name, defaultPath]);
    derive.remember(lower, defaultPath);
  }
  return prefix === `${type}/` ? { type, aliases } : { type, namePrefix: prefix, aliases };
}

function commonNamePrefix(type: string, rows: readonly Omit<AliasRow, 'resourceType'>[]): string {
  const counts = new Map<string, number>();
  const lower = `${type.toLowerCase()}/`;
  for (const { alias } of rows) {
    if (!alias.toLowerCase().startsWith(lower)) continue;
    const prefix = alias.slice(0, lower.length);
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  let best = `${type}/`;
  let bestCount = 0;
  for (const [prefix, count] of counts) {
    if (count > bestCount || (count === bestCount && prefix < best)) {
      best = prefix;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Checks a data file's outline and returns its resource types still encoded, so that a
 * table can decode each type on first use; a malformed file is reported with its pointer.
 */
export function readDataFile(json: unknown, file: string): AliasDataFile {
  const fail = (pointer: string, message: string) => new Error(formatInputError({ file, pointer, message }));
  if (!isRecord(json) || json.format !== FORMAT) throw fail('/format', `expected "${FORMAT}"`);
  if (!Array.isArray(json.resourceTypes)) throw fail('/resourceTypes', 'expected an array');
  if (typeof json.rowCount !== 'number') throw fail('/rowCount', 'expected a number');
  let rows = 0;
  json.resourceTypes.forEach((encoded: unknown, t) => {
    if (!isRecord(encoded) || typeof encoded.type !== 'string' || !Array.isArray(encoded.aliases)) {
      throw fail(`/resourceTypes/${t}`, 'expected {type, aliases[]}');
    }
    rows += encoded.aliases.length;
  });
  if (rows !== json.rowCount) {
    throw fail('/rowCount', `says ${json.rowCount} but the file holds ${rows} aliases`);
  }
  return json as unknown as AliasDataFile;
}

/** The name a row stores: a full alias name or a suffix to the type's prefix. */
export function storedName(row: EncodedAlias): unknown {
  return typeof row === 'string' ? row : Array.isArray(row) ? row[0] : undefined;
}

/**
 * Decodes one resource type's rows, keyed by lower-cased alias name; `at` is its JSON
 * pointer, for errors. This runs on first use of a type, so it avoids per-row garbage.
 */
export function decodeType(encoded: EncodedType, file: string, at: string): Map<string, AliasRow> {
  const fail = (a: number, message: string) =>
    new Error(formatInputError({ file, pointer: `${at}/aliases/${a}`, message }));
  const prefix = encoded.namePrefix ?? `${encoded.type}/`;
  const derive = new PathDerivation(encoded.type);
  const rows = new Map<string, AliasRow>();
  encoded.aliases.forEach((row, a) => {
    const name = storedName(row);
    if (typeof name !== 'string' || name === '') throw fail(a, 'expected a name');
    const alias = name.includes('/') ? name : prefix + name;
    const lower = alias.toLowerCase();
    const stored = typeof row === 'string' ? undefined : row[1];
    const path =
      stored === undefined
        ? derive.plain(alias, lower)
        : stored === NESTED
          ? derive.nested(alias, lower)
          : stored;
    if (typeof path !== 'string') throw fail(a, `no default path for '${alias}'`);
    if (rows.has(lower)) throw fail(a, `'${alias}' is listed twice (names ignore case)`);
    derive.remember(lower, path);
    rows.set(lower, { resourceType: encoded.type, alias, defaultPath: path });
  });
  return rows;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Predicts default paths within one resource type from the aliases already seen.
 * `lower` is the alias lower-cased; alias names are ASCII, so positions in both agree.
 */
class PathDerivation {
  private readonly known = new Map<string, string>();
  private readonly typePrefix: string;

  constructor(type: string) {
    this.typePrefix = `${type.toLowerCase()}/`;
  }

  plain(alias: string, lower: string): string | undefined {
    const cut = parentEnd(alias);
    const parentPath = cut < 0 ? undefined : this.known.get(lower.slice(0, cut));
    if (parentPath !== undefined) return parentPath + alias.slice(cut);
    return lower.startsWith(this.typePrefix)
      ? `properties.${alias.slice(this.typePrefix.length)}`
      : undefined;
  }

  nested(alias: string, lower: string): string | undefined {
    const cut = parentEnd(alias);
    if (cut < 0 || alias.charCodeAt(cut) !== DOT) return undefined;
    const parentPath = this.known.get(lower.slice(0, cut));
    return parentPath === undefined ? undefined : `${parentPath}.properties${alias.slice(cut)}`;
  }

  remember(lower: string, path: string): void {
    this.known.set(lower, path);
  }
}

const DOT = 0x2e;

/**
 * Where the parent alias's name ends: `a[*]` hangs off `a`, `a.b` off `a`; -1 for a top
 * alias (no `.` or `[*]` after its last `/`). The child's path is the parent's plus the rest.
 */
function parentEnd(alias: string): number {
  if (alias.endsWith('[*]')) return alias.length - 3;
  const dot = alias.lastIndexOf('.');
  return dot > alias.lastIndexOf('/') ? dot : -1;
}
