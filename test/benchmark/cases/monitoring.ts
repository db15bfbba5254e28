import {
  assessment,
  EXTENSIONS,
  hybridMachine,
  IMAGES,
  type Image,
  RG_ID,
  vm,
  vmExtension,
} from '../../support/arm-resources.ts';
import type { RecommendationCase } from './types.ts';

const AMA_WINDOWS = {
  publisher: 'Microsoft.Azure.Monitor',
  type: 'AzureMonitorWindowsAgent',
  typeHandlerVersion: '1.22',
};
const WINDOWS = { image: IMAGES.windows2022 };

/** A VM as an ARM template declares it: no osType, no linuxConfiguration or windowsConfiguration. */
function templateVm(name: string, image: Image) {
  return vm(name, {
    image,
    osDisk: { osType: undefined },
    properties: { osProfile: { linuxConfiguration: undefined, windowsConfiguration: undefined } },
  });
}
const GOLDEN_IMAGE = `${RG_ID}/providers/Microsoft.Compute/galleries/gal_prod/images/ubuntu-hardened/versions/2025.10.1`;

const linuxAma: RecommendationCase[] = [
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Linux VM with the agent',
    resources: [
      vm('vm-app-01', {
        extensions: [vmExtension('vm-app-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Linux VM with only the legacy Log Analytics agent',
    resources: [
      vm('vm-app-01', {
        extensions: [vmExtension('vm-app-01', 'OMSAgentForLinux', EXTENSIONS.omsAgentLinux)],
      }),
    ],
    expected: 'unhealthy',
    evidence: 'Microsoft.Compute/virtualMachines/extensions',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Linux VM whose agent failed to provision',
    resources: [
      vm('vm-app-01', {
        extensions: [
          vmExtension('vm-app-01', 'AzureMonitorLinuxAgent', {
            ...EXTENSIONS.azureMonitorLinux,
            provisioningState: 'Failed',
          }),
        ],
      }),
    ],
    expected: 'unhealthy',
    evidence: 'provisioningState',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'a template Linux VM (no osType yet) without the agent',
    resources: [vm('vm-app-01', { osDisk: { osType: undefined } })],
    expected: 'unhealthy',
  },
  // Quickstart templates declare no osType and no linuxConfiguration (password sign-in): the image
  // says Linux, as Microsoft's AzureMonitor_Agent_Linux_VM_Audit reads it.
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'a template Ubuntu VM with neither osType nor linuxConfiguration, without the agent',
    resources: [templateVm('vm-app-01', IMAGES.ubuntu2204)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'a template Windows VM with neither osType nor windowsConfiguration is out of scope',
    resources: [templateVm('vm-win-01', IMAGES.windows2022)],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Windows VM is out of scope',
    resources: [vm('vm-win-01', WINDOWS)],
    expected: 'notApplicable',
  },
  // Microsoft's AzureMonitor_Agent_Linux_VM_Audit judges supported images only unless told otherwise.
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'VM from a gallery image: out of scope by default',
    resources: [vm('vm-golden-01', { image: { id: GOLDEN_IMAGE } })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'VM from a gallery image the parameters list is judged',
    resources: [vm('vm-golden-01', { image: { id: GOLDEN_IMAGE } })],
    parameters: { listOfImageIdToInclude: [GOLDEN_IMAGE] },
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'VM from a gallery image with scopeToSupportedImages false is judged',
    resources: [vm('vm-golden-01', { image: { id: GOLDEN_IMAGE } })],
    parameters: { scopeToSupportedImages: false },
    expected: 'unhealthy',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Palo Alto VM-Series appliance is out of scope',
    resources: [vm('vm-fw-02', { image: IMAGES.paloAlto })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'CentOS 6 (the agent never supported it) is out of scope',
    resources: [vm('vm-legacy-01', { image: { publisher: 'OpenLogic', offer: 'CentOS', sku: '6.10' } })],
    expected: 'notApplicable',
  },
];

const windowsAma: RecommendationCase[] = [
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'Windows VM with the agent',
    resources: [
      vm('vm-win-01', {
        ...WINDOWS,
        extensions: [vmExtension('vm-win-01', 'AzureMonitorWindowsAgent', AMA_WINDOWS)],
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'Windows VM with the Linux agent type name on a Windows publisher mix-up',
    resources: [
      vm('vm-win-01', {
        ...WINDOWS,
        extensions: [vmExtension('vm-win-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)],
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'Windows VM without extensions',
    resources: [vm('vm-win-01', WINDOWS)],
    expected: 'unhealthy',
  },
  // The Windows quickstart templates' osProfile holds computerName, adminUsername and adminPassword only.
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'a template Windows Server VM with neither osType nor windowsConfiguration, without the agent',
    resources: [templateVm('vm-win-01', IMAGES.windows2022)],
    expected: 'unhealthy',
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'a template SQL Server on Ubuntu VM with neither osType nor linuxConfiguration is out of scope',
    resources: [
      templateVm('vm-sql-01', {
        publisher: 'MicrosoftSQLServer',
        offer: 'sql2019-ubuntu2004',
        sku: 'enterprise',
      }),
    ],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'Windows VM from a gallery image: out of scope by default',
    resources: [vm('vm-golden-w1', { os: 'Windows', image: { id: GOLDEN_IMAGE } })],
    expected: 'notApplicable',
  },
  {
    recommendation: 'windows-vm-azure-monitor-agent',
    title: 'Linux VM is out of scope',
    resources: [vm('vm-app-01')],
    expected: 'notApplicable',
  },
];

const AUTOMATIC = {
  patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' },
};
const updateAssessment: RecommendationCase[] = [
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'Linux VM assessed by the platform',
    resources: [vm('vm-app-01', { properties: { osProfile: { linuxConfiguration: AUTOMATIC } } })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'Windows VM assessed by the platform',
    resources: [
      vm('vm-win-01', { ...WINDOWS, properties: { osProfile: { windowsConfiguration: AUTOMATIC } } }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'Linux VM on the image default',
    resources: [vm('vm-app-01')],
    expected: 'unhealthy',
    evidence: 'ImageDefault',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'Windows VM on the image default',
    resources: [vm('vm-win-01', WINDOWS)],
    expected: 'unhealthy',
  },
  // Microsoft's definition (AzUpdateMgmtCenter_AutoAssessmentMode_Audit) judges only images Azure Update
  // Manager supports; Vigil follows its list at the publisher level.
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'FortiGate appliance from the marketplace: out of scope, so compliant (audit effect)',
    resources: [vm('vm-fw-01', { image: IMAGES.fortigate, size: 'Standard_F4s_v2' })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'Windows 11 multi-session host: out of scope, so compliant (audit effect)',
    resources: [
      vm('avd-host-0', {
        os: 'Windows',
        image: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-23h2-avd' },
      }),
    ],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'VM from a gallery image on the image default is judged',
    resources: [
      vm('vm-golden-01', {
        image: {
          id: GOLDEN_IMAGE,
        },
      }),
    ],
    expected: 'unhealthy',
  },
  {
    recommendation: 'vm-periodic-update-assessment',
    title: 'no patch settings at all',
    resources: [
      vm('vm-app-01', { properties: { osProfile: { linuxConfiguration: { patchSettings: undefined } } } }),
    ],
    expected: 'unhealthy',
  },
];

/** The three passthroughs read the same way: Defender's assessment, or nothing to go on. */
function passthrough(recommendation: string, key: string): RecommendationCase[] {
  const machine = vm('vm-app-01');
  return [
    {
      recommendation,
      title: "Defender's assessment is Healthy",
      resources: [machine, assessment(machine.id, key, 'Healthy')],
      expected: 'healthy',
    },
    {
      recommendation,
      title: "Defender's assessment is Unhealthy",
      resources: [machine, assessment(machine.id, key, 'Unhealthy')],
      expected: 'unhealthy',
      evidence: 'Unhealthy',
    },
    {
      recommendation,
      title: 'Defender marked it not applicable',
      resources: [machine, assessment(machine.id, key, 'NotApplicable')],
      expected: 'notApplicable',
      evidence: 'OffByPolicy',
    },
    {
      recommendation,
      title: 'no assessment in the snapshot',
      resources: [machine],
      expected: 'notApplicable',
      evidence: 'not assessed in this snapshot',
    },
    {
      recommendation,
      title: "another recommendation's assessment does not count",
      resources: [machine, assessment(machine.id, '805651bc-6ecd-4c73-9b55-97a19d0582d0', 'Unhealthy')],
      expected: 'notApplicable',
    },
  ];
}

export const monitoringCases: RecommendationCase[] = [
  ...linuxAma,
  ...windowsAma,
  ...updateAssessment,
  ...passthrough('system-updates-installed', 'e1145ab1-eb4f-43d8-911b-36ddf771d13f'),
  ...passthrough('vulnerability-assessment-solution', 'ffff0522-1e88-47fc-8382-2a80ba848f5d'),
  ...passthrough('edr-solution-installed', '06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c'),
  {
    recommendation: 'vulnerability-assessment-solution',
    title: 'an Arc-enabled server with an unhealthy assessment',
    resources: [
      hybridMachine('arc-db-01'),
      assessment(hybridMachine('arc-db-01').id, 'ffff0522-1e88-47fc-8382-2a80ba848f5d', 'Unhealthy'),
    ],
    expected: 'unhealthy',
  },
];
