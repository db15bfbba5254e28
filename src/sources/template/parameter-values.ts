import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import type { SourceRef } from './diagnostics.ts';
import { childPointer, type SourceMap } from './json-source.ts';

/**
 * Values given for a template's parameters: from a parameters file (templates/parameter-files.md), or
 * by a parent template to a nested or linked one. Each is `{"value": …}` or a Key Vault reference
 * `{"reference": {"keyVault": {"id": …}, "secretName": …}}`, whose secret Vigil never sees.
 */
/** `entry` is where the parameter is given, `at` where its value (or reference) is. */
export type ProvidedParameter =
  | { kind: 'value'; name: string; value: JsonValue; at: SourceRef; entry: SourceRef }
  | { kind: 'keyVault'; name: string; description: string; at: SourceRef; entry: SourceRef };

export interface ProvidedParameters {
  /** By lower-cased name. */
  values: Map<string, ProvidedParameter>;
  /** Where they came from, for messages: a parameters file, or the nested deployment's `parameters`. */
  origin: string;
}

export class ParameterFileError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'ParameterFileError';
  }
}

/**
 * A JSON document that is a parameters file: `deploymentParameters` schema, contentVersion + parameters
 * without resources, or `parameters` alone.
 */
export function isParameterFileDocument(value: JsonValue): boolean {
  if (!isJsonObject(value)) return false;
  const schema = value.$schema;
  if (typeof schema === 'string' && schema.toLowerCase().includes('deploymentparameters')) return true;
  return (
    ('parameters' in value && 'contentVersion' in value && !('resources' in value)) || onlyParameters(value)
  );
}

/**
 * `{"parameters": {…}}` with nothing around it: `az deployment group create --parameters @file` takes the
 * `parameters` member of any file that has one, so hand-written files often leave `$schema` out.
 */
function onlyParameters(value: JsonObject): boolean {
  return Object.keys(value).length === 1 && isJsonObject(value.parameters);
}

/**
 * Reads a parameters file. The full shape has `$schema`, `contentVersion` and `parameters`; the bare
 * `{"name": {"value": …}}` object that `az deployment --parameters @file` also takes is accepted too.
 */
export function readParameterFile(
  value: JsonValue,
  file: string,
  map: SourceMap | undefined,
): ProvidedParameters {
  if (!isJsonObject(value)) throw new ParameterFileError('a parameters file must be a JSON object', '');
  const wrapped =
    (isJsonObject(value.parameters) && ('$schema' in value || 'contentVersion' in value)) ||
    onlyParameters(value);
  const entries = wrapped ? (value.parameters as JsonObject) : value;
  const pointer = wrapped ? '/parameters' : '';
  const values = new Map<string, ProvidedParameter>();
  for (const [name, entry] of Object.entries(entries)) {
    if (!wrapped && (name === '$schema' || name === 'contentVersion')) continue;
    const at = childPointer(pointer, name);
    values.set(name.toLowerCase(), readEntry(name, entry, { file, map, pointer: at }));
  }
  return { values, origin: file };
}

/** One `{"value": …}` or `{"reference": …}` entry whose expressions, if any, were already evaluated. */
export function readEntry(name: string, entry: JsonValue, at: SourceRef): ProvidedParameter {
  if (!isJsonObject(entry) || (!('value' in entry) && !('reference' in entry)))
    throw new ParameterFileError(
      `parameter '${name}' must be an object with "value" (or a Key Vault "reference")`,
      at.pointer,
    );
  if ('value' in entry)
    return {
      kind: 'value',
      name,
      value: entry.value!,
      at: { ...at, pointer: childPointer(at.pointer, 'value') },
      entry: at,
    };
  const reference = entry.reference;
  const keyVault =
    isJsonObject(reference) && isJsonObject(reference.keyVault) ? reference.keyVault : undefined;
  const secretName = isJsonObject(reference) ? reference.secretName : undefined;
  if (keyVault === undefined || typeof keyVault.id !== 'string' || typeof secretName !== 'string')
    throw new ParameterFileError(
      `parameter '${name}': a reference must be {"keyVault": {"id": "<vault resource id>"}, "secretName": "<name>"}`,
      childPointer(at.pointer, 'reference'),
    );
  return {
    kind: 'keyVault',
    name,
    description: `Key Vault secret '${secretName}' of ${keyVault.id}`,
    at: { ...at, pointer: childPointer(at.pointer, 'reference') },
    entry: at,
  };
}
