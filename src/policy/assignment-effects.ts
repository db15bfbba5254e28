import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { AliasTable } from './aliases/index.ts';
import type { EffectOverride } from './assignment.ts';
import { type CompiledDefinition, compileDefinition } from './compile.ts';
import type { ParameterDefinition } from './definition.ts';
import { DefinitionError } from './engine/errors.ts';
import { normalizeLocation } from './resource-selectors.ts';
import { keysOf, member } from './rule-json.ts';

/**
 * An assignment's `policyEffect` overrides (assignment-structure.md, "Overrides"): the effect each
 * definition runs with, which may depend on the resource's location. "A single policy assignment can
 * contain up to 10 overrides, evaluated in the order in which they're specified": the first override
 * that selects a definition (and the resource's location, when it selects by location) gives its effect.
 */
export function overriddenEffect(
  overrides: readonly EffectOverride[],
  referenceId: string | undefined,
  location: string | undefined,
): string | undefined {
  for (const o of overrides) {
    if (!selectsReference(o, referenceId)) continue;
    if (o.locations !== undefined) {
      const at = location === undefined ? '' : normalizeLocation(location);
      if (o.locations.in !== o.locations.values.includes(at)) continue;
    }
    return o.value;
  }
  return undefined;
}

function selectsReference(o: EffectOverride, referenceId: string | undefined): boolean {
  if (o.references === undefined) return true;
  const listed = referenceId !== undefined && o.references.values.includes(referenceId.toLowerCase());
  return o.references.in === listed;
}

/**
 * The definitions to evaluate under the overrides: each definition an override selects is compiled once
 * per effect it may run with (its own too, when a location-bound override leaves some resources to it);
 * `disabled` compiles nothing, as Azure does not evaluate it. A value Azure would refuse — outside the
 * effect parameter's allowedValues, or of the other kind (an existence check for a field check or the
 * reverse) — is an error naming the override.
 */
export function applyEffectOverrides(
  compiled: readonly CompiledDefinition[],
  overrides: readonly EffectOverride[],
  file: string,
  table: AliasTable,
): { compiled: CompiledDefinition[]; errors: InputError[]; ownEffects: Map<string, string> } {
  const out: CompiledDefinition[] = [];
  const errors: InputError[] = [];
  const ownEffects = new Map<string, string>();
  for (const c of compiled) {
    const referenceId = c.initiative?.referenceId;
    ownEffects.set(
      effectKey(c.initiative?.name, referenceId, c.definition.name),
      c.effect.written.toLowerCase(),
    );
    const effects = possibleEffects(overrides, referenceId);
    if (effects.length === 0) {
      out.push(c);
      continue;
    }
    const seen = new Set<string>();
    for (const { value, pointer } of effects) {
      const lower = value?.toLowerCase();
      if (lower === 'disabled' || seen.has(lower ?? c.effect.name.toLowerCase())) continue;
      seen.add(lower ?? c.effect.name.toLowerCase());
      if (value === undefined || lower === c.effect.written.toLowerCase()) {
        out.push(c);
        continue;
      }
      const refused = refusal(c, value);
      if (refused !== undefined) {
        errors.push({ file, pointer, message: `effect override ${JSON.stringify(value)}: ${refused}` });
        continue;
      }
      try {
        const variant = compileDefinition(withEffect(c, value), {
          table,
          parameters: c.parameters,
          parametersFrom: `override ${pointer}`,
        });
        if (c.initiative !== undefined) variant.initiative = c.initiative;
        out.push(variant);
      } catch (e) {
        if (!(e instanceof DefinitionError)) throw e;
        errors.push({
          file,
          pointer,
          message: `effect override ${JSON.stringify(value)} on ${nameOf(c)}: ${e.message}`,
        });
      }
    }
  }
  return { compiled: out, errors, ownEffects };
}

/** Names one definition of the plan, as its results name it. */
export function effectKey(
  initiativeName: string | undefined,
  referenceId: string | undefined,
  definitionName: string,
): string {
  return `${initiativeName ?? ''}|${referenceId ?? ''}|${definitionName}`;
}

/**
 * The effects a definition may run with, in order: the value of each override that selects it, up to
 * the first that applies wherever the resource is; its own effect (undefined) when none does.
 */
function possibleEffects(
  overrides: readonly EffectOverride[],
  referenceId: string | undefined,
): { value: string | undefined; pointer: string }[] {
  const effects: { value: string | undefined; pointer: string }[] = [];
  for (const o of overrides) {
    if (!selectsReference(o, referenceId)) continue;
    effects.push({ value: o.value, pointer: o.pointer });
    if (o.locations === undefined) return effects;
  }
  if (effects.length > 0) effects.push({ value: undefined, pointer: '' });
  return effects;
}

const EXISTENCE_EFFECTS = new Set(['auditifnotexists', 'deployifnotexists']);

/** Why Azure would refuse the override on this definition, if it would. */
function refusal(c: CompiledDefinition, value: string): string | undefined {
  const then = member(c.definition.policyRule, 'then');
  const written = isJsonObject(then) ? member(then, 'effect') : undefined;
  const parameter =
    typeof written === 'string' ? /^\[\s*parameters\('([^']+)'\)\s*\]$/i.exec(written)?.[1] : undefined;
  const declared =
    parameter === undefined ? undefined : member(c.definition.parameters as unknown as JsonObject, parameter);
  const allowed = (declared as ParameterDefinition | undefined)?.allowedValues;
  if (
    allowed !== undefined &&
    !allowed.some((a) => typeof a === 'string' && a.toLowerCase() === value.toLowerCase())
  )
    return `${nameOf(c)}'s effect parameter '${parameter}' allows only ${allowed.map((a) => JSON.stringify(a)).join(', ')} (Azure validates an override against them)`;
  if (EXISTENCE_EFFECTS.has(value.toLowerCase()) !== checksExistence(c, then))
    return `${nameOf(c)} has effect ${c.effect.written}, and its policy rule cannot run as ${value} (Azure validates an override against the policy rule)`;
  return undefined;
}

/**
 * Whether the rule checks for related resources: as its effect says, or, when it runs as Disabled (an
 * effect parameter that defaults to it, which an override may turn on), as its `details.type` says.
 */
function checksExistence(c: CompiledDefinition, then: JsonValue | undefined): boolean {
  const effect = c.effect.name.toLowerCase();
  if (effect !== 'disabled') return EXISTENCE_EFFECTS.has(effect);
  const details = isJsonObject(then) ? member(then, 'details') : undefined;
  return isJsonObject(details) && typeof member(details, 'type') === 'string';
}

function withEffect(c: CompiledDefinition, value: string): CompiledDefinition['definition'] {
  const rule = c.definition.policyRule;
  const thenKey = keysOf(rule).get('then') ?? 'then';
  const then = rule[thenKey] as JsonObject;
  const effectKey = keysOf(then).get('effect') ?? 'effect';
  return { ...c.definition, policyRule: { ...rule, [thenKey]: { ...then, [effectKey]: value } } };
}

function nameOf(c: CompiledDefinition): string {
  const reference = c.initiative?.referenceId;
  return reference !== undefined
    ? `reference ${reference} (${c.definition.name})`
    : `definition ${c.definition.name}`;
}

/**
 * Warnings for overrides that list reference ids the assigned initiative does not have: a typo there
 * would leave the definition it meant on its own effect without a word.
 */
export function unknownReferences(
  overrides: readonly EffectOverride[],
  referenceIds: readonly string[],
  file: string,
): InputError[] {
  const known = new Set(referenceIds.map((id) => id.toLowerCase()));
  const warnings: InputError[] = [];
  for (const o of overrides) {
    const unknown = o.references?.values.filter((id) => !known.has(id)) ?? [];
    if (unknown.length > 0)
      warnings.push({
        file,
        pointer: o.pointer,
        message: `the override selects policyDefinitionReferenceId ${unknown.map((id) => JSON.stringify(id)).join(', ')}, which the assigned initiative does not have`,
      });
  }
  return warnings;
}
