import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import { SCORE_CONTROLS } from '../benchmark/controls.ts';
import type { Recommendation, Severity } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { ResourceOrigin } from '../inventory/resource.ts';
import type { PolicyDefinition, PolicySetDefinition } from '../policy/definition.ts';
import { estateOf } from '../policy/estate.ts';
import { evaluatePolicies, type PolicyResult } from '../policy/evaluate.ts';
import { planPolicies } from '../policy/plan.ts';
import type { InputError } from '../util/input-error.ts';
import type { JsonValue } from '../util/json.ts';
import { assess } from './assess.ts';
import { publishAssessments } from './assessments.ts';
import { applyExemptions, type Exemption } from './exemptions.ts';
import type { Finding, FindingStatus } from './findings.ts';
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
  resources: number;
  subscriptions: string[];
  score: ScoreReport;
  /** Ordered for a reader: unhealthy first, then by severity, score impact and affected resources. */
  recommendations: RecommendationSummary[];
  findings: Finding[];
  /** Where each assessed resource came from, for reports that point into the input (SARIF). */
  origins: Map<string, ResourceOrigin>;
  initiative?: { results: PolicyResult[]; errors: InputError[]; warnings: InputError[] } | undefined;
  exemptions: { applied: number; expired: Exemption[] };
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
  const exemptions = applyExemptions(findings, options.exemptions ?? [], now);
  const assessmentsPublished = publishAssessments(inventory, findings, byId);

  let initiative: ScanReport['initiative'];
  if (options.initiative) {
    const plan = planPolicies(options.initiative.definitions, options.initiative.initiatives, {
      standalone: false,
      ...(options.initiative.parameters && { parameters: options.initiative.parameters }),
    });
    const results = [...evaluatePolicies(plan.compiled, estateOf(inventory), { now })];
    initiative = { results, errors: plan.errors, warnings: plan.warnings };
  }

  const score = computeScore(findings, recommendations);
  const origins = new Map<string, ResourceOrigin>();
  for (const f of findings) {
    const origin = inventory.origin(f.resourceId);
    if (origin) origins.set(f.resourceId, origin);
  }
  return {
    generatedAt: now.toISOString(),
    resources: inventory.size,
    subscriptions: [...new Set(findings.map((f) => f.subscriptionId).filter((s): s is string => !!s))].sort(),
    score,
    recommendations: summarise(recommendations, findings, score),
    findings,
    origins,
    initiative,
    exemptions,
    errors,
    assessmentsPublished,
  };
}

function summarise(
  recommendations: readonly Recommendation[],
  findings: readonly Finding[],
  score: ScoreReport,
): RecommendationSummary[] {
  const counts = new Map<string, Record<FindingStatus, number>>();
  for (const f of findings) {
    let c = counts.get(f.recommendationId);
    if (!c) {
      c = { healthy: 0, unhealthy: 0, notApplicable: 0, exempt: 0, unknown: 0, error: 0 };
      counts.set(f.recommendationId, c);
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
        a.id.localeCompare(b.id),
    );
}
