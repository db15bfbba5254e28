import type { SigmaLevel } from '../sigma/index.ts';

/** Defender for Cloud's alert severities, most severe first. */
export const ALERT_SEVERITIES = ['High', 'Medium', 'Low', 'Informational'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/**
 * Sigma's five levels onto Defender's four: `critical` and `high` are both High (Defender has nothing
 * above High: "a high probability that your resource is compromised"), the others keep their name. A rule
 * without a level is Medium: Sigma leaves the level optional, and Medium is Defender's "probably suspicious".
 */
export function severityOfLevel(level: SigmaLevel | undefined): AlertSeverity {
  switch (level) {
    case 'critical':
    case 'high':
      return 'High';
    case 'low':
      return 'Low';
    case 'informational':
      return 'Informational';
    default:
      return 'Medium';
  }
}

/** 0 for High … 3 for Informational: sorts most severe first. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}
