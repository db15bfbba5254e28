import type { Analyzer } from '../types.ts';
import { judgement, undecided } from './network-model.ts';
import { nsgCoverage } from './vm-nsg-coverage.ts';

/**
 * Internet-facing virtual machines should be protected with network security groups: applies to
 * VMs with a public IP (or behind a public load balancer); each of their interfaces needs an NSG.
 */
export const internetFacingVmNsg: Analyzer = (context) => {
  const model = context.network();
  return (vm) => {
    const facing = model.vmInternetFacing(vm);
    if (facing.facing === true) {
      const coverage = nsgCoverage(model, vm);
      return judgement(coverage.health, () => [...facing.evidence, ...coverage.evidence]);
    }
    if (facing.facing === false)
      return judgement('notApplicable', () => [
        { message: 'the VM is not internet-facing' },
        ...facing.evidence,
      ]);
    return { health: undecided(facing.evidence), evidence: facing.evidence };
  };
};
