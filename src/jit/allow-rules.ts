import { destinationFields, type Family, groupByFamily } from './family.ts';
import type { JitProtocol } from './policy.ts';
import { allowRuleDescription, allowRuleName, familyNameParts } from './rule-names.ts';
import type { SecurityRule } from './security-rule.ts';

export interface AllowTarget {
  name: string;
  family: Family;
  ips: string[];
}

export interface AllowFor {
  grantId: string;
  startTimeUtc: string;
  vmId: string;
  nsgId: string;
  port: number;
}

/**
 * The allow rules a grant's port needs in one NSG: one per family the source opens for (both for `*`) that
 * the NSG filters addresses of, since a rule's prefixes must be of one family. The first keeps the name a
 * single-family VM's rule has; a second (IPv6 when the source is `*`) gets its own.
 */
export function allowTargets(
  of: AllowFor,
  privateIps: readonly string[],
  families: readonly Family[],
): AllowTarget[] {
  return groupByFamily(privateIps)
    .filter((g) => families.includes(g.family))
    .map((g, index) => ({
      name: allowRuleName(
        of.grantId,
        of.startTimeUtc,
        of.vmId,
        of.nsgId,
        String(of.port),
        ...familyNameParts(index, g.family),
      ),
      family: g.family,
      ips: g.ips,
    }));
}

const NSG_PROTOCOL: Record<JitProtocol, SecurityRule['properties']['protocol']> = {
  TCP: 'Tcp',
  UDP: 'Udp',
  '*': '*',
};

/**
 * The allow rule, shaped as exported NSGs show Defender's: source the requester's address, destination the
 * VM's private IP, one port (self-help article 7e7f21c7: "The JIT rule destination is always the private IP").
 */
export function allowRule(
  name: string,
  policyName: string,
  vmName: string,
  ips: readonly string[],
  port: number,
  protocol: JitProtocol,
  source: string,
  priority: number,
): SecurityRule {
  return {
    name,
    properties: {
      description: allowRuleDescription(policyName, vmName),
      protocol: NSG_PROTOCOL[protocol],
      sourcePortRange: '*',
      destinationPortRange: String(port),
      sourceAddressPrefix: source,
      ...destinationFields(ips),
      access: 'Allow',
      priority,
      direction: 'Inbound',
    },
  };
}
