import { protectedItem, vm } from '../../support/arm-resources.ts';
import type { RecommendationCase } from './types.ts';

export const backupCases: RecommendationCase[] = [
  {
    recommendation: 'vm-backup-enabled',
    title: 'a vault protects the VM',
    resources: [vm('vm-app-01'), protectedItem('rsv-prod', 'vm-app-01')],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-backup-enabled',
    title: 'no vault protects the VM',
    resources: [vm('vm-app-01')],
    expected: 'unhealthy',
    evidence: 'Microsoft.RecoveryServices/backupprotecteditems',
  },
  {
    recommendation: 'vm-backup-enabled',
    title: 'the vault protects another VM',
    resources: [vm('vm-app-01'), vm('vm-app-02'), protectedItem('rsv-prod', 'vm-app-02')],
    expected: 'unhealthy',
  },
  {
    recommendation: 'vm-backup-enabled',
    title: 'a Databricks worker is out of scope',
    resources: [vm('worker-7f3a', { group: 'databricks-rg-ws-analytics-x1y2z3' })],
    expected: 'notApplicable',
  },
];
