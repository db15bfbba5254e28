import type { Recommendation } from '../types.ts';

// Title, severity and assessment key: MicrosoftDocs/defender-docs@0243082d
// articles/defender-for-cloud/recommendations-reference-compute.md (ms.date 2024-09-02). MCSB ids
// follow Azure/azure-policy@f4a50bac policySetDefinitions/Security Center/AzureSecurityCenter.json.
// No source states its secure score control: it counts toward "Implement security best practices".

export const backupRecommendations: Recommendation[] = [
  {
    id: 'vm-backup-enabled',
    title: 'Azure Backup should be enabled for virtual machines',
    severity: 'Low',
    mcsb: ['BR-1', 'BR-2'],
    control: 'implement-security-best-practices',
    assessmentKey: 'f2f595ec-5dc6-68b4-82ef-b63563e9c610',
    stage: 'ga',
    description:
      "Without a backup, ransomware, a deleted disk or a bad change can destroy the data of a virtual machine for good. A VM is healthy when a Recovery Services vault lists it as a protected item (its sourceResourceId is the VM). VMs that Azure Databricks or Azure Red Hat OpenShift manage (in a databricks-rg- resource group or from their images) are not applicable, as in Microsoft's built-in definition: the service recreates them.",
    remediation: {
      portal:
        'Open the virtual machine > Backup (under Operations), choose or create a Recovery Services vault and a backup policy, and select "Enable backup".',
      cli: 'az backup protection enable-for-vm -g <vault-rg> --vault-name <vault> --vm <vm-id> --policy-name DefaultPolicy',
      template:
        'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems: properties.protectedItemType = "Microsoft.Compute/virtualMachines", properties.sourceResourceId = <vm-id>, properties.policyId = <policy-id>',
    },
    resourceTypes: ['Microsoft.Compute/virtualMachines'],
    // Protected items and backup policies are rows of Resource Graph's recoveryservicesresources table only
    // (supported-tables-resources.md); `az resource list` and the resources table list the vaults alone.
    // Every vault has backup policies (DefaultPolicy), so a snapshot with neither has not exported them;
    // a tenant may truly back nothing up, hence anywhere.
    requires: {
      types: [
        'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
        'Microsoft.RecoveryServices/vaults/backupPolicies',
      ],
      export: 'Resource Graph: recoveryservicesresources',
      anywhere: true,
    },
    check: { kind: 'policy', definition: 'backup/vm-backup-enabled.json' },
  },
];
