import type { Evidence, Severity } from '../benchmark/types.ts';
import type { Compliance, PolicyResult } from '../policy/evaluate.ts';
import type { AppliedExemption, FindingStatus } from '../posture/findings.ts';
import type { RecommendationSummary, ScanReport } from '../posture/scan.ts';
import type { InputError } from '../util/input-error.ts';
import { jsonChunks, StreamedList } from './json-stream.ts';
import { listedFindings, round, summariesOf } from './scan-findings.ts';

export interface ScanJsonOptions {
  /** Also list not-applicable findings and not-applicable initiative results. */
  details: boolean;
  /** Inputs that could not be read (`summary.inputErrors`). */
  inputErrors?: readonly InputError[];
}

/**
 * `vigil scan --format json`. Percentages are rounded to 2 decimals for reading; points (`current`,
 * `max`) are exact, so a consumer can recompute a percentage or sum controls without drift.
 */
export interface ScanJson {
  score: {
    /** 0..100, 2 decimals. */
    percent: number;
    current: number;
    max: number;
    controls: {
      id: string;
      name: string;
      max: number;
      current: number;
      /** current / max as a fraction 0..1 with 4 decimals, as Defender's secureScoreControls API reports it. */
      percentage: number;
      healthy: number;
      unhealthy: number;
      notApplicable: number;
      /**
       * Percentage points the overall score gains when every unhealthy resource of the control is fixed: the
       * portal's "Potential score increase", 2 decimals.
       */
      potentialIncrease: number;
      recommendations: string[];
    }[];
    subscriptions: { subscriptionId: string; percent: number; current: number; max: number }[];
  };
  /**
   * Every recommendation the scan ran, in the report's order (unhealthy first, then severity and
   * impact); `potentialIncrease` in percentage points, 2 decimals.
   */
  recommendations: RecommendationSummary[];
  findings: ScanJsonFinding[];
  summary: {
    resources: number;
    subscriptions: number;
    recommendations: number;
    /** Counts over every finding, whether or not `findings` lists it. */
    findingsByStatus: Record<FindingStatus, number>;
    unhealthyResources: number;
    assessmentsPublished: number;
    exemptionsApplied: number;
    expiredExemptions: string[];
    errors: { recommendationId: string; message: string }[];
    /**
     * Inputs that could not be read, in part or whole, with file and line: when any is listed, the report
     * covers only what did load (and `vigil scan` exits 2).
     */
    inputErrors: InputError[];
  };
  initiative?: {
    compliance: Record<Compliance, number>;
    results: PolicyResult[];
    errors: InputError[];
    warnings: InputError[];
  };
}

export interface ScanJsonFinding {
  recommendationId: string;
  title: string;
  severity: Severity;
  resourceId: string;
  resourceType: string;
  status: FindingStatus;
  evidence: Evidence[];
  exemption?: AppliedExemption;
  error?: string;
}

/** The JSON report with its long lists (findings, initiative results) as iterables, made as they are read. */
interface ScanJsonParts extends Omit<ScanJson, 'findings' | 'initiative'> {
  findings: Iterable<ScanJsonFinding>;
  initiative?: Omit<NonNullable<ScanJson['initiative']>, 'results'> & { results: Iterable<PolicyResult> };
}

/** The JSON report as a value (for the server's API, and for tests). */
export function scanJson(report: ScanReport, options: ScanJsonOptions): ScanJson {
  const parts = scanJsonParts(report, options);
  const { initiative, ...rest } = parts;
  return {
    ...rest,
    findings: [...parts.findings],
    ...(initiative && { initiative: { ...initiative, results: [...initiative.results] } }),
  };
}

/** The JSON report as text, in pieces: a big estate's report does not fit in one string. */
export function* scanJsonChunks(report: ScanReport, options: ScanJsonOptions): Generator<string> {
  const parts = scanJsonParts(report, options);
  const { initiative } = parts;
  yield* jsonChunks({
    ...parts,
    findings: new StreamedList(parts.findings),
    initiative: initiative && { ...initiative, results: new StreamedList(initiative.results) },
  });
  yield '\n';
}

function scanJsonParts(report: ScanReport, options: ScanJsonOptions): ScanJsonParts {
  const summaries = summariesOf(report);
  const score = report.score;
  const json: ScanJsonParts = {
    score: {
      percent: round(score.percent, 2),
      current: score.current,
      max: score.max,
      controls: score.controls.map((c) => ({
        id: c.id,
        name: c.name,
        max: c.max,
        current: c.current,
        percentage: round(c.percentage, 4),
        healthy: c.healthy,
        unhealthy: c.unhealthy,
        notApplicable: c.notApplicable,
        potentialIncrease: round(c.potentialIncrease, 2),
        recommendations: c.recommendations,
      })),
      subscriptions: score.subscriptions.map((s) => ({
        subscriptionId: s.subscriptionId,
        percent: round(s.percent, 2),
        current: s.current,
        max: s.max,
      })),
    },
    recommendations: report.recommendations.map((r) => ({
      ...r,
      potentialIncrease: round(r.potentialIncrease, 2),
    })),
    findings: mapped(listedFindings(report, options.details), (f) => {
      const summary = summaries.get(f.recommendationId)!;
      return {
        recommendationId: f.recommendationId,
        title: summary.title,
        severity: summary.severity,
        resourceId: f.resourceId,
        resourceType: f.resourceType,
        status: f.status,
        evidence: f.evidence,
        ...(f.exemption && { exemption: f.exemption }),
        ...(f.error !== undefined && { error: f.error }),
      };
    }),
    summary: summaryOf(report, options.inputErrors ?? []),
  };
  if (report.initiative) {
    const compliance: Record<Compliance, number> = {
      compliant: 0,
      nonCompliant: 0,
      notApplicable: 0,
      error: 0,
      unknown: 0,
      protected: 0,
    };
    for (const r of report.initiative.results) compliance[r.compliance]++;
    json.initiative = {
      compliance,
      results: filtered(
        report.initiative.results,
        (r) => options.details || r.compliance !== 'notApplicable',
      ),
      errors: report.initiative.errors,
      warnings: report.initiative.warnings,
    };
  }
  return json;
}

/** The JSON report as text: two-space indented, one trailing newline. */
export function renderScanJson(report: ScanReport, options: ScanJsonOptions): string {
  return [...scanJsonChunks(report, options)].join('');
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

function* filtered<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

function summaryOf(report: ScanReport, inputErrors: readonly InputError[]): ScanJson['summary'] {
  const byStatus: Record<FindingStatus, number> = {
    healthy: 0,
    unhealthy: 0,
    notApplicable: 0,
    exempt: 0,
    unknown: 0,
    error: 0,
  };
  const unhealthy = new Set<string>();
  for (const f of report.findings) {
    byStatus[f.status]++;
    if (f.status === 'unhealthy') unhealthy.add(f.resourceId.toLowerCase());
  }
  return {
    resources: report.resources,
    subscriptions: report.subscriptions.length,
    recommendations: report.recommendations.length,
    findingsByStatus: byStatus,
    unhealthyResources: unhealthy.size,
    assessmentsPublished: report.assessmentsPublished,
    exemptionsApplied: report.exemptions.applied,
    expiredExemptions: report.exemptions.expired.map((e) => e.name),
    errors: report.errors,
    // As documented (file, line, column, pointer, message), whatever else a reader's error carries.
    inputErrors: inputErrors.map(({ file, line, column, pointer, message }) => ({
      file,
      ...(line !== undefined && { line }),
      ...(column !== undefined && { column }),
      ...(pointer !== undefined && { pointer }),
      message,
    })),
  };
}
