import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/jit/audit.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import { findSnapshotPolicy } from '../../src/jit/policy.ts';
import { viewRule } from '../../src/jit/security-rule.ts';
import { loadSnapshots } from '../../src/sources/snapshot/load.ts';
import { cleanup, ESTATE, LEFTOVER_DEFENDER_RULE, SUBNET_NSG, stateDir, WEB_01 } from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

afterEach(cleanup);

/**
 * The fixture estate's subnet NSG holds Defender's allow rule for vm-web-01 (22 from 192.0.2.10 to 10.0.1.4,
 * priority 102). Azure keeps such a rule until its request's endTimeUtc ("access is revoked when the
 * requested time ends": MicrosoftDocs/azure-docs articles/defender-for-cloud/just-in-time-access-overview.md),
 * so enabling Vigil's JIT on the VM must keep it until then too.
 */
function defenderRequest(source: string, endTimeUtc: string, status = 'Initiated') {
  return {
    virtualMachines: [
      {
        id: WEB_01,
        ports: [
          {
            number: 22,
            allowedSourceAddressPrefix: source,
            endTimeUtc,
            status,
            statusReason: status === 'Initiated' ? 'UserRequested' : 'Expired',
          },
        ],
      },
    ],
    startTimeUtc: '2025-03-01T09:00:00.0000000Z',
    requestor: 'carol@contoso.com',
    justification: 'patching',
  };
}

/** The fixture estate with the given requests in its JIT policy, enabled on vm-web-01 at a fake 10:00. */
async function enableWith(requests: unknown[]) {
  const resources = JSON.parse(await readFile(ESTATE, 'utf8')) as { type: string; properties: object }[];
  const policy = resources.find((r) => r.type.toLowerCase().endsWith('jitnetworkaccesspolicies'))!;
  policy.properties = { ...policy.properties, requests };
  const dir = await stateDir();
  const file = join(dirname(dir), 'estate.json');
  await writeFile(file, JSON.stringify(resources));
  const loaded = await loadSnapshots([file]);
  if (loaded.errors.length > 0) throw new Error(JSON.stringify(loaded.errors));
  const clock = new FakeClock('2025-03-01T10:00:00Z');
  const adapter = InMemoryNetworkAdapter.fromInventory(loaded.inventory);
  const engine = new JitEngine({ stateDir: dir, adapter, clock });
  const snapshot = findSnapshotPolicy(loaded.inventory, WEB_01)!;
  const outcome = await engine.enable({
    vm: 'vm-web-01',
    ports: snapshot.ports,
    policy: snapshot.policy,
    user: 'alice',
    requests: snapshot.requests,
  });
  if (!outcome.result.enabled) throw new Error('enable refused');
  const defenderRulePresent = () =>
    adapter.rules(SUBNET_NSG).some((r) => viewRule(r).name === LEFTOVER_DEFENDER_RULE);
  return { engine, clock, result: outcome.result, cleanup: outcome.result.cleanup!, defenderRulePresent };
}

describe("enable takes over Defender's open requests", () => {
  it('keeps the allow rule of an open request until its endTimeUtc, then removes it', async () => {
    const { engine, clock, result, cleanup, defenderRulePresent } = await enableWith([
      defenderRequest('192.0.2.10', '2025-03-01T13:00:00.0000000Z'),
    ]);
    expect(result.notImported).toEqual([]);
    expect(
      result.imported.map((g) => [
        g.requestor,
        g.ports.map((p) => [p.number, p.source, p.endTimeUtc, p.rules.map((r) => r.rule.name)]),
      ]),
    ).toEqual([
      ['carol@contoso.com', [[22, '192.0.2.10', '2025-03-01T13:00:00.000Z', [LEFTOVER_DEFENDER_RULE]]]],
    ]);
    expect(cleanup.removed).toEqual([]);
    expect(defenderRulePresent()).toBe(true);

    clock.advance(179 * 60_000); // 12:59
    const before = await engine.reconcile();
    expect(before.result.removed).toEqual([]);
    expect(before.result.nextDeadline).toBe('2025-03-01T13:00:00.000Z');
    expect(defenderRulePresent()).toBe(true);

    clock.advance(60_000); // 13:00
    const after = await engine.reconcile();
    expect(after.result.expired).toEqual([
      { grantId: result.imported[0]!.grantId, vm: 'vm-web-01', ports: [22] },
    ]);
    expect(after.result.removed.map((r) => [r.ruleName, r.reason])).toEqual([
      [LEFTOVER_DEFENDER_RULE, 'expired'],
    ]);
    expect(defenderRulePresent()).toBe(false);

    const { result: view } = await engine.list();
    const grant = auditTrail(view.events).find((e) => e.action === 'grant')!;
    expect([grant.actor, grant.why]).toEqual([
      'carol@contoso.com',
      `Defender request still open at enable, taken over from ${result.policy.id}: patching`,
    ]);
  });

  it.each([
    {
      name: 'a request that already ended',
      request: defenderRequest('192.0.2.10', '2025-03-01T09:30:00.0000000Z'),
      reason: 'ended at 2025-03-01T09:30:00.000Z',
    },
    {
      name: 'a request Defender already closed',
      request: defenderRequest('192.0.2.10', '2025-03-01T13:00:00Z', 'Revoked'),
      reason: 'status is Revoked, not Initiated',
    },
    {
      name: 'an open request whose allow rule is not in the NSG (another source)',
      request: defenderRequest('198.51.100.99', '2025-03-01T13:00:00Z'),
      reason: 'no JIT allow rule for port 22 from 198.51.100.99 to the VM is in its NSGs',
    },
  ])('does not import $name, and removes the unaccounted rule as before', async ({ request, reason }) => {
    const { result, cleanup, defenderRulePresent } = await enableWith([request]);
    expect(result.imported).toEqual([]);
    expect(result.notImported).toEqual([
      { field: 'properties.requests[0].virtualMachines[0].ports[0]', port: 22, reason },
    ]);
    expect(cleanup.removed.map((r) => [r.ruleName, r.reason])).toEqual([[LEFTOVER_DEFENDER_RULE, 'unknown']]);
    expect(defenderRulePresent()).toBe(false);
  });

  it('reads an endTimeUtc written without a zone as UTC, not local time', async () => {
    const { result } = await enableWith([defenderRequest('192.0.2.10', '2025-03-01T13:00:00')]);
    expect(result.imported.flatMap((g) => g.ports.map((p) => p.endTimeUtc))).toEqual([
      '2025-03-01T13:00:00.000Z',
    ]);
  });

  it('imports the same request once when enable runs again', async () => {
    const { engine, result } = await enableWith([defenderRequest('192.0.2.10', '2025-03-01T13:00:00Z')]);
    const again = await engine.enable({
      vm: 'vm-web-01',
      ports: [
        { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
      ],
      policy: result.policy,
      user: 'alice',
      requests: [
        {
          field: 'properties.requests[0].virtualMachines[0].ports[0]',
          request: 0,
          requestor: 'carol@contoso.com',
          justification: 'patching',
          startTimeUtc: '2025-03-01T09:00:00.000Z',
          number: 22,
          source: '192.0.2.10',
          endTimeUtc: '2025-03-01T13:00:00.000Z',
          status: 'Initiated',
        },
      ],
    });
    if (!again.result.enabled) throw new Error('refused');
    expect(again.result.imported).toEqual([]);
    expect(again.result.notImported.map((n) => n.reason)).toEqual([
      `its rule is already held by grant ${result.imported[0]!.grantId}`,
    ]);
  });
});
