import { createReadStream } from 'node:fs';
import { Inventory } from '../../inventory/inventory.ts';
import type { Resource, ResourceOrigin } from '../../inventory/resource.ts';
import { normalizeType, SUBSCRIPTION_TYPE } from '../../inventory/resource-id.ts';
import type { JsonValue } from '../../util/json.ts';
import { collectResources, type ElementSink } from './elements.ts';
import {
  describeFsError,
  detectFormat,
  EncodingError,
  expandPaths,
  STDIN,
  withoutByteOrderMark,
} from './input.ts';
import { StringInterner } from './intern.ts';
import { findJsonSyntaxError, lineColumnAt } from './json-error.ts';
import { JsonSplitter, type SplitResult } from './json-splitter.ts';
import { describeBytes, LineSplitter, MAX_VALUE_BYTES } from './lines.ts';
import { pagingWarning } from './paging.ts';

export interface LoadError {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer to the element in the file (for JSON Lines, in the line). */
  pointer?: string;
  message: string;
}

export interface LoadWarning {
  file: string;
  line?: number;
  pointer?: string;
  message: string;
}

export interface LoadStats {
  files: number;
  /** Resources read from the files (before duplicates replaced earlier ones). */
  resources: number;
  /** Child views made from parents' nested arrays (see inventory/child-views.ts). */
  synthesized: number;
  /**
   * Elements that were not resources, and lines or elements that were not valid JSON. Where a document's
   * structure breaks (a missing comma between elements, a truncated file) the rest of that file is not read:
   * that is one error, and what it held is not counted here.
   */
  skipped: number;
}

export interface LoadResult {
  inventory: Inventory;
  errors: LoadError[];
  warnings: LoadWarning[];
  stats: LoadStats;
}

export interface LoadOptions {
  /** What `-` reads; process.stdin by default. */
  stdin?: AsyncIterable<Buffer>;
  /**
   * Share one copy of each repeated string among the resources (see intern.ts): about a third less memory
   * for a large estate, for a little more load time. On by default.
   */
  internStrings?: boolean;
}

const READ_CHUNK = 1 << 20;

/**
 * Loads snapshot files — Resource Graph exports, ARM list responses, `az … show` output, JSON Lines — into
 * one Inventory. Files are streamed: a JSON document is split into its resources as it is read (see
 * json-splitter.ts), JSON Lines line by line. Bad input is reported in `errors` with file, line, column and
 * JSON pointer, and the load goes on with the rest.
 */
export async function loadSnapshots(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const inventory = new Inventory();
  const errors: LoadError[] = [];
  const warnings: LoadWarning[] = [];
  const stats: LoadStats = { files: 0, resources: 0, synthesized: 0, skipped: 0 };
  const interner = options.internStrings === false ? undefined : new StringInterner();
  const files = await expandPaths(paths, (file, message) => errors.push({ file, message }));
  for (const file of files) {
    stats.files++;
    await loadFile(file, { inventory, interner, errors, warnings, stats }, options);
  }
  stats.synthesized = inventory.synthesizedCount;
  for (const warning of inventory.warnings) {
    const origin = warning.origin;
    warnings.push({
      file: origin?.file ?? '',
      ...(origin?.line !== undefined && { line: origin.line }),
      ...(origin?.pointer && { pointer: origin.pointer }),
      message: warning.message,
    });
  }
  return { inventory, errors, warnings, stats };
}

interface Context {
  inventory: Inventory;
  interner: StringInterner | undefined;
  errors: LoadError[];
  warnings: LoadWarning[];
  stats: LoadStats;
}

async function loadFile(file: string, context: Context, options: LoadOptions): Promise<void> {
  const source: AsyncIterable<Buffer> =
    file === STDIN ? (options.stdin ?? process.stdin) : createReadStream(file, { highWaterMark: READ_CHUNK });
  const name = file === STDIN ? '<stdin>' : file;
  const flattened = new FlattenedShapeCheck();
  try {
    const { format, chunks } = await detectFormat(file, withoutByteOrderMark(source));
    if (format === 'lines') await loadLines(name, chunks, context, flattened);
    else await loadDocument(name, chunks, context, flattened);
  } catch (error) {
    if (error instanceof EncodingError) context.errors.push({ file: name, message: error.message });
    else if (isErrnoException(error)) context.errors.push({ file: name, message: describeFsError(error) });
    else throw error;
  }
  const warning = flattened.warning();
  if (warning !== undefined) context.warnings.push({ file: name, ...warning });
}

async function loadDocument(
  file: string,
  chunks: AsyncIterable<Buffer>,
  context: Context,
  flattened: FlattenedShapeCheck,
): Promise<void> {
  const splitter = new JsonSplitter();
  const into = new FileSink(file, context, flattened);
  const take = (part: SplitResult): void => {
    if (part.kind === 'envelope') {
      into.line = part.line;
      into.envelope(pagingFields(part.fields), '');
      return;
    }
    if (part.kind === 'error') {
      context.errors.push({
        file,
        line: part.line,
        column: part.column,
        message: `invalid JSON: ${part.message}`,
      });
      return;
    }
    const value = parse(part.text);
    if (value instanceof JsonFailure) {
      const at = lineColumnAt(part.text, value.offset);
      context.errors.push({
        file,
        line: part.line + at.line - 1,
        column: at.line === 1 ? part.column + at.column - 1 : at.column,
        ...(part.pointer && { pointer: part.pointer }),
        message: `invalid JSON: ${value.message}`,
      });
      context.stats.skipped++;
      return;
    }
    into.line = part.line;
    collectResources(value, part.pointer, into);
  };
  for await (const chunk of chunks) {
    splitter.push(chunk);
    for (const part of splitter.results) take(part);
    splitter.results.length = 0;
  }
  splitter.end();
  for (const part of splitter.results) take(part);
}

async function loadLines(
  file: string,
  chunks: AsyncIterable<Buffer>,
  context: Context,
  flattened: FlattenedShapeCheck,
): Promise<void> {
  const into = new FileSink(file, context, flattened);
  const lines = new LineSplitter((line) => {
    context.errors.push({
      file,
      line,
      message:
        `the line is longer than ${describeBytes(MAX_VALUE_BYTES)}, the longest string JavaScript can hold, ` +
        'so it cannot be parsed; a line of JSON Lines should hold one resource',
    });
    context.stats.skipped++;
  });
  const take = (text: string, line: number): void => {
    if (isBlank(text)) return;
    const value = parse(text);
    if (value instanceof JsonFailure) {
      const column = lineColumnAt(text, value.offset).column;
      context.errors.push({ file, line, column, message: `invalid JSON: ${value.message}` });
      context.stats.skipped++;
      return;
    }
    into.line = line;
    collectResources(value, '', into);
  };
  for await (const chunk of chunks) lines.push(chunk, take);
  lines.end(take);
}

/** Where one file's resources go; `line` is the line the element being collected starts on. */
class FileSink implements ElementSink {
  line = 0;

  constructor(
    private readonly file: string,
    private readonly context: Context,
    private readonly flattened: FlattenedShapeCheck,
  ) {}

  resource(resource: Resource, pointer: string): void {
    this.context.interner?.internIn(resource);
    const origin: ResourceOrigin = { file: this.file, line: this.line, pointer };
    this.flattened.check(resource, origin);
    this.context.inventory.add(resource, origin);
    this.context.stats.resources++;
  }

  reject(pointer: string, message: string): void {
    this.context.errors.push({ file: this.file, line: this.line, ...(pointer && { pointer }), message });
    this.context.stats.skipped++;
  }

  envelope(fields: Readonly<Record<string, JsonValue | undefined>>, pointer: string): void {
    const message = pagingWarning(fields);
    if (message !== undefined)
      this.context.warnings.push({ file: this.file, line: this.line, ...(pointer && { pointer }), message });
  }
}

/** The splitter keeps paging fields as texts; one that is not JSON says nothing about pages. */
function pagingFields(texts: Record<string, string>): Record<string, JsonValue> {
  const fields: Record<string, JsonValue> = {};
  for (const [key, text] of Object.entries(texts)) {
    const value = parse(text);
    if (!(value instanceof JsonFailure)) fields[key] = value;
  }
  return fields;
}

class JsonFailure {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

function parse(text: string): JsonValue | JsonFailure {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (found !== undefined) return new JsonFailure(found.offset, found.message);
    return new JsonFailure(0, error instanceof Error ? error.message : String(error));
  }
}

const SUBSCRIPTION_TYPE_KEY = normalizeType(SUBSCRIPTION_TYPE);

/** Fields ARM puts beside `properties` rather than in it. */
const ENVELOPE_KEYS = new Set([
  'id',
  'name',
  'type',
  'location',
  'tags',
  'etag',
  'sku',
  'kind',
  'identity',
  'zones',
  'plan',
  'managedBy',
  'extendedLocation',
  'systemData',
  'resources',
  // added by Resource Graph and the Azure CLI
  'resourceGroup',
  'subscriptionId',
  'tenantId',
]);

/**
 * Most `az <service> show` commands print `properties` flattened into the resource (`az vm show` has
 * `storageProfile` at the top). Policy aliases address `properties.…`, so such a snapshot would be judged
 * on missing fields; the loader cannot rebuild the nesting without each type's schema, so it says so.
 */
class FlattenedShapeCheck {
  #count = 0;
  #first: { id: string; key: string; origin: ResourceOrigin } | undefined;

  check(resource: Resource, origin: ResourceOrigin): void {
    // ARM's own subscription shape (Subscriptions - Get) has no `properties`.
    if (resource.properties !== undefined || normalizeType(resource.type) === SUBSCRIPTION_TYPE_KEY) return;
    for (const key in resource) {
      if (ENVELOPE_KEYS.has(key)) continue;
      this.#count++;
      this.#first ??= { id: resource.id, key, origin };
      return;
    }
  }

  warning(): Omit<LoadWarning, 'file'> | undefined {
    const first = this.#first;
    if (first === undefined) return undefined;
    const others = this.#count > 1 ? ` (and ${this.#count - 1} more resources)` : '';
    return {
      ...(first.origin.line !== undefined && { line: first.origin.line }),
      ...(first.origin.pointer && { pointer: first.origin.pointer }),
      message:
        `${first.id}${others} has no "properties" object but top-level fields such as "${first.key}": ` +
        'this looks like Azure CLI output, which flattens properties. Rules address "properties.…", so export ' +
        'with `az resource show`, `az resource list` or `az graph query` instead.',
    };
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0xfeff) return false;
  }
  return true;
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
