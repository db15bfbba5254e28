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
    parameters: readParameters(value.parameters, childPointer(pointer, 'parameters')),
    variables: section(value.variables, childPointer(pointer, 'variables'), 'variables'),
    functions: readFunctions(value.functions, childPointer(pointer, 'functions')),
    resources: readResources(value.resources, childPointer(pointer, 'resources')),
    outputs: section(value.outputs, childPointer(pointer, 'outputs'), 'outputs'),
  };
}

function section(value: JsonValue | undefined, pointer: string, name: string): JsonObject {
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw new TemplateShapeError(`"${name}" must be an object`, pointer);
  return value;
}

function readParameters(value: JsonValue | undefined, pointer: string): Map<string, ParameterDeclaration> {
  const parameters = new Map<string, ParameterDeclaration>();
  for (const [name, definition] of Object.entries(section(value, pointer, 'parameters'))) {
    const at = childPointer(pointer, name);
    if (!isJsonObject(definition))
      throw new TemplateShapeError(`parameter '${name}' must be an object with a "type"`, at);
    const key = name.toLowerCase();
    if (parameters.has(key))
      throw new TemplateShapeError(`parameter '${name}' is declared twice (names are case-insensitive)`, at);
    parameters.set(key, { name, definition, pointer: at });
  }
  return parameters;
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
