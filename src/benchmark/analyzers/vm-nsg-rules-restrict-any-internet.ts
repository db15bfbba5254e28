import type { Analyzer } from '../types.ts';
import { undecided } from './network-model.ts';

/**
 * All network ports should be restricted on network security groups associated to your virtual
 * machine: no inbound rule of the VM's NSGs may let traffic in from 'Any' or 'Internet'. Judged on
 * the rules that take effect (a higher-priority deny, or a deny in the subnet NSG, hides an allow);
 * a VM with no NSG at all is left to the NSG-association recommendations.
 */
export const vmNsgRulesRestrictAnyInternet: Analyzer = (context) => {
  const model = context.network();
  return (vm) => {
    const interfaces = model.vmNsgs(vm);
    if (interfaces.length > 0 && interfaces.every((i) => i.nsgs.length === 0 && i.unknown === undefined)) {
      return {
        health: 'notApplicable',
        evidence: [{ message: 'no NSG is associated with the VM, so there are no NSG rules to restrict' }],
      };
    }
    // An internet host is matched by `Any` rules and by `Internet` rules alike.
    const { openings, unknown, problems } = model.vmInboundOpenings(vm, 'Internet');
    if (openings.length > 0)
      return { health: 'unhealthy', evidence: [...openings.map((o) => o.evidence), ...problems] };
    if (unknown.length > 0) return { health: undecided(unknown), evidence: [...unknown, ...problems] };
    return {
      health: 'healthy',
      evidence: [
        { message: "no inbound rule of the VM's NSGs lets traffic in from Any or Internet" },
        ...problems,
      ],
    };
  };
};
