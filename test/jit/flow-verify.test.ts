import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/inventory.ts';
import { withJitState } from '../../src/jit/current-estate.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { findSnapshotPolicy } from '../../src/jit/policy.ts';
import { isJitAllowRuleName, isJitDenyRuleName } from '../../src/jit/rule-names.ts';
import { STATE_FILES } from '../../src/jit/session.ts';
import { SnapshotNetworkAdapter } from '../../src/jit/snapshot-adapter.ts';
import { NetworkEngine } from '../../src/network/engine.ts';
import { verifyFlow } from '../../src/network/flow-verify.ts';
import { BOB_SSH } from './support/enabled.ts';
import { cleanup, loadEstate, stateDir, WEB_01 } from './support/estate.ts';
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
  const { inventory } = await withJitState(await loadEstate(), dir, clock);
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
    await engine.request(BOB_SSH);
    const allowed = await sshFrom('203.0.113.7');
    expect(allowed.access).toBe('Allow');
    expect(allowed.chain.map((s) => [s.level, s.access, isJitAllowRuleName(s.ruleName ?? '')])).toEqual([
      ['subnet', 'Allow', true],
      ['nic', 'Allow', true],
    ]);
    const other = await sshFrom('203.0.113.8');
    expect([other.access, isJitDenyRuleName(other.ruleName!)]).toEqual(['Deny', true]);

    clock.advance(60 * 60_000);
    expect((await sshFrom('203.0.113.7')).access).toBe('Deny'); // withJitState reconciles first
  });

  it("the estate carries the JIT policy, merged with the snapshot's, and the reconcile it ran", async () => {
    await engine.request(BOB_SSH);
    clock.advance(61 * 60_000);
    const { inventory, notices } = await withJitState(await loadEstate(), dir, clock);
    expect(notices.map((n) => n.message)).toContainEqual(
      expect.stringMatching(/^reconcile: expired g\d+: VM vm-web-01 port 22/),
    );
    const policies = inventory.byType('Microsoft.Security/locations/jitNetworkAccessPolicies');
    expect(policies).toHaveLength(1);
    const properties = policies[0]!.properties as { virtualMachines: { id: string }[]; requests: unknown[] };
    expect(properties.virtualMachines.map((vm) => vm.id)).toEqual([WEB_01]);
    expect(properties.requests).toHaveLength(1);
    const vms = (i: Inventory) => i.byType('Microsoft.Compute/virtualMachines').map((vm) => vm.id);
    expect(vms(inventory)).toEqual(vms(await loadEstate()));
  });

  it('refuses a directory with no journal, naming it', async () => {
    await expect(withJitState(await loadEstate(), join(dir, 'elsewhere'), clock)).rejects.toThrow(
      /elsewhere holds no JIT journal/,
    );
  });
});
