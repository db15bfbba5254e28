import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkAdapter, VmLookup } from '../../src/jit/adapter.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import { findSnapshotPolicy } from '../../src/jit/policy.ts';
import { isJitAllowRuleName } from '../../src/jit/rule-names.ts';
import { type SecurityRule, viewRule } from '../../src/jit/security-rule.ts';
import { STATE_FILES } from '../../src/jit/session.ts';
import { SnapshotNetworkAdapter } from '../../src/jit/snapshot-adapter.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { BOB_SSH } from './support/enabled.ts';
import {
  cleanup,
  duplicatePriorities,
  jitAllowRules,
  loadEstate,
  SUBNET_NSG,
  stateDir,
  WEB_01,
} from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

afterEach(cleanup);

const PORT = (number: number) => ({
  number,
  protocol: 'TCP' as const,
  allowedSourceAddressPrefix: '*',
  maxRequestAccessDuration: 'PT3H',
});

describe('concurrent requests on one NSG', () => {
  it('two processes sharing the state directory take turns: every grant gets its own priority', async () => {
    const dir = await stateDir();
    const clock = new FakeClock('2025-03-01T10:00:00Z');
    const processes = await Promise.all(
      [1, 2].map(async () => {
        const adapter = new SnapshotNetworkAdapter(await loadEstate(), join(dir, STATE_FILES.overlay));
        return { adapter, engine: new JitEngine({ stateDir: dir, adapter, clock, lock: { pollMs: 1 } }) };
      }),
    );
    const [a, b] = processes as [(typeof processes)[0], (typeof processes)[0]];
    const policy = findSnapshotPolicy(await loadEstate(), WEB_01)!;
    await a.engine.enable({ vm: 'vm-web-01', ports: policy.ports, policy: policy.policy, user: 'alice' });
    await b.engine.enable({ vm: 'vm-web-02', ports: [PORT(22), PORT(3389), PORT(5985)], user: 'alice' });

    // vm-web-01 and vm-web-02 share the subnet NSG; the two engines fire at once.
    const requests = [
      a.engine.request({
        vm: 'vm-web-01',
        ports: [22],
        duration: '1h',
        requesterIp: '203.0.113.7',
        user: 'bob',
        justification: 'a',
      }),
      b.engine.request({
        vm: 'vm-web-02',
        ports: [22, 3389],
        duration: '1h',
        source: '192.0.2.0/24',
        user: 'carol',
        justification: 'b',
      }),
      a.engine.request({
        vm: 'vm-web-01',
        ports: [3389],
        duration: '30m',
        requesterIp: '198.51.100.7',
        user: 'dan',
        justification: 'c',
      }),
      b.engine.request({
        vm: 'vm-web-02',
        ports: [5985],
        duration: '2h',
        source: '192.0.2.7',
        user: 'erin',
        justification: 'd',
      }),
    ];
    const outcomes = await Promise.all(requests);
    expect(outcomes.map((o) => o.result.granted)).toEqual([true, true, true, true]);

    const rules = await a.adapter.listRules(SUBNET_NSG);
    expect(jitAllowRules(rules)).toHaveLength(5);
    expect(duplicatePriorities(rules)).toEqual([]);
    const granted = outcomes.flatMap((o) =>
      o.result.granted
        ? o.result.grant.ports.flatMap((p) => p.rules.filter((r) => r.nsgId === SUBNET_NSG))
        : [],
    );
    // What each grant reports is what the NSG holds.
    expect(granted.map((r) => r.rule.properties.priority).sort()).toEqual(
      jitAllowRules(rules)
        .map((r) => viewRule(r).priority)
        .sort(),
    );
    const grantIds = outcomes.map((o) => (o.result.granted ? o.result.grant.id : ''));
    expect(new Set(grantIds).size).toBe(4);
  });

  it('a rule another writer puts at the chosen priority first is respected: the grant moves to the next free one', async () => {
    const inventory = await loadEstate();
    const inner = InMemoryNetworkAdapter.fromInventory(inventory);
    const racing = new RacingAdapter(inner);
    const engine = new JitEngine({
      stateDir: await stateDir(),
      adapter: racing,
      clock: new FakeClock('2025-03-01T10:00:00Z'),
    });
    const policy = findSnapshotPolicy(inventory, WEB_01)!;
    await engine.enable({ vm: 'vm-web-01', ports: policy.ports, policy: policy.policy, user: 'alice' });
    racing.armed = true;
    const { result } = await engine.request(BOB_SSH);
    expect(result.granted).toBe(true);
    const rules = inner.rules(SUBNET_NSG);
    expect(duplicatePriorities(rules)).toEqual([]);
    const foreign = rules.find((r) => viewRule(r).name === 'PortalUserRule')!;
    const ours = jitAllowRules(rules)[0]!;
    expect(viewRule(ours).priority).toBe(viewRule(foreign).priority! + 1);
  });
});

/** Another writer (a person in the portal, another tool) who adds a rule at the very priority Vigil chose. */
class RacingAdapter implements NetworkAdapter {
  armed = false;

  constructor(private readonly inner: InMemoryNetworkAdapter) {}

  findVm(ref: string): Promise<VmLookup> {
    return this.inner.findVm(ref);
  }

  listRules(nsgId: string): Promise<JsonObject[]> {
    return this.inner.listRules(nsgId);
  }

  async putRule(nsgId: string, rule: SecurityRule): Promise<void> {
    if (this.armed && isJitAllowRuleName(rule.name)) {
      this.armed = false;
      await this.inner.putRule(nsgId, {
        name: 'PortalUserRule',
        properties: {
          ...rule.properties,
          description: 'added in the portal',
          access: 'Deny',
          sourceAddressPrefix: '192.0.2.66',
        },
      });
    }
    return this.inner.putRule(nsgId, rule);
  }

  removeRule(nsgId: string, ruleName: string): Promise<boolean> {
    return this.inner.removeRule(nsgId, ruleName);
  }
}
