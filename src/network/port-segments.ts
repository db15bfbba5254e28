import type { CompiledRule } from './compiled-nsg.ts';
import type { Level } from './levels.ts';
import { ALL_PORTS, type PortRange } from './port-ranges.ts';

/**
 * The stretches of ports that `rules` treat alike on one side of the packet: a verdict can only
 * change where some rule's port range starts or ends, so one port per stretch stands for all.
 * `cuts` adds boundaries of the caller's own (a management port that must stand alone).
 */
export function portSegments(
  rules: Iterable<CompiledRule>,
  side: 'source' | 'destination',
  within: PortRange = ALL_PORTS,
  cuts: readonly number[] = [],
): PortRange[] {
  const starts = new Set([within.from]);
  for (const rule of rules) {
    if (side === 'source' ? rule.anySourcePort : rule.anyDestinationPort) continue;
    const ranges = side === 'source' ? rule.sourcePorts : rule.destinationPorts;
    for (let k = 0; k < ranges.length; k += 2) {
      cut(starts, within, ranges[k]!);
      cut(starts, within, ranges[k + 1]! + 1);
    }
  }
  for (const port of cuts) cut(starts, within, port);
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.map((from, k) => ({ from, to: k + 1 < sorted.length ? sorted[k + 1]! - 1 : within.to }));
}

/** A plain function, not a closure: tsx names every closure it makes, which costs more than the cut. */
function cut(starts: Set<number>, within: PortRange, port: number): void {
  if (port > within.from && port <= within.to) starts.add(port);
}

/** The compiled rules of the levels with an NSG, in one direction. */
export function* rulesOf(
  levels: readonly Level[],
  direction: 'inbound' | 'outbound',
): Generator<CompiledRule> {
  for (const level of levels) if (level.kind === 'nsg') yield* level.compiled[direction];
}

/** One source port per stretch the rules treat alike: the sender picks its source port. */
export function sourcePortSamples(rules: Iterable<CompiledRule>): number[] {
  return portSegments(rules, 'source').map((s) => s.from);
}
