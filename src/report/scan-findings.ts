import { RECOMMENDATIONS } from '../benchmark/catalog.ts';
import type { Evidence, Recommendation } from '../benchmark/types.ts';
import type { Finding } from '../posture/findings.ts';
import type { RecommendationSummary, ScanReport } from '../posture/scan.ts';

/**
 * What the machine-readable scan reports share: which findings they list and in which order, the
 * recommendation behind each, and one line per piece of evidence. Reporters format; verdicts,
 * counts and scores all come from the ScanReport as it is.
 */

/**
 * The findings a report lists. Not-applicable findings are most (recommendation × resource) pairs
 * and say nothing to act on, so they appear only with `details`; every other status always does.
 * Ordered as the report orders recommendations (what to fix first), then by resource id.
 */
export function listedFindings(report: ScanReport, details: boolean): Finding[] {
  const rank = new Map(report.recommendations.map((r, i) => [r.id, i]));
  const rankOf = (f: Finding) => {
    const at = rank.get(f.recommendationId);
    if (at === undefined)
      throw new Error(`internal: finding for ${f.recommendationId}, which the report does not list`);
    return at;
  };
  // A resource has a finding per recommendation: its id is lower-cased once, not once per finding.
  const lowered = new Map<string, string>();
  const lower = (id: string) => {
    let key = lowered.get(id);
    if (key === undefined) {
      key = id.toLowerCase();
      lowered.set(id, key);
    }
    return key;
  };
  const keyed = report.findings
    .filter((f) => details || f.status !== 'notApplicable')
    .map((f) => ({ f, rank: rankOf(f), id: lower(f.resourceId) }));
  keyed.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.f);
}

export function summariesOf(report: ScanReport): Map<string, RecommendationSummary> {
  return new Map(report.recommendations.map((r) => [r.id, r]));
}

/**
 * The benchmark entries a report needs for wording the summary does not carry (description,
 * remediation). Default: Vigil's catalog; a scan run over other recommendations passes those.
 */
export function catalogOf(
  recommendations: readonly Recommendation[] = RECOMMENDATIONS,
): (id: string) => Recommendation {
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  return (id) => {
    const found = byId.get(id);
    if (!found)
      throw new Error(
        `internal: recommendation ${id} is in the report but not in the catalog given to the reporter`,
      );
    return found;
  };
}

const VALUE_LIMIT = 200;

/** `field: message (expected …, actual …) [related …]` on one line; long values are cut. */
export function describeEvidence(e: Evidence): string {
  let text = e.field ? `${e.field}: ${e.message}` : e.message;
  const values: string[] = [];
  if (e.expected !== undefined) values.push(`expected ${shortJson(e.expected)}`);
  if (e.actual !== undefined) values.push(`actual ${shortJson(e.actual)}`);
  if (values.length > 0) text += ` (${values.join(', ')})`;
  if (e.resourceId) text += ` [${e.resourceId}]`;
  return text;
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
}

/** Rounds for display in machine formats; exact numbers stay alongside where a consumer may recompute. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** The last segment of a resource id: the name people know a resource by. */
export function resourceName(resourceId: string): string {
  let end = resourceId.length;
  while (end > 0 && resourceId[end - 1] === '/') end--;
  return resourceId.slice(resourceId.lastIndexOf('/', end - 1) + 1, end) || resourceId;
}
