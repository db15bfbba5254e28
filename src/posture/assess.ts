import { exactNetworkModel } from '../benchmark/analyzers/exact-network-model.ts';
import type { NetworkModel } from '../benchmark/analyzers/network-model.ts';
import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import { recommendationPolicy } from '../benchmark/policies.ts';
import type { Analyzer, AnalyzerContext, Evidence, Judge, Recommendation } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { NetworkEngine } from '../network/engine.ts';
import { AliasTable } from '../policy/aliases/index.ts';
import { type CompiledDefinition, compileDefinition } from '../policy/compile.ts';
import { DefinitionError } from '../policy/engine/errors.ts';
import type { Reason } from '../policy/engine/reasons.ts';
import type { PolicyEstate } from '../policy/engine/scope.ts';
import { estateOf, policyType } from '../policy/estate.ts';
import {
  type Compliance,
  evaluateResource,
  evaluateVerdicts,
  type PolicyResult,
} from '../policy/evaluate.ts';
import type { JsonValue } from '../util/json.ts';
import {
  type FindingSource,
  type FindingStatus,
  Findings,
  subscriptionOf,
  type Verdict,
  type Verdicts,
  verdictsOf,
} from './findings.ts';

export interface AssessOptions {
  /** The recommendations to run (default: the whole benchmark). */
  recommendations?: readonly Recommendation[];
  /** Parameter values per recommendation id, overriding the benchmark's defaults. */
  parameters?: ReadonlyMap<string, Record<string, JsonValue>>;
  now?: Date;
}

export interface Assessment {
  findings: Findings;
  /** Recommendations whose check could not run at all (a bad parameter value, for one). */
  errors: { recommendationId: string; message: string }[];
}

/**
 * Runs the benchmark over an inventory: analyzers first, then the policy-backed recommendations
 * through the policy engine. Every resource of a recommendation's types gets a finding. Findings
 * keep verdicts only; their evidence is the check asked again when a report reads it (findings.ts).
 */
export function assess(inventory: Inventory, options: AssessOptions = {}): Assessment {
  const recommendations = options.recommendations ?? RECOMMENDATIONS;
  const now = options.now ?? new Date();
  const findings = new Findings();
  const errors: Assessment['errors'] = [];
  const explaining = new Explaining(inventory, now);

  const compiled: { recommendation: Recommendation; definition: CompiledDefinition }[] = [];
  const table = AliasTable.load();
  for (const recommendation of recommendations) {
    const check = recommendation.check;
    if (check.kind === 'analyzer') continue;
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

  addAnalyzerFindings(findings, recommendations, inventory, explaining);

  const verdictsByCompliance = compiled.map((c) =>
    byCompliance(verdictsOf(new PolicySource(c.recommendation, c.definition, explaining))),
  );
  const typesOf = new Map(
    compiled.map((c) => [c.definition, new Set(c.recommendation.resourceTypes.map((t) => t.toLowerCase()))]),
  );
  evaluateVerdicts(
    compiled.map((c) => c.definition),
    estateOf(inventory),
    {
      includeNotApplicable: (definition, type) => typesOf.get(definition)?.has(type) ?? false,
      now,
    },
    ({ definition, verdict, resource }) => {
      const shared = verdictsByCompliance[definition]!;
      if (typeof verdict === 'string') {
        findings.add(resource, shared[verdict]);
        return;
      }
      findings.add(resource, shared.error);
      const finding = findings.at(-1)!;
      finding.evidence = [];
      finding.error = verdict.message;
    },
  );
  markNotAssessed(findings, recommendations, inventory);
  return { findings, errors };
}

/**
 * The analyzers' findings, recommendation by recommendation. Analyzers of the same resource types are asked
 * about one resource after another (they share work per VM, see management-ports.ts), with one network
 * model for all of them, dropped when they are done.
 */
function addAnalyzerFindings(
  findings: Findings,
  recommendations: readonly Recommendation[],
  inventory: Inventory,
  explaining: Explaining,
): void {
  const context = analyzerContext(inventory, true);
  const groups = new Map<string, { resources: Resource[]; judges: Judge[]; verdicts: FindingStatus[][] }>();
  const planned: {
    recommendation: Recommendation;
    analyze: Analyzer;
    resources: Resource[];
    verdicts: FindingStatus[];
  }[] = [];
  for (const recommendation of recommendations) {
    const check = recommendation.check;
    if (check.kind !== 'analyzer') continue;
    const key = recommendation.resourceTypes.join('|').toLowerCase();
    let group = groups.get(key);
    if (group === undefined) {
      const resources = recommendation.resourceTypes.flatMap((type) => inventory.byType(type));
      group = { resources, judges: [], verdicts: [] };
      groups.set(key, group);
    }
    const verdicts: FindingStatus[] = [];
    group.judges.push(check.analyze(context));
    group.verdicts.push(verdicts);
    planned.push({ recommendation, analyze: check.analyze, resources: group.resources, verdicts });
  }
  for (const { resources, judges, verdicts } of groups.values()) {
    for (const resource of resources) {
      for (let j = 0; j < judges.length; j++) verdicts[j]!.push(judges[j]!(resource).health);
    }
  }
  for (const { recommendation, analyze, resources, verdicts } of planned) {
    const shared = verdictsOf(new AnalyzerSource(recommendation.id, analyze, explaining));
    for (let i = 0; i < resources.length; i++) findings.add(resources[i]!, shared[verdicts[i]!]);
  }
}

const STATUS: Record<Compliance, FindingStatus> = {
  compliant: 'healthy',
  unknown: 'unknown',
  nonCompliant: 'unhealthy',
  notApplicable: 'notApplicable',
  protected: 'notApplicable',
  error: 'error',
};

/** A policy check's shared verdicts by the engine's compliance: one lookup per finding. */
function byCompliance(shared: Verdicts): Record<Compliance, Verdict> {
  return Object.fromEntries(
    Object.entries(STATUS).map(([compliance, status]) => [compliance, shared[status]]),
  ) as Record<Compliance, Verdict>;
}

/** `judging`: the analyzers judge every VM in turn (see EngineOptions.vmsInTurn); explaining asks in any order. */
function analyzerContext(inventory: Inventory, judging: boolean): AnalyzerContext {
  let model: NetworkModel | undefined;
  return {
    inventory,
    network: () =>
      (model ??= exactNetworkModel(inventory, new NetworkEngine(inventory, { vmsInTurn: judging }))),
  };
}

/**
 * What explaining findings again needs, made on the first explanation a report asks for and shared by all
 * the findings of one assessment: an analyzer context (its own network model) and the policy estate.
 */
class Explaining {
  #context: AnalyzerContext | undefined;
  #estate: PolicyEstate | undefined;
  readonly #positions = new Map<string, Map<Resource, number>>();

  constructor(
    readonly inventory: Inventory,
    readonly now: Date,
  ) {}

  get context(): AnalyzerContext {
    this.#context ??= analyzerContext(this.inventory, false);
    return this.#context;
  }

  get estate(): PolicyEstate {
    this.#estate ??= estateOf(this.inventory);
    return this.#estate;
  }

  /** Where `resource` sits in the estate's list of its type; one table per type for every check. */
  positionOf(type: string, resource: Resource): number {
    let positions = this.#positions.get(type);
    if (positions === undefined) {
      positions = new Map(this.estate.ofType(type).map((r, at) => [r, at]));
      this.#positions.set(type, positions);
    }
    const at = positions.get(resource);
    if (at === undefined) throw new Error(`internal: ${resource.id} is not in the estate the policy judged`);
    return at;
  }
}

class AnalyzerSource implements FindingSource {
  #judge: Judge | undefined;

  constructor(
    readonly recommendationId: string,
    private readonly analyze: Analyzer,
    private readonly explaining: Explaining,
  ) {}

  explain(resource: Resource): Evidence[] {
    this.#judge ??= this.analyze(this.explaining.context);
    return this.#judge(resource).evidence;
  }
}

class PolicySource implements FindingSource {
  readonly recommendationId: string;
  /** Reports read a finding's evidence a few times in a row: the last explanation is kept. */
  #last: { resource: Resource; evidence: Evidence[] } | undefined;

  constructor(
    private readonly recommendation: Recommendation,
    private readonly compiled: CompiledDefinition,
    private readonly explaining: Explaining,
  ) {
    this.recommendationId = recommendation.id;
  }

  explain(resource: Resource): Evidence[] {
    if (this.#last?.resource === resource) return this.#last.evidence;
    const type = policyType(resource.type);
    const at = this.explaining.positionOf(type, resource);
    const result = evaluateResource(this.compiled, this.explaining.estate, type, at, {
      now: this.explaining.now,
    });
    const evidence = evidenceOf(this.recommendation, result);
    this.#last = { resource, evidence };
    return evidence;
  }
}

type Requirement = NonNullable<Recommendation['requires']>;

/**
 * A recommendation that reads types the snapshot does not hold for a subscription (see
 * Recommendation.requires) has not been assessed there: its findings become not applicable,
 * saying what to export.
 */
function markNotAssessed(
  findings: Findings,
  recommendations: readonly Recommendation[],
  inventory: Inventory,
): void {
  const requiring = new Map(
    recommendations.filter((r) => r.requires?.types.length).map((r) => [r.id, r.requires!]),
  );
  if (requiring.size === 0) return;
  // Where any subscription will do, the answer is the same for every finding: found once.
  const heldAnywhere = new Map<Requirement, boolean>();
  const present = new Set<string>(); // "<subscription>|<type>"
  for (const required of requiring.values()) {
    const { types } = required;
    if (required.anywhere) {
      heldAnywhere.set(
        required,
        types.some((type) => inventory.byType(type).length > 0),
      );
      continue;
    }
    for (const type of types) {
      for (const resource of inventory.byType(type))
        present.add(`${subscriptionOf(resource.id) ?? ''}|${type.toLowerCase()}`);
    }
  }
  for (const finding of findings) {
    // Missing data can only hide protection: a healthy verdict (a closed port, say) was reached without it.
    const status = finding.status;
    if (status === 'notApplicable' || status === 'healthy') continue;
    const required = requiring.get(finding.recommendationId);
    if (!required) continue;
    const { types } = required;
    const held =
      heldAnywhere.get(required) ??
      types.some((type) => present.has(`${finding.subscriptionId ?? ''}|${type.toLowerCase()}`));
    if (held) continue;
    finding.status = 'notApplicable';
    finding.evidence = [
      {
        message: `Not assessed: the snapshot holds no ${types.join(' or ')}${required.anywhere ? '' : ' for this subscription'}. Include them in the export (${required.export}).`,
      },
    ];
  }
}

/** The evidence a policy result gives for its verdict. */
function evidenceOf(recommendation: Recommendation, result: PolicyResult): Evidence[] {
  switch (result.compliance) {
    case 'compliant':
      return relatedEvidence(result);
    case 'nonCompliant':
      return [...result.reasons.map(fromReason), ...relatedEvidence(result)];
    case 'unknown':
    case 'notApplicable':
    case 'protected':
      return result.reasons.map(fromReason);
    case 'error':
      return [];
  }
  throw new Error(`internal: ${recommendation.id} has a result of unknown compliance`);
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
