import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { parseJsonWithPositions } from './json-source.ts';
import { isParameterFileDocument } from './parameter-values.ts';

/**
 * What a JSON file is, for `vigil scan` inputs: a deployment template (its `$schema` is a
 * deploymentTemplate schema, or it has `resources` and `contentVersion`), a parameters file, a snapshot
 * of resources, or something else (a `metadata.json`, a `bicepconfig.json`).
 */
export type DocumentKind = 'template' | 'parameters' | 'snapshot' | 'other';

export function classifyDocument(value: JsonValue): DocumentKind {
  if (Array.isArray(value)) return 'snapshot';
  if (!isJsonObject(value)) return 'other';
  const schema = typeof value.$schema === 'string' ? value.$schema.toLowerCase() : '';
  if (schema.includes('deploymenttemplate.json')) return 'template';
  if (isParameterFileDocument(value)) return 'parameters';
  if ('resources' in value && 'contentVersion' in value) return 'template';
  if (Array.isArray(value.value) || Array.isArray(value.data)) return 'snapshot';
  if (typeof value.id === 'string' && typeof value.type === 'string') return 'snapshot';
  return 'other';
}

/** ARM refuses templates over 4 MB (templates/best-practices.md, "Template limits"); larger files are snapshots. */
const TEMPLATE_LIMIT = 4 * 1024 * 1024;
/** How much of an unparseable file is searched for a template schema. */
const HEAD = 4096;

/**
 * Classifies a file: a file too large to be a template is left to the snapshot loader unread; a smaller
 * one is parsed and judged by its top-level keys. One that does not parse is a template (or parameters
 * file) when its head names the schema, so its syntax error is reported as a template's; otherwise the
 * snapshot loader reports where the JSON breaks.
 */
export async function classifyFile(path: string): Promise<DocumentKind> {
  const extension = extname(path).toLowerCase();
  if (extension === '.jsonl' || extension === '.ndjson') return 'snapshot';
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > TEMPLATE_LIMIT) return 'snapshot';
    const text = (await handle.readFile()).toString('utf8');
    const value = parseLeniently(text);
    if (value !== undefined) return classifyDocument(value);
    const head = text.slice(0, HEAD).toLowerCase();
    if (head.includes('"$schema"') && head.includes('deploymenttemplate.json')) return 'template';
    if (head.includes('"$schema"') && head.includes('deploymentparameters.json')) return 'parameters';
    return 'snapshot';
  } finally {
    await handle.close();
  }
}

function parseLeniently(text: string): JsonValue | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as JsonValue;
  } catch {
    try {
      return parseJsonWithPositions(body).value;
    } catch {
      return undefined;
    }
  }
}
