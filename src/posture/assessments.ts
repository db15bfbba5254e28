import type { Recommendation } from '../benchmark/types.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import type { Finding } from './findings.ts';

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
  findings: readonly Finding[],
  recommendations: ReadonlyMap<string, Recommendation>,
): number {
  let published = 0;
  for (const finding of findings) {
    const recommendation = recommendations.get(finding.recommendationId);
    const code = STATUS[finding.status];
    if (!recommendation?.assessmentKey || recommendation.readsDefenderAssessment || code === undefined)
      continue;
    const id = `${finding.resourceId}/providers/Microsoft.Security/assessments/${recommendation.assessmentKey}`;
    if (inventory.has(id)) continue;
    inventory.add(assessmentResource(id, finding, recommendation, code), {
      file: 'vigil',
      synthesizedFrom: finding.recommendationId,
    });
    published++;
  }
  return published;
}

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
    type: 'Microsoft.Security/assessments',
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
