import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkAdapter } from '../../src/jit/adapter.ts';
import { auditTrail } from '../../src/jit/audit.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { findSnapshotPolicy } from '../../src/jit/policy.ts';
import { STATE_FILES } from '../../src/jit/session.ts';
import { SnapshotNetworkAdapter } from '../../src/jit/snapshot-adapter.ts';
import { CrashingAdapter } from './support/crashing-adapter.ts';
import {
  cleanup,
  ESTATE,
  jitAllowRules,
  loadEstate,
  NIC_NSG,
  SUBNET_NSG,
  stateDir,
  WEB_01,
} from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

afterEach(cleanup);

const MINUTE = 60_000;
const START = '2025-03-01T10:00:00Z';

/**
 * Each "process" loads the snapshot afresh and keeps nothing in memory but what it reads from the state
 * directory: the journal, and the NSG overlay that stands in for the NSGs themselves.
 */
async function process_(dir: string, clock: FakeClock, wrap?: (a: NetworkAdapter) => NetworkAdapter) {
  const inventory = await loadEstate();
  const snapshot = new SnapshotNetworkAdapter(inventory, join(dir, STATE_FILES.overlay));
  const adapter = wrap ? wrap(snapshot) : snapshot;
  return {
    engine: new JitEngine({ stateDir: dir, adapter, clock, lock: { timeoutMs: 2000 } }),
    nsg: snapshot,
  };
}

async function enabledState(clock: FakeClock): Promise<string> {
  const dir = await stateDir();
  const { engine } = await process_(dir, clock);
  const policy = findSnapshotPolicy(await loadEstate(), WEB_01)!;
  await engine.enable({ vm: 'vm-web-01', ports: policy.ports, policy: policy.policy, user: 'alice' });
  return dir;
}

const REQUEST = {
  vm: 'vm-web-01',
  ports: [22],
  duration: '1h',
  requesterIp: '203.0.113.7',
  user: 'bob',
  justification: 'patch',
};

describe('a crash between grant and expiry', () => {
  it('leaves the rule to a new process, which keeps it until the end time and removes it on time', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    const before = await readFile(ESTATE, 'utf8');
    {
      const { engine } = await process_(dir, clock);
      const granted = await engine.request(REQUEST);
      expect(granted.result.granted).toBe(true);
    }
    // The first process dies holding the lock: its pid no longer runs.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await writeFile(
      join(dir, STATE_FILES.lock),
      JSON.stringify({ pid: dead, host: hostname(), since: START, token: 'x' }),
    );

    clock.advance(30 * MINUTE);
    const second = await process_(dir, clock);
    const midway = await second.engine.reconcile();
    expect(midway.notices[0]?.message).toContain(`took over a stale lock of process ${dead}`);
    expect(midway.result.removed).toEqual([]);
    expect(jitAllowRules(await second.nsg.listRules(NIC_NSG))).toHaveLength(1);

    clock.advance(30 * MINUTE);
    const third = await process_(dir, clock);
    const due = await third.engine.reconcile();
    expect(due.result.expired.map((e) => e.ports)).toEqual([[22]]);
    expect(jitAllowRules(await third.nsg.listRules(NIC_NSG))).toEqual([]);
    expect(jitAllowRules(await third.nsg.listRules(SUBNET_NSG))).toEqual([]);
    expect(await readFile(ESTATE, 'utf8')).toBe(before);
  });

  it('a process that starts long after the end time removes the rule at once', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    await (await process_(dir, clock)).engine.request(REQUEST);
    clock.advance(24 * 60 * MINUTE);
    const later = await process_(dir, clock);
    const outcome = await later.engine.list();
    expect(outcome.reconcile.expired).toHaveLength(1);
    expect(jitAllowRules(await later.nsg.listRules(NIC_NSG))).toEqual([]);
  });
});

describe('a crash in the middle of an operation', () => {
  it('after the allow rule was put and before the grant was recorded: the next process removes the unrecorded rule', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    await (await process_(dir, clock)).engine.request(REQUEST);
    // Undo the grant's line: the state a crash just before the journal write leaves.
    const journal = join(dir, STATE_FILES.journal);
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!).type).toBe('granted');
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);

    clock.advance(MINUTE);
    const next = await process_(dir, clock);
    const outcome = await next.engine.reconcile();
    expect(outcome.result.removed.map((r) => [r.nsgName, r.reason])).toEqual([
      ['nsg-snet-web', 'unknown'],
      ['nsg-web-01-nic', 'unknown'],
    ]);
    expect(jitAllowRules(await next.nsg.listRules(NIC_NSG))).toEqual([]);
  });

  it('while the grant line was being written: the torn line is reported and set aside, and the rule removed', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    await (await process_(dir, clock)).engine.request(REQUEST);
    const journal = join(dir, STATE_FILES.journal);
    const text = await readFile(journal, 'utf8');
    const cut = text.length - 40;
    await writeFile(journal, text.slice(0, cut));

    const next = await process_(dir, clock);
    const outcome = await next.engine.reconcile();
    expect(outcome.notices).toContainEqual({
      level: 'warning',
      message: expect.stringMatching(
        /journal\.jsonl: line \d+ was cut short \(\d+ bytes, a crash while writing\); it was set aside in .*journal\.jsonl\.torn and ignored/,
      ),
    });
    expect(outcome.result.removed.map((r) => r.reason)).toEqual(['unknown', 'unknown']);
    expect(jitAllowRules(await next.nsg.listRules(SUBNET_NSG))).toEqual([]);
    const audit = auditTrail((await next.engine.list()).result.events);
    expect(audit.map((e) => e.action)).toEqual(['enable', 'reconcile', 'repair', 'reconcile']);
    expect(await readFile(`${journal}.torn`, 'utf8')).toBe(
      `${text.slice(text.lastIndexOf('\n', cut - 1) + 1, cut)}\n`,
    );
  });

  it('between putting the first and the second allow rule: the orphan is removed as unrecorded', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    const crashing = await process_(dir, clock, (a) => new CrashingAdapter(a, 'putRule', 2));
    await expect(crashing.engine.request(REQUEST)).rejects.toThrow('simulated crash');
    expect(jitAllowRules(await crashing.nsg.listRules(SUBNET_NSG))).toHaveLength(1);
    const next = await process_(dir, clock);
    const outcome = await next.engine.reconcile();
    expect(outcome.result.removed.map((r) => [r.nsgName, r.reason])).toEqual([['nsg-snet-web', 'unknown']]);
    expect((await next.engine.list()).result.grants).toEqual([]);
  });

  it('after expiry was recorded and before the rules were removed: the next process removes them', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    await (await process_(dir, clock)).engine.request(REQUEST);
    clock.advance(60 * MINUTE);
    const crashing = await process_(dir, clock, (a) => new CrashingAdapter(a, 'removeRule', 1));
    await expect(crashing.engine.reconcile()).rejects.toThrow('simulated crash');
    expect(jitAllowRules(await crashing.nsg.listRules(NIC_NSG))).toHaveLength(1);
    const next = await process_(dir, clock);
    const outcome = await next.engine.reconcile();
    expect(outcome.result.expired).toEqual([]);
    expect(outcome.result.removed.map((r) => r.reason)).toEqual(['expired', 'expired']);
    expect(jitAllowRules(await next.nsg.listRules(NIC_NSG))).toEqual([]);
  });

  it('after a revoke was recorded and before the rules were removed: the next process removes them', async () => {
    const clock = new FakeClock(START);
    const dir = await enabledState(clock);
    const granted = await (await process_(dir, clock)).engine.request(REQUEST);
    if (!granted.result.granted) throw new Error('refused');
    const crashing = await process_(dir, clock, (a) => new CrashingAdapter(a, 'removeRule', 1));
    await expect(crashing.engine.revoke({ grantId: granted.result.grant.id, user: 'bob' })).rejects.toThrow(
      'simulated crash',
    );
    const next = await process_(dir, clock);
    const outcome = await next.engine.reconcile();
    expect(outcome.result.removed.map((r) => [r.reason, r.grantId])).toEqual([
      ['revoked', granted.result.grant.id],
      ['revoked', granted.result.grant.id],
    ]);
  });
});
