import type { CompiledRule } from './compiled-nsg.ts';

/**
 * Which of one direction's rules can match a destination port, so a decision scans the handful
 * that name the port instead of all of them. Rules for every port are kept apart; the rules for
 * the stretch of ports a packet's port falls in are listed per stretch. Both lists hold rule
 * indices in priority order, and a decision walks them merged.
 */
export interface PortIndex {
  /** Rules for every destination port. */
  anyPort: Int32Array;
  /** Starts of the stretches the other rules' port ranges cut 0-65535 into. */
  starts: Int32Array;
  /** Rules of stretch k are `entries[offsets[k] .. offsets[k + 1])`. */
  offsets: Int32Array;
  entries: Int32Array;
}

export function buildPortIndex(rules: readonly CompiledRule[]): PortIndex {
  const anyPort: number[] = [];
  const cuts = new Set<number>([0]);
  for (const [k, rule] of rules.entries()) {
    if (rule.anyDestinationPort) {
      anyPort.push(k);
      continue;
    }
    const ports = rule.destinationPorts;
    for (let j = 0; j < ports.length; j += 2) {
      cuts.add(ports[j]!);
      if (ports[j + 1]! < 65535) cuts.add(ports[j + 1]! + 1);
    }
  }
  const starts = Int32Array.from([...cuts].sort((a, b) => a - b));
  const lists: number[][] = Array.from({ length: starts.length }, () => []);
  for (const [k, rule] of rules.entries()) {
    if (rule.anyDestinationPort) continue;
    const ports = rule.destinationPorts;
    for (let j = 0; j < ports.length; j += 2) {
      for (let s = stretchOf(starts, ports[j]!); s < starts.length && starts[s]! <= ports[j + 1]!; s++) {
        const list = lists[s]!;
        // A rule listing overlapping ranges lands in a stretch once.
        if (list[list.length - 1] !== k) list.push(k);
      }
    }
  }
  const offsets = new Int32Array(starts.length + 1);
  let total = 0;
  lists.forEach((list, s) => {
    offsets[s] = total;
    total += list.length;
  });
  offsets[starts.length] = total;
  const entries = new Int32Array(total);
  lists.forEach((list, s) => {
    entries.set(list, offsets[s]!);
  });
  return { anyPort: Int32Array.from(anyPort), starts, offsets, entries };
}

/** The stretch a port falls in: the last start at or below it. */
export function stretchOf(starts: Int32Array, port: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= port) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The indices of the rules that can match `port`, in priority order. */
export function candidatesFor(index: PortIndex, port: number): number[] {
  const stretch = stretchOf(index.starts, port);
  const any = index.anyPort;
  const entries = index.entries;
  const end = index.offsets[stretch + 1]!;
  let a = 0;
  let e = index.offsets[stretch]!;
  const out: number[] = [];
  while (a < any.length || e < end)
    out.push(e >= end || (a < any.length && any[a]! < entries[e]!) ? any[a++]! : entries[e++]!);
  return out;
}
