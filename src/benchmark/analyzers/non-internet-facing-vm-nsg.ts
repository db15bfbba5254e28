import type { Analyzer } from '../types.ts';
import { judgement, undecided } from './network-model.ts';
import { nsgCoverage } from './vm-nsg-coverage.ts';

/**
 * Non-internet-facing virtual machines should be protected with network security groups: applies
 * to VMs with no public IP and no public load balancer; each of their interfaces needs an NSG.
 */
export const nonInternetFacingVmNsg: Analyzer = (context) => {
  const model = context.network();
  return (vm) => {
    const facing = model.vmInternetFacing(vm);
    if (facing.facing === false) {
      const coverage = nsgCoverage(model, vm);
      return judgement(coverage.health, () => [...coverage.evidence, ...facing.evidence]);
    }
    if (facing.facing === true)
      return judgement('notApplicable', () => [{ message: 'the VM is internet-facing' }, ...facing.evidence]);
    return { health: undecided(facing.evidence), evidence: facing.evidence };
  };
};
