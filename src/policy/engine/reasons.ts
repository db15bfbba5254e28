import type { JsonValue } from '../../util/json.ts';
import { NEGATION, type OperatorName } from './operators.ts';

/**
 * Why a resource got its compliance state: one deciding condition, phrased as Azure's
 * "reasons for non-compliance" are (how-to/determine-non-compliance.md) — what the current
 * value must be for the resource to comply.
 */
export interface Reason {
  /** JSON pointer to the condition in the definition file. */
  condition: string;
  /** The field or alias as written, for field conditions. */
  field?: string;
  /** The ARM path the alias read on this resource's type. */
  path?: string;
  /** The value expression, for value conditions. */
  value?: string;
  /** The operator that must hold for compliance. */
  operator: string;
  expected?: JsonValue;
  actual?: JsonValue;
  message: string;
}

const MESSAGES: Record<OperatorName | 'notExists', string> = {
  containsKey: 'Current value must contain the target value as a key.',
  notContainsKey: 'Current value must not contain the target value as a key.',
  contains: 'Current value must contain the target value.',
  notContains: 'Current value must not contain the target value.',
  equals: 'Current value must be equal to the target value.',
  notEquals: 'Current value must not be equal to the target value.',
  less: 'Current value must be less than the target value.',
  lessOrEquals: 'Current value must be less than or equal to the target value.',
  greater: 'Current value must be greater than the target value.',
  greaterOrEquals: 'Current value must be greater than or equal to the target value.',
  exists: 'Current value must exist.',
  notExists: 'Current value must not exist.',
  in: 'Current value must be in the target value.',
  notIn: 'Current value must not be in the target value.',
  like: 'Current value must be like the target value.',
  notLike: 'Current value must not be like the target value.',
  match: 'Current value must case-sensitive match the target value.',
  notMatch: 'Current value must not case-sensitive match the target value.',
  matchInsensitively: 'Current value must case-insensitive match the target value.',
  notMatchInsensitively: 'Current value must not case-insensitive match the target value.',
};

/**
 * The requirement a leaf condition states for compliance. A leaf that came out `result` in a
 * non-compliant evaluation must come out the other way to comply: a leaf `equals` that held
 * becomes "must not be equal"; a leaf `in` that failed under a `not` becomes "must be in".
 */
export function requirement(op: OperatorName, result: boolean, expected: JsonValue | undefined) {
  let required: OperatorName | 'notExists' = result ? NEGATION[op] : op;
  // `exists: false` is its own negation in the message table.
  if (op === 'exists' && expected !== undefined && isFalse(expected))
    required = result ? 'exists' : 'notExists';
  return { operator: required, message: MESSAGES[required] };
}

function isFalse(v: JsonValue): boolean {
  return v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
}

export const NO_RELATED_RESOURCES = 'No related resources match the effect details in the policy definition.';
