import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/inventory/inventory.ts';
import type { VmNetwork } from '../../src/jit/adapter.ts';
import { parseAddress } from '../../src/jit/address.ts';
import { auditTrail } from '../../src/jit/audit.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import type { RuleRecord } from '../../src/jit/events.ts';
import { InMemoryNetworkAdapter, type MemoryNsg } from '../../src/jit/memory-adapter.ts';
import type { JitPortRule, PolicyRef } from '../../src/jit/policy.ts';
import { renderList } from '../../src/jit/render.ts';
import type { RequestInput } from '../../src/jit/request.ts';
import { allowRuleName, denyRuleName } from '../../src/jit/rule-names.ts';
import { viewRule } from '../../src/jit/security-rule.ts';
import { openSession } from '../../src/jit/session.ts';
import type { JsonObject } from '../../src/util/json.ts';
import { networkInterface, networkSecurityGroup, vm } from '../support/arm-resources.ts';
import { cleanup, jitAllowRules, jitDenyRules, stateDir } from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

/**
 * A dual-stack VM: its NIC has an IPv4 and an IPv6 IP configuration, both in a dual-stack subnet, so each of
 * its two NSGs filters both addresses. ARM refuses a rule whose addresses mix families, and the in-memory
 * NSG refuses it as ARM does, so every test here also shows no such rule is written.
 */
const RG = '/subscriptions/00000000-0000-0000-0000-0000000000d5/resourceGroups/rg-ds';
const SNET_NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-ds`;
const NIC_NSG = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-ds-01-nic`;
const DS = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-ds-01`;
const V6_ONLY = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-v6-01`;
const V4_ONLY = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-v4-01`;
const POLICY_ID = `${RG}/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/default`;
const V4 = '10.0.2.4';
const V6 = 'fd00:db8:2::4';
const HOUR = 3_600_000;

const machine = (id: string, ips: string[], nsgs: [string, string, 'nic' | 'subnet'][]): VmNetwork => ({
  id,
  name: id.split('/').pop()!,
  location: 'westeurope',
  problems: [],
  attachments: nsgs.map(([nsgId, nsgName, level]) => ({ nsgId, nsgName, levels: [level], privateIps: ips })),
});

const VMS = [
  machine(
    DS,
    [V4, V6],
    [
      [SNET_NSG, 'nsg-snet-ds', 'subnet'],
      [NIC_NSG, 'nsg-ds-01-nic', 'nic'],
    ],
  ),
  machine(V6_ONLY, ['fd00:db8:2::6'], [[SNET_NSG, 'nsg-snet-ds', 'subnet']]),
  machine(V4_ONLY, ['10.0.2.7'], [[SNET_NSG, 'nsg-snet-ds', 'subnet']]),
];

/** The subnet NSG already holds an allow at 100, so JIT's allows start at 101 there and at 100 on the NIC. */
const HTTPS: JsonObject = {
  name: 'AllowHttpsInbound',
  properties: {
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '443',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Allow',
    priority: 100,
    direction: 'Inbound',
  },
};

const PORTS: JitPortRule[] = [
  {
    number: 22,
    protocol: 'TCP',
    allowedSourceAddressPrefixes: ['203.0.113.0/24', '2001:db8:77::/48'],
    maxRequestAccessDuration: 'PT3H',
  },
  { number: 3389, protocol: '*', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT1H' },
];

const nsgs = (extra: Record<string, JsonObject[]> = {}): MemoryNsg[] => [
  { id: SNET_NSG, name: 'nsg-snet-ds', rules: [HTTPS, ...(extra[SNET_NSG] ?? [])] },
  { id: NIC_NSG, name: 'nsg-ds-01-nic', rules: extra[NIC_NSG] ?? [] },
];

let clock: FakeClock;
let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;
let dir: string;

async function setUp(rules: MemoryNsg[] = nsgs()): Promise<void> {
  dir = await stateDir();
  clock = new FakeClock('2025-03-01T10:00:00Z');
  adapter = new InMemoryNetworkAdapter(VMS, rules);
  engine = new JitEngine({ stateDir: dir, adapter, clock });
}

beforeEach(() => setUp());
afterEach(cleanup);

async function enable(vm = 'vm-ds-01') {
  const { result } = await engine.enable({ vm, ports: PORTS, user: 'alice' });
  if (!result.enabled) throw new Error(`enable refused: ${result.reason}`);
  return result;
}

/** What each JIT rule of an NSG says, for comparison: name, priority, access, destinations, source. */
function jitRules(nsgId: string) {
  return [...jitDenyRules(adapter.rules(nsgId)), ...jitAllowRules(adapter.rules(nsgId))].map((r) => {
    const p = r.properties as Record<string, unknown>;
    return {
      name: viewRule(r).name,
      priority: viewRule(r).priority,
      access: p.access,
      to: p.destinationAddressPrefix ?? p.destinationAddressPrefixes,
      from: p.sourceAddressPrefix,
    };
  });
}

/** Families of a rule's IP addresses: ARM takes a rule only when this has at most one. */
function families(rule: JsonObject): number[] {
  const p = rule.properties as Record<string, unknown>;
  const texts = [
    p.sourceAddressPrefix,
    p.destinationAddressPrefix,
    ...((p.sourceAddressPrefixes as string[] | undefined) ?? []),
    ...((p.destinationAddressPrefixes as string[] | undefined) ?? []),
  ].filter((t): t is string => typeof t === 'string');
  const found = new Set<number>();
  for (const t of texts) {
    const a = parseAddress(t.split('/')[0]!);
    if (a.ok) found.add(a.family);
  }
  return [...found];
}

function expectOneFamilyEverywhere(): void {
  for (const nsg of [SNET_NSG, NIC_NSG])
    for (const rule of adapter.rules(nsg)) expect(families(rule).length, viewRule(rule).name).toBeLessThan(2);
}

const deny4 = (nsg: string) => denyRuleName(POLICY_ID, DS, nsg);
const deny6 = (nsg: string) => denyRuleName(POLICY_ID, DS, nsg, 'IPv6');
const denies = (nsg: string) => [
  { name: deny4(nsg), priority: 1000, access: 'Deny', to: V4, from: '*' },
  { name: deny6(nsg), priority: 1001, access: 'Deny', to: V6, from: '*' },
];

describe('enable on a dual-stack VM', () => {
  it('writes one deny per family in each NSG, both closing every policy port', async () => {
    const result = await enable();
    for (const nsg of [SNET_NSG, NIC_NSG]) {
      expect(jitRules(nsg)).toEqual(denies(nsg));
      for (const r of jitDenyRules(adapter.rules(nsg)))
        expect((r.properties as Record<string, unknown>).destinationPortRanges).toEqual(['22', '3389']);
    }
    expect(result.denyRules.map((r) => [r.nsgName, r.rule.name, r.rule.properties.priority])).toEqual([
      ['nsg-snet-ds', deny4(SNET_NSG), 1000],
      ['nsg-snet-ds', deny6(SNET_NSG), 1001],
      ['nsg-ds-01-nic', deny4(NIC_NSG), 1000],
      ['nsg-ds-01-nic', deny6(NIC_NSG), 1001],
    ]);
    expectOneFamilyEverywhere();
  });

  it('is stable: enabling again finds the same rules and changes nothing', async () => {
    await enable();
    const before = adapter.rules(NIC_NSG);
    const again = await enable();
    expect(again.retired).toEqual([]);
    expect(again.cleanup?.restored).toEqual([]);
    expect(adapter.rules(NIC_NSG)).toEqual(before);
  });

  it('reads both families from a snapshot NIC with an IPv4 and an IPv6 IP configuration', async () => {
    const inventory = new Inventory();
    const nsg = networkSecurityGroup('nsg-snap-ds', []);
    const nic = networkInterface(
      'nic-snap-ds',
      [{}, { privateIPAddress: 'fd00:db8:3::4', privateIPAddressVersion: 'IPv6' }],
      { networkSecurityGroup: { id: nsg.id } },
    );
    const machine = vm('vm-snap-ds');
    (machine.properties as JsonObject).networkProfile = { networkInterfaces: [{ id: nic.id }] };
    for (const r of [nsg, nic, machine]) inventory.add(r);
    adapter = InMemoryNetworkAdapter.fromInventory(inventory);
    engine = new JitEngine({ stateDir: dir, adapter, clock });
    const { result } = await engine.enable({ vm: 'vm-snap-ds', ports: PORTS, user: 'alice' });
    if (!result.enabled) throw new Error(result.reason);
    expect(
      result.denyRules.map((r) => [
        r.rule.properties.destinationAddressPrefix,
        r.rule.properties.priority,
        r.rule.name === denyRuleName(result.policy.id, machine.id, nsg.id),
      ]),
    ).toEqual([
      ['10.0.1.4', 1000, true],
      ['fd00:db8:3::4', 1001, false],
    ]);
  });

  it('gives an IPv6-only VM the single rule, and the name, a single-family VM always had', async () => {
    await enable('vm-v6-01');
    expect(jitRules(SNET_NSG)).toEqual([
      {
        name: denyRuleName(POLICY_ID, V6_ONLY, SNET_NSG),
        priority: 1000,
        access: 'Deny',
        to: 'fd00:db8:2::6',
        from: '*',
      },
    ]);
  });
});

interface RequestCase {
  label: string;
  input: Partial<RequestInput>;
  port: number;
  /** Per NSG: [family name part, destination, priority] of each allow rule, in the order written. */
  allows: Record<string, [string[], string, number][]>;
}

const REQUESTS: RequestCase[] = [
  {
    label: 'an IPv4 requester gets the IPv4 address only',
    input: { requesterIp: '203.0.113.7', ports: [22] },
    port: 22,
    allows: { [SNET_NSG]: [[[], V4, 101]], [NIC_NSG]: [[[], V4, 100]] },
  },
  {
    label: 'an IPv6 requester gets the IPv6 address only, under the first name',
    input: { requesterIp: '2001:db8:77::5', ports: [22] },
    port: 22,
    allows: { [SNET_NSG]: [[[], V6, 101]], [NIC_NSG]: [[[], V6, 100]] },
  },
  {
    label: 'an IPv6 prefix as the source is an IPv6 requester',
    input: { source: '2001:db8:77:1::/64', ports: [22] },
    port: 22,
    allows: { [SNET_NSG]: [[[], V6, 101]], [NIC_NSG]: [[[], V6, 100]] },
  },
  {
    label: 'an Any requester gets one allow per family, the IPv6 one named apart',
    input: { source: '*', ports: [3389] },
    port: 3389,
    allows: {
      [SNET_NSG]: [
        [[], V4, 101],
        [['IPv6'], V6, 102],
      ],
      [NIC_NSG]: [
        [[], V4, 100],
        [['IPv6'], V6, 101],
      ],
    },
  },
];

describe.each(REQUESTS)('request, expiry and reconcile: $label', ({ input, port, allows }) => {
  it('writes the allows before their deny, then removes them at expiry and keeps the denies', async () => {
    await enable();
    const { result } = await engine.request({
      vm: 'vm-ds-01',
      ports: [port],
      duration: '1h',
      user: 'bob',
      justification: 'dual-stack',
      ...input,
    });
    if (!result.granted) throw new Error(JSON.stringify(result.reasons));
    const start = result.grant.startTimeUtc;
    for (const nsg of [SNET_NSG, NIC_NSG]) {
      const expected = allows[nsg]!.map(([parts, to, priority]) => ({
        name: allowRuleName(result.grant.id, start, DS, nsg, String(port), ...parts),
        priority,
        access: 'Allow',
        to,
        from: input.source ?? input.requesterIp,
      }));
      expect(jitRules(nsg)).toEqual([...denies(nsg), ...expected]);
      // The journal holds exactly the rules the NSG holds.
      expect(result.grant.ports[0]!.rules.filter((r) => r.nsgId === nsg).map((r) => r.rule.name)).toEqual(
        expected.map((e) => e.name),
      );
    }
    expectOneFamilyEverywhere();

    // Nothing to do before the end time; everything of the grant gone after it.
    clock.advance(HOUR - 1);
    expect((await engine.reconcile()).result.removed).toEqual([]);
    clock.advance(1);
    const { result: report } = await engine.reconcile();
    expect(report.expired).toEqual([{ grantId: result.grant.id, vm: 'vm-ds-01', ports: [port] }]);
    expect(report.removed.map((r) => r.ruleName).sort()).toEqual(
      result.grant.ports[0]!.rules.map((r) => r.rule.name).sort(),
    );
    for (const nsg of [SNET_NSG, NIC_NSG]) expect(jitRules(nsg)).toEqual(denies(nsg));
  });
});

describe('the split rules under revoke, reconcile and refusal', () => {
  it('revoke removes an Any grant’s rules of both families', async () => {
    await enable();
    const { result } = await engine.request({
      vm: 'vm-ds-01',
      ports: [3389],
      duration: '30m',
      source: '*',
      user: 'bob',
      justification: 'x',
    });
    if (!result.granted) throw new Error('refused');
    const { result: revoked } = await engine.revoke({ grantId: result.grant.id, user: 'bob' });
    expect(revoked.removed).toHaveLength(4);
    for (const nsg of [SNET_NSG, NIC_NSG]) expect(jitRules(nsg)).toEqual(denies(nsg));
  });

  it('reconcile puts back a deleted IPv6 deny at its priority, and removes an IPv6 allow nobody granted', async () => {
    await enable();
    await adapter.removeRule(NIC_NSG, deny6(NIC_NSG));
    const stray = allowRuleName('stray');
    await adapter.putRule(NIC_NSG, {
      name: stray,
      properties: {
        description: '',
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: '22',
        sourceAddressPrefix: '2001:db8:99::1',
        destinationAddressPrefix: V6,
        access: 'Allow',
        priority: 105,
        direction: 'Inbound',
      },
    });
    const { result } = await engine.reconcile();
    expect(
      result.restored.map((r) => [r.kind, r.reason, r.record.rule.name, r.record.rule.properties.priority]),
    ).toEqual([['deny', 'missing', deny6(NIC_NSG), 1001]]);
    expect(result.removed.map((r) => [r.ruleName, r.reason])).toEqual([[stray, 'unknown']]);
    expect(jitRules(NIC_NSG)).toEqual(denies(NIC_NSG));
  });

  it('refuses an IPv6 requester on an IPv4-only VM: no rule could let it in', async () => {
    await enable('vm-v4-01');
    const { result } = await engine.request({
      vm: 'vm-v4-01',
      ports: [22],
      duration: '1h',
      requesterIp: '2001:db8:77::5',
      user: 'bob',
      justification: 'x',
    });
    expect(result.granted).toBe(false);
    if (result.granted) return;
    expect(result.reasons.map((r) => r.code)).toEqual(['no-address-of-family']);
    expect(jitAllowRules(adapter.rules(SNET_NSG))).toEqual([]);
  });

  it('lists the split rules by family', async () => {
    await enable();
    const { result } = await engine.list();
    const text = renderList(result.enabled, result.grants, clock.now(), false);
    expect(text).toContain(
      'nsg-snet-ds@1000/IPv4 nsg-snet-ds@1001/IPv6 nsg-ds-01-nic@1000/IPv4 nsg-ds-01-nic@1001/IPv6',
    );
  });
});

// ---- journals of the previous version: one rule held both families ------------------------------------

const POLICY: PolicyRef = { id: POLICY_ID, name: 'default', location: 'westeurope', source: 'vigil' };
const GRANT_START = '2025-03-01T09:30:00.000Z';

function mixedDeny(nsgId: string, nsgName: string): RuleRecord {
  return {
    nsgId,
    nsgName,
    rule: {
      name: deny4(nsgId),
      properties: {
        description: "ASC JIT Network Access rule for policy 'default' of VM 'vm-ds-01'.",
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRanges: ['22', '3389'],
        sourceAddressPrefix: '*',
        destinationAddressPrefixes: [V4, V6],
        access: 'Deny',
        priority: 1000,
        direction: 'Inbound',
      },
    },
  };
}

function mixedAllow(
  nsgId: string,
  nsgName: string,
  port: number,
  source: string,
  priority: number,
): RuleRecord {
  return {
    nsgId,
    nsgName,
    rule: {
      name: allowRuleName('g2', GRANT_START, DS, nsgId, String(port)),
      properties: {
        description:
          "ASC JIT Network Access rule created by an initiation request for policy 'default' of VM 'vm-ds-01'.",
        protocol: port === 22 ? 'Tcp' : '*',
        sourcePortRange: '*',
        destinationPortRange: String(port),
        sourceAddressPrefix: source,
        destinationAddressPrefixes: [V4, V6],
        access: 'Allow',
        priority,
        direction: 'Inbound',
      },
    },
  };
}

interface OldCase {
  label: string;
  port: number;
  source: string;
  /** The allow rules after the split in the NIC NSG: [family name part, destination, priority]. */
  split: [string[], string, number][];
}

const OLD: OldCase[] = [
  {
    label: 'an IPv4 grant narrows to the IPv4 address',
    port: 22,
    source: '203.0.113.7',
    split: [[[], V4, 100]],
  },
  {
    label: 'an Any grant becomes one allow per family',
    port: 3389,
    source: '*',
    split: [
      [[], V4, 100],
      [['IPv6'], V6, 101],
    ],
  },
];

describe.each(OLD)(
  'a journal of the previous version with mixed rules: $label',
  ({ port, source, split }) => {
    beforeEach(async () => {
      const denySnet = mixedDeny(SNET_NSG, 'nsg-snet-ds');
      const denyNic = mixedDeny(NIC_NSG, 'nsg-ds-01-nic');
      const allow = mixedAllow(NIC_NSG, 'nsg-ds-01-nic', port, source, 100);
      // The NSGs as the previous version left them (only a model that skipped ARM's check could hold these).
      await setUp(
        nsgs({
          [SNET_NSG]: [denySnet.rule as unknown as JsonObject],
          [NIC_NSG]: [denyNic.rule as unknown as JsonObject, allow.rule as unknown as JsonObject],
        }),
      );
      // The journal as the previous version wrote it: the events' shape has not changed, only their rules.
      const session = await openSession(dir, adapter, new FakeClock('2025-03-01T09:00:00Z'));
      try {
        await session.record(
          {
            type: 'enabled',
            policy: POLICY,
            vm: { id: DS, name: 'vm-ds-01' },
            ports: PORTS,
            denyRules: [denySnet, denyNic],
            retiredDenyRules: [],
          },
          'alice',
        );
        await session.record(
          {
            type: 'granted',
            grantId: 'g2',
            policy: POLICY,
            vm: { id: DS, name: 'vm-ds-01' },
            justification: 'old',
            startTimeUtc: GRANT_START,
            ports: [
              {
                number: port,
                protocol: port === 22 ? 'TCP' : '*',
                allowedSourceAddressPrefix: source,
                endTimeUtc: '2025-03-01T10:30:00.000Z',
                rules: [allow],
              },
            ],
            supersedes: [],
          },
          'bob',
        );
      } finally {
        await session.close();
      }
    });

    it('reconcile splits each mixed rule by family, reports it, and the journal follows', async () => {
      const { result } = await engine.reconcile();
      const splitAllows = split.map(([parts, to, priority]) => ({
        name: allowRuleName('g2', GRANT_START, DS, NIC_NSG, String(port), ...parts),
        priority,
        access: 'Allow',
        to,
        from: source,
      }));
      expect(jitRules(NIC_NSG)).toEqual([...denies(NIC_NSG), ...splitAllows]);
      expect(jitRules(SNET_NSG)).toEqual(denies(SNET_NSG));
      expectOneFamilyEverywhere();
      expect(result.restored.map((r) => [r.kind, r.reason, r.record.nsgName, r.record.rule.name])).toEqual([
        ['deny', 'split-family', 'nsg-snet-ds', deny4(SNET_NSG)],
        ['deny', 'split-family', 'nsg-snet-ds', deny6(SNET_NSG)],
        ['deny', 'split-family', 'nsg-ds-01-nic', deny4(NIC_NSG)],
        ['deny', 'split-family', 'nsg-ds-01-nic', deny6(NIC_NSG)],
        ...splitAllows.map((a) => ['allow', 'split-family', 'nsg-ds-01-nic', a.name]),
      ]);
      const { result: view } = await engine.list();
      expect(view.enabled[0]!.denyRules.map((r) => r.rule.name)).toEqual([
        deny4(SNET_NSG),
        deny4(NIC_NSG),
        deny6(SNET_NSG),
        deny6(NIC_NSG),
      ]);
      expect(view.grants[0]!.ports[0]!.rules.map((r) => r.rule.name)).toEqual(splitAllows.map((a) => a.name));
      const audit = auditTrail(view.events).at(-1)!;
      expect(audit.action).toBe('reconcile');
      expect(audit.why).toContain('IPv4 and IPv6 addresses together');
      // A second pass finds nothing left to do.
      expect((await engine.reconcile()).result.restored).toEqual([]);
    });

    it('the split grant expires whole', async () => {
      await engine.reconcile();
      clock.set('2025-03-01T10:30:00Z');
      const { result } = await engine.reconcile();
      expect(result.expired).toEqual([{ grantId: 'g2', vm: 'vm-ds-01', ports: [port] }]);
      expect(result.removed).toHaveLength(split.length);
      expect(jitRules(NIC_NSG)).toEqual(denies(NIC_NSG));
    });

    it('list shows a mixed rule for what it is before reconcile splits it', () => {
      const text = renderList(
        [
          {
            policy: POLICY,
            vm: { id: DS, name: 'vm-ds-01' },
            ports: PORTS,
            denyRules: [mixedDeny(NIC_NSG, 'nsg-ds-01-nic')],
            enabledAt: GRANT_START,
            enabledBy: 'alice',
          },
        ],
        [],
        clock.now(),
        false,
      );
      expect(text).toContain('nsg-ds-01-nic@1000 (IPv4 and IPv6 in one rule');
    });
  },
);
