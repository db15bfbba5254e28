import type { Resource } from '../../src/inventory/resource.ts';
import { SUBSCRIPTION } from './arm-resources.ts';

/**
 * A classic (Azure Service Manager) VM as Azure Resource Graph lists it: type
 * Microsoft.ClassicCompute/virtualMachines in the resource group of its cloud service.
 */
export function classicVm(name: string, group = 'rg-legacy-cs'): Resource {
  const service = `cs-${name}`;
  return {
    id: `${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.ClassicCompute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.ClassicCompute/virtualMachines',
    location: 'eastus',
    properties: {
      provisioningState: 'Succeeded',
      instanceView: {
        status: 'ReadyRole',
        powerState: 'Started',
        fullyQualifiedDomainName: `${service}.cloudapp.net`,
        privateIpAddress: '10.1.0.4',
      },
      hardwareProfile: {
        size: 'Standard_D2_v2',
        platformGuestAgent: true,
        deploymentName: service,
        deploymentLabel: service,
        deploymentId: '4b5c6d7e8f90412a9b3c4d5e6f708192',
      },
      domainName: {
        id: `${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.ClassicCompute/domainNames/${service}`,
        name: service,
        type: 'Microsoft.ClassicCompute/domainNames',
      },
      storageProfile: {
        operatingSystemDisk: {
          diskName: `${service}-${name}-0-201605171540`,
          caching: 'ReadWrite',
          operatingSystem: 'Windows',
          ioType: 'Standard',
          sourceImageName:
            'a699494373c04fc0bc8f2bb1389d6106__Windows-Server-2012-R2-20160126-en.us-127GB.vhd',
          vhdUri: `https://portalvhdslegacy.blob.core.windows.net/vhds/${service}-${name}.vhd`,
        },
      },
      networkProfile: {
        inputEndpoints: [
          {
            endpointName: 'RemoteDesktop',
            privatePort: 3389,
            publicPort: 53389,
            protocol: 'tcp',
            enableDirectServerReturn: false,
          },
        ],
      },
    },
  };
}
