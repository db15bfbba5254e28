import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import { SCORE_CONTROLS } from '../benchmark/controls.ts';
import type { Recommendation, Severity } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { ResourceOrigin } from '../inventory/resource.ts';
import type { CompiledDefinition } from '../policy/compile.ts';
import type { PolicyDefinition, PolicySetDefinition } from '../policy/definition.ts';
import { estateOf } from '../policy/estate.ts';
import { evaluatePolicies, type PolicyResult } from '../policy/evaluate.ts';
import { planPolicies } from '../policy/plan.ts';
import { compareText } from '../util/compare-text.ts';
import type { InputError } from '../util/input-error.ts';
import type { JsonValue } from '../util/json.ts';
import { assess } from './assess.ts';
import { publishAssessments } from './assessments.ts';
import { inventorySubjects } from './exemption-subjects.ts';
import { applyExemptions, type Exemption, type ExemptionOutcome } from './exemptions.ts';
import type { Finding, FindingList, FindingStatus } from './findings.ts';
import { computeScore, type ScoreReport } from './score.ts';

export interface ScanOptions {
  recommendations?: readonly Recommendation[];
  parameters?: ReadonlyMap<string, Record<string, JsonValue>>;
  exemptions?: readonly Exemption[];
  /** Azure Policy initiatives (and the definitions they reference) to run after Vigil's assessments are published. */
  initiative?: {
    definitions: PolicyDefinition[];
    initiatives: PolicySetDefinition[];
    parameters?: ReadonlyMap<string, JsonValue>;
  };
  now?: Date;
}

export interface RecommendationSummary {
  id: string;
  title: string;
  severity: Severity;
  control: string;
  controlName: string;
  mcsb: string[];
  assessmentKey?: string | undefined;
  stage: Recommendation['stage'];
  healthy: number;
  unhealthy: number;
  notApplicable: number;
  exempt: number;
  unknown: number;
  error: number;
  /** Percentage points the overall score would gain if every unhealthy resource were fixed. */
  potentialIncrease: number;
}

export interface ScanReport {
  generatedAt: string;
  /** Resources in the input; Vigil's own assessments, made only for an initiative, are `assessmentsPublished`. */
  resources: number;
  subscriptions: string[];
  score: ScoreReport;
  /** Ordered for a reader: unhealthy first, then by severity, score impact and affected resources. */
  recommendations: RecommendationSummary[];
  findings: FindingList;
  /** Where each assessed resource came from, for reports that point into the input (SARIF). */
  origins: Map<string, ResourceOrigin>;
  initiative?: { results: PolicyResult[]; errors: InputError[]; warnings: InputError[] } | undefined;
  exemptions: ExemptionOutcome;
  errors: { recommendationId: string; message: string }[];
  assessmentsPublished: number;
}

const SEVERITY_ORDER: Record<Severity, number> = { High: 0, Medium: 1, Low: 2 };

/** The main job: the benchmark over an inventory, exemptions, Defender's secure score, and an optional Azure initiative. */
export function scan(inventory: Inventory, options: ScanOptions = {}): ScanReport {
  const now = options.now ?? new Date();
  const recommendations = options.recommendations ?? RECOMMENDATIONS;
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  const { findings, errors } = assess(inventory, {
    recommendations,
    ...(options.parameters && { parameters: options.parameters }),
    now,
  });
  const exemptions = applyExemptions(findings, options.exemptions ?? [], now, inventorySubjects(inventory));

  let initiative: ScanReport['initiative'];
  // Assessments are made only for an initiative to read: for 100,000 VMs they would be millions of resources.
  let assessmentsPublished = 0;
  // The resources the user gave: Vigil's own assessments are not among them.
  const resources = inventory.size;
  if (options.initiative) {
    assessmentsPublished = publishAssessments(inventory, findings, byId);
    const plan = planPolicies(options.initiative.definitions, options.initiative.initiatives, {
      standalone: false,
      ...(options.initiative.parameters && { parameters: options.initiative.parameters }),
    });
    initiative = {
      results: byDefinition(plan.compiled, evaluatePolicies(plan.compiled, estateOf(inventory), { now })),
      errors: plan.errors,
      warnings: plan.warnings,
    };
  }

  const score = computeScore(findings, recommendations);
  return {
    generatedAt: now.toISOString(),
    resources,
    subscriptions: subscriptionsOf(findings, score, recommendations),
    score,
    recommendations: summarise(recommendations, findings, score),
    findings,
    origins: new Origins(inventory),
    initiative,
    exemptions,
    errors,
    assessmentsPublished,
  };
}

/** The results listed policy by policy, in the initiative's order, as Azure's compliance view lists them. */
function byDefinition(
  compiled: readonly CompiledDefinition[],
  results: Iterable<PolicyResult>,
): PolicyResult[] {
  const keyOf = (name: string, reference: string | undefined) => `${reference ?? ''}|${name}`;
  const buckets = new Map<string, PolicyResult[]>();
  for (const c of compiled) buckets.set(keyOf(c.definition.name, c.initiative?.referenceId), []);
  for (const r of results) {
    const bucket = buckets.get(keyOf(r.definitionName, r.policyDefinitionReferenceId));
    if (bucket === undefined)
      throw new Error(`internal: a result for ${r.definitionName}, which was not run`);
    bucket.push(r);
  }
  return [...buckets.values()].flat();
}

/** Every subscription with a finding: the score's, and those only preview or deprecated recommendations judged. */
function subscriptionsOf(
  findings: Iterable<Finding>,
  score: ScoreReport,
  recommendations: readonly Recommendation[],
): string[] {
  const subscriptions = new Set(score.subscriptions.map((s) => s.subscriptionId));
  const uncounted = new Set(recommendations.filter((r) => r.stage !== 'ga').map((r) => r.id));
  if (uncounted.size > 0) {
    for (const f of findings) {
      if (!uncounted.has(f.recommendationId)) continue;
      const subscription = f.subscriptionId;
      if (subscription) subscriptions.add(subscription);
    }
  }
  return [...subscriptions].sort();
}

/**
 * Origins by resource id, looked up in the inventory the first time each is asked for: only SARIF asks,
 * and only for the findings it lists. A Map, so a caller can still set or clear entries.
 */
class Origins extends Map<string, ResourceOrigin> {
  #inventory: Inventory | undefined;

  constructor(inventory: Inventory) {
    super();
    this.#inventory = inventory;
  }

  override get(id: string): ResourceOrigin | undefined {
    const known = super.get(id);
    if (known !== undefined || this.#inventory === undefined) return known;
    const origin = this.#inventory.origin(id);
    if (origin !== undefined) super.set(id, origin);
    return origin;
  }

  override has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  override clear(): void {
    super.clear();
    this.#inventory = undefined;
  }
}

function summarise(
  recommendations: readonly Recommendation[],
  findings: Iterable<Finding>,
  score: ScoreReport,
): RecommendationSummary[] {
  const counts = new Map<string, Record<FindingStatus, number>>();
  // Findings come in runs of one recommendation (an analyzer's all together; policy checks' resource by
  // resource): each run finds its counts once.
  let lastId: string | undefined;
  let c: Record<FindingStatus, number> | undefined;
  for (const f of findings) {
    const id = f.recommendationId;
    if (id !== lastId || c === undefined) {
      lastId = id;
      c = counts.get(id);
      if (!c) {
        c = { healthy: 0, unhealthy: 0, notApplicable: 0, exempt: 0, unknown: 0, error: 0 };
        counts.set(id, c);
      }
    }
    c[f.status]++;
  }
  const controlName = new Map<string, string>(SCORE_CONTROLS.map((c) => [c.id, c.name]));
  return recommendations
    .map((r) => {
      const c = counts.get(r.id) ?? {
        healthy: 0,
        unhealthy: 0,
        notApplicable: 0,
        exempt: 0,
        unknown: 0,
        error: 0,
      };
      return {
        id: r.id,
        title: r.title,
        severity: r.severity,
        control: r.control,
        controlName: controlName.get(r.control) ?? r.control,
        mcsb: r.mcsb,
        assessmentKey: r.assessmentKey,
        stage: r.stage,
        ...c,
        potentialIncrease: score.potentialIncrease.get(r.id) ?? 0,
      };
    })
    .sort(
      (a, b) =>
        Number(b.unhealthy > 0) - Number(a.unhealthy > 0) ||
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        b.potentialIncrease - a.potentialIncrease ||
        b.unhealthy - a.unhealthy ||
        compareText(a.id, b.id),
    );
}
