import type { Resource } from '../../inventory/resource.ts';
import { parseResourceId } from '../../inventory/resource-id.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { classifyDocument } from '../template/detect.ts';
import { nestFlattenedProperties } from './cli-flattened.ts';
import { fromPowerShellResource, isPowerShellResource, powerShellObjectProblem } from './powershell.ts';

export interface ElementSink {
  resource(resource: Resource, pointer: string): void;
  /** An element that is not a resource; `pointer` is a JSON pointer into the file (or line). */
  reject(pointer: string, message: string): void;
  /** A list response whose rows were collected: its other fields may say the rows are one page of more. */
  envelope(fields: Readonly<Record<string, JsonValue | undefined>>, pointer: string): void;
}

/**
 * Finds the resources in one parsed JSON value, whichever shape a user's export has:
 * - a resource (`az resource show`, an ARM GET body, a Resource Graph row);
 * - `{ data: [...] }` from `az graph query -o json` (with `count`, `skip_token`, `total_records` beside it);
 * - `{ data: { columns: [{ name }], rows: [[...]] } }`, the Resource Graph REST "table" result format;
 * - `{ value: [...], nextLink }`, an ARM list response;
 * - `Get-AzResource | ConvertTo-Json`, PowerShell's names for an ARM resource (see powershell.ts);
 * - `az vm show` and the like, whose `properties` are flattened into the resource (see cli-flattened.ts);
 * - an array of any of these.
 * Fills `type` and `name` from the ID when they are missing (mutating the value, which the caller parsed).
 */
export function collectResources(value: JsonValue, pointer: string, sink: ElementSink): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) collectResources(item, `${pointer}/${index}`, sink);
    return;
  }
  if (!isJsonObject(value)) {
    sink.reject(pointer, `not a resource: expected an object, found ${describe(value)}`);
    return;
  }
  if (value.id === undefined) {
    const data = value.data;
    if (Array.isArray(data)) {
      collectResources(data, `${pointer}/data`, sink);
      sink.envelope(value, pointer);
      return;
    }
    if (isJsonObject(data) && Array.isArray(data.columns) && Array.isArray(data.rows)) {
      collectTable(data.columns, data.rows, `${pointer}/data`, sink);
      sink.envelope(value, pointer);
      return;
    }
    if (Array.isArray(value.value)) {
      collectResources(value.value, `${pointer}/value`, sink);
      sink.envelope(value, pointer);
      return;
    }
    if (isPowerShellResource(value)) {
      acceptResource(fromPowerShellResource(value), pointer, sink);
      return;
    }
    const problem = powerShellObjectProblem(value);
    if (problem !== undefined) {
      sink.reject(pointer, problem);
      return;
    }
    // `vigil scan` picks templates out of the files it is given; what reaches the snapshot loader whole is
    // standard input (or a file over ARM's 4 MB template limit). A template needs its file: the parameters
    // file beside it, the templates it links by relative path, the deployment named after it.
    if (pointer === '' && classifyDocument(value) === 'template') {
      sink.reject(
        pointer,
        "an ARM deployment template, not a snapshot of resources: vigil scan reads templates from files (at most 4 MB, ARM's limit), not from standard input; save it and give its path",
      );
      return;
    }
  }
  acceptResource(value, pointer, sink);
}

function collectTable(columns: JsonValue[], rows: JsonValue[], pointer: string, sink: ElementSink): void {
  const names: string[] = [];
  for (const [index, column] of columns.entries()) {
    const name = isJsonObject(column) ? column.name : undefined;
    if (typeof name !== 'string') {
      sink.reject(`${pointer}/columns/${index}`, 'table column without a "name"; the table cannot be read');
      return;
    }
    names.push(name);
  }
  for (const [index, row] of rows.entries()) {
    const rowPointer = `${pointer}/rows/${index}`;
    if (!Array.isArray(row) || row.length !== names.length) {
      sink.reject(rowPointer, `not a table row: expected an array of ${names.length} values`);
      continue;
    }
    const resource: JsonObject = {};
    for (const [column, name] of names.entries()) resource[name] = row[column]!;
    acceptResource(resource, rowPointer, sink);
  }
}

function acceptResource(value: JsonObject, pointer: string, sink: ElementSink): void {
  const id = value.id;
  if (typeof id !== 'string' || id === '') {
    const found = id === undefined ? 'no "id"' : `"id" is ${describe(id)}`;
    sink.reject(pointer, `not a resource: ${found}`);
    return;
  }
  const hasType = typeof value.type === 'string' && value.type !== '';
  const hasName = typeof value.name === 'string' && value.name !== '';
  if (hasType && hasName) {
    take(value as Resource, pointer, sink);
    return;
  }
  const parsed = parseResourceId(id);
  if (!hasType) {
    if (parsed === undefined) {
      sink.reject(
        pointer,
        `not a resource: no "type", and "${id}" is not an ARM resource ID to derive it from`,
      );
      return;
    }
    value.type = parsed.fullType;
  }
  if (!hasName) value.name = parsed?.name ?? id.slice(id.lastIndexOf('/') + 1);
  take(value as Resource, pointer, sink);
}

function take(resource: Resource, pointer: string, sink: ElementSink): void {
  nestFlattenedProperties(resource);
  // Resource Graph gives every row every column: `""` where ARM's GET has no such field (an unattached disk's
  // managedBy, a resource without kind or location), so `exists: false` must see them absent.
  for (const key of EMPTY_MEANS_ABSENT) if (resource[key] === '') delete resource[key];
  sink.resource(resource, pointer);
}

const EMPTY_MEANS_ABSENT = ['kind', 'managedBy', 'location'] as const;

function describe(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
