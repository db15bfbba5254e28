import type { Resource } from '../../inventory/resource.ts';
import { getProperty, isJsonObject } from '../../util/json.ts';
import type { Analyzer, AnalyzerContext, Evidence, Health, Judgement } from '../types.ts';

const HEALTH: Record<string, Health | undefined> = {
  healthy: 'healthy',
  unhealthy: 'unhealthy',
  notapplicable: 'notApplicable',
};

/**
 * A passthrough: what only Defender can measure inside the machine (missing updates, an EDR agent,
 * a vulnerability scanner) is read from the `Microsoft.Security/assessments/<key>` extension
 * resource Defender published on it, when the snapshot holds one. Without it Vigil cannot tell, and
 * says so: not applicable, "not assessed in this snapshot".
 */
export function defenderAssessment(assessmentKey: string): Analyzer {
  const key = assessmentKey.toLowerCase();
  const absent: Judgement = {
    health: 'notApplicable',
    evidence: [
      {
        message: `not assessed in this snapshot: Defender for Cloud's assessment ${assessmentKey} is absent`,
      },
    ],
  };
  return (context) => (resource) => {
    const assessment = assessmentsOf(context, resource).find((a) => a.name.toLowerCase() === key);
    if (assessment === undefined) return absent;
    const status = isJsonObject(assessment.properties)
      ? getProperty(assessment.properties, 'status')
      : undefined;
    const code = isJsonObject(status) ? getProperty(status, 'code') : undefined;
    const health = typeof code === 'string' ? HEALTH[code.toLowerCase()] : undefined;
    const detail = isJsonObject(status)
      ? [getProperty(status, 'cause'), getProperty(status, 'description')].filter(
          (v) => typeof v === 'string',
        )
      : [];
    const evidence: Evidence = {
      message: `Defender for Cloud's assessment reports ${JSON.stringify(code ?? null)}${detail.length > 0 ? `: ${detail.join(' — ')}` : ''}`,
      field: 'properties.status.code',
      actual: typeof code === 'string' ? code : null,
      resourceId: assessment.id,
    };
    return {
      health: health ?? 'notApplicable',
      evidence: health
        ? [evidence]
        : [{ ...evidence, message: `${evidence.message} (not a status Vigil knows)` }],
    };
  };
}

/**
 * Three recommendations read the assessments of each VM, and a scan asks all its analyzers about one VM
 * before the next: the last VM's are kept, per scan (its analyzer context).
 */
const last = new WeakMap<AnalyzerContext, { resource: Resource; assessments: Resource[] }>();

function assessmentsOf(context: AnalyzerContext, resource: Resource): Resource[] {
  const known = last.get(context);
  if (known?.resource === resource) return known.assessments;
  const assessments = context.inventory.extensionsOf(resource, 'Microsoft.Security/assessments');
  last.set(context, { resource, assessments });
  return assessments;
}
