import type { Resource } from '../inventory/resource.ts';
import type { CompiledDefinition } from './compile.ts';
import { EvaluationError } from './engine/errors.ts';
import { checkExistence, type RelatedResult } from './engine/existence.ts';
import { NO_RELATED_RESOURCES, type Reason } from './engine/reasons.ts';
import {
  type EvaluationEnvironment,
  type PolicyEstate,
  resourceTypeLower,
  type Scope,
} from './engine/scope.ts';
import { indexedModeApplies } from './tag-support.ts';

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
  /** Also emit notApplicable results (they are most of the pairs; off by default). */
  includeNotApplicable?: boolean;
  /** Explain compliant results too (non-compliant ones always carry reasons). */
  explainCompliant?: boolean;
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
 * `type` never looks at resources of other types.
 */
export function* evaluatePolicies(
  definitions: readonly CompiledDefinition[],
  estate: PolicyEstate,
  options: EvaluateOptions = {},
  stats: EvaluationStats = newStats(),
): Generator<PolicyResult> {
  const types = [...estate.types()].sort();
  const now = options.now ?? new Date();
  for (const compiled of definitions) {
    const env: EvaluationEnvironment = {
      estate,
      now,
      apiVersion: '',
      policy: {
        assignmentId: '',
        definitionId: compiled.definition.id ?? compiled.definition.name,
        setDefinitionId: compiled.initiative?.id ?? '',
        definitionReferenceId: compiled.initiative?.referenceId ?? '',
      },
    };
    if (compiled.effect.name === 'disabled') continue;
    for (const type of types) {
      const resources = estate.ofType(type);
      if (resources.length === 0) continue;
      if (type.startsWith(RESOURCES_RP) && !EVALUATED_RESOURCES_TYPES.has(type)) continue;
      const probe = makeScope(resources[0]!, env);
      if (!compiled.applicability.typeMayApply(type, probe)) {
        stats.pairs += resources.length;
        if (options.includeNotApplicable) {
          for (const resource of resources)
            yield count(
              stats,
              notApplicable(
                compiled,
                resource,
                'The resource type is outside the definition’s type conditions.',
              ),
            );
        } else stats.byCompliance.notApplicable += resources.length;
        continue;
      }
      for (const resource of resources) {
        stats.pairs++;
        const result = evaluateOne(compiled, resource, env, options, stats);
        if (result.compliance === 'notApplicable' && !options.includeNotApplicable) {
          stats.byCompliance.notApplicable++;
          continue;
        }
        yield count(stats, result);
      }
    }
  }
}

export function newStats(): EvaluationStats {
  return {
    pairs: 0,
    evaluations: 0,
    byCompliance: { compliant: 0, nonCompliant: 0, notApplicable: 0, error: 0, unknown: 0, protected: 0 },
  };
}

function count(stats: EvaluationStats, result: PolicyResult): PolicyResult {
  stats.byCompliance[result.compliance]++;
  return result;
}

function makeScope(resource: Resource, env: EvaluationEnvironment): Scope {
  const typeLower = resourceTypeLower(resource);
  return { resource, typeLower, ifResource: resource, ifTypeLower: typeLower, frames: [], env };
}

function evaluateOne(
  compiled: CompiledDefinition,
  resource: Resource,
  env: EvaluationEnvironment,
  options: EvaluateOptions,
  stats: EvaluationStats,
): PolicyResult {
  const scope = makeScope(resource, env);
  const effect = compiled.effect;
  if (compiled.mode === 'indexed' && !indexedModeApplies(scope.typeLower, resource)) {
    return notApplicable(
      compiled,
      resource,
      'Mode Indexed evaluates only resource types that support tags and location.',
    );
  }
  if (compiled.applicability.mentionsLocation && scope.typeLower === SUBSCRIPTION) {
    return notApplicable(
      compiled,
      resource,
      'Definitions with a location condition do not apply to subscriptions.',
    );
  }
  const ifNotExists = effect.existence !== undefined;
  try {
    if (!ifNotExists && !compiled.applicability.applies(scope)) {
      return notApplicable(
        compiled,
        resource,
        'The resource is outside the definition’s type, name or kind conditions.',
      );
    }
    stats.evaluations++;
    const matched = compiled.condition.test(scope);
    if (ifNotExists) {
      // For IfNotExists effects the whole `if` decides applicability.
      if (!matched)
        return notApplicable(compiled, resource, 'The if condition does not match this resource.');
      return existenceResult(compiled, scope, options);
    }
    const base = result(compiled, resource);
    if (effect.name === 'manual') {
      const state = matched ? effect.manualState! : 'compliant';
      return { ...base, compliance: state, reasons: matched ? [] : explain(compiled, scope, false) };
    }
    if (effect.name === 'denyAction') {
      // denyAction protects matching resources from deletion; it has no compliant/non-compliant verdict.
      return matched
        ? { ...base, compliance: 'protected', reasons: explain(compiled, scope, true) }
        : notApplicable(compiled, resource, 'The if condition does not match this resource.');
    }
    if (matched) return { ...base, compliance: 'nonCompliant', reasons: explain(compiled, scope, true) };
    return {
      ...base,
      compliance: 'compliant',
      reasons: options.explainCompliant ? explain(compiled, scope, false) : [],
    };
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    return { ...result(compiled, resource), compliance: 'error', reasons: [], error: e.message };
  }
}

function existenceResult(compiled: CompiledDefinition, scope: Scope, options: EvaluateOptions): PolicyResult {
  const outcome = checkExistence(compiled.effect.existence!, scope, true);
  const base = result(compiled, scope.resource);
  const related = { type: outcome.relatedType, searched: outcome.searched, resources: outcome.related };
  if (outcome.exists) {
    return {
      ...base,
      compliance: 'compliant',
      reasons: options.explainCompliant ? explain(compiled, scope, true) : [],
      related,
    };
  }
  const reasons: Reason[] = [];
  if (outcome.related.length === 0) {
    const name = compiled.effect.existence!.name?.evaluate(scope);
    reasons.push({
      condition: compiled.effect.existence!.pointer,
      operator: 'exists',
      expected: { type: outcome.relatedType, ...(typeof name === 'string' && name !== '' && { name }) },
      message: `${NO_RELATED_RESOURCES} No ${outcome.relatedType} resource${describeName(compiled, scope)} was found in ${outcome.searched}.`,
    });
  } else {
    for (const r of outcome.related)
      for (const reason of r.reasons ?? [])
        reasons.push({ ...reason, message: `${r.id}: ${reason.message}` });
  }
  return { ...base, compliance: 'nonCompliant', reasons, related };
}

function describeName(compiled: CompiledDefinition, scope: Scope): string {
  const name = compiled.effect.existence!.name?.evaluate(scope);
  return typeof name === 'string' && name !== '' ? ` named '${name}'` : '';
}

function explain(compiled: CompiledDefinition, scope: Scope, result: boolean): Reason[] {
  const reasons: Reason[] = [];
  try {
    compiled.condition.explain(scope, result, reasons);
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
  }
  // The type/name/kind conditions only say the definition applies; the other leaves say why it failed.
  const telling = reasons.filter((r) => !APPLICABILITY_FIELDS.has(r.field?.toLowerCase() ?? ''));
  return telling.length > 0 ? telling : reasons;
}

const APPLICABILITY_FIELDS = new Set(['type', 'name', 'kind']);

function result(
  compiled: CompiledDefinition,
  resource: Resource,
): Omit<PolicyResult, 'compliance' | 'reasons'> {
  const d = compiled.definition;
  return {
    definitionName: d.name,
    ...(d.displayName !== undefined && { displayName: d.displayName }),
    ...(d.id !== undefined && { definitionId: d.id }),
    ...(compiled.initiative && { initiativeName: compiled.initiative.name }),
    ...(compiled.initiative?.referenceId !== undefined && {
      policyDefinitionReferenceId: compiled.initiative.referenceId,
    }),
    resourceId: resource.id,
    resourceType: resource.type,
    effect: compiled.effect.written,
  };
}

function notApplicable(compiled: CompiledDefinition, resource: Resource, why: string): PolicyResult {
  return {
    ...result(compiled, resource),
    compliance: 'notApplicable',
    reasons: [{ condition: compiled.definition.rulePointer, operator: 'applies', message: why }],
  };
}
