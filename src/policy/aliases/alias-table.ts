import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatInputError } from '../../util/input-error.ts';
import { parseJsonText } from '../../util/parse-json.ts';
import { type AliasRow, decodeType, type EncodedType, readDataFile, storedName } from './encoding.ts';
import { type PathSegment, parsePath } from './path.ts';

const SHIPPED_FILE = fileURLToPath(new URL('./data/aliases.json', import.meta.url));

interface TypedAlias extends AliasRow {
  segments?: readonly PathSegment[];
}

interface TypeSlot {
  encoded: EncodedType;
  pointer: string;
  /** Lower-cased alias → row, decoded on first use: decoding all 26,000 rows would double the load time. */
  aliases?: Map<string, TypedAlias>;
}

let shipped: AliasTable | undefined;

/**
 * Azure Policy aliases by name and resource type. Names and types are matched
 * case-insensitively, as Azure does. One alias can map to different paths on
 * different types (`Microsoft.Compute/imagePublisher` on virtualMachines,
 * virtualMachineScaleSets and disks).
 */
export class AliasTable {
  private readonly types = new Map<string, TypeSlot>();
  /** Aliases not named `<their type>/<suffix>` (the image* family), lower-cased → lower-cased types. */
  private readonly strays = new Map<string, string[]>();
  private readonly namespaces = new Set<string>();
  private distinctNames?: number;
  /** Number of (resource type, alias) pairs. */
  readonly rowCount: number;

  /** The table shipped in data/aliases.json, read once on first use. */
  static load(): AliasTable {
    shipped ??= AliasTable.fromFile(SHIPPED_FILE);
    return shipped;
  }

  /** A table in the data file format that scripts/build-aliases.ts writes. */
  static fromFile(file: string): AliasTable {
    const parsed = parseJsonText(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(formatInputError(parsed.error));
    return new AliasTable(readDataFile(parsed.value, file).resourceTypes, file);
  }

  private constructor(
    types: readonly EncodedType[],
    private readonly file: string,
  ) {
    let rows = 0;
    types.forEach((encoded, t) => {
      const type = encoded.type.toLowerCase();
      if (this.types.has(type)) {
        throw this.problem(`/resourceTypes/${t}`, `resource type '${encoded.type}' is listed twice`);
      }
      this.types.set(type, { encoded, pointer: `/resourceTypes/${t}` });
      this.namespaces.add(type.slice(0, type.indexOf('/')));
      rows += encoded.aliases.length;
      for (const row of encoded.aliases) {
        const name = storedName(row);
        if (typeof name !== 'string' || !name.includes('/')) continue;
        const lower = name.toLowerCase();
        if (lower.slice(0, lower.lastIndexOf('/')) === type) continue;
        const holders = this.strays.get(lower) ?? [];
        holders.push(type);
        this.strays.set(lower, holders);
      }
    });
    this.rowCount = rows;
  }

  /** Number of distinct alias names. */
  get size(): number {
    if (this.distinctNames === undefined) {
      const names = new Set<string>();
      for (const slot of this.types.values()) for (const name of this.aliasesOf(slot).keys()) names.add(name);
      this.distinctNames = names.size;
    }
    return this.distinctNames;
  }

  has(alias: string): boolean {
    return this.holders(alias).length > 0;
  }

  /** The alias as the table spells it, or undefined when unknown. */
  nameOf(alias: string): string | undefined {
    const [first] = this.holders(alias);
    return first?.alias;
  }

  /** The alias's default path on that resource type; undefined when either is unknown to the table. */
  pathFor(alias: string, resourceType: string): readonly PathSegment[] | undefined {
    const slot = this.types.get(resourceType.toLowerCase());
    const typed = slot && this.aliasesOf(slot).get(alias.toLowerCase());
    if (!typed) return undefined;
    try {
      typed.segments ??= Object.freeze(parsePath(typed.defaultPath));
    } catch (e) {
      throw this.problem(slot.pointer, `alias '${typed.alias}': ${(e as Error).message}`);
    }
    return typed.segments;
  }

  /** Resource types that define the alias, spelled as the table spells them. */
  typesOf(alias: string): string[] {
    return this.holders(alias).map((typed) => typed.resourceType);
  }

  /** An array alias (`…[*]`) selects the elements of an array rather than the array itself. */
  isArrayAlias(alias: string): boolean {
    return alias.endsWith('[*]');
  }

  /** Whether the table covers the namespace (`Microsoft.Compute`) at all; it holds a subset of Azure's. */
  hasNamespace(namespace: string): boolean {
    return this.namespaces.has(namespace.toLowerCase());
  }

  /** Every (resource type, alias, default path) row. */
  *rows(): IterableIterator<AliasRow> {
    for (const slot of this.types.values()) {
      for (const { resourceType, alias, defaultPath } of this.aliasesOf(slot).values()) {
        yield { resourceType, alias, defaultPath };
      }
    }
  }

  /** The alias's row on each type holding it: the type its name is under first, then any strays. */
  private holders(alias: string): TypedAlias[] {
    const lower = alias.toLowerCase();
    const found: TypedAlias[] = [];
    const slash = lower.lastIndexOf('/');
    const natural = slash > 0 ? this.types.get(lower.slice(0, slash)) : undefined;
    const own = natural && this.aliasesOf(natural).get(lower);
    if (own) found.push(own);
    for (const type of this.strays.get(lower) ?? []) {
      const typed = this.aliasesOf(this.types.get(type)!).get(lower);
      if (typed) found.push(typed);
    }
    return found;
  }

  private aliasesOf(slot: TypeSlot): Map<string, TypedAlias> {
    slot.aliases ??= decodeType(slot.encoded, this.file, slot.pointer);
    return slot.aliases;
  }

  private problem(pointer: string, message: string): Error {
    return new Error(formatInputError({ file: this.file, pointer, message }));
  }
}
