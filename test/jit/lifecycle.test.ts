import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/jit/audit.ts';
import type { JitEngine } from '../../src/jit/engine.ts';
import type { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import { isJitAllowRuleName, isJitDenyRuleName } from '../../src/jit/rule-names.ts';
import { viewRule } from '../../src/jit/security-rule.ts';
import { enabledWeb01 } from './support/enabled.ts';
import {
  cleanup,
  jitAllowRules,
  LEFTOVER_DEFENDER_RULE,
  NIC_NSG,
  SUBNET_NSG,
  WEB_01,
} from './support/estate.ts';
import type { FakeClock } from './support/fake-clock.ts';

const MINUTE = 60_000;

let clock: FakeClock;
let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;

beforeEach(async () => {
  ({ clock, adapter, engine } = await enabledWeb01());
});
afterEach(cleanup);

describe('the JIT life cycle, with a fake clock', () => {
  it('enable writes the deny rule in both NSGs on the path, as Defender names and shapes it', () => {
    for (const nsg of [SUBNET_NSG, NIC_NSG]) {
      const denies = adapter.rules(nsg).filter((r) => isJitDenyRuleName(viewRule(r).name));
      expect(denies).toHaveLength(1);
      expect(denies[0]!.properties).toEqual({
        description: "ASC JIT Network Access rule for policy 'default' of VM 'vm-web-01'.",
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRanges: ['22', '3389'],
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '10.0.1.4',
        access: 'Deny',
        priority: 1000,
        direction: 'Inbound',
      });
    }
  });

  it('enable removes the JIT allow rule Defender left in a managed NSG, with no record of it', async () => {
    expect(adapter.rules(SUBNET_NSG).map((r) => viewRule(r).name)).not.toContain(LEFTOVER_DEFENDER_RULE);
    const { result } = await engine.list();
    const audit = auditTrail(result.events);
    expect(audit[1]).toMatchObject({
      actor: 'vigil',
      action: 'reconcile',
      what: `removed ${LEFTOVER_DEFENDER_RULE} from nsg-snet-web`,
      why: 'no grant in the journal accounts for it',
    });
  });

  it('request → allow rule before the deny, for that source only → expiry → reconcile removes it → audit shows each step', async () => {
    const granted = await engine.request({
      vm: 'vm-web-01',
      ports: [22],
      duration: '1h',
      requesterIp: '203.0.113.7',
      user: 'bob',
      justification: 'patch openssh',
    });
    expect(granted.result.granted).toBe(true);
    if (!granted.result.granted) return;
    const grant = granted.result.grant;
    expect(grant.ports[0]).toMatchObject({
      number: 22,
      status: 'Initiated',
      endTimeUtc: '2025-03-01T11:00:00.000Z',
    });

    // In the NIC NSG, 100 is free; in the subnet NSG, 100 is AllowHttpInbound and 102 was freed by enable.
    const expected = { [NIC_NSG]: 100, [SUBNET_NSG]: 101 };
    for (const [nsg, priority] of Object.entries(expected)) {
      const allows = jitAllowRules(adapter.rules(nsg));
      expect(allows).toHaveLength(1);
      expect(isJitAllowRuleName(viewRule(allows[0]!).name)).toBe(true);
      expect(allows[0]!.properties).toEqual({
        description:
          "ASC JIT Network Access rule created by an initiation request for policy 'default' of VM 'vm-web-01'.",
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: '22',
        sourceAddressPrefix: '203.0.113.7',
        destinationAddressPrefix: '10.0.1.4',
        access: 'Allow',
        priority,
        direction: 'Inbound',
      });
      const record = grant.ports[0]!.rules.find((r) => r.nsgId === nsg)!;
      expect(record.rule.name).toBe(viewRule(allows[0]!).name);
    }

    clock.advance(59 * MINUTE);
    const early = await engine.reconcile();
    expect(early.result.expired).toEqual([]);
    expect(early.result.nextDeadline).toBe('2025-03-01T11:00:00.000Z');
    expect(jitAllowRules(adapter.rules(NIC_NSG))).toHaveLength(1);

    clock.advance(MINUTE);
    const due = await engine.reconcile();
    expect(due.result.expired).toEqual([{ grantId: grant.id, vm: 'vm-web-01', ports: [22] }]);
    expect(due.result.removed.map((r) => [r.nsgName, r.reason])).toEqual([
      ['nsg-snet-web', 'expired'],
      ['nsg-web-01-nic', 'expired'],
    ]);
    expect(jitAllowRules(adapter.rules(NIC_NSG))).toEqual([]);
    expect(jitAllowRules(adapter.rules(SUBNET_NSG))).toEqual([]);
    expect(due.result.nextDeadline).toBeUndefined();

    const { result } = await engine.list();
    expect(result.grants[0]!.ports[0]).toMatchObject({ status: 'Revoked', statusReason: 'Expired' });
    expect(auditTrail(result.events).map((e) => [e.at, e.actor, e.action])).toEqual([
      ['2025-03-01T10:00:00.000Z', 'alice', 'enable'],
      ['2025-03-01T10:00:00.000Z', 'vigil', 'reconcile'],
      ['2025-03-01T10:00:00.000Z', 'bob', 'grant'],
      ['2025-03-01T11:00:00.000Z', 'vigil', 'expire'],
    ]);
    const grantEntry = auditTrail(result.events)[2]!;
    expect(grantEntry.what).toContain('port 22/TCP from 203.0.113.7 until 2025-03-01T11:00:00.000Z');
    expect(grantEntry.why).toBe('patch openssh');
  });

  it('revokes early: the rules go at once and the grant closes as UserRequested', async () => {
    const granted = await engine.request({
      vm: WEB_01,
      ports: [22, 3389],
      duration: 'PT30M',
      source: '203.0.113.0/28',
      user: 'bob',
      justification: 'maintenance',
    });
    if (!granted.result.granted) throw new Error('refused');
    expect(jitAllowRules(adapter.rules(NIC_NSG))).toHaveLength(2);
    clock.advance(5 * MINUTE);
    const revoked = await engine.revoke({ grantId: granted.result.grant.id, ports: [3389], user: 'carol' });
    expect(revoked.result.revoked).toEqual([
      { grantId: granted.result.grant.id, vm: 'vm-web-01', ports: [3389] },
    ]);
    const left = jitAllowRules(adapter.rules(NIC_NSG));
    expect(left.map((r) => (r.properties as { destinationPortRange: string }).destinationPortRange)).toEqual([
      '22',
    ]);
    const all = await engine.revoke({ vm: 'vm-web-01', user: 'carol' });
    expect(all.result.revoked[0]!.ports).toEqual([22]);
    expect(jitAllowRules(adapter.rules(NIC_NSG))).toEqual([]);
    const { result } = await engine.list();
    expect(result.grants[0]!.ports.map((p) => [p.number, p.status, p.statusReason])).toEqual([
      [22, 'Revoked', 'UserRequested'],
      [3389, 'Revoked', 'UserRequested'],
    ]);
    expect(
      auditTrail(result.events)
        .filter((e) => e.action === 'revoke')
        .map((e) => [e.actor, e.at]),
    ).toEqual([
      ['carol', '2025-03-01T10:05:00.000Z'],
      ['carol', '2025-03-01T10:05:00.000Z'],
    ]);
  });

  it('watch removes each rule at its expiry, not before, and looks again at least every maxWaitMs', async () => {
    await engine.request({
      vm: 'vm-web-01',
      ports: [22],
      duration: '20m',
      requesterIp: '203.0.113.7',
      user: 'bob',
      justification: 'a',
    });
    await engine.request({
      vm: 'vm-web-01',
      ports: [3389],
      duration: '45m',
      requesterIp: '198.51.100.7',
      user: 'dan',
      justification: 'b',
    });
    const seen: [string, number][] = [];
    const stop = new AbortController();
    await engine.watch({
      signal: stop.signal,
      maxWaitMs: 30 * MINUTE,
      sleep: async (ms) => clock.advance(ms),
      onPass: () => {
        seen.push([clock.now().toISOString(), jitAllowRules(adapter.rules(NIC_NSG)).length]);
        if (seen.length === 4) stop.abort();
      },
    });
    expect(seen).toEqual([
      ['2025-03-01T10:00:00.000Z', 2],
      ['2025-03-01T10:20:00.000Z', 1],
      ['2025-03-01T10:45:00.000Z', 0],
      ['2025-03-01T11:15:00.000Z', 0],
    ]);
  });
});
