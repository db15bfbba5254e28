import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareText } from '../util/compare-text.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonText } from '../util/parse-json.ts';
import { asUtf8 } from '../util/utf8-text.ts';
import { type AssignmentReach, readAssignmentReach } from './assignment.ts';
import { type PolicyDefinition, type PolicySetDefinition, readPolicyDocuments } from './definition.ts';
import { member } from './rule-json.ts';

export interface LoadedPolicies {
  definitions: PolicyDefinition[];
  initiatives: PolicySetDefinition[];
  errors: InputError[];
  files: number;
}

/** Reads definitions and initiatives from files and directories (recursively, *.json). */
export async function loadPolicyFiles(paths: readonly string[]): Promise<LoadedPolicies> {
  const out: LoadedPolicies = { definitions: [], initiatives: [], errors: [], files: 0 };
  for (const file of await expandPaths(paths, out.errors)) {
    out.files++;
    const text = await readText(file, out.errors);
    if (text === undefined) continue;
    const parsed = parseJsonText(text, file);
    if (!parsed.ok) {
      out.errors.push(parsed.error);
      continue;
    }
    const { documents, problems } = readPolicyDocuments(parsed.value, file);
    for (const problem of problems)
      out.errors.push({ file, pointer: problem.pointer, message: problem.message });
    for (const doc of documents)
      (doc.kind === 'definition' ? out.definitions : out.initiatives).push(doc as never);
  }
  return out;
}

/** Files named directly, plus every *.json under named directories, in a stable order. */
export async function expandPaths(
  paths: readonly string[],
  errors: InputError[],
  pattern = /\.json$/i,
): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      errors.push({ file: path, message: 'no such file or directory' });
      continue;
    }
    if (info.isDirectory()) files.push(...(await walk(path, pattern)));
    else files.push(path);
  }
  return files;
}

async function walk(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => compareText(a.name, b.name));
  const hasDefinition = entries.some((e) => !e.isDirectory() && e.name.toLowerCase() === 'azurepolicy.json');
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, pattern)));
    else if (hasDefinition && COMPANIONS.has(entry.name.toLowerCase())) continue;
    else if (pattern.test(entry.name)) files.push(path);
  }
  return files;
}

/**
 * Azure/Community-Policy and Azure/azure-policy's samples keep each definition in a folder:
 * `azurepolicy.json` is the definition, and beside it the same definition's rule alone, its
 * parameters alone, and the portal's copy. Read as definitions of their own they would evaluate
 * one definition three times and fail twice (a rule without its parameters, a parameters object).
 */
const COMPANIONS = new Set([
  'azurepolicy.rules.json',
  'azurepolicy.parameters.json',
  'azurepolicy.portal.json',
]);

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** The file as text, in whatever encoding Windows wrote it (see asUtf8: `ConvertTo-Json > x.json`). */
async function readText(file: string, errors: InputError[]): Promise<string | undefined> {
  try {
    const bytes = await readFile(file);
    const parts: Buffer[] = [];
    for await (const part of asUtf8(once(bytes))) parts.push(part);
    return Buffer.concat(parts).toString('utf8');
  } catch (e) {
    errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return undefined;
  }
}

/**
 * Parameter values as users hold them: the `az policy assignment create --params` file
 * (`{"name": {"value": ...}}`), the parameters of an assignment (see assignmentBody), the same
 * under `parameters` of a deploymentParameters file, or plain `{"name": value}`. Keys are
 * case-insensitive.
 */
export async function loadParameterValues(file: string): Promise<ParameterValues> {
  const errors: InputError[] = [];
  const text = await readText(file, errors);
  if (text === undefined) return { values: new Map(), error: errors[0]! };
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) return { values: new Map(), error: parsed.error };
  return readParameterValues(parsed.value, file);
}

/**
 * A policy assignment, whose parameters are one of its members: as the REST API and older Az
 * PowerShell return it (`properties.policyDefinitionId`), or flattened as `az policy assignment
 * show` and Az PowerShell 7+ print it (`policyDefinitionId` beside `parameters`/`Parameter`).
 */
function assignmentBody(value: JsonObject): JsonObject | undefined {
  // A string: in a `--params` file every member is a value, `{"value": ...}` or plain.
  const properties = member(value, 'properties');
  if (isJsonObject(properties) && typeof member(properties, 'policyDefinitionId') === 'string')
    return properties;
  return typeof member(value, 'policyDefinitionId') === 'string' ? value : undefined;
}

/**
 * The assignments of a list: a JSON array of them (`az policy assignment list`, Resource Graph rows), the
 * `data` of an `az graph query` answer or the `value` of a REST list; undefined when `value` is not such a list.
 */
function assignmentList(value: JsonValue): { items: JsonObject[]; at: string } | undefined {
  const isAssignment = (item: JsonValue) => isJsonObject(item) && assignmentBody(item) !== undefined;
  if (Array.isArray(value))
    return value.every(isAssignment) ? { items: value as JsonObject[], at: '' } : undefined;
  if (!isJsonObject(value) || !Object.keys(value).every((k) => LIST_ANSWER_KEYS.has(k.toLowerCase())))
    return undefined;
  const key = Object.keys(value).find((k) => ['data', 'value'].includes(k.toLowerCase()));
  const rows = key === undefined ? undefined : value[key];
  return Array.isArray(rows) && rows.every(isAssignment)
    ? { items: rows as JsonObject[], at: `/${key}` }
    : undefined;
}

// Keys around the rows of an `az graph query` answer (`data`) and of a REST list (`value`).
const LIST_ANSWER_KEYS = new Set([
  'count',
  'data',
  'skip_token',
  'total_records',
  'facets',
  'value',
  'nextlink',
]);

// Keys of a deploymentParameters file around its `parameters` object.
const WRAPPER_KEYS = new Set(['$schema', 'contentversion', 'parameters']);

/** Parameter values, and when the file is an assignment, what it reaches (assignment.ts). */
export interface ParameterValues {
  values: Map<string, JsonValue>;
  assignment?: AssignmentReach;
  /** Parts of the assignment Vigil does not apply, said. */
  warnings?: InputError[];
  error?: InputError;
}

export function readParameterValues(value: JsonValue, file: string): ParameterValues {
  let at = '';
  const listed = assignmentList(value);
  if (listed !== undefined) {
    // Each assignment of a list is evaluated on its own in Azure: which one is meant cannot be guessed.
    if (listed.items.length !== 1)
      return {
        values: new Map(),
        error: {
          file,
          pointer: listed.at,
          message: `holds ${listed.items.length} policy assignments (as az policy assignment list or a Resource Graph query returns them); give one (az policy assignment show, or a list filtered to one)`,
        },
      };
    value = listed.items[0]!;
    at = `${listed.at}/0`;
  }
  if (!isJsonObject(value))
    return { values: new Map(), error: { file, message: 'a parameters file must hold a JSON object' } };
  let body = value;
  const properties = member(body, 'properties');
  const assignment = assignmentBody(body);
  if (assignment) {
    const read = readAssignmentReach(value, assignment, file, assignment === value ? at : `${at}/properties`);
    if ('error' in read) return { values: new Map(), error: read.error };
    const reached = { assignment: read.reach, warnings: read.warnings };
    // Az PowerShell 7+ names the member `Parameter`; an assignment without parameters has none.
    const parameters = member(assignment, 'parameters') ?? member(assignment, 'parameter');
    if (parameters === undefined || parameters === null) return { values: new Map(), ...reached };
    if (!isJsonObject(parameters))
      return { values: new Map(), error: { file, message: "the assignment's parameters must be an object" } };
    return { values: valuesOf(parameters), ...reached };
  } else if (isJsonObject(properties) && isJsonObject(member(properties, 'parameters')))
    body = member(properties, 'parameters') as typeof body;
  else if (
    isJsonObject(member(body, 'parameters')) &&
    Object.keys(body).every((k) => WRAPPER_KEYS.has(k.toLowerCase()))
  ) {
    body = member(body, 'parameters') as typeof body;
  }
  return { values: valuesOf(body) };
}

/** `{"name": {"value": …}}` or `{"name": …}`, by lower-cased name. */
function valuesOf(body: JsonObject): Map<string, JsonValue> {
  const values = new Map<string, JsonValue>();
  for (const [name, entry] of Object.entries(body)) {
    if (name.startsWith('$') || name.toLowerCase() === 'contentversion') continue;
    const wrapped =
      isJsonObject(entry) && Object.keys(entry).length === 1 && member(entry, 'value') !== undefined;
    values.set(name.toLowerCase(), wrapped ? (member(entry as never, 'value') as JsonValue) : entry);
  }
  return values;
}
