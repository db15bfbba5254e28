import type { Inventory } from '../../../src/inventory/inventory.ts';
import { JitEngine } from '../../../src/jit/engine.ts';
import { InMemoryNetworkAdapter } from '../../../src/jit/memory-adapter.ts';
import { findSnapshotPolicy } from '../../../src/jit/policy.ts';
import type { RequestInput } from '../../../src/jit/request.ts';
import { loadEstate, stateDir, WEB_01 } from './estate.ts';
import { FakeClock } from './fake-clock.ts';

export interface EnabledEstate {
  inventory: Inventory;
  dir: string;
  clock: FakeClock;
  adapter: InMemoryNetworkAdapter;
  engine: JitEngine;
}

/** The fixture estate in memory with vm-web-01 enabled under the snapshot's JIT policy, at a fake 10:00. */
export async function enabledWeb01(): Promise<EnabledEstate> {
  const inventory = await loadEstate();
  const dir = await stateDir();
  const clock = new FakeClock('2025-03-01T10:00:00Z');
  const adapter = InMemoryNetworkAdapter.fromInventory(inventory);
  const engine = new JitEngine({ stateDir: dir, adapter, clock });
  const policy = findSnapshotPolicy(inventory, WEB_01)!;
  const enabled = await engine.enable({
    vm: 'vm-web-01',
    ports: policy.ports,
    policy: policy.policy,
    user: 'alice',
  });
  if (!enabled.result.enabled) throw new Error(`fixture: enable refused: ${JSON.stringify(enabled.result)}`);
  return { inventory, dir, clock, adapter, engine };
}

/** Bob asks for SSH to vm-web-01 from 203.0.113.7 for an hour: within the fixture policy. */
export const BOB_SSH: RequestInput = {
  vm: 'vm-web-01',
  ports: [22],
  duration: '1h',
  requesterIp: '203.0.113.7',
  user: 'bob',
  justification: 'x',
};
