import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import type { DeploymentLevel } from './context.ts';
import type { SourceRef } from './diagnostics.ts';
import { childPointer, type SourceMap } from './json-source.ts';

/**
 * The sections of a deployment template (templates/syntax.md), checked for shape and indexed, each with
 * the JSON pointer it sits at. Nothing is evaluated here.
 */

/** A file, or the part of one, a template was read from. */
export interface TemplateSource {
  file: string;
  map: SourceMap | undefined;
}

export interface ResourceDeclaration {
  json: JsonObject;
  pointer: string;
  /** languageVersion 2.0: the key of the resource in the `resources` object. */
  symbolicName?: string;
}

export interface ParameterDeclaration {
  name: string;
  definition: JsonObject;
  /**
   * The definition with its `$ref` to a user-defined type resolved (languageVersion 2.0,
   * templates/definitions.md): the type's `type`, `nullable`, `allowedValues` and limits, under the
   * parameter's own keys.
   */
  type: JsonObject;
  /**
   * A type nested in `type` (a property's, an array's `items`) with its `$ref` resolved the same way, or
   * undefined when the reference names nothing: for walking a value along its user-defined type.
   */
  resolveType: (definition: JsonObject) => JsonObject | undefined;
  pointer: string;
}

export interface TemplateModel {
  source: TemplateSource;
  /** Pointer of the template object in its file: '' for a file, deeper for an inline nested template. */
  pointer: string;
  level: DeploymentLevel;
  languageVersion: string | undefined;
  /** Parameters by lower-cased name (ARM names are case-insensitive). */
  parameters: Map<string, ParameterDeclaration>;
  variables: JsonObject;
  functions: JsonValue[];
  resources: ResourceDeclaration[];
  outputs: JsonObject;
  /**
   * Bicep extensibility: each alias in `extensions` (or the older `imports`) → the extension it names
   * (`AzureResourceManager`, `MicrosoftGraph`, `Kubernetes`), by lower-cased alias.
   */
  extensions: Map<string, string>;
}

export class TemplateShapeError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'TemplateShapeError';
  }
}

/** Schema URL → deployment level (templates/deploy-to-*.md, "Schema"). */
export function levelOfSchema(schema: string | undefined): DeploymentLevel {
  const lower = (schema ?? '').toLowerCase();
  if (lower.includes('subscriptiondeploymenttemplate')) return 'subscription';
  if (lower.includes('managementgroupdeploymenttemplate')) return 'managementGroup';
  if (lower.includes('tenantdeploymenttemplate')) return 'tenant';
  return 'resourceGroup';
}

/** Reads a template object's sections. Throws TemplateShapeError naming the section that is wrong. */
export function readTemplate(value: JsonValue, source: TemplateSource, pointer: string): TemplateModel {
  if (!isJsonObject(value)) throw new TemplateShapeError('a template must be a JSON object', pointer);
  const schema = value.$schema;
  if (schema !== undefined && typeof schema !== 'string')
    throw new TemplateShapeError('"$schema" must be a string', childPointer(pointer, '$schema'));
  const languageVersion = value.languageVersion;
  if (languageVersion !== undefined && typeof languageVersion !== 'string')
    throw new TemplateShapeError(
      '"languageVersion" must be a string',
      childPointer(pointer, 'languageVersion'),
    );
  return {
    source,
    pointer,
    level: levelOfSchema(schema),
    languageVersion,
    parameters: readParameters(value.parameters, childPointer(pointer, 'parameters'), value),
    variables: section(value.variables, childPointer(pointer, 'variables'), 'variables'),
    functions: readFunctions(value.functions, childPointer(pointer, 'functions')),
    resources: readResources(value.resources, childPointer(pointer, 'resources')),
    outputs: section(value.outputs, childPointer(pointer, 'outputs'), 'outputs'),
    extensions: readExtensions(value),
  };
}

/** `"extensions": {"graph": {"name": "MicrosoftGraph", …}}`, or `"imports": {"graph": {"provider": …}}` before it. */
function readExtensions(template: JsonObject): Map<string, string> {
  const extensions = new Map<string, string>();
  for (const [section, key] of [
    ['imports', 'provider'],
    ['extensions', 'name'],
  ] as const) {
    const entries = template[section];
    if (!isJsonObject(entries)) continue;
    for (const [alias, entry] of Object.entries(entries))
      if (isJsonObject(entry) && typeof entry[key] === 'string')
        extensions.set(alias.toLowerCase(), entry[key]);
  }
  return extensions;
}

function section(value: JsonValue | undefined, pointer: string, name: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new TemplateShapeError(`"${name}" must be an object`, pointer);
  return value;
}

function readParameters(
  value: JsonValue | undefined,
  pointer: string,
  template: JsonObject,
): Map<string, ParameterDeclaration> {
  const parameters = new Map<string, ParameterDeclaration>();
  for (const [name, definition] of Object.entries(section(value, pointer, 'parameters'))) {
    const at = childPointer(pointer, name);
    if (!isJsonObject(definition))
      throw new TemplateShapeError(`parameter '${name}' must be an object with a "type"`, at);
    const key = name.toLowerCase();
    if (parameters.has(key))
      throw new TemplateShapeError(`parameter '${name}' is declared twice (names are case-insensitive)`, at);
    parameters.set(key, {
      name,
      definition,
      type: resolveTypeReference(definition, template, at),
      resolveType: (nested) => {
        try {
          return resolveTypeReference(nested, template, at);
        } catch (error) {
          if (error instanceof TemplateShapeError) return undefined;
          throw error;
        }
      },
      pointer: at,
    });
  }
  return parameters;
}

/** Types referring to types further than this are a reference cycle. */
const MAX_TYPE_REFERENCES = 32;

/**
 * Follows `"$ref": "#/definitions/<name>"` (a JSON pointer into the template) to the user-defined type it
 * names; keys of the referring object win over the type's. A reference to nothing is a shape error.
 */
function resolveTypeReference(definition: JsonObject, template: JsonObject, pointer: string): JsonObject {
  let current = definition;
  for (let depth = 0; typeof current.$ref === 'string'; depth++) {
    const reference = current.$ref;
    const target = depth < MAX_TYPE_REFERENCES ? atPointer(template, reference) : undefined;
    if (!isJsonObject(target))
      throw new TemplateShapeError(
        depth < MAX_TYPE_REFERENCES
          ? `the type reference '${reference}' names no definition in this template`
          : `the type reference '${reference}' is part of a cycle`,
        childPointer(pointer, '$ref'),
      );
    const { $ref: _reference, ...own } = current;
    current = { ...target, ...own };
  }
  return current;
}

/** The value at a `#/a/b` JSON pointer (RFC 6901) inside `root`, or undefined. */
function atPointer(root: JsonObject, reference: string): JsonValue | undefined {
  if (!reference.startsWith('#/')) return undefined;
  let value: JsonValue | undefined = root;
  for (const raw of reference.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(value)) value = /^\d+$/.test(key) ? value[Number(key)] : undefined;
    else if (isJsonObject(value) && Object.hasOwn(value, key)) value = value[key];
    else return undefined;
  }
  return value;
}

function readFunctions(value: JsonValue | undefined, pointer: string): JsonValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new TemplateShapeError('"functions" must be an array of namespaces', pointer);
  return value;
}

function readResources(value: JsonValue | undefined, pointer: string): ResourceDeclaration[] {
  if (value === undefined) throw new TemplateShapeError('the template has no "resources" section', pointer);
  if (Array.isArray(value)) {
    return value.map((json, i) => {
      const at = childPointer(pointer, i);
      if (!isJsonObject(json)) throw new TemplateShapeError('a resource must be a JSON object', at);
      return { json, pointer: at };
    });
  }
  // languageVersion 2.0: resources keyed by symbolic name (templates/resource-declaration.md#use-symbolic-name).
  if (isJsonObject(value)) {
    return Object.entries(value).map(([symbolicName, json]) => {
      const at = childPointer(pointer, symbolicName);
      if (!isJsonObject(json)) throw new TemplateShapeError('a resource must be a JSON object', at);
      return { json, pointer: at, symbolicName };
    });
  }
  throw new TemplateShapeError(
    '"resources" must be an array (or, with languageVersion 2.0, an object)',
    pointer,
  );
}

export function refAt(model: TemplateModel, pointer: string): SourceRef {
  return { file: model.source.file, map: model.source.map, pointer };
}
