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
  const findings = report.findings;
  // Keys in columns rather than an object per finding: an estate of 100,000 VMs lists millions of them.
  // A resource has a finding per recommendation, so its id is lower-cased and ordered once: each distinct
  // id gets its place in id order, and findings compare by that number.
  const listed: number[] = [];
  const ranks = new Uint16Array(findings.length);
  const idAt = new Map<string, number>();
  const ids: string[] = [];
  const idOf = new Uint32Array(findings.length);
  for (let i = 0; i < findings.length; i++) {
    const f = findings.at(i)!;
    if (!details && f.status === 'notApplicable') continue;
    const at = rank.get(f.recommendationId);
    if (at === undefined)
      throw new Error(`internal: finding for ${f.recommendationId}, which the report does not list`);
    const id = f.resourceId;
    let n = idAt.get(id);
    if (n === undefined) {
      n = ids.length;
      ids.push(id);
      idAt.set(id, n);
    }
    listed.push(i);
    ranks[i] = at;
    idOf[i] = n;
  }
  const lowered = ids.map((id) => id.toLowerCase());
  const byId = lowered
    .map((_, n) => n)
    .sort((a, b) => (lowered[a]! < lowered[b]! ? -1 : lowered[a]! > lowered[b]! ? 1 : 0));
  const place = new Uint32Array(ids.length);
  // Ids equal once lower-cased share a place, so that their findings stay in report order as before.
  for (let k = 0; k < byId.length; k++)
    place[byId[k]!] = k > 0 && lowered[byId[k]!] === lowered[byId[k - 1]!] ? place[byId[k - 1]!]! : k;
  listed.sort((a, b) => ranks[a]! - ranks[b]! || place[idOf[a]!]! - place[idOf[b]!]! || a - b);
  return listed.map((i) => findings.at(i)!);
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
