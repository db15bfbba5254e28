import type { Resource } from '../../../src/inventory/resource.ts';
import { guestAssignment } from '../../support/arm-resources.ts';

/**
 * Microsoft's definitions for disk encryption and SSH password settings read what machine configuration
 * reports from inside the guest (a guestConfigurationAssignments resource on the VM). To compare on
 * scope rather than on where the state is read, each VM gets the report its model implies: what the
 * guest would say if the model tells the truth.
 */
export function withGuestReports(
  resources: readonly Resource[],
  assignment: string,
  compliant: (vm: Resource, all: readonly Resource[]) => boolean,
): Resource[] {
  const reports = resources
    .filter((r) => r.type === 'Microsoft.Compute/virtualMachines')
    .map((vm) => {
      const report = guestAssignment(
        vm.name,
        assignment,
        compliant(vm, resources) ? 'Compliant' : 'NonCompliant',
      );
      // The helper places the VM in the default resource group; some VMs here live in managed ones.
      report.id = `${vm.id}/providers/Microsoft.GuestConfiguration/guestConfigurationAssignments/${assignment}`;
      (report.properties as { targetResourceId: string }).targetResourceId = vm.id;
      return report;
    });
  return [...resources, ...reports];
}
