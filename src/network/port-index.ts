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
  // Typed arrays sized by a first count: an index is built for every NSG compiled, of a dozen rules or so.
  let anyCount = 0;
  let cutCount = 1;
  for (let k = 0; k < rules.length; k++) {
    if (rules[k]!.anyDestinationPort) anyCount++;
    else cutCount += rules[k]!.destinationPorts.length;
  }
  const anyPort = new Int32Array(anyCount);
  const cuts = new Int32Array(cutCount);
  let a = 0;
  let c = 1;
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k]!;
    if (rule.anyDestinationPort) {
      anyPort[a++] = k;
      continue;
    }
    const ports = rule.destinationPorts;
    for (let j = 0; j < ports.length; j += 2) {
      cuts[c++] = ports[j]!;
      if (ports[j + 1]! < 65535) cuts[c++] = ports[j + 1]! + 1;
    }
  }
  const starts = distinct(cuts.subarray(0, c).sort());
  const offsets = new Int32Array(starts.length + 1);
  const sizes = new Int32Array(starts.length);
  placeRules(rules, starts, sizes);
  let total = 0;
  for (let s = 0; s < starts.length; s++) {
    offsets[s] = total;
    total += sizes[s]!;
  }
  offsets[starts.length] = total;
  const entries = new Int32Array(total);
  placeRules(rules, starts, offsets.slice(0, starts.length), entries);
  return { anyPort, starts, offsets, entries };
}

/** The values of a sorted array, each once. */
function distinct(sorted: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

/**
 * Each rule for a stretch of its ports, in rule order: counted into `at[stretch]`, or, with
 * `entries`, written to `entries[at[stretch]++]`. A rule listing overlapping ranges lands in a stretch once.
 */
function placeRules(
  rules: readonly CompiledRule[],
  starts: Int32Array,
  at: Int32Array,
  entries?: Int32Array,
): void {
  const last = new Int32Array(starts.length).fill(-1);
  for (let k = 0; k < rules.length; k++) {
    const rule = rules[k]!;
    if (rule.anyDestinationPort) continue;
    const ports = rule.destinationPorts;
    for (let j = 0; j < ports.length; j += 2) {
      for (let s = stretchOf(starts, ports[j]!); s < starts.length && starts[s]! <= ports[j + 1]!; s++) {
        if (last[s] === k) continue;
        last[s] = k;
        if (entries === undefined) at[s]!++;
        else entries[at[s]!++] = k;
      }
    }
  }
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
