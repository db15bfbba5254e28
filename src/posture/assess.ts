import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import { recommendationPolicy } from '../benchmark/policies.ts';
import type { Evidence, Recommendation } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import { AliasTable } from '../policy/aliases/index.ts';
import { type CompiledDefinition, compileDefinition } from '../policy/compile.ts';
import { DefinitionError } from '../policy/engine/errors.ts';
import type { Reason } from '../policy/engine/reasons.ts';
import { estateOf } from '../policy/estate.ts';
import { evaluatePolicies, type PolicyResult } from '../policy/evaluate.ts';
import type { JsonValue } from '../util/json.ts';
import { type Finding, subscriptionOf } from './findings.ts';

export interface AssessOptions {
  /** The recommendations to run (default: the whole benchmark). */
  recommendations?: readonly Recommendation[];
  /** Parameter values per recommendation id, overriding the benchmark's defaults. */
  parameters?: ReadonlyMap<string, Record<string, JsonValue>>;
  now?: Date;
}

export interface Assessment {
  findings: Finding[];
  /** Recommendations whose check could not run at all (a bad parameter value, for one). */
  errors: { recommendationId: string; message: string }[];
}

/**
 * Runs the benchmark over an inventory: analyzers first, then the policy-backed recommendations
 * through the policy engine. Every resource of a recommendation's types gets a finding.
 */
export function assess(inventory: Inventory, options: AssessOptions = {}): Assessment {
  const recommendations = options.recommendations ?? RECOMMENDATIONS;
  const findings: Finding[] = [];
  const errors: Assessment['errors'] = [];

  const compiled: { recommendation: Recommendation; definition: CompiledDefinition }[] = [];
  const table = AliasTable.load();
  for (const recommendation of recommendations) {
    const check = recommendation.check;
    if (check.kind === 'analyzer') {
      for (const f of check.analyze({ inventory })) {
        findings.push(finding(recommendation, f.resource.id, f.resource.type, f.health, f.evidence));
      }
      continue;
    }
    const supplied = { ...check.parameters, ...options.parameters?.get(recommendation.id) };
    try {
      const definition = compileDefinition(recommendationPolicy(check.definition), {
        table,
        parameters: new Map(Object.entries(supplied).map(([k, v]) => [k.toLowerCase(), v])),
        parametersFrom: `the parameters for ${recommendation.id}`,
      });
      compiled.push({ recommendation, definition });
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      errors.push({ recommendationId: recommendation.id, message: `${e.pointer}: ${e.message}` });
    }
  }

  const byName = new Map(compiled.map((c) => [c.definition.definition.name, c.recommendation]));
  const typesOf = new Map(
    compiled.map((c) => [c.definition, new Set(c.recommendation.resourceTypes.map((t) => t.toLowerCase()))]),
  );
  const results = evaluatePolicies(
    compiled.map((c) => c.definition),
    estateOf(inventory),
    {
      includeNotApplicable: (definition, type) => typesOf.get(definition)?.has(type) ?? false,
      ...(options.now && { now: options.now }),
    },
  );
  for (const result of results) {
    const recommendation = byName.get(result.definitionName);
    if (!recommendation)
      throw new Error(`internal: no recommendation for definition ${result.definitionName}`);
    findings.push(fromPolicyResult(recommendation, result));
  }
  markNotAssessed(findings, recommendations, inventory);
  return { findings, errors };
}

/**
 * A recommendation that reads types the snapshot does not hold for a subscription (see
 * Recommendation.requires) has not been assessed there: its findings become not applicable,
 * saying what to export.
 */
function markNotAssessed(
  findings: Finding[],
  recommendations: readonly Recommendation[],
  inventory: Inventory,
): void {
  const requiring = new Map(
    recommendations.filter((r) => r.requires?.length).map((r) => [r.id, r.requires!]),
  );
  if (requiring.size === 0) return;
  const present = new Set<string>(); // "<subscription>|<type>"
  for (const types of requiring.values()) {
    for (const type of types) {
      for (const resource of inventory.byType(type))
        present.add(`${subscriptionOf(resource.id) ?? ''}|${type.toLowerCase()}`);
    }
  }
  for (const finding of findings) {
    const required = requiring.get(finding.recommendationId);
    if (!required || finding.status === 'notApplicable') continue;
    if (required.some((type) => present.has(`${finding.subscriptionId ?? ''}|${type.toLowerCase()}`)))
      continue;
    finding.status = 'notApplicable';
    finding.evidence = [
      {
        message: `Not assessed: the snapshot holds no ${required.join(' or ')} for this subscription. Include them in the export (Resource Graph: securityresources).`,
      },
    ];
  }
}

function fromPolicyResult(recommendation: Recommendation, result: PolicyResult): Finding {
  switch (result.compliance) {
    case 'compliant':
      return finding(
        recommendation,
        result.resourceId,
        result.resourceType,
        'healthy',
        relatedEvidence(result),
      );
    case 'unknown':
      return finding(
        recommendation,
        result.resourceId,
        result.resourceType,
        'unknown',
        result.reasons.map(fromReason),
      );
    case 'nonCompliant':
      return finding(recommendation, result.resourceId, result.resourceType, 'unhealthy', [
        ...result.reasons.map(fromReason),
        ...relatedEvidence(result),
      ]);
    case 'notApplicable':
    case 'protected':
      return finding(
        recommendation,
        result.resourceId,
        result.resourceType,
        'notApplicable',
        result.reasons.map(fromReason),
      );
    case 'error':
      return {
        ...finding(recommendation, result.resourceId, result.resourceType, 'error', []),
        error: result.error,
      };
  }
}

function finding(
  recommendation: Recommendation,
  resourceId: string,
  resourceType: string,
  status: Finding['status'],
  evidence: Evidence[],
): Finding {
  return {
    recommendationId: recommendation.id,
    resourceId,
    resourceType,
    subscriptionId: subscriptionOf(resourceId),
    status,
    evidence,
    exemption: undefined,
    error: undefined,
  };
}

function fromReason(reason: Reason): Evidence {
  return {
    message: reason.message,
    field: reason.field ?? reason.value,
    path: reason.path,
    expected: reason.expected,
    actual: reason.actual,
    condition: reason.condition,
    resourceId: undefined,
  };
}

/** For auditIfNotExists checks: the related resources looked at, as evidence. */
function relatedEvidence(result: PolicyResult): Evidence[] {
  if (!result.related) return [];
  return result.related.resources
    .filter((r) => r.matches)
    .map((r) => ({
      message: `Related ${result.related!.type} resource satisfies the check.`,
      resourceId: r.id,
    }));
}
