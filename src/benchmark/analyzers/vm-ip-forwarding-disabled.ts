import type { Analyzer } from '../types.ts';
import { undecided } from './network-model.ts';

/** IP forwarding on your virtual machine should be disabled: judged on every NIC of the VM. */
export const vmIpForwardingDisabled: Analyzer = (context) => {
  const model = context.network();
  return (vm) => {
    const forwarding = model.vmIpForwarding(vm);
    const health =
      forwarding.enabled === true
        ? 'unhealthy'
        : forwarding.enabled === false
          ? 'healthy'
          : undecided(forwarding.evidence);
    return { health, evidence: forwarding.evidence };
  };
};
