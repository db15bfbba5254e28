import { describe, expect, it } from 'vitest';
import { Random } from '../../bench/estate/random.ts';
import type { CompiledRule } from '../../src/network/compiled-nsg.ts';
import { buildPortIndex, candidatesFor, stretchOf } from '../../src/network/port-index.ts';

/** Only the destination ports matter to the index; the rest of a compiled rule is not read. */
function rule(ports: '*' | [number, number][]): CompiledRule {
  return {
    anyDestinationPort: ports === '*',
    destinationPorts: Int32Array.from(ports === '*' ? [0, 65535] : ports.flat()),
  } as CompiledRule;
}

/** What the index must give: every rule for all ports or naming the port, in priority (list) order. */
function bruteForce(rules: CompiledRule[], port: number): number[] {
  return rules.flatMap((r, k) => {
    if (r.anyDestinationPort) return [k];
    for (let j = 0; j < r.destinationPorts.length; j += 2)
      if (r.destinationPorts[j]! <= port && port <= r.destinationPorts[j + 1]!) return [k];
    return [];
  });
}

describe('the port index', () => {
  const rules = [
    rule([[22, 22]]), // 0
    rule('*'), // 1
    rule([[3000, 4000]]), // 2
    rule([
      [3389, 3389],
      [3300, 3400],
    ]), // 3: overlapping ranges of one rule
    rule([[0, 0]]), // 4
    rule([[65535, 65535]]), // 5
    rule('*'), // 6
  ];
  const index = buildPortIndex(rules);

  it.each([
    [22, [0, 1, 6]],
    [23, [1, 6]],
    [3389, [1, 2, 3, 6]],
    [3299, [1, 2, 6]],
    [4001, [1, 6]],
    [0, [1, 4, 6]],
    [65535, [1, 5, 6]],
  ])('port %i: rules %j, merged in priority order', (port, expected) => {
    expect(candidatesFor(index, port)).toEqual(expected);
  });

  it('lists a rule whose ranges overlap once per stretch', () => {
    expect(candidatesFor(index, 3350).filter((k) => k === 3)).toEqual([3]);
  });

  it('finds the stretch a port falls in at both ends', () => {
    expect(stretchOf(index.starts, 0)).toBe(0);
    expect(index.starts[stretchOf(index.starts, 65535)]).toBe(65535);
    expect(index.starts[stretchOf(index.starts, 3388)]).toBe(3300);
  });

  it('agrees with a scan of every rule, for random rule sets and ports', () => {
    const random = new Random(11);
    for (let set = 0; set < 50; set++) {
      const list = Array.from({ length: random.int(0, 60) }, () => {
        if (random.chance(0.15)) return rule('*');
        return rule(
          Array.from({ length: random.int(1, 3) }, () => {
            const from = random.chance(0.5) ? random.pick([0, 22, 443, 3389, 65535]) : random.int(0, 65535);
            return [from, Math.min(65535, from + (random.chance(0.6) ? 0 : random.int(1, 2000)))] as [
              number,
              number,
            ];
          }),
        );
      });
      const built = buildPortIndex(list);
      for (let probe = 0; probe < 200; probe++) {
        const port = random.chance(0.3)
          ? random.pick([0, 1, 22, 443, 3389, 65534, 65535])
          : random.int(0, 65535);
        expect(candidatesFor(built, port)).toEqual(bruteForce(list, port));
      }
    }
  });
});
