import { InputProblem } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { member, objectMember, pointerJoin, stringMember } from './rule-json.ts';

export interface SourceRef {
  file: string;
  /** JSON pointer to the definition object inside the file ('' for the whole file). */
  pointer: string;
}

export interface ParameterDefinition {
  /** As declared: String, Array, Object, Boolean, Integer, Float, DateTime (case-insensitive). */
  type: string;
  defaultValue?: JsonValue;
  allowedValues?: JsonValue[];
  metadata?: JsonObject;
}

export interface PolicyDefinition {
  kind: 'definition';
  name: string;
  id?: string;
  displayName?: string;
  description?: string;
  /** As written; undefined when the definition does not say (Azure then treats it as Indexed). */
  mode?: string;
  version?: string;
  metadata?: JsonObject;
  /** Keyed by parameter name as declared; lookups are case-insensitive (see findParameter). */
  parameters: Record<string, ParameterDefinition>;
  policyRule: JsonObject;
  source: SourceRef;
  /** Pointer to policyRule inside the file, so reasons can name the deciding condition. */
  rulePointer: string;
}

export interface PolicyDefinitionReference {
  policyDefinitionId: string;
  policyDefinitionReferenceId?: string;
  /** The version of the definition the reference asks for (`1.*.*`), as written. */
  definitionVersion?: string;
  /** Parameter values passed to the definition: plain values or expressions over the initiative's parameters. */
  parameters: Record<string, JsonValue>;
  groupNames: string[];
  pointer: string;
}

export interface PolicySetDefinition {
  kind: 'initiative';
  name: string;
  id?: string;
  displayName?: string;
  description?: string;
  version?: string;
  metadata?: JsonObject;
  parameters: Record<string, ParameterDefinition>;
  policyDefinitions: PolicyDefinitionReference[];
  source: SourceRef;
}

export type PolicyDocument = PolicyDefinition | PolicySetDefinition;

/**
 * Reads every definition and initiative out of one parsed file, in the shapes users have:
 * the Azure/azure-policy repository shape (`{properties:{policyRule, ...}, name, id}`), the
 * flattened shape `az policy definition show/list` prints (and Az PowerShell's, see powerShellKey),
 * a bare `{if, then}` rule, arrays of any of these, and ARM list responses (`{value:[...]}`).
 */
export function readPolicyDocuments(
  value: JsonValue,
  file: string,
): { documents: PolicyDocument[]; problems: { pointer: string; message: string }[] } {
  const documents: PolicyDocument[] = [];
  const problems: { pointer: string; message: string }[] = [];
  const visit = (node: JsonValue, pointer: string, fallbackName: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, pointerJoin(pointer, i), `${fallbackName}[${i}]`);
      });
      return;
    }
    if (!isJsonObject(node)) {
      problems.push({ pointer, message: `expected a policy definition object, found ${describe(node)}` });
      return;
    }
    const list = member(node, 'value');
    if (
      Array.isArray(list) &&
      member(node, 'policyRule') === undefined &&
      member(node, 'properties') === undefined
    ) {
      visit(list, pointerJoin(pointer, 'value'), fallbackName);
      return;
    }
    try {
      documents.push(readDocument(node, file, pointer, fallbackName));
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      problems.push({ pointer: e.pointer ?? pointer, message: e.message });
    }
  };
  visit(value, '', baseName(file));
  return { documents, problems };
}

function readDocument(node: JsonObject, file: string, pointer: string, fallbackName: string): PolicyDocument {
  const properties = objectMember(node, 'properties');
  const body =
    properties &&
    (member(properties, 'policyRule') !== undefined || member(properties, 'policyDefinitions') !== undefined)
      ? properties
      : node;
  const bodyPointer = body === node ? pointer : pointerJoin(pointer, keyAsWritten(node, 'properties'));
  const id = stringMember(node, 'id');
  const name = stringMember(node, 'name') ?? (id ? lastSegment(id) : fallbackName);
  const common = {
    name,
    ...(id !== undefined && { id }),
    ...optionalString(body, 'displayName'),
    ...optionalString(body, 'description'),
    ...optionalString(body, 'version'),
    ...(objectMember(body, 'metadata') && { metadata: objectMember(body, 'metadata') }),
    source: { file, pointer },
  };

  if (member(body, 'policyDefinitions') !== undefined || member(body, 'policyDefinition') !== undefined) {
    return {
      kind: 'initiative',
      ...common,
      parameters: readParameters(body, bodyPointer),
      policyDefinitions: readReferences(body, bodyPointer),
    };
  }

  const rule = member(body, 'policyRule');
  if (rule !== undefined) {
    const rulePointer = pointerJoin(bodyPointer, keyAsWritten(body, 'policyRule'));
    if (!isJsonObject(rule))
      throw new InputProblem(`policyRule must be an object, found ${describe(rule)}`, rulePointer);
    const mode = member(body, 'mode');
    if (mode !== undefined && mode !== null && typeof mode !== 'string') {
      throw new InputProblem(
        `mode must be a string, found ${describe(mode)}`,
        pointerJoin(bodyPointer, 'mode'),
      );
    }
    return {
      kind: 'definition',
      ...common,
      ...(typeof mode === 'string' && { mode }),
      parameters: readParameters(body, bodyPointer),
      policyRule: rule,
      rulePointer,
    };
  }

  if (member(node, 'if') !== undefined && member(node, 'then') !== undefined) {
    return { kind: 'definition', ...common, parameters: {}, policyRule: node, rulePointer: pointer };
  }

  throw new InputProblem(
    'not a policy definition: expected policyRule (or properties.policyRule), policyDefinitions, or a bare {if, then} rule',
    pointer,
  );
}

function readParameters(body: JsonObject, bodyPointer: string): Record<string, ParameterDefinition> {
  const key = powerShellKey(body, 'parameters', 'parameter');
  const raw = member(body, key);
  if (raw === undefined || raw === null) return {};
  const pointer = pointerJoin(bodyPointer, keyAsWritten(body, key));
  if (!isJsonObject(raw))
    throw new InputProblem(`parameters must be an object, found ${describe(raw)}`, pointer);
  const parameters: Record<string, ParameterDefinition> = {};
  for (const [name, def] of Object.entries(raw)) {
    const at = pointerJoin(pointer, name);
    if (!isJsonObject(def)) throw new InputProblem(`parameter '${name}' must be an object`, at);
    const type = stringMember(def, 'type');
    if (type === undefined) throw new InputProblem(`parameter '${name}' has no type`, at);
    if (!PARAMETER_TYPES.has(type.toLowerCase())) {
      throw new InputProblem(
        `parameter '${name}' has unknown type '${type}' (expected one of String, Array, Object, Boolean, Integer, Float, DateTime)`,
        pointerJoin(at, 'type'),
      );
    }
    const allowed = member(def, 'allowedValues');
    if (allowed !== undefined && allowed !== null && !Array.isArray(allowed)) {
      throw new InputProblem(
        `parameter '${name}': allowedValues must be an array`,
        pointerJoin(at, 'allowedValues'),
      );
    }
    const defaultValue = member(def, 'defaultValue');
    const metadata = objectMember(def, 'metadata');
    parameters[name] = {
      type,
      ...(defaultValue !== undefined && { defaultValue }),
      ...(Array.isArray(allowed) && { allowedValues: allowed }),
      ...(metadata && { metadata }),
    };
  }
  return parameters;
}

export const PARAMETER_TYPES = new Set([
  'string',
  'array',
  'object',
  'boolean',
  'integer',
  'float',
  'datetime',
]);

function readReferences(body: JsonObject, bodyPointer: string): PolicyDefinitionReference[] {
  const key = keyAsWritten(body, powerShellKey(body, 'policyDefinitions', 'policyDefinition'));
  const pointer = pointerJoin(bodyPointer, key);
  const raw = body[key];
  if (!Array.isArray(raw)) throw new InputProblem('policyDefinitions must be an array', pointer);
  return raw.map((ref, i) => {
    const at = pointerJoin(pointer, i);
    if (!isJsonObject(ref)) throw new InputProblem('a policyDefinitions entry must be an object', at);
    const policyDefinitionId = stringMember(ref, 'policyDefinitionId');
    if (!policyDefinitionId) throw new InputProblem('policyDefinitions entry has no policyDefinitionId', at);
    const referenceId = stringMember(ref, 'policyDefinitionReferenceId');
    const definitionVersion = stringMember(ref, 'definitionVersion');
    const params = member(ref, 'parameters');
    const parameters: Record<string, JsonValue> = {};
    if (isJsonObject(params)) {
      for (const [name, v] of Object.entries(params)) {
        // Initiatives wrap each value as {"value": ...}, as assignments do.
        parameters[name] =
          isJsonObject(v) && member(v, 'value') !== undefined ? (member(v, 'value') as JsonValue) : v;
      }
    }
    const groups = member(ref, 'groupNames');
    return {
      policyDefinitionId,
      ...(referenceId !== undefined && { policyDefinitionReferenceId: referenceId }),
      ...(definitionVersion !== undefined && { definitionVersion }),
      parameters,
      groupNames: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      pointer: at,
    };
  });
}

/** Parameter lookup is case-insensitive, like every other name in the policy language. */
export function findParameter(
  parameters: Record<string, ParameterDefinition>,
  name: string,
): [string, ParameterDefinition] | undefined {
  if (parameters[name]) return [name, parameters[name]];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(parameters)) if (k.toLowerCase() === lower) return [k, v];
  return undefined;
}

/**
 * Az PowerShell 7+ flattens a definition and names its collections in the singular
 * (`Get-AzPolicyDefinition`: `Parameter`; `Get-AzPolicySetDefinition`: `Parameter`,
 * `PolicyDefinition`): `plural` when the object has it, else `singular`.
 */
function powerShellKey(object: JsonObject, plural: string, singular: string): string {
  return member(object, plural) === undefined && member(object, singular) !== undefined ? singular : plural;
}

function keyAsWritten(object: JsonObject, key: string): string {
  if (key in object) return key;
  const lower = key.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower) ?? key;
}

function optionalString(object: JsonObject, key: string): Record<string, string> {
  const value = stringMember(object, key);
  return value === undefined ? {} : { [key]: value };
}

function lastSegment(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.jsonc?$/i, '');
}

export function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}
