import type { Analyzer, AnalyzerFinding } from '../types.ts';
import { networkModel } from './network-model.ts';
import { nsgCoverageFinding } from './vm-nsg-coverage.ts';

/**
 * Non-internet-facing virtual machines should be protected with network security groups: applies
 * to VMs with no public IP and no public load balancer; each of their interfaces needs an NSG.
 */
export const nonInternetFacingVmNsg: Analyzer = ({ inventory }) => {
  const model = networkModel(inventory);
  const findings: AnalyzerFinding[] = [];
  for (const vm of inventory.byType('Microsoft.Compute/virtualMachines')) {
    const facing = model.vmInternetFacing(vm);
    if (facing.facing === false) {
      const finding = nsgCoverageFinding(model, vm);
      findings.push({ ...finding, evidence: [...finding.evidence, ...facing.evidence] });
    } else {
      const why =
        facing.facing === true
          ? [{ message: 'the VM is internet-facing' }, ...facing.evidence]
          : facing.evidence;
      findings.push({ resource: vm, health: 'notApplicable', evidence: why });
    }
  }
  return findings;
};
