import type { Resource } from '../../../src/inventory/resource.ts';
import { protectedItem, RG_ID, vm } from '../../support/arm-resources.ts';
import type { RecommendationCase } from './types.ts';

/** A vault's backup policy, as Resource Graph's recoveryservicesresources table lists it: every vault has one. */
function backupPolicy(vault: string): Resource {
  return {
    id: `${RG_ID}/providers/Microsoft.RecoveryServices/vaults/${vault}/backupPolicies/DefaultPolicy`,
    name: 'DefaultPolicy',
    type: 'microsoft.recoveryservices/vaults/backuppolicies',
    properties: { backupManagementType: 'AzureIaasVM', policyType: 'V1', protectedItemsCount: 0 },
  };
}

export const backupCases: RecommendationCase[] = [
  {
    recommendation: 'vm-backup-enabled',
    title: 'a vault protects the VM',
    resources: [vm('vm-app-01'), protectedItem('rsv-prod', 'vm-app-01')],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-backup-enabled',
    title: 'no vault protects the VM, the vaults exported with their backup policies',
    resources: [vm('vm-app-01'), backupPolicy('rsv-prod')],
    expected: 'unhealthy',
    evidence: 'Microsoft.RecoveryServices/backupprotecteditems',
  },
  {
    // Protected items and backup policies are in Resource Graph's recoveryservicesresources table only
    // (articles/governance/resource-graph/reference/supported-tables-resources.md); `az resource list`
    // and the resources table hold the vaults alone.
    recommendation: 'vm-backup-enabled',
    title: 'a vault but no recoveryservicesresources rows: not assessed rather than unhealthy',
    resources: [
      vm('vm-app-01'),
      {
        id: `${RG_ID}/providers/Microsoft.RecoveryServices/vaults/rsv-prod`,
        name: 'rsv-prod',
        type: 'Microsoft.RecoveryServices/vaults',
        location: 'eastus',
        sku: { name: 'RS0', tier: 'Standard' },
        properties: {},
      },
    ],
    expected: 'notApplicable',
    evidence: 'recoveryservicesresources',
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
