import { isJsonObject, type JsonValue } from '../util/json.ts';
import { powerShellDepthHint } from '../util/powershell-depth.ts';
import type { ParameterDefinition } from './definition.ts';
import { valuesEqualStrict } from './engine/compare.ts';
import { DefinitionError } from './engine/errors.ts';
import { pointerJoin } from './rule-json.ts';

/**
 * The values a definition runs with: what the assignment (or initiative) supplies, else each
 * parameter's defaultValue. Checked the way Azure checks an assignment: the declared type, and
 * membership in allowedValues (case-sensitive, definition-structure-parameters.md).
 */
export function resolveParameters(
  declared: Record<string, ParameterDefinition>,
  supplied: ReadonlyMap<string, JsonValue>,
  pointer: string,
  suppliedFrom: string,
): Map<string, JsonValue> {
  const values = new Map<string, JsonValue>();
  for (const [name, def] of Object.entries(declared)) {
    const at = pointerJoin(pointerJoin(pointer, 'parameters'), name);
    const given = supplied.get(name.toLowerCase());
    if (given === undefined) {
      if (def.defaultValue === undefined) {
        throw new DefinitionError(
          `parameter '${name}' has no value and no defaultValue; supply it in ${suppliedFrom}`,
          at,
        );
      }
      values.set(name.toLowerCase(), def.defaultValue);
      continue;
    }
    const typeProblem = checkType(def.type, given);
    if (typeProblem)
      throw new DefinitionError(
        `parameter '${name}' ${typeProblem} (from ${suppliedFrom})${powerShellDepthHint(given)}`,
        at,
      );
    if (def.allowedValues && !isAllowed(def, given)) {
      throw new DefinitionError(
        `parameter '${name}' value ${JSON.stringify(given)} is not one of the allowedValues ${JSON.stringify(def.allowedValues)} (from ${suppliedFrom})${powerShellDepthHint(given)}`,
        at,
      );
    }
    values.set(name.toLowerCase(), given);
  }
  return values;
}

function checkType(type: string, value: JsonValue): string | undefined {
  const ok = (() => {
    switch (type.toLowerCase()) {
      case 'string':
        return typeof value === 'string';
      case 'array':
        return Array.isArray(value);
      case 'object':
        return isJsonObject(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'float':
        return typeof value === 'number';
      case 'datetime':
        return typeof value === 'string' && !Number.isNaN(Date.parse(value));
      default:
        return false;
    }
  })();
  if (ok) return undefined;
  return `must be of type ${type}, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value} ${JSON.stringify(value)}`;
}

function isAllowed(def: ParameterDefinition, value: JsonValue): boolean {
  const allowed = def.allowedValues ?? [];
  if (allowed.some((a) => valuesEqualStrict(a, value))) return true;
  // An array parameter's allowedValues list the allowed members.
  return Array.isArray(value) && value.every((item) => allowed.some((a) => valuesEqualStrict(a, item)));
}
