import { backupRecommendations } from './recommendations/backup.ts';
import { computeRecommendations } from './recommendations/compute.ts';
import { defenderRecommendations } from './recommendations/defender.ts';
import { diskRecommendations } from './recommendations/disks.ts';
import { governanceRecommendations } from './recommendations/governance.ts';
import { identityRecommendations } from './recommendations/identity.ts';
import { monitoringRecommendations } from './recommendations/monitoring.ts';
import { networkRecommendations } from './recommendations/network.ts';
import { scaleSetRecommendations } from './recommendations/scale-sets.ts';
import type { Recommendation } from './types.ts';

/** Vigil's benchmark: every recommendation, in the order reports list areas. */
export const RECOMMENDATIONS: readonly Recommendation[] = [
  ...networkRecommendations,
  ...computeRecommendations,
  ...diskRecommendations,
  ...identityRecommendations,
  ...scaleSetRecommendations,
  ...monitoringRecommendations,
  ...backupRecommendations,
  ...defenderRecommendations,
  ...governanceRecommendations,
];

const BY_ID = new Map(RECOMMENDATIONS.map((r) => [r.id, r]));

export function recommendation(id: string): Recommendation | undefined {
  return BY_ID.get(id);
}
