import type { Analyzer } from '../types.ts';
import { undecided } from './network-model.ts';
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
      return { health: coverage.health, evidence: [...coverage.evidence, ...facing.evidence] };
    }
    const why =
      facing.facing === true
        ? [{ message: 'the VM is internet-facing' }, ...facing.evidence]
        : facing.evidence;
    return { health: facing.facing === 'unknown' ? undecided(why) : 'notApplicable', evidence: why };
  };
};
