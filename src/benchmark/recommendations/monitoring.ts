import { defenderAssessment } from '../analyzers/defender-assessment.ts';
import type { Recommendation } from '../types.ts';

// Titles, severities and assessment keys: MicrosoftDocs/defender-docs@0243082d
// articles/defender-for-cloud/recommendations-reference-compute.md (ms.date 2024-09-02). That page
// links "Machines should be configured to periodically check for missing system updates" to a policy
// definition id rather than an assessment key, so Vigil carries none for it. MCSB ids follow the
// groups of Azure/azure-policy@f4a50bac policySetDefinitions/Security Center/AzureSecurityCenter.json.
// The reference page still titles e1145ab1 "(powered by Update Center)"; the release notes
// (https://learn.microsoft.com/azure/defender-for-cloud/release-notes-recommendations-alerts, GA on
// 5 September 2024) and the page that tells users what to select,
// https://learn.microsoft.com/azure/defender-for-cloud/enable-periodic-system-updates (ms.date
// 2024-09-08), call it "(powered by Azure Update Manager)", as Defender's assessments export it.
//
// The last three are passthroughs: only Defender can see inside the machine (installed updates, an
// EDR agent, a vulnerability scanner), so Vigil reports Defender's own assessment when the snapshot
// holds it, and "not assessed in this snapshot" (not applicable) when it does not.

const VM = 'Microsoft.Compute/virtualMachines';
const ARC = 'Microsoft.HybridCompute/machines';
const SYSTEM_UPDATES = 'e1145ab1-eb4f-43d8-911b-36ddf771d13f';
const VULNERABILITY_ASSESSMENT = 'ffff0522-1e88-47fc-8382-2a80ba848f5d';
const EDR = '06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c';

export const monitoringRecommendations: Recommendation[] = [
  {
    id: 'linux-vm-azure-monitor-agent',
    title: 'Linux virtual machines should have Azure Monitor Agent installed',
    severity: 'Medium',
    mcsb: ['LT-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "The Azure Monitor Agent collects a machine's syslog, performance counters and security events into Log Analytics, where detections and investigations read them. A Linux VM is unhealthy without a successfully provisioned AzureMonitorLinuxAgent extension; Windows VMs are not applicable. As in Microsoft's built-in definition, only VMs from marketplace images the agent supports are judged by default: set the parameter scopeToSupportedImages to false, or list image IDs in listOfImageIdToInclude, to judge custom and gallery images too.",
    remediation: {
      portal:
        'Open the virtual machine > Extensions + applications > Add, choose "Azure Monitor Agent for Linux", and create a data collection rule that sends its syslog to your workspace (Monitor > Data collection rules).',
      cli: 'az vm extension set -g <rg> --vm-name <vm> -n AzureMonitorLinuxAgent --publisher Microsoft.Azure.Monitor --enable-auto-upgrade true',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.Azure.Monitor", properties.type = "AzureMonitorLinuxAgent"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'monitoring/linux-vm-azure-monitor-agent.json' },
  },
  {
    id: 'windows-vm-azure-monitor-agent',
    title: 'Windows virtual machines should have Azure Monitor Agent installed',
    severity: 'Medium',
    mcsb: ['LT-3'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      "The Azure Monitor Agent collects a machine's event logs, including the Security log, and performance counters into Log Analytics. A Windows VM is unhealthy without a successfully provisioned AzureMonitorWindowsAgent extension; Linux VMs are not applicable. As in Microsoft's built-in definition, only VMs from marketplace images the agent supports are judged by default: set the parameter scopeToSupportedImages to false, or list image IDs in listOfImageIdToInclude, to judge custom and gallery images too.",
    remediation: {
      portal:
        'Open the virtual machine > Extensions + applications > Add, choose "Azure Monitor Agent for Windows", and create a data collection rule that sends its event logs to your workspace (Monitor > Data collection rules).',
      cli: 'az vm extension set -g <rg> --vm-name <vm> -n AzureMonitorWindowsAgent --publisher Microsoft.Azure.Monitor --enable-auto-upgrade true',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.publisher = "Microsoft.Azure.Monitor", properties.type = "AzureMonitorWindowsAgent"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'monitoring/windows-vm-azure-monitor-agent.json' },
  },
  {
    id: 'vm-periodic-update-assessment',
    title: 'Machines should be configured to periodically check for missing system updates',
    severity: 'Low',
    mcsb: ['PV-6'],
    control: 'apply-system-updates',
    stage: 'ga',
    description:
      "With the patch assessment mode set to AutomaticByPlatform, Azure Update Manager checks the machine for missing updates every 24 hours; otherwise missing security updates go unnoticed until someone looks. The setting is read from whichever of windowsConfiguration and linuxConfiguration the VM has. As in Microsoft's built-in definition, marketplace images Azure Update Manager does not support (network appliances, Windows client images) pass; custom and gallery images are judged.",
    remediation: {
      portal:
        'Open Azure Update Manager > Machines, select the machine, choose Settings > Update settings, set "Periodic assessment" to Enable, and save.',
      cli: 'az vm update -g <rg> -n <vm> --set osProfile.linuxConfiguration.patchSettings.assessmentMode=AutomaticByPlatform   # windowsConfiguration for Windows',
      template:
        'Microsoft.Compute/virtualMachines: properties.osProfile.(windowsConfiguration|linuxConfiguration).patchSettings.assessmentMode = "AutomaticByPlatform"',
    },
    resourceTypes: [VM],
    check: { kind: 'policy', definition: 'monitoring/vm-periodic-update-assessment.json' },
  },
  {
    id: 'system-updates-installed',
    title: 'System updates should be installed on your machines (powered by Azure Update Manager)',
    severity: 'High',
    mcsb: ['PV-6'],
    control: 'apply-system-updates',
    assessmentKey: SYSTEM_UPDATES,
    stage: 'ga',
    description:
      "Passthrough of Defender for Cloud's verdict: missing security and critical updates leave known, exploited holes open. Only Defender (through Azure Update Manager) sees which updates a machine lacks, so Vigil reports Defender's assessment from the snapshot; machines without one are not applicable (not assessed in this snapshot).",
    remediation: {
      portal:
        'Open Azure Update Manager > Machines, select the machine, choose "One-time update" to install the missing updates now, and attach it to a maintenance configuration for regular patching.',
      cli: 'az vm install-patches -g <rg> -n <vm> --maximum-duration PT2H --reboot-setting IfRequired --classifications-to-include-win Critical Security --classifications-to-include-linux Critical Security',
      template:
        'Microsoft.Maintenance/configurationAssignments on the VM, pointing at a Microsoft.Maintenance/maintenanceConfigurations with maintenanceScope "InGuestPatch"',
    },
    resourceTypes: [VM, ARC],
    readsDefenderAssessment: true,
    check: { kind: 'analyzer', analyze: defenderAssessment(SYSTEM_UPDATES) },
  },
  {
    id: 'vulnerability-assessment-solution',
    title: 'Machines should have a vulnerability assessment solution',
    severity: 'Medium',
    mcsb: ['PV-5'],
    control: 'remediate-vulnerabilities',
    assessmentKey: VULNERABILITY_ASSESSMENT,
    stage: 'ga',
    description:
      "Passthrough of Defender for Cloud's verdict: without a vulnerability scanner nobody learns which installed software has known vulnerabilities. Only Defender knows whether its scanner (Microsoft Defender Vulnerability Management or agentless scanning) covers the machine, so Vigil reports Defender's assessment from the snapshot; machines without one are not applicable (not assessed in this snapshot).",
    remediation: {
      portal:
        'Enable Defender for Servers with agentless scanning (Environment settings > <subscription> > Defender plans > Servers > Settings), or open the recommendation in Defender for Cloud, select the machines, and choose Fix to deploy the vulnerability assessment solution.',
      cli: 'az security pricing create -n VirtualMachines --tier Standard --subplan P2',
      template:
        'Microsoft.Security/pricings/VirtualMachines: properties.pricingTier = "Standard", properties.subPlan = "P2"',
    },
    resourceTypes: [VM, ARC],
    readsDefenderAssessment: true,
    check: { kind: 'analyzer', analyze: defenderAssessment(VULNERABILITY_ASSESSMENT) },
  },
  {
    id: 'edr-solution-installed',
    title: 'EDR solution should be installed on Virtual Machines',
    severity: 'High',
    mcsb: ['ES-1'],
    control: 'enable-endpoint-protection',
    assessmentKey: EDR,
    stage: 'ga',
    description:
      "Passthrough of Defender for Cloud's verdict: an endpoint detection and response agent sees the processes, files and connections that reveal an intrusion on the machine. Only Defender's agentless scan knows whether one runs, so Vigil reports Defender's assessment from the snapshot; machines without one are not applicable (not assessed in this snapshot).",
    remediation: {
      portal:
        'Enable the Defender for Endpoint integration (Environment settings > <subscription> > Defender plans > Servers > Settings > Endpoint protection), or install a supported EDR agent on the machine.',
      cli: 'az security setting update -n WDATP --enabled true',
      template: 'Microsoft.Security/settings/WDATP (kind DataExportSettings): properties.enabled = true',
    },
    resourceTypes: [VM],
    readsDefenderAssessment: true,
    check: { kind: 'analyzer', analyze: defenderAssessment(EDR) },
  },
];
