import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/jit/audit.ts';
import type { JitEngine } from '../../src/jit/engine.ts';
import type { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import type { RequestInput } from '../../src/jit/request.ts';
import type { Grant } from '../../src/jit/state.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { enabledWeb01 } from './support/enabled.ts';
import { cleanup, duplicatePriorities, jitAllowRules, NIC_NSG, SUBNET_NSG } from './support/estate.ts';
import type { FakeClock } from './support/fake-clock.ts';

const MINUTE = 60_000;
let clock: FakeClock;
let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;

beforeEach(async () => {
  ({ clock, adapter, engine } = await enabledWeb01());
});
afterEach(cleanup);

async function grant(patch: Partial<RequestInput>): Promise<Grant> {
  const { result } = await engine.request({
    vm: 'vm-web-01',
    ports: [22],
    duration: '1h',
    requesterIp: '203.0.113.7',
    user: 'bob',
    justification: 'work',
    ...patch,
  });
  if (!result.granted) throw new Error(JSON.stringify(result.reasons));
  return result.grant;
}

const sources = (rules: JsonObject[]) =>
  jitAllowRules(rules).map((r) => {
    const p = r.properties as { destinationPortRange: string; sourceAddressPrefix: string };
    return `${p.destinationPortRange}<-${p.sourceAddressPrefix}`;
  });

describe('overlapping requests', () => {
  it('a newer request for the same port replaces the open one (NewerRequestInitiated)', async () => {
    const first = await grant({ requesterIp: '203.0.113.7', user: 'bob' });
    clock.advance(10 * MINUTE);
    const second = await grant({ requesterIp: '203.0.113.9', user: 'carol', duration: '30m' });
    expect(sources(adapter.rules(NIC_NSG))).toEqual(['22<-203.0.113.9']);
    expect(sources(adapter.rules(SUBNET_NSG))).toEqual(['22<-203.0.113.9']);
    const { result } = await engine.list();
    expect(result.grants.map((g) => [g.id, g.ports[0]!.status, g.ports[0]!.statusReason])).toEqual([
      [first.id, 'Revoked', 'NewerRequestInitiated'],
      [second.id, 'Initiated', 'UserRequested'],
    ]);
    expect(auditTrail(result.events).at(-1)!.why).toBe(
      `work (replaces ${first.id} port 22: NewerRequestInitiated)`,
    );
    // The newer, shorter grant decides: the port closes at its end, not the first one's.
    clock.advance(30 * MINUTE);
    await engine.reconcile();
    expect(sources(adapter.rules(NIC_NSG))).toEqual([]);
  });

  it('the same requester asking again extends the grant', async () => {
    await grant({ duration: '1h' });
    clock.advance(50 * MINUTE);
    const again = await grant({ duration: '1h' });
    expect(again.ports[0]!.endTimeUtc).toBe('2025-03-01T11:50:00.000Z');
    clock.advance(20 * MINUTE);
    await engine.reconcile();
    expect(sources(adapter.rules(NIC_NSG))).toEqual(['22<-203.0.113.7']);
    clock.advance(40 * MINUTE);
    await engine.reconcile();
    expect(sources(adapter.rules(NIC_NSG))).toEqual([]);
  });

  it('requests for different ports stand side by side, at different priorities, each ending on its own', async () => {
    await grant({ ports: [22], duration: '1h' });
    await grant({ ports: [3389], duration: '20m', requesterIp: '198.51.100.7', user: 'dan' });
    expect(sources(adapter.rules(NIC_NSG)).sort()).toEqual(['22<-203.0.113.7', '3389<-198.51.100.7']);
    expect(duplicatePriorities(adapter.rules(NIC_NSG))).toEqual([]);
    expect(duplicatePriorities(adapter.rules(SUBNET_NSG))).toEqual([]);
    clock.advance(20 * MINUTE);
    await engine.reconcile();
    expect(sources(adapter.rules(NIC_NSG))).toEqual(['22<-203.0.113.7']);
  });

  it('a request that overlaps on one port replaces that port only', async () => {
    const wide = await grant({ ports: [22, 3389], duration: '1h' });
    clock.advance(5 * MINUTE);
    const narrow = await grant({ ports: [22], duration: '2h', requesterIp: '203.0.113.20', user: 'erin' });
    expect(sources(adapter.rules(NIC_NSG)).sort()).toEqual(['22<-203.0.113.20', '3389<-203.0.113.7']);
    const { result } = await engine.list();
    expect(result.grants.find((g) => g.id === wide.id)!.ports.map((p) => [p.number, p.statusReason])).toEqual(
      [
        [22, 'NewerRequestInitiated'],
        [3389, 'UserRequested'],
      ],
    );
    clock.set('2025-03-01T11:00:00Z');
    await engine.reconcile();
    expect(sources(adapter.rules(NIC_NSG))).toEqual(['22<-203.0.113.20']);
    expect(narrow.ports[0]!.endTimeUtc).toBe('2025-03-01T12:05:00.000Z');
  });
});
