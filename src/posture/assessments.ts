import type { Recommendation } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { CheckedFinding, type Finding } from './findings.ts';

const STATUS: Record<string, string | undefined> = {
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  notApplicable: 'NotApplicable',
  exempt: 'NotApplicable',
};

/**
 * Publishes findings as Defender does: a `Microsoft.Security/assessments` extension resource on each
 * assessed resource (`<resourceId>/providers/Microsoft.Security/assessments/<assessment key>`), so
 * definitions that read Defender's assessments — Microsoft's MCSB initiative among them — run
 * unchanged on Vigil's verdicts. An assessment the snapshot already holds (exported from Defender)
 * is kept: it is Azure's own answer. Returns how many were published.
 */
export function publishAssessments(
  inventory: Inventory,
  findings: Iterable<Finding>,
  recommendations: ReadonlyMap<string, Recommendation>,
): number {
  const pending = [...pendingAssessments(inventory, findings, recommendations)];
  for (const { finding, recommendation, code } of pending) {
    const id = `${finding.resourceId}/providers/${ASSESSMENT_TYPE}/${recommendation.assessmentKey}`;
    inventory.add(assessmentResource(id, finding, recommendation, code), {
      file: 'vigil',
      synthesizedFrom: finding.recommendationId,
    });
  }
  return pending.length;
}

interface Pending {
  finding: Finding;
  recommendation: Recommendation;
  code: string;
}

/** The findings that become assessments: those with an assessment key whose resource has none by that key yet. */
function* pendingAssessments(
  inventory: Inventory,
  findings: Iterable<Finding>,
  recommendations: ReadonlyMap<string, Recommendation>,
): Generator<Pending> {
  // An assessment key two recommendations share is published once per resource, by the first finding.
  const keys = new Map<string, number>();
  for (const r of recommendations.values()) {
    if (r.assessmentKey)
      keys.set(r.assessmentKey.toLowerCase(), (keys.get(r.assessmentKey.toLowerCase()) ?? 0) + 1);
  }
  const shared = new Set<string>();
  // Most resources have no assessment at all: those that do are known up front, so most findings need no lookup.
  const assessed = new Set<Resource>();
  for (const assessment of inventory.byType(ASSESSMENT_TYPE)) {
    const scope = inventory.parsedId(assessment)?.scopeId;
    const resource = scope === undefined ? undefined : inventory.get(scope);
    if (resource !== undefined) assessed.add(resource);
  }
  // What each recommendation publishes under, worked out once (null: nothing).
  const publishing = new Map<
    string,
    { recommendation: Recommendation; key: string; shared: boolean } | null
  >();
  for (const [id, recommendation] of recommendations) {
    const key = recommendation.assessmentKey ? recommendation.assessmentKey.toLowerCase() : undefined;
    publishing.set(
      id,
      key === undefined || recommendation.readsDefenderAssessment
        ? null
        : { recommendation, key, shared: (keys.get(key) ?? 0) > 1 },
    );
  }
  for (const finding of findings) {
    const code = STATUS[finding.status];
    if (code === undefined) continue;
    const last = publishing.get(finding.recommendationId);
    if (!last) continue;
    const { recommendation, key } = last;
    if (!(finding instanceof CheckedFinding) || assessed.has(finding.resource)) {
      const existing = inventory.extensionsOf(finding.resourceId, ASSESSMENT_TYPE);
      if (existing.some((a) => a.name.toLowerCase() === key)) continue;
    }
    if (last.shared) {
      const pair = `${finding.resourceId.toLowerCase()}|${key}`;
      if (shared.has(pair)) continue;
      shared.add(pair);
    }
    yield { finding, recommendation, code };
  }
}

const ASSESSMENT_TYPE = 'Microsoft.Security/assessments';

function assessmentResource(
  id: string,
  finding: Finding,
  recommendation: Recommendation,
  code: string,
): Resource {
  const reasons = finding.evidence.map((e) => e.message);
  return {
    id,
    name: recommendation.assessmentKey!,
    type: ASSESSMENT_TYPE,
    properties: {
      displayName: recommendation.title,
      resourceDetails: { Source: 'Azure', Id: finding.resourceId },
      status: {
        code,
        ...(finding.status === 'exempt' && { cause: 'Exempt' }),
        ...(reasons.length > 0 && { description: reasons.join(' ') }),
      },
      metadata: {
        displayName: recommendation.title,
        severity: recommendation.severity,
        assessmentType: 'BuiltIn',
      },
      additionalData: { source: 'vigil', recommendationId: recommendation.id },
    },
  };
}
