import { describe, expect, it } from 'vitest';
import { benchNetwork, networkBenchEstate } from '../../bench/network.ts';
import { Inventory } from '../../src/inventory/inventory.ts';
import { NetworkEngine } from '../../src/network/engine.ts';

describe('bench/network', () => {
  it('builds NSGs of 200 rules each, every one read without a problem', () => {
    const resources = networkBenchEstate(40);
    const nsgs = resources.filter((r) => r.type === 'Microsoft.Network/networkSecurityGroups');
    expect(nsgs).toHaveLength(40);
    const inventory = new Inventory();
    for (const r of resources) inventory.add(r);
    const engine = new NetworkEngine(inventory);
    for (const nsg of nsgs) {
      const rules = engine.rulesOf(nsg);
      expect(rules.problems).toEqual([]);
      expect(rules.inbound.length + rules.outbound.length).toBe(206);
      // Each NSG's rules carry its own IDs, though the generated rule lists are shared.
      expect(rules.inbound[0]!.id.startsWith(`${nsg.id}/`)).toBe(true);
    }
  });

  it('agrees with the plain evaluator on every verdict the engine is sure of', async () => {
    const [verify, exposure] = await benchNetwork(20, 5000);
    expect(verify!.limits?.map((l) => [l.what, l.value])).toEqual([
      ['verdicts that differ from the plain evaluator', 0],
    ]);
    expect(exposure!.throughput).toMatch(/VMs \([\d,]+ exposed port ranges found\)/);
  });
});
