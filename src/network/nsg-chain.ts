import { unknownValue } from '../util/unknown.ts';
import type { CompiledRule } from './compiled-nsg.ts';
import { ANY_PORT, firstMatch, type Packet } from './first-match.ts';
import type { Level, LevelName, NsgRef } from './levels.ts';
import type { Note } from './note.ts';
import { accessUnknown, type Direction, type SecurityRule } from './security-rules.ts';

export type Access = 'Allow' | 'Deny' | 'Unknown';

/** What one level did with the packet. */
export interface ChainStep {
  level: LevelName;
  attachedTo: string;
  /** Undefined when no NSG is associated at this level: it lets everything through. */
  nsg: NsgRef | undefined;
  /** The rule that matched; undefined for no NSG, a platform pass, or an NSG the snapshot lacks. */
  rule: SecurityRule | undefined;
  access: Access;
  /** Higher-priority rules that would decide instead if what Vigil cannot know held. */
  alternatives: { rule: SecurityRule; why: string }[];
  /** Traffic to a platform address that no platform-tag rule filters: not subject to NSGs. */
  platform: boolean;
  /** Why the level's verdict is unknown (its NSG is not in the snapshot). */
  unknown?: Note | undefined;
}

export interface ChainVerdict {
  access: Access;
  /** The levels in the order they were evaluated; a deny ends the chain. */
  steps: ChainStep[];
  /** The deny; for an allowed packet, the last level with an NSG; for an unknown one, the first unknown level. */
  deciding: ChainStep | undefined;
}

/**
 * Evaluates `levels` in order: inbound, the subnet's NSG and then the NIC's; outbound, the NIC's
 * and then the subnet's. Traffic must be allowed by every level, a deny anywhere ends evaluation,
 * and a level without an NSG allows everything (MicrosoftDocs/azure-docs
 * articles/virtual-network/network-security-group-how-it-works.md).
 */
export function evaluateChain(
  levels: readonly Level[],
  direction: Direction,
  packet: Packet,
  platformOnly = false,
): ChainVerdict {
  const steps: ChainStep[] = [];
  let firstUnknown: ChainStep | undefined;
  for (const level of levels) {
    const step = evaluateLevel(level, direction, packet, platformOnly);
    steps.push(step);
    if (step.access === 'Deny') return { access: 'Deny', steps, deciding: step };
    if (step.access === 'Unknown') firstUnknown ??= step;
  }
  if (firstUnknown) return { access: 'Unknown', steps, deciding: firstUnknown };
  return { access: 'Allow', steps, deciding: steps.findLast((s) => s.nsg !== undefined) };
}

export function evaluateLevel(
  level: Level,
  direction: Direction,
  packet: Packet,
  platformOnly = false,
): ChainStep {
  if (level.kind === 'none')
    return step(level.level, level.attachedTo, undefined, undefined, 'Allow', NONE, false);
  if (level.kind === 'unknown') {
    const unknown = step(
      level.level,
      level.ref?.attachedTo ?? '',
      level.ref,
      undefined,
      'Unknown',
      NONE,
      false,
    );
    unknown.unknown = level.why;
    return unknown;
  }
  const rules = direction === 'Inbound' ? level.compiled.inbound : level.compiled.outbound;
  const match = firstMatch(level.compiled, direction, packet, platformOnly);
  const rule = match.index >= 0 ? rules[match.index]! : undefined;
  // No rule at all can only happen to a platform packet: the default rules match everything else.
  const definite: Access = rule ? rule.rule.access : platformOnly ? 'Allow' : 'Deny';
  const alternatives =
    match.maybe.length === 0
      ? NONE
      : match.maybe.map((i) => ({ rule: rules[i]!.rule, why: uncertainty(rules[i]!, packet) }));
  const access = alternatives.every((a) => a.rule.access === definite && !accessUnknown(a.rule))
    ? definite
    : 'Unknown';
  return step(
    level.level,
    level.ref.attachedTo,
    level.ref,
    rule?.rule,
    access,
    alternatives,
    rule === undefined && platformOnly,
  );
}

const NONE: ChainStep['alternatives'] = [];

function step(
  level: LevelName,
  attachedTo: string,
  nsg: NsgRef | undefined,
  rule: SecurityRule | undefined,
  access: Access,
  alternatives: ChainStep['alternatives'],
  platform: boolean,
): ChainStep {
  return { level, attachedTo, nsg, rule, access, alternatives, platform, unknown: undefined };
}

/** Why a rule only may match: what the packet or the snapshot leaves open. */
function uncertainty(rule: CompiledRule, packet: Packet): string {
  if (rule.unknown) return deploymentUnknowns(rule.rule);
  const tags = [...rule.source.unresolved, ...rule.destination.unresolved];
  if (tags.length > 0)
    return `whether the address is in service tag ${tags.join(', ')} (Vigil does not have its prefixes)`;
  if (packet.sourcePort === ANY_PORT && !rule.anySourcePort) return 'the source port (not given)';
  if (packet.destinationPort === ANY_PORT && !rule.anyDestinationPort)
    return 'the destination port (not given)';
  return "the NIC's private IP address (not in the snapshot)";
}

/** What of a rule is known only at deployment, in words naming each expression. */
export function deploymentUnknowns(rule: SecurityRule): string {
  const what = rule.unknowns.map((u) =>
    u.property === 'properties' ? `the whole rule (${u.expression})` : `its ${u.property} (${u.expression})`,
  );
  return `${what.join(' and ')}, known only at deployment`;
}

/** A note that a verdict rests on a rule known only in part until deployment. */
export function deploymentNote(nsg: NsgRef, rule: SecurityRule): Note {
  const first = rule.unknowns[0]!;
  return {
    message: `NSG ${nsg.name}: rule ${rule.name} may match, so the verdict is unknown: ${deploymentUnknowns(rule)}`,
    resourceId: nsg.id,
    field: first.field,
    actual: unknownValue(first.expression),
  };
}
