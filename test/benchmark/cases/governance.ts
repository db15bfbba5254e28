import { EXTENSIONS, vm, vmExtension } from '../../support/arm-resources.ts';
import { classicVm } from '../../support/governance-resources.ts';
import type { RecommendationCase } from './types.ts';

const CUSTOM_SCRIPT = {
  publisher: 'Microsoft.Azure.Extensions',
  type: 'CustomScript',
  typeHandlerVersion: '2.1',
};
const extensionId = (vmName: string, name: string) =>
  vmExtension(vmName, name, EXTENSIONS.azureMonitorLinux).id;

export const governanceCases: RecommendationCase[] = [
  {
    recommendation: 'vm-allowed-locations',
    title: 'VM in an allowed region',
    resources: [vm('vm-app-01', { location: 'westeurope' })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-allowed-locations',
    title: 'VM outside the default regions',
    resources: [vm('vm-app-01', { location: 'southeastasia' })],
    expected: 'unhealthy',
    evidence: 'southeastasia',
  },
  {
    recommendation: 'vm-allowed-locations',
    title: 'the allowed list is narrowed to West Europe',
    resources: [vm('vm-app-01', { location: 'eastus' })],
    parameters: { allowedLocations: ['westeurope'] },
    expected: 'unhealthy',
  },
  {
    recommendation: 'vm-allowed-sizes',
    title: 'an allowed size',
    resources: [vm('vm-app-01', { size: 'Standard_D4s_v5' })],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-allowed-sizes',
    title: 'a size outside the default list',
    resources: [vm('vm-app-01', { size: 'Standard_M128s' })],
    expected: 'unhealthy',
    evidence: 'Standard_M128s',
  },
  {
    recommendation: 'vm-allowed-sizes',
    title: 'the allowed list includes the M series',
    resources: [vm('vm-app-01', { size: 'Standard_M128s' })],
    parameters: { allowedSizes: ['Standard_M128s'] },
    expected: 'healthy',
  },
  {
    recommendation: 'classic-vms',
    title: 'a classic VM',
    resources: [classicVm('vm-legacy-01')],
    expected: 'unhealthy',
    evidence: 'Microsoft.ClassicCompute/virtualMachines',
  },
  {
    recommendation: 'classic-vms',
    title: 'a Resource Manager VM',
    resources: [vm('vm-app-01')],
    expected: 'healthy',
  },
  {
    recommendation: 'vm-approved-extensions',
    title: 'the Azure Monitor Agent is approved',
    resources: [
      vm('vm-app-01', {
        extensions: [vmExtension('vm-app-01', 'AzureMonitorLinuxAgent', EXTENSIONS.azureMonitorLinux)],
      }),
    ],
    subject: extensionId('vm-app-01', 'AzureMonitorLinuxAgent'),
    expected: 'healthy',
  },
  {
    recommendation: 'vm-approved-extensions',
    title: 'a CustomScript extension, listed as its own resource',
    resources: [vm('vm-app-01'), vmExtension('vm-app-01', 'install-app', CUSTOM_SCRIPT)],
    subject: extensionId('vm-app-01', 'install-app'),
    expected: 'unhealthy',
    evidence: 'CustomScript',
  },
  {
    recommendation: 'vm-approved-extensions',
    title: 'CustomScript approved by parameter',
    resources: [vm('vm-app-01', { extensions: [vmExtension('vm-app-01', 'install-app', CUSTOM_SCRIPT)] })],
    subject: extensionId('vm-app-01', 'install-app'),
    parameters: { approvedExtensions: ['CustomScript', 'AzureMonitorLinuxAgent'] },
    expected: 'healthy',
  },
];
