import type { Resource } from '../inventory/resource.ts';
import type { CompiledDefinition } from './compile.ts';
import type { Condition } from './engine/conditions.ts';
import { EvaluationError, UnknownValueError } from './engine/errors.ts';
import { checkExistence, type RelatedResult, relatedExists } from './engine/existence.ts';
import { startReadPass } from './engine/field-access.ts';
import { NO_RELATED_RESOURCES, type Reason } from './engine/reasons.ts';
import type { EvaluationEnvironment, PolicyEstate, Scope } from './engine/scope.ts';
import { indexedModeApplies, supportsTagsAndLocation } from './tag-support.ts';

export type Compliance = 'compliant' | 'nonCompliant' | 'notApplicable' | 'error' | 'unknown' | 'protected';

/** One (definition, resource) verdict with its evidence. */
export interface PolicyResult {
  definitionName: string;
  displayName?: string;
  definitionId?: string;
  initiativeName?: string;
  policyDefinitionReferenceId?: string;
  resourceId: string;
  resourceType: string;
  effect: string;
  compliance: Compliance;
  reasons: Reason[];
  /** auditIfNotExists / deployIfNotExists: the related resources considered. */
  related?: { type: string; searched: string; resources: RelatedResult[] };
  /** For `error`: what could not be evaluated. */
  error?: string;
}

export interface EvaluateOptions {
  /**
   * Also emit notApplicable results (they are most of the pairs; off by default). A function picks
   * the (definition, type) pairs to report them for.
   */
  includeNotApplicable?: boolean | ((compiled: CompiledDefinition, typeLower: string) => boolean);
  /** Explain compliant results too (non-compliant ones carry reasons unless `reasons` is false). */
  explainCompliant?: boolean;
  /**
   * Reasons for non-compliant results; default true. A caller that keeps only verdicts turns them off and
   * asks `evaluateResource` for a result's reasons when it needs them.
   */
  reasons?: boolean;
  now?: Date;
}

export interface EvaluationStats {
  /** (definition, resource) pairs considered, not-applicable by type included. */
  pairs: number;
  /** Pairs whose full `if` condition was evaluated. */
  evaluations: number;
  byCompliance: Record<Compliance, number>;
}

// Azure Policy never evaluates Microsoft.Resources types other than subscriptions and resource
// groups (policy-applicability.md, "Not Applicable Resources").
const RESOURCES_RP = 'microsoft.resources/';
const EVALUATED_RESOURCES_TYPES = new Set([
  'microsoft.resources/subscriptions',
  'microsoft.resources/subscriptions/resourcegroups',
  'microsoft.resources/resourcegroups',
]);
const SUBSCRIPTION = 'microsoft.resources/subscriptions';

/**
 * Evaluates compiled definitions over an estate, yielding one result per (definition, resource)
 * the definition applies to. Resources are visited type by type so a definition gated on
 * `type` never looks at resources of other types; within a type, each resource's results come
 * together, in the order of `definitions`.
 */
export function* evaluatePolicies(
  definitions: readonly CompiledDefinition[],
  estate: PolicyEstate,
  options: EvaluateOptions = {},
  stats: EvaluationStats = newStats(),
): Generator<PolicyResult, void, undefined> {
  const judge = fullResults(options);
  // A resource's results are made together and then handed out one by one.
  const results: PolicyResult[] = [];
  const keep = (_plan: TypePlan, result: PolicyResult) => {
    results.push(result);
  };
  for (const { type, resources, plans } of typePlans(definitions, estate, options, stats)) {
    for (let at = 0; at < resources.length; at++) {
      judgeResource(plans, resources[at]!, type, at, judge, stats, keep);
      yield* results;
      results.length = 0;
    }
  }
}

/**
 * A pair's verdict: its compliance, or for `error` the EvaluationError that says what could not be
 * evaluated.
 */
export type PolicyVerdict = Compliance | EvaluationError;

/** A verdict with the definition and resource it is about, and where that sits in the estate (for `evaluateResource`). */
export interface PlacedVerdict {
  compiled: CompiledDefinition;
  /** Where `compiled` is in the definitions evaluated. */
  definition: number;
  verdict: PolicyVerdict;
  resource: Resource;
  typeLower: string;
  at: number;
}

/**
 * The verdicts `evaluatePolicies` reaches, in its order, for a caller that keeps verdicts only and asks
 * `evaluateResource` for a result when it needs one: no result objects, reasons or related resources are
 * made, and each verdict goes straight to `visit` (a scan has millions). `visit` gets one object each
 * time, filled anew: read it before returning.
 */
export function evaluateVerdicts(
  definitions: readonly CompiledDefinition[],
  estate: PolicyEstate,
  options: EvaluateOptions,
  visit: (placed: PlacedVerdict) => void,
  stats: EvaluationStats = newStats(),
): void {
  const placed: PlacedVerdict = {
    compiled: undefined!,
    definition: 0,
    verdict: 'notApplicable',
    resource: undefined!,
    typeLower: '',
    at: 0,
  };
  const emit = (plan: TypePlan, verdict: PolicyVerdict) => {
    placed.compiled = plan.compiled;
    placed.definition = plan.definition;
    placed.verdict = verdict;
    visit(placed);
  };
  for (const { type, resources, plans } of typePlans(definitions, estate, options, stats)) {
    placed.typeLower = type;
    for (let at = 0; at < resources.length; at++) {
      placed.resource = resources[at]!;
      placed.at = at;
      judgeResource(plans, placed.resource, type, at, VERDICTS, stats, emit);
    }
  }
}

/** How a pass judges each (definition, resource) pair: into full results, or verdicts only. */
interface Judge<Outcome> {
  /** The pair's outcome, or NOT_APPLICABLE when the resource is outside the definition's conditions. */
  one(
    compiled: CompiledDefinition,
    condition: Condition,
    scope: Scope,
    stats: EvaluationStats,
  ): Outcome | typeof NOT_APPLICABLE;
  notApplicable(compiled: CompiledDefinition, resource: Resource, why: string): Outcome;
  compliance(outcome: Outcome): Compliance;
}

function fullResults(options: EvaluateOptions): Judge<PolicyResult> {
  return {
    one: (compiled, condition, scope, stats) => evaluateOne(compiled, condition, scope, options, stats),
    notApplicable,
    compliance: (result) => result.compliance,
  };
}

const VERDICTS: Judge<PolicyVerdict> = {
  one: verdictOne,
  notApplicable: () => 'notApplicable',
  compliance: (verdict) => (typeof verdict === 'string' ? verdict : 'error'),
};

/**
 * The estate's types in order, each with its resources and every definition decided for it once (its type
 * tests folded away, see Condition.specialize). Resources are visited type by type so a definition gated
 * on `type` never looks at resources of other types.
 */
function* typePlans(
  definitions: readonly CompiledDefinition[],
  estate: PolicyEstate,
  options: EvaluateOptions,
  stats: EvaluationStats,
): Generator<{ type: string; resources: readonly Resource[]; plans: TypePlan[] }> {
  startReadPass();
  const types = [...estate.types()].sort();
  const now = options.now ?? new Date();
  const reportNotApplicable = options.includeNotApplicable ?? false;
  const active: number[] = [];
  for (let d = 0; d < definitions.length; d++) if (definitions[d]!.effect.name !== 'disabled') active.push(d);
  const environments = active.map((d) => environmentOf(definitions[d]!, estate, now));
  for (const type of types) {
    const resources = estate.ofType(type);
    if (resources.length === 0) continue;
    if (type.startsWith(RESOURCES_RP) && !EVALUATED_RESOURCES_TYPES.has(type)) continue;
    const plans: TypePlan[] = [];
    for (let a = 0; a < active.length; a++) {
      const definition = active[a]!;
      const compiled = definitions[definition]!;
      const scope: Scope = {
        resource: resources[0]!,
        typeLower: type,
        ifResource: resources[0]!,
        ifTypeLower: type,
        at: 0,
        frames: [],
        env: environments[a]!,
      };
      const withNotApplicable =
        typeof reportNotApplicable === 'function' ? reportNotApplicable(compiled, type) : reportNotApplicable;
      const skip = skipReason(compiled, type, scope);
      stats.pairs += resources.length;
      if (skip !== undefined) {
        stats.byCompliance.notApplicable += resources.length;
        if (withNotApplicable)
          plans.push({
            definition,
            compiled,
            scope,
            condition: undefined,
            skip,
            indexed: undefined,
            withNotApplicable,
          });
        continue;
      }
      const indexed = compiled.mode === 'indexed' ? indexedByType(type, resources[0]!) : undefined;
      const condition = compiled.condition.specialize(scope);
      plans.push({ definition, compiled, scope, condition, skip, indexed, withNotApplicable });
    }
    if (plans.length > 0) yield { type, resources, plans };
  }
}

/**
 * Every definition of a type's plans meets one resource in turn, while its JSON is at hand; `emit` gets
 * each outcome to report, in the order of the plans.
 */
function judgeResource<Outcome>(
  plans: readonly TypePlan[],
  resource: Resource,
  type: string,
  at: number,
  judge: Judge<Outcome>,
  stats: EvaluationStats,
  emit: (plan: TypePlan, outcome: Outcome) => void,
): void {
  for (const plan of plans) {
    const { compiled, scope, condition, indexed, withNotApplicable } = plan;
    if (condition === undefined) {
      emit(plan, judge.notApplicable(compiled, resource, plan.skip!));
      continue;
    }
    scope.resource = resource;
    scope.ifResource = resource;
    scope.at = at;
    if (indexedLeavesOut(indexed, compiled, type, resource)) {
      stats.byCompliance.notApplicable++;
      if (withNotApplicable) emit(plan, judge.notApplicable(compiled, resource, INDEXED_ONLY));
      continue;
    }
    const outcome = judge.one(compiled, condition, scope, stats);
    if (outcome === NOT_APPLICABLE) {
      stats.byCompliance.notApplicable++;
      if (withNotApplicable) emit(plan, judge.notApplicable(compiled, resource, OUTSIDE_CONDITIONS));
      continue;
    }
    const compliance = judge.compliance(outcome);
    stats.byCompliance[compliance]++;
    if (compliance === 'notApplicable' && !withNotApplicable) continue;
    emit(plan, outcome);
  }
}

/** One definition as it applies to one type. */
interface TypePlan {
  definition: number;
  compiled: CompiledDefinition;
  scope: Scope;
  /** Undefined when the definition skips the type (and its not-applicable results are wanted). */
  condition: Condition | undefined;
  skip: string | undefined;
  indexed: boolean | undefined;
  withNotApplicable: boolean;
}

const NOT_APPLICABLE = Symbol('notApplicable');
const OUTSIDE_CONDITIONS = 'The resource is outside the definition’s conditions.';

/**
 * The result `evaluatePolicies` gives (or, for a not-applicable pair, would give with
 * `includeNotApplicable`) for the resource at position `at` of `estate.ofType(typeLower)`: a verdict
 * explained again on demand. `typeLower` must be one of `estate.types()`.
 */
export function evaluateResource(
  compiled: CompiledDefinition,
  estate: PolicyEstate,
  typeLower: string,
  at: number,
  options: EvaluateOptions = {},
): PolicyResult {
  startReadPass();
  const resources = estate.ofType(typeLower);
  const resource = resources[at];
  if (resource === undefined) throw new Error(`internal: no ${typeLower} resource at ${at}`);
  const env = environmentOf(compiled, estate, options.now ?? new Date());
  // Set up as the loop in evaluatePolicies does: decided for the type on its first resource, then re-pointed.
  const scope: Scope = {
    resource: resources[0]!,
    typeLower,
    ifResource: resources[0]!,
    ifTypeLower: typeLower,
    at: 0,
    frames: [],
    env,
  };
  const skip = skipReason(compiled, typeLower, scope);
  if (skip !== undefined) return notApplicable(compiled, resource, skip);
  const indexed = compiled.mode === 'indexed' ? indexedByType(typeLower, resources[0]!) : undefined;
  const condition = specialized(compiled, typeLower, scope);
  scope.resource = resource;
  scope.ifResource = resource;
  scope.at = at;
  if (indexedLeavesOut(indexed, compiled, typeLower, resource)) {
    return notApplicable(compiled, resource, INDEXED_ONLY);
  }
  const result = evaluateOne(compiled, condition, scope, options, newStats());
  return result === NOT_APPLICABLE ? notApplicable(compiled, resource, OUTSIDE_CONDITIONS) : result;
}

/** Specialised conditions per definition and type, so explaining many results of one type specialises once. */
const specializations = new WeakMap<CompiledDefinition, Map<string, Condition>>();

function specialized(compiled: CompiledDefinition, typeLower: string, scope: Scope): Condition {
  let byType = specializations.get(compiled);
  if (byType === undefined) {
    byType = new Map();
    specializations.set(compiled, byType);
  }
  let condition = byType.get(typeLower);
  if (condition === undefined) {
    condition = compiled.condition.specialize(scope);
    byType.set(typeLower, condition);
  }
  return condition;
}

function environmentOf(compiled: CompiledDefinition, estate: PolicyEstate, now: Date): EvaluationEnvironment {
  return {
    estate,
    now,
    apiVersion: LATEST_API_VERSION,
    policy: {
      assignmentId: '',
      definitionId: compiled.definition.id ?? compiled.definition.name,
      setDefinitionId: compiled.initiative?.id ?? '',
      definitionReferenceId: compiled.initiative?.referenceId ?? '',
    },
  };
}

/** Why a definition does not apply to any resource of a type, if it does not. */
function skipReason(compiled: CompiledDefinition, typeLower: string, scope: Scope): string | undefined {
  if (!compiled.applicability.typeMayApply(typeLower, scope))
    return 'The resource type is outside the definition’s type conditions.';
  if (compiled.applicability.mentionsLocation && typeLower === SUBSCRIPTION)
    return 'Definitions with a location condition do not apply to subscriptions.';
  return undefined;
}

/**
 * requestContext().apiVersion: "the latest API version is always used during compliance evaluation
 * on existing resources" (definition-structure-policy-rule.md). A snapshot carries no API version,
 * so Vigil answers with a version at least as new as any a built-in definition compares against.
 */
export const LATEST_API_VERSION = '2025-04-01';
const INDEXED_ONLY = 'Mode Indexed evaluates only resource types that support tags and location.';

/** Indexed-mode coverage for a whole type, or undefined when it depends on each resource (unlisted types). */
function indexedByType(type: string, sample: Resource): boolean | undefined {
  const listed = supportsTagsAndLocation(type);
  if (listed === undefined) return undefined;
  return indexedModeApplies(type, sample);
}

export function newStats(): EvaluationStats {
  return {
    pairs: 0,
    evaluations: 0,
    byCompliance: { compliant: 0, nonCompliant: 0, notApplicable: 0, error: 0, unknown: 0, protected: 0 },
  };
}

/** Where an IfNotExists effect's `if` matched: the related resources decide the verdict. */
const EXISTENCE = Symbol('existence');

/** The verdict the effect gives a resource its `if` did (or did not) match, or what decides it. */
function effectVerdict(
  compiled: CompiledDefinition,
  matched: boolean,
): Compliance | typeof NOT_APPLICABLE | typeof EXISTENCE {
  const effect = compiled.effect;
  // For IfNotExists effects the whole `if` decides applicability.
  if (effect.existence !== undefined) return matched ? EXISTENCE : NOT_APPLICABLE;
  if (effect.name === 'manual') return matched ? effect.manualState! : 'compliant';
  // denyAction protects matching resources from deletion; it has no compliant/non-compliant verdict.
  if (effect.name === 'denyAction') return matched ? 'protected' : NOT_APPLICABLE;
  return matched ? 'nonCompliant' : 'compliant';
}

/**
 * The `if` of one resource, applicability first (IfNotExists effects have none but the `if`). Callers have
 * found that the definition may apply to the resource's type (skipReason): when the type decides, it does.
 */
function matches(compiled: CompiledDefinition, condition: Condition, scope: Scope, stats: EvaluationStats) {
  const applicability = compiled.applicability;
  if (compiled.effect.existence === undefined && !applicability.typeDecides && !applicability.applies(scope))
    return NOT_APPLICABLE;
  stats.evaluations++;
  return condition.test(scope);
}

/** `evaluateOne`'s verdict alone. */
function verdictOne(
  compiled: CompiledDefinition,
  condition: Condition,
  scope: Scope,
  stats: EvaluationStats,
): PolicyVerdict | typeof NOT_APPLICABLE {
  try {
    const matched = matches(compiled, condition, scope, stats);
    if (matched === NOT_APPLICABLE) return NOT_APPLICABLE;
    const verdict = effectVerdict(compiled, matched);
    if (verdict !== EXISTENCE) return verdict;
    return relatedExists(compiled.effect.existence!, scope) ? 'compliant' : 'nonCompliant';
  } catch (e) {
    if (e instanceof UnknownValueError) return 'unknown';
    if (!(e instanceof EvaluationError)) throw e;
    return e;
  }
}

function evaluateOne(
  compiled: CompiledDefinition,
  condition: Condition,
  scope: Scope,
  options: EvaluateOptions,
  stats: EvaluationStats,
): PolicyResult | typeof NOT_APPLICABLE {
  const resource = scope.resource;
  try {
    const matched = matches(compiled, condition, scope, stats);
    if (matched === NOT_APPLICABLE) return NOT_APPLICABLE;
    const verdict = effectVerdict(compiled, matched);
    if (verdict === NOT_APPLICABLE) return NOT_APPLICABLE;
    if (verdict === EXISTENCE) return existenceResult(compiled, condition, scope, options);
    // A matched `if` is explained unless reasons are off; an unmatched one (compliant) only when asked,
    // and never for manual, whose compliant verdict is a default rather than a finding.
    const explained = matched
      ? options.reasons !== false
      : options.explainCompliant === true && compiled.effect.name !== 'manual';
    return result(compiled, resource, verdict, explained ? explain(compiled, condition, scope, matched) : []);
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return result(compiled, resource, 'unknown', [
        {
          condition: compiled.definition.rulePointer,
          operator: 'known',
          message: `The verdict ${e.message}.`,
        },
      ]);
    }
    if (!(e instanceof EvaluationError)) throw e;
    return result(compiled, resource, 'error', [], undefined, e.message);
  }
}

function existenceResult(
  compiled: CompiledDefinition,
  condition: Condition,
  scope: Scope,
  options: EvaluateOptions,
): PolicyResult {
  const check = compiled.effect.existence!;
  // Stop at the first match; only a resource that fails is worth the full explanation.
  const quick = checkExistence(check, scope, false);
  const settled =
    (quick.exists && !options.explainCompliant) ||
    (!quick.exists && (quick.related.length === 0 || options.reasons === false));
  const outcome = settled ? quick : checkExistence(check, scope, true);
  const related = { type: outcome.relatedType, searched: outcome.searched, resources: outcome.related };
  if (outcome.exists) {
    return result(
      compiled,
      scope.resource,
      'compliant',
      options.explainCompliant ? explain(compiled, condition, scope, true) : [],
      related,
    );
  }
  // A caller keeping verdicts only asks for the reasons later (evaluateResource).
  if (options.reasons === false) return result(compiled, scope.resource, 'nonCompliant', [], related);
  const reasons: Reason[] = [];
  if (outcome.related.length === 0) {
    const name = compiled.effect.existence!.name?.evaluate(scope);
    reasons.push({
      condition: compiled.effect.existence!.pointer,
      operator: 'exists',
      expected: { type: outcome.relatedType, ...(typeof name === 'string' && name !== '' && { name }) },
      message: `${NO_RELATED_RESOURCES} No ${outcome.relatedType} resource${typeof name === 'string' && name !== '' ? ` named '${name}'` : ''} was found in ${outcome.searched}.`,
    });
  } else {
    for (const r of outcome.related)
      for (const reason of r.reasons ?? [])
        reasons.push({ ...reason, message: `${r.id}: ${reason.message}` });
  }
  return result(compiled, scope.resource, 'nonCompliant', reasons, related);
}

function explain(
  compiled: CompiledDefinition,
  condition: Condition,
  scope: Scope,
  result: boolean,
): Reason[] {
  const reasons: Reason[] = [];
  try {
    condition.explain(scope, result, reasons);
    // A rule decided by its type tests alone has nothing left in the specialised tree: explain the original.
    if (reasons.length === 0 && condition !== compiled.condition)
      compiled.condition.explain(scope, result, reasons);
  } catch (e) {
    // The verdict stands; an explanation that meets an undecidable part stops there.
    if (!(e instanceof EvaluationError) && !(e instanceof UnknownValueError)) throw e;
  }
  // The type/name/kind conditions only say the definition applies; the other leaves say why it failed.
  let telling = 0;
  for (const r of reasons) if (!isApplicabilityField(r.field)) telling++;
  if (telling === 0 || telling === reasons.length) return reasons;
  return reasons.filter((r) => !isApplicabilityField(r.field));
}

const APPLICABILITY_FIELDS = new Set(['type', 'name', 'kind']);
// All three are four letters: most fields are ruled out before any lower-casing.
function isApplicabilityField(field: string | undefined): boolean {
  return field !== undefined && field.length === 4 && APPLICABILITY_FIELDS.has(field.toLowerCase());
}

/** One result object of one shape: the hot loop builds many, so no spreads and no optional keys added later. */
function result(
  compiled: CompiledDefinition,
  resource: Resource,
  compliance: Compliance,
  reasons: Reason[],
  related?: PolicyResult['related'],
  error?: string,
): PolicyResult {
  const d = compiled.definition;
  return {
    definitionName: d.name,
    displayName: d.displayName,
    definitionId: d.id,
    initiativeName: compiled.initiative?.name,
    policyDefinitionReferenceId: compiled.initiative?.referenceId,
    resourceId: resource.id,
    resourceType: resource.type,
    effect: compiled.effect.written,
    compliance,
    reasons,
    related,
    error,
  };
}

function notApplicable(compiled: CompiledDefinition, resource: Resource, why: string): PolicyResult {
  return result(compiled, resource, 'notApplicable', [
    { condition: compiled.definition.rulePointer, operator: 'applies', message: why },
  ]);
}

/** Whether Indexed mode leaves the resource out: known for its whole type, or read from the resource. */
function indexedLeavesOut(
  indexed: boolean | undefined,
  compiled: CompiledDefinition,
  typeLower: string,
  resource: Resource,
): boolean {
  return (
    indexed === false ||
    (indexed === undefined && compiled.mode === 'indexed' && !indexedModeApplies(typeLower, resource))
  );
}
