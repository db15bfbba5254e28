import {
  assessment,
  EXTENSIONS,
  hybridMachine,
  IMAGES,
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
  {
    recommendation: 'linux-vm-azure-monitor-agent',
    title: 'Windows VM is out of scope',
    resources: [vm('vm-win-01', WINDOWS)],
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
