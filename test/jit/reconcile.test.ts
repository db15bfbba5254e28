import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VmNetwork } from '../../src/jit/adapter.ts';
import { auditTrail } from '../../src/jit/audit.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { InMemoryNetworkAdapter, type MemoryNsg } from '../../src/jit/memory-adapter.ts';
import { isJitDenyRuleName } from '../../src/jit/rule-names.ts';
import { type SecurityRule, viewRule } from '../../src/jit/security-rule.ts';
import { STATE_FILES } from '../../src/jit/session.ts';
import type { Grant } from '../../src/jit/state.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { BOB_SSH, enabledWeb01 } from './support/enabled.ts';
import { cleanup, jitAllowRules, NIC_NSG, SUBNET_NSG } from './support/estate.ts';
import type { FakeClock } from './support/fake-clock.ts';

let dir: string;
let clock: FakeClock;
let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;
let grant: Grant;

beforeEach(async () => {
  ({ dir, clock, adapter, engine } = await enabledWeb01());
  const { result } = await engine.request(BOB_SSH);
  if (!result.granted) throw new Error('refused');
  grant = result.grant;
});
afterEach(cleanup);

const denyOf = (nsg: string) => adapter.rules(nsg).find((r) => isJitDenyRuleName(viewRule(r).name))!;
const asRule = (json: JsonObject) => json as unknown as SecurityRule;

describe('reconcile puts deny rules back', () => {
  it('when one was deleted, at its recorded priority', async () => {
    const deny = denyOf(NIC_NSG);
    await adapter.removeRule(NIC_NSG, viewRule(deny).name);
    const { result } = await engine.reconcile();
    expect(
      result.restored.map((r) => [r.kind, r.reason, r.record.nsgName, r.record.rule.properties.priority]),
    ).toEqual([['deny', 'missing', 'nsg-web-01-nic', 1000]]);
    expect(denyOf(NIC_NSG)).toEqual(deny);
  });

  it('when one was changed to let traffic in', async () => {
    const deny = denyOf(SUBNET_NSG);
    await adapter.putRule(SUBNET_NSG, {
      ...asRule(deny),
      properties: { ...asRule(deny).properties, access: 'Allow' },
    });
    const { result } = await engine.reconcile();
    expect(result.restored.map((r) => [r.kind, r.reason])).toEqual([['deny', 'changed']]);
    expect(denyOf(SUBNET_NSG)).toEqual(deny);
  });

  it('at a new priority when its own was taken, and the journal follows', async () => {
    await adapter.removeRule(NIC_NSG, viewRule(denyOf(NIC_NSG)).name);
    await adapter.putRule(NIC_NSG, {
      name: 'AllowMonitoring',
      properties: {
        description: '',
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: '9100',
        sourceAddressPrefix: '10.0.0.0/8',
        destinationAddressPrefix: '*',
        access: 'Allow',
        priority: 1000,
        direction: 'Inbound',
      },
    });
    const { result } = await engine.reconcile();
    expect(result.restored[0]?.record.rule.properties.priority).toBe(1001);
    const { result: view } = await engine.list();
    expect(view.enabled[0]!.denyRules.find((r) => r.nsgId === NIC_NSG)!.rule.properties.priority).toBe(1001);
  });

  it('in an NSG newly put on the VM path', async () => {
    await engine.enable({
      vm: 'vm-web-02',
      ports: [
        { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT1H' },
      ],
      user: 'alice',
    });
    const web02 = await network('vm-web-02');
    web02.attachments.push({
      nsgId: NIC_NSG,
      nsgName: 'nsg-web-01-nic',
      levels: ['nic'],
      privateIps: ['10.0.1.5'],
    });
    const next = new JitEngine({
      stateDir: dir,
      adapter: reshaped([await network('vm-web-01'), web02]),
      clock,
    });
    const { result } = await next.reconcile();
    expect(
      result.restored.map((r) => [
        r.reason,
        r.record.nsgName,
        r.record.rule.properties.destinationAddressPrefix,
      ]),
    ).toEqual([['new-nsg', 'nsg-web-01-nic', '10.0.1.5']]);
  });
});

async function network(vm: string): Promise<VmNetwork> {
  const found = await adapter.findVm(vm);
  if (!found.ok) throw new Error(found.message);
  return found.vm;
}

/** The NSGs as they are now, with the VMs (and any extra NSGs) given: a topology that changed after enable. */
function reshaped(vms: VmNetwork[], extra: MemoryNsg[] = []): InMemoryNetworkAdapter {
  return new InMemoryNetworkAdapter(vms, [
    { id: SUBNET_NSG, name: 'nsg-snet-web', rules: adapter.rules(SUBNET_NSG) },
    { id: NIC_NSG, name: 'nsg-web-01-nic', rules: adapter.rules(NIC_NSG) },
    ...extra,
  ]);
}

describe('reconcile and allow rules', () => {
  it('puts back an open grant whose rule was widened to any source', async () => {
    const [allow] = jitAllowRules(adapter.rules(NIC_NSG));
    await adapter.putRule(NIC_NSG, {
      ...asRule(allow!),
      properties: { ...asRule(allow!).properties, sourceAddressPrefix: '*' },
    });
    const { result } = await engine.reconcile();
    expect(result.restored.map((r) => [r.kind, r.reason, r.grantId, r.port])).toEqual([
      ['allow', 'changed', grant.id, 22],
    ]);
    expect(
      (jitAllowRules(adapter.rules(NIC_NSG))[0]!.properties as { sourceAddressPrefix: string })
        .sourceAddressPrefix,
    ).toBe('203.0.113.7');
  });

  it('closes a grant whose rule was deleted, and removes its rule from the other NSG', async () => {
    const [allow] = jitAllowRules(adapter.rules(NIC_NSG));
    await adapter.removeRule(NIC_NSG, viewRule(allow!).name);
    const { result } = await engine.reconcile();
    expect(result.closed).toEqual([{ grantId: grant.id, number: 22, nsgId: NIC_NSG, reason: 'RuleMissing' }]);
    expect(result.removed.map((r) => [r.nsgName, r.reason])).toEqual([['nsg-snet-web', 'closed']]);
    expect(jitAllowRules(adapter.rules(SUBNET_NSG))).toEqual([]);
    const { result: view } = await engine.list();
    expect(view.grants[0]!.ports[0]).toMatchObject({ status: 'Revoked', statusReason: 'RuleMissing' });
    expect(auditTrail(view.events).at(-1)).toMatchObject({
      action: 'reconcile',
      why: 'its grant was closed (g3); its allow rule was gone from the NSG',
    });
  });

  it('removes a JIT-named allow rule nobody granted', async () => {
    await adapter.putRule(SUBNET_NSG, {
      name: 'SecurityCenter-JITRule-42-0123456789ABCDEF0123456789ABCDEF',
      properties: {
        description: 'forged',
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRange: '22',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: '10.0.1.4',
        access: 'Allow',
        priority: 150,
        direction: 'Inbound',
      },
    });
    const { result } = await engine.reconcile();
    expect(result.removed).toEqual([
      {
        nsgId: SUBNET_NSG,
        nsgName: 'nsg-snet-web',
        ruleName: 'SecurityCenter-JITRule-42-0123456789ABCDEF0123456789ABCDEF',
        reason: 'unknown',
      },
    ]);
  });

  // Defender writes a JIT allow rule per VM, for its private IP, and removes it when that VM's request ends
  // (self-help article 7e7f21c7; just-in-time-access-overview.md): in a subnet NSG shared with vm-web-02
  // (10.0.1.5), a JIT rule for vm-web-02 is its open grant, not Vigil's leftover.
  const forVm = (vm: string) =>
    `ASC JIT Network Access rule created by an initiation request for policy 'default' of VM '${vm}'.`;
  const cases: [string, string, Partial<SecurityRule['properties']>, boolean][] = [
    ['vm-web-02, another VM in the subnet', 'vm-web-02', { destinationAddressPrefix: '10.0.1.5' }, false],
    [
      'vm-web-02 and vm-web-01 together',
      'vm-web-02',
      { destinationAddressPrefixes: ['10.0.1.5', '10.0.1.4'] },
      true,
    ],
    ['the subnet, vm-web-01 in it', 'vm-web-02', { destinationAddressPrefix: '10.0.1.0/24' }, true],
    ['vm-web-01, as a /32', 'vm-web-02', { destinationAddressPrefix: '10.0.1.4/32' }, true],
    [
      'vm-web-01 by its description, at an address it no longer has',
      'vm-web-01',
      { destinationAddressPrefix: '10.0.1.99' },
      true,
    ],
  ];
  it.each(cases)(
    'in a shared NSG, removes an unknown JIT allow rule only when it is for a JIT VM: %s',
    async (_, vm, destination, removed) => {
      const name = 'SecurityCenter-JITRule-43-0123456789ABCDEF0123456789ABCDEF';
      await adapter.putRule(SUBNET_NSG, {
        name,
        properties: {
          description: forVm(vm),
          protocol: '*',
          sourcePortRange: '*',
          destinationPortRange: '22',
          sourceAddressPrefix: '192.0.2.10',
          ...destination,
          access: 'Allow',
          priority: 150,
          direction: 'Inbound',
        },
      });
      const { result } = await engine.reconcile();
      expect(result.removed.map((r) => r.ruleName)).toEqual(removed ? [name] : []);
      expect(adapter.rules(SUBNET_NSG).some((r) => viewRule(r).name === name)).toBe(!removed);
    },
  );

  it('leaves JIT rules in NSGs it does not manage to their owner', async () => {
    const other =
      '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/networkSecurityGroups/nsg-other';
    const foreign = {
      name: 'SecurityCenter-JITRule-7-0123456789ABCDEF0123456789ABCDEF',
      properties: { access: 'Allow', direction: 'Inbound', priority: 100, destinationPortRange: '22' },
    };
    const withOther = reshaped(
      [await network('vm-web-01')],
      [{ id: other, name: 'nsg-other', rules: [foreign] }],
    );
    const { result } = await new JitEngine({ stateDir: dir, adapter: withOther, clock }).reconcile();
    expect(result.removed).toEqual([]);
    expect(withOther.rules(other)).toEqual([foreign]);
  });

  it('writes nothing to the journal when there is nothing to do', async () => {
    const journal = join(dir, STATE_FILES.journal);
    const before = await readFile(journal, 'utf8');
    const { result } = await engine.reconcile();
    expect([result.removed, result.restored, result.closed, result.expired]).toEqual([[], [], [], []]);
    expect(await readFile(journal, 'utf8')).toBe(before);
  });
});

it('warns when the clock reads earlier than the journal', async () => {
  clock.set('2025-03-01T09:00:00Z');
  const { result } = await engine.reconcile();
  expect(result.warnings).toEqual([
    "the clock reads 2025-03-01T09:00:00.000Z, earlier than the journal's last event (2025-03-01T10:00:00.000Z); grants expire by this clock",
  ]);
});
