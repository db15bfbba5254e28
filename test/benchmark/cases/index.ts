import { backupCases } from './backup.ts';
import { computeCases } from './compute.ts';
import { defenderCases } from './defender.ts';
import { diskCases } from './disks.ts';
import { governanceCases } from './governance.ts';
import { identityCases } from './identity.ts';
import { monitoringCases } from './monitoring.ts';
import { networkCases } from './network.ts';
import { scaleSetCases } from './scale-sets.ts';
import type { RecommendationCase } from './types.ts';

/** Every area's cases; each area's file is owned by whoever writes that area's recommendations. */
export const CASES: RecommendationCase[] = [
  ...computeCases,
  ...diskCases,
  ...identityCases,
  ...networkCases,
  ...monitoringCases,
  ...backupCases,
  ...defenderCases,
  ...governanceCases,
  ...scaleSetCases,
];
