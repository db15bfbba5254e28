import type { PolicyDefinition } from '../src/policy/definition.ts';
import { type PolicyPlan, planPolicies } from '../src/policy/plan.ts';
import type { JsonValue } from '../src/util/json.ts';

/**
 * Plans corpus definitions the way an assignment of each would: the fixture's values for the
 * parameters a definition has no default for, the defaults for the rest (two built-ins declare a
 * `tagValue` of different types, so one shared map would not do).
 */
export function planAsAssigned(
  definitions: readonly PolicyDefinition[],
  values: ReadonlyMap<string, JsonValue>,
): PolicyPlan {
  const plan: PolicyPlan = { compiled: [], errors: [], warnings: [] };
  for (const definition of definitions) {
    const required = new Map<string, JsonValue>();
    for (const [name, p] of Object.entries(definition.parameters)) {
      const value = values.get(name.toLowerCase());
      if (p.defaultValue === undefined && value !== undefined) required.set(name.toLowerCase(), value);
    }
    const one = planPolicies([definition], [], {
      parameters: required,
      parametersFrom: 'the corpus assignment parameters',
    });
    plan.compiled.push(...one.compiled);
    plan.errors.push(...one.errors);
  }
  return plan;
}
