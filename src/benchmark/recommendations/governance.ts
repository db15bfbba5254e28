import type { Recommendation } from '../types.ts';

// "Virtual machines should be migrated to new Azure Resource Manager resources" is Defender's
// (MicrosoftDocs/defender-docs@0243082d articles/defender-for-cloud/recommendations-reference-compute.md,
// ms.date 2024-09-02), in the "Implement security best practices" control (secure score control list,
// REST example of 2020 in /work/shared/AZURE-FACTS.md). The others are Vigil's own organisation
// policies, parameterised; their defaults are a starting point to override per scan.

const VM = 'Microsoft.Compute/virtualMachines';

export const DEFAULT_ALLOWED_LOCATIONS = [
  'eastus',
  'eastus2',
  'centralus',
  'westus2',
  'westus3',
  'northeurope',
  'westeurope',
  'uksouth',
];

export const DEFAULT_ALLOWED_SIZES = [
  'Standard_B2s',
  'Standard_B2ms',
  'Standard_D2s_v3',
  'Standard_D4s_v3',
  'Standard_D2s_v5',
  'Standard_D4s_v5',
  'Standard_D8s_v5',
  'Standard_D2as_v5',
  'Standard_D4as_v5',
  'Standard_E2s_v5',
  'Standard_E4s_v5',
];

/** Monitoring, security and sign-in agents; script runners (CustomScript, RunCommand) are left out on purpose. */
export const DEFAULT_APPROVED_EXTENSIONS = [
  'AzureMonitorLinuxAgent',
  'AzureMonitorWindowsAgent',
  'ConfigurationforLinux',
  'ConfigurationforWindows',
  'GuestAttestation',
  'MDE.Linux',
  'MDE.Windows',
  'IaaSAntimalware',
  'AzureDiskEncryption',
  'AzureDiskEncryptionForLinux',
  'DependencyAgentLinux',
  'DependencyAgentWindows',
  'AADSSHLoginForLinux',
  'AADLoginForWindows',
];

export const governanceRecommendations: Recommendation[] = [
  {
    id: 'vm-allowed-locations',
    title: 'Virtual machines should be deployed only in allowed regions',
    severity: 'Medium',
    mcsb: ['AM-2'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'A VM in an unexpected region may break data residency rules and often sits outside the monitoring, backup and network controls set up for the usual regions. A VM is unhealthy when its location is not on the allowed list (parameter allowedLocations).',
    remediation: {
      portal:
        'Move the virtual machine with Azure Resource Mover (Resource movers > Move across regions) to an allowed region, or redeploy it there and delete the old one.',
      cli: 'az resource-mover move-collection create -g <rg> -n <collection> --source-region <from> --target-region <allowed-region> -l <location> --identity type=SystemAssigned',
      template: 'Microsoft.Compute/virtualMachines: location = one of the allowed regions',
    },
    resourceTypes: [VM],
    check: {
      kind: 'policy',
      definition: 'governance/vm-allowed-locations.json',
      parameters: { allowedLocations: DEFAULT_ALLOWED_LOCATIONS },
    },
  },
  {
    id: 'vm-allowed-sizes',
    title: 'Virtual machines should use only allowed sizes',
    severity: 'Low',
    mcsb: ['AM-2'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Sizes outside the approved list escape budgets and may lack features the security baseline relies on (Trusted Launch, encryption at host, premium storage). A VM is unhealthy when its size is not on the allowed list (parameter allowedSizes).',
    remediation: {
      portal: 'Open the virtual machine > Size, choose an allowed size, and select Resize (the VM restarts).',
      cli: 'az vm resize -g <rg> -n <vm> --size <allowed-size>',
      template:
        'Microsoft.Compute/virtualMachines: properties.hardwareProfile.vmSize = one of the allowed sizes',
    },
    resourceTypes: [VM],
    check: {
      kind: 'policy',
      definition: 'governance/vm-allowed-sizes.json',
      parameters: { allowedSizes: DEFAULT_ALLOWED_SIZES },
    },
  },
  {
    id: 'classic-vms',
    title: 'Virtual machines should be migrated to new Azure Resource Manager resources',
    severity: 'High',
    mcsb: ['AM-2'],
    control: 'implement-security-best-practices',
    assessmentKey: '12018f4f-3d10-999b-e4c4-86ec25be08a1',
    stage: 'ga',
    description:
      'Classic (Azure Service Manager) virtual machines were retired in 2023; they lack Azure RBAC, managed identities, Azure Policy and most of the controls this benchmark checks. Every classic VM is unhealthy; Resource Manager VMs are healthy.',
    remediation: {
      portal:
        'Open the classic virtual machine > Migrate to ARM, validate, prepare and commit the migration (or redeploy the workload as a Resource Manager VM).',
      cli: 'az vm create -g <rg> -n <vm> --image <image>   # redeploy as a Resource Manager VM; classic VMs have no az command',
      template: 'Microsoft.Compute/virtualMachines instead of Microsoft.ClassicCompute/virtualMachines',
    },
    resourceTypes: ['Microsoft.ClassicCompute/virtualMachines', VM],
    check: { kind: 'policy', definition: 'governance/classic-vms.json' },
  },
  {
    id: 'vm-approved-extensions',
    title: 'Only approved VM extensions should be installed',
    severity: 'Medium',
    mcsb: ['AM-5'],
    control: 'implement-security-best-practices',
    stage: 'ga',
    description:
      'Extensions run as SYSTEM or root inside the machine; an unapproved one (a script runner, a third-party agent) can do anything the OS can. An extension is unhealthy when its type is not on the approved list (parameter approvedExtensions), which by default holds Microsoft monitoring, security and sign-in agents only.',
    remediation: {
      portal:
        'Open the virtual machine > Extensions + applications, select the extension, and choose Uninstall.',
      cli: 'az vm extension delete -g <rg> --vm-name <vm> -n <extension>',
      template:
        'Microsoft.Compute/virtualMachines/extensions: properties.type = one of the approved extension types',
    },
    resourceTypes: ['Microsoft.Compute/virtualMachines/extensions'],
    check: {
      kind: 'policy',
      definition: 'governance/vm-approved-extensions.json',
      parameters: { approvedExtensions: DEFAULT_APPROVED_EXTENSIONS },
    },
  },
];
