import type { InputError } from '../util/input-error.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { powerShellDepthHint } from '../util/powershell-depth.ts';
import {
  inOrNotIn,
  normalizeLocation,
  type ResourceSelector,
  readResourceSelectors,
  SelectorProblem,
} from './resource-selectors.ts';
import { member, pointerJoin } from './rule-json.ts';
import { normalizeScope } from './scope-membership.ts';

/**
 * What an assignment says about which resources it evaluates, and with which effect
 * (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure): its scope minus
 * its notScopes, narrowed by resource selectors, and overrides of its definitions' effects.
 */
export interface AssignmentReach {
  name: string;
  /** The definition or initiative it assigns. */
  policyDefinitionId: string;
  /** The version of it the assignment asks for (`1.*.*`), as written. */
  definitionVersion?: string;
  /** Normalised (scope-membership.ts); undefined when the file gives neither a scope nor a full id. */
  scope: string | undefined;
  notScopes: string[];
  resourceSelectors: ResourceSelector[] | undefined;
  overrides: EffectOverride[];
}

/** A `policyEffect` override: the effect its selected definitions run with instead of their own. */
export interface EffectOverride {
  value: string;
  /** Where it is in the file, for messages. */
  pointer: string;
  /** Which of an initiative's definitions it selects (by policyDefinitionReferenceId, lower-cased); all when absent. */
  references: { in: boolean; values: string[] } | undefined;
  /** Which resources it applies to, by location (normalised); all when absent. */
  locations: { in: boolean; values: string[] } | undefined;
}

const ASSIGNMENT_SEGMENT = '/providers/microsoft.authorization/policyassignments/';

/**
 * Reads the reach of an assignment: `item` is the whole object, `body` the one holding its properties (the
 * same object in the flattened shapes `az` and Az PowerShell 7 print, `properties` in the REST shape).
 * Az PowerShell 7 names the lists in the singular (NotScope, ResourceSelector, Override, Selector).
 */
export function readAssignmentReach(
  item: JsonObject,
  body: JsonObject,
  file: string,
  bodyAt: string,
): { reach: AssignmentReach; warnings: InputError[] } | { error: InputError } {
  const fail = (pointer: string, message: string) => ({ error: { file, pointer, message } });
  const id = text(member(item, 'id')) ?? text(member(item, 'resourceId'));
  const at = id?.toLowerCase().lastIndexOf(ASSIGNMENT_SEGMENT) ?? -1;
  const scope =
    text(member(body, 'scope')) ?? text(member(item, 'scope')) ?? (at > 0 ? id!.slice(0, at) : undefined);
  const name = text(member(item, 'name')) ?? id?.split('/').pop() ?? 'the assignment';

  const [notScopesKey, notScopesValue] = either(body, 'notScopes', 'notScope');
  const notScopesAt = pointerJoin(bodyAt, notScopesKey);
  // `az` and Az PowerShell print an assignment without notScopes with `null`.
  if (notScopesValue !== undefined && notScopesValue !== null && !isStrings(notScopesValue))
    return fail(notScopesAt, 'notScopes must be an array of scope ids');

  const [selectorsKey, selectorsValue] = either(body, 'resourceSelectors', 'resourceSelector');
  const resourceSelectors = readResourceSelectors(selectorsValue, pointerJoin(bodyAt, selectorsKey));
  if (resourceSelectors instanceof SelectorProblem)
    return fail(resourceSelectors.pointer, resourceSelectors.message);

  const [overridesKey, overridesValue] = either(body, 'overrides', 'override');
  const overrides = readOverrides(overridesValue, pointerJoin(bodyAt, overridesKey), file);
  if ('error' in overrides) return overrides;

  const definitionVersion = text(member(body, 'definitionVersion'));
  return {
    reach: {
      name,
      policyDefinitionId: text(member(body, 'policyDefinitionId')) ?? '',
      ...(definitionVersion !== undefined && { definitionVersion }),
      scope: scope === undefined ? undefined : normalizeScope(scope),
      notScopes: ((notScopesValue as string[] | undefined) ?? []).map(normalizeScope),
      // `[]`, as `az policy assignment show` prints it, narrows nothing.
      resourceSelectors:
        resourceSelectors !== undefined && resourceSelectors.length > 0 ? resourceSelectors : undefined,
      overrides: overrides.overrides,
    },
    warnings: overrides.warnings,
  };
}

function readOverrides(
  value: JsonValue | undefined,
  at: string,
  file: string,
): { overrides: EffectOverride[]; warnings: InputError[] } | { error: InputError } {
  const fail = (pointer: string, message: string) => ({ error: { file, pointer, message } });
  const overrides: EffectOverride[] = [];
  const warnings: InputError[] = [];
  if (value === undefined || value === null) return { overrides, warnings };
  if (!Array.isArray(value)) return fail(at, 'overrides must be an array');
  for (const [i, item] of value.entries()) {
    const itemAt = `${at}/${i}`;
    if (!isJsonObject(item)) return fail(itemAt, `an override must be an object${powerShellDepthHint(item)}`);
    const kind = text(member(item, 'kind'))?.toLowerCase();
    const overrideValue = text(member(item, 'value'));
    if (kind === 'policyversion') {
      // Vigil evaluates the definition files it is given: the version they hold is the one that runs.
      warnings.push({
        file,
        pointer: itemAt,
        message: `override ${i} pins definition version ${overrideValue ?? '?'}; not applied: Vigil evaluates the definitions given with --definitions, whatever their version`,
      });
      continue;
    }
    if (kind !== 'policyeffect')
      return fail(
        `${itemAt}/kind`,
        `kind must be policyEffect or policyVersion, found ${JSON.stringify(member(item, 'kind') ?? null)}`,
      );
    if (overrideValue === undefined)
      return fail(`${itemAt}/value`, 'a policyEffect override needs the effect as its value');
    const [selectorsKey, selectors] = either(item, 'selectors', 'selector');
    const override: EffectOverride = {
      value: overrideValue,
      pointer: itemAt,
      references: undefined,
      locations: undefined,
    };
    if (selectors !== undefined && selectors !== null) {
      if (!Array.isArray(selectors))
        return fail(pointerJoin(itemAt, selectorsKey), 'selectors must be an array');
      for (const [j, selector] of selectors.entries()) {
        const selectorAt = `${pointerJoin(itemAt, selectorsKey)}/${j}`;
        if (!isJsonObject(selector))
          return fail(selectorAt, `a selector must be an object${powerShellDepthHint(selector)}`);
        const selectorKind = text(member(selector, 'kind'))?.toLowerCase();
        const slot =
          selectorKind === 'policydefinitionreferenceid'
            ? 'references'
            : selectorKind === 'resourcelocation'
              ? 'locations'
              : undefined;
        if (slot === undefined)
          return fail(
            `${selectorAt}/kind`,
            `an effect override selects by policyDefinitionReferenceId or resourceLocation, found ${JSON.stringify(member(selector, 'kind') ?? null)}`,
          );
        if (override[slot] !== undefined)
          return fail(`${selectorAt}/kind`, `${selectorKind} is used twice in one override`);
        const list = inOrNotIn(selector, selectorAt);
        if (list instanceof SelectorProblem) return fail(list.pointer, list.message);
        override[slot] = {
          in: list.in,
          values: list.values.map((v) => (slot === 'locations' ? normalizeLocation(v) : v.toLowerCase())),
        };
      }
    }
    overrides.push(override);
  }
  return { overrides, warnings };
}

/** The member under either spelling, with the key it was found under (for pointers). */
function either(object: JsonObject, plural: string, singular: string): [string, JsonValue | undefined] {
  for (const key of [plural, singular]) {
    const found = Object.keys(object).find((k) => k.toLowerCase() === key.toLowerCase());
    if (found !== undefined) return [found, object[found]];
  }
  return [plural, undefined];
}

function isStrings(value: JsonValue): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function text(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
