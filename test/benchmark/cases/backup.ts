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
  // Microsoft's VirtualMachines_EnableAzureBackup_Audit (013e242c-8828-4970-87b3-ab247555486d) also leaves out
  // the nodes of these services wherever their resource group is.
  {
    recommendation: 'vm-backup-enabled',
    title: 'an Azure Red Hat OpenShift node is out of scope',
    resources: [
      vm('aro-worker-eastus2-9qv4m', {
        image: { publisher: 'azureopenshift', offer: 'aro4', sku: 'aro_414' },
        group: 'aro-infra-cluster01',
      }),
    ],
    expected: 'notApplicable',
  },
  {
    recommendation: 'vm-backup-enabled',
    title: 'a Databricks worker in a renamed managed resource group is out of scope',
    resources: [
      vm('worker-9b2d', {
        image: { publisher: 'AzureDatabricks', offer: 'databricks', sku: 'databricksworker' },
        group: 'mrg-analytics-prod',
      }),
    ],
    expected: 'notApplicable',
  },
];
