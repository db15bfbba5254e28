import type { Analyzer, AnalyzerFinding } from '../types.ts';
import { networkModel } from './network-model.ts';
import { nsgCoverageFinding } from './vm-nsg-coverage.ts';

/**
 * Internet-facing virtual machines should be protected with network security groups: applies to
 * VMs with a public IP (or behind a public load balancer); each of their interfaces needs an NSG.
 */
export const internetFacingVmNsg: Analyzer = ({ inventory }) => {
  const model = networkModel(inventory);
  const findings: AnalyzerFinding[] = [];
  for (const vm of inventory.byType('Microsoft.Compute/virtualMachines')) {
    const facing = model.vmInternetFacing(vm);
    if (facing.facing === true) {
      const finding = nsgCoverageFinding(model, vm);
      findings.push({ ...finding, evidence: [...facing.evidence, ...finding.evidence] });
    } else {
      const why =
        facing.facing === false
          ? [{ message: 'the VM is not internet-facing' }, ...facing.evidence]
          : facing.evidence;
      findings.push({ resource: vm, health: 'notApplicable', evidence: why });
    }
  }
  return findings;
};
