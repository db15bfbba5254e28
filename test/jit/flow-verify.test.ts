import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { applyOverlay, readOverlay } from '../../src/jit/overlay.ts';
import { findSnapshotPolicy } from '../../src/jit/policy.ts';
import { isJitAllowRuleName, isJitDenyRuleName } from '../../src/jit/rule-names.ts';
import { STATE_FILES } from '../../src/jit/session.ts';
import { SnapshotNetworkAdapter } from '../../src/jit/snapshot-adapter.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { verifyFlow } from '../../src/network/flow-verify.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { cleanup, ESTATE, loadEstate, stateDir, WEB_01 } from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

/**
 * What JIT writes, checked by Vigil's NSG engine (src/network) as IP flow verify would: the snapshot with
 * the overlay applied the way a later `vigil net --overlay` would apply it (overlay.ts).
 */
let dir: string;
let clock: FakeClock;
let engine: JitEngine;

beforeEach(async () => {
  dir = await stateDir();
  clock = new FakeClock('2025-03-01T10:00:00Z');
  const inventory = await loadEstate();
  engine = new JitEngine({
    stateDir: dir,
    adapter: new SnapshotNetworkAdapter(inventory, join(dir, STATE_FILES.overlay)),
    clock,
  });
  const policy = findSnapshotPolicy(inventory, WEB_01)!;
  await engine.enable({ vm: 'vm-web-01', ports: policy.ports, policy: policy.policy, user: 'alice' });
});
afterEach(cleanup);

async function sshFrom(remote: string) {
  const overlay = await readOverlay(join(dir, STATE_FILES.overlay));
  const resources = JSON.parse(await readFile(ESTATE, 'utf8')) as Resource[];
  const inventory = new Inventory();
  for (const resource of resources) {
    if (resource.type === 'Microsoft.Network/networkSecurityGroups') {
      const properties = resource.properties as JsonObject;
      properties.securityRules = applyOverlay(resource.id, properties.securityRules as JsonObject[], overlay);
    }
    inventory.add(resource);
  }
  const result = verifyFlow(new NetworkEngine(inventory), {
    vm: 'vm-web-01',
    direction: 'Inbound',
    protocol: 'Tcp',
    remoteAddress: remote,
    remotePort: undefined,
    localPort: 22,
    localAddress: undefined,
  });
  if ('error' in result) throw new Error(result.error);
  return result;
}

describe('JIT rules as IP flow verify sees them', () => {
  it('the deny rule decides for everyone while nothing is granted', async () => {
    const result = await sshFrom('203.0.113.7');
    expect(result.access).toBe('Deny');
    expect(isJitDenyRuleName(result.ruleName!)).toBe(true);
    expect(result.priority).toBe(1000);
  });

  it('a grant lets the requester in through both NSGs, and no one else; expiry closes it again', async () => {
    await engine.request({
      vm: 'vm-web-01',
      ports: [22],
      duration: '1h',
      requesterIp: '203.0.113.7',
      user: 'bob',
      justification: 'x',
    });
    const allowed = await sshFrom('203.0.113.7');
    expect(allowed.access).toBe('Allow');
    expect(allowed.chain.map((s) => [s.level, s.access, isJitAllowRuleName(s.ruleName ?? '')])).toEqual([
      ['subnet', 'Allow', true],
      ['nic', 'Allow', true],
    ]);
    const other = await sshFrom('203.0.113.8');
    expect([other.access, isJitDenyRuleName(other.ruleName!)]).toEqual(['Deny', true]);

    clock.advance(60 * 60_000);
    await engine.reconcile();
    expect((await sshFrom('203.0.113.7')).access).toBe('Deny');
  });
});
