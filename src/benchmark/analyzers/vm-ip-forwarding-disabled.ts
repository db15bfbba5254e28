import type { Analyzer } from '../types.ts';
import { networkModel } from './network-model.ts';

/** IP forwarding on your virtual machine should be disabled: judged on every NIC of the VM. */
export const vmIpForwardingDisabled: Analyzer = ({ inventory }) => {
  const model = networkModel(inventory);
  return inventory.byType('Microsoft.Compute/virtualMachines').map((vm) => {
    const forwarding = model.vmIpForwarding(vm);
    const health =
      forwarding.enabled === true ? 'unhealthy' : forwarding.enabled === false ? 'healthy' : 'notApplicable';
    return { resource: vm, health, evidence: forwarding.evidence };
  });
};
