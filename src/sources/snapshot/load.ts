import { createReadStream } from 'node:fs';
import { Inventory } from '../../inventory/inventory.ts';
import type { Resource, ResourceOrigin } from '../../inventory/resource.ts';
import type { JsonValue } from '../../util/json.ts';
import { asUtf8 } from '../../util/utf8-text.ts';
import { depthMessage, truncatedValueAt } from './depth-check.ts';
import { collectResources, type ElementSink } from './elements.ts';
import { FlowLogReferences } from './flow-log-references.ts';
import { describeFsError, detectFormat, expandPaths, STDIN } from './input.ts';
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
  const flowLogs = new FlowLogReferences();
  const files = await expandPaths(paths, (file, message) => errors.push({ file, message }));
  for (const file of files) {
    stats.files++;
    await loadFile(file, { inventory, interner, flowLogs, errors, warnings, stats }, options);
  }
  flowLogs.fill();
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
  flowLogs: FlowLogReferences;
  errors: LoadError[];
  warnings: LoadWarning[];
  stats: LoadStats;
}

async function loadFile(file: string, context: Context, options: LoadOptions): Promise<void> {
  const source: AsyncIterable<Buffer> =
    file === STDIN ? (options.stdin ?? process.stdin) : createReadStream(file, { highWaterMark: READ_CHUNK });
  const name = file === STDIN ? '<stdin>' : file;
  try {
    const { format, chunks } = await detectFormat(file, asUtf8(source));
    if (format === 'csv') {
      context.errors.push({
        file: name,
        line: 1,
        message:
          'a CSV export (as Resource Graph Explorer downloads results), and Vigil reads snapshots as JSON: ' +
          'export the query with `az graph query -q "<query>" --first 1000 -o json` and give that file',
      });
      return;
    }
    if (format === 'lines') await loadLines(name, chunks, context);
    else await loadDocument(name, chunks, context);
  } catch (error) {
    if (isErrnoException(error)) context.errors.push({ file: name, message: describeFsError(error) });
    else throw error;
  }
}

async function loadDocument(file: string, chunks: AsyncIterable<Buffer>, context: Context): Promise<void> {
  const splitter = new JsonSplitter();
  const into = new FileSink(file, context);
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
    into.checkDepth(part.text, part.pointer);
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

async function loadLines(file: string, chunks: AsyncIterable<Buffer>, context: Context): Promise<void> {
  const into = new FileSink(file, context);
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
    into.checkDepth(text, '');
    collectResources(value, '', into);
  };
  for await (const chunk of chunks) lines.push(chunk, take);
  lines.end(take);
}

/** Where one file's resources go; `line` is the line the element being collected starts on. */
class FileSink implements ElementSink {
  line = 0;
  #depthWarned = false;
  #nullWarned = false;

  constructor(
    private readonly file: string,
    private readonly context: Context,
  ) {}

  resource(resource: Resource, pointer: string): void {
    if (resource.properties === null && !this.#nullWarned) this.warnNullProperties(resource, pointer);
    this.context.interner?.internIn(resource);
    const origin: ResourceOrigin = { file: this.file, line: this.line, pointer };
    this.context.inventory.add(resource, origin);
    this.context.flowLogs.note(resource);
    this.context.stats.resources++;
  }

  reject(pointer: string, message: string): void {
    this.context.errors.push({ file: this.file, line: this.line, ...(pointer && { pointer }), message });
    this.context.stats.skipped++;
  }

  /**
   * `az resource list` answers from ARM's own records, with `properties: null` (Azure/azure-cli#3457): a VM or
   * NSG from it has none of the settings the checks read, and would be judged on nothing. Said once a file.
   */
  private warnNullProperties(resource: Resource, pointer: string): void {
    if (!/^microsoft\.(compute|network)\//i.test(resource.type)) return;
    this.#nullWarned = true;
    this.context.warnings.push({
      file: this.file,
      line: this.line,
      ...(pointer && { pointer }),
      message: `${resource.type} ${resource.name} has "properties": null, as \`az resource list\` writes: its settings are not in the file, so checks that read them cannot judge it; export with \`az graph query\` (see the README) or \`az resource show --ids\``,
    });
  }

  /** Warns, once a file, that an element's text holds a value ConvertTo-Json cut off (see depth-check.ts). */
  checkDepth(text: string, pointer: string): void {
    if (this.#depthWarned) return;
    const at = truncatedValueAt(text);
    if (at === -1) return;
    this.#depthWarned = true;
    this.context.warnings.push({
      file: this.file,
      line: this.line + lineColumnAt(text, at).line - 1,
      ...(pointer && { pointer }),
      message: depthMessage(text.slice(at)),
    });
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
