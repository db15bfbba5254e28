import type { Analyzer } from '../types.ts';
import { judgement, undecided } from './network-model.ts';

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
    const found = model.vmInboundOpenings(vm, 'Internet');
    const { openings, unknown } = found;
    if (openings.length > 0)
      return judgement('unhealthy', () => [...openings.map((o) => o.evidence), ...found.problems]);
    if (unknown.length > 0) return judgement(undecided(unknown), () => [...unknown, ...found.problems]);
    return judgement('healthy', () => [
      { message: "no inbound rule of the VM's NSGs lets traffic in from Any or Internet" },
      ...found.problems,
    ]);
  };
};
