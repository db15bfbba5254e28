import { getProperty, isJsonObject } from '../../util/json.ts';
import type { Analyzer, Evidence, Health, Judgement } from '../types.ts';

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
  return ({ inventory }) =>
    (resource) => {
      const assessment = inventory
        .extensionsOf(resource, 'Microsoft.Security/assessments')
        .find((a) => a.name.toLowerCase() === key);
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
