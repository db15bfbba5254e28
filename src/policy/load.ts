import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compareText } from '../util/compare-text.ts';
import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonText } from '../util/parse-json.ts';
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
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path, pattern)));
    else if (pattern.test(entry.name)) files.push(path);
  }
  return files;
}

async function readText(file: string, errors: InputError[]): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    errors.push({ file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
    return undefined;
  }
}

/**
 * Parameter values as users hold them: the `az policy assignment create --params` file
 * (`{"name": {"value": ...}}`), the same under `parameters` or `properties.parameters` (an
 * assignment as `az policy assignment show` prints it, or a deploymentParameters file), or plain
 * `{"name": value}`. Keys are case-insensitive.
 */
export async function loadParameterValues(
  file: string,
): Promise<{ values: Map<string, JsonValue>; error?: InputError }> {
  const errors: InputError[] = [];
  const text = await readText(file, errors);
  if (text === undefined) return { values: new Map(), error: errors[0]! };
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) return { values: new Map(), error: parsed.error };
  return readParameterValues(parsed.value, file);
}

// Keys of a deploymentParameters file around its `parameters` object.
const WRAPPER_KEYS = new Set(['$schema', 'contentversion', 'parameters']);

export function readParameterValues(
  value: JsonValue,
  file: string,
): { values: Map<string, JsonValue>; error?: InputError } {
  if (!isJsonObject(value))
    return { values: new Map(), error: { file, message: 'a parameters file must hold a JSON object' } };
  let body = value;
  const properties = member(body, 'properties');
  if (isJsonObject(properties) && isJsonObject(member(properties, 'parameters')))
    body = member(properties, 'parameters') as typeof body;
  else if (
    isJsonObject(member(body, 'parameters')) &&
    Object.keys(body).every((k) => WRAPPER_KEYS.has(k.toLowerCase()))
  ) {
    body = member(body, 'parameters') as typeof body;
  }
  const values = new Map<string, JsonValue>();
  for (const [name, entry] of Object.entries(body)) {
    if (name.startsWith('$') || name.toLowerCase() === 'contentversion') continue;
    const wrapped =
      isJsonObject(entry) && Object.keys(entry).length === 1 && member(entry, 'value') !== undefined;
    values.set(name.toLowerCase(), wrapped ? (member(entry as never, 'value') as JsonValue) : entry);
  }
  return { values };
}
