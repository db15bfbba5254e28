import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../src/jit/audit.ts';
import { JitEngine } from '../../src/jit/engine.ts';
import { JitInputError } from '../../src/jit/errors.ts';
import { InMemoryNetworkAdapter } from '../../src/jit/memory-adapter.ts';
import { findSnapshotPolicy, type JitPortRule } from '../../src/jit/policy.ts';
import type { RequestInput } from '../../src/jit/request.ts';
import { cleanup, jitAllowRules, loadEstate, NIC_NSG, stateDir, WEB_01 } from './support/estate.ts';
import { FakeClock } from './support/fake-clock.ts';

let adapter: InMemoryNetworkAdapter;
let engine: JitEngine;

async function setup(ports?: JitPortRule[]) {
  const inventory = await loadEstate();
  adapter = InMemoryNetworkAdapter.fromInventory(inventory);
  engine = new JitEngine({
    stateDir: await stateDir(),
    adapter,
    clock: new FakeClock('2025-03-01T10:00:00Z'),
  });
  const policy = findSnapshotPolicy(inventory, WEB_01)!;
  await engine.enable({
    vm: 'vm-web-01',
    ports: ports ?? policy.ports,
    ...(ports === undefined && { policy: policy.policy }),
    user: 'alice',
  });
}

beforeEach(() => setup());
afterEach(cleanup);

const OK: RequestInput = {
  vm: 'vm-web-01',
  ports: [22],
  duration: 'PT1H',
  source: '203.0.113.7',
  user: 'bob',
  justification: 'patch',
};

describe('requests the policy refuses, each with a clear reason', () => {
  it.each<[string, Partial<RequestInput>, { code: string; port?: number; message: string }[]]>([
    [
      'over the maximum duration',
      { duration: '4h' },
      [
        {
          code: 'duration-over-max',
          port: 22,
          message: 'port 22: PT4H requested, the policy allows at most PT3H',
        },
      ],
    ],
    [
      "over one port's maximum, within the other's",
      { ports: [22, 3389], duration: 'PT2H' },
      [
        {
          code: 'duration-over-max',
          port: 3389,
          message: 'port 3389: PT2H requested, the policy allows at most PT1H',
        },
      ],
    ],
    [
      'from a source outside the allowed prefix',
      { source: '198.51.100.9' },
      [
        {
          code: 'source-not-allowed',
          port: 22,
          message: 'port 22: source 198.51.100.9 is not within the allowed sources 203.0.113.0/24',
        },
      ],
    ],
    [
      'from a range wider than the allowed prefix',
      { source: '203.0.112.0/23' },
      [
        {
          code: 'source-not-allowed',
          port: 22,
          message: 'port 22: source 203.0.112.0/23 is not within the allowed sources 203.0.113.0/24',
        },
      ],
    ],
    [
      'to any source (*) when the policy allows a prefix',
      { source: '*' },
      [
        {
          code: 'any-source-not-allowed',
          port: 22,
          message:
            "port 22: opening to any source ('*') needs a policy that allows '*'; it allows 203.0.113.0/24",
        },
      ],
    ],
    [
      'to 0.0.0.0/0 when the policy allows a prefix',
      { source: '0.0.0.0/0' },
      [
        {
          code: 'any-source-not-allowed',
          port: 22,
          message:
            "port 22: opening to any source ('0.0.0.0/0') needs a policy that allows '*'; it allows 203.0.113.0/24",
        },
      ],
    ],
    [
      'for a port the policy does not list',
      { ports: [22, 8080] },
      [
        {
          code: 'port-not-in-policy',
          port: 8080,
          message: "port 8080 is not in JIT policy 'default' of VM vm-web-01 (ports 22, 3389)",
        },
      ],
    ],
    [
      'on a VM without a JIT policy',
      { vm: 'vm-web-02' },
      [
        {
          code: 'not-enabled',
          message: "VM vm-web-02 has no JIT policy; enable one with 'vigil jit enable'",
        },
      ],
    ],
    [
      'for zero minutes',
      { duration: '0m' },
      [{ code: 'duration-not-positive', message: 'the requested duration is zero' }],
    ],
  ])('%s', async (_, patch, reasons) => {
    const { result } = await engine.request({ ...OK, ...patch });
    expect(result).toEqual({ granted: false, vm: patch.vm ?? 'vm-web-01', reasons });
    expect(jitAllowRules(adapter.rules(NIC_NSG))).toEqual([]);
    const last = auditTrail((await engine.list()).result.events).at(-1)!;
    expect(last).toMatchObject({
      actor: 'bob',
      action: 'refuse',
      why: reasons.map((r) => r.message).join('; '),
    });
  });

  it('gives every reason at once', async () => {
    const { result } = await engine.request({
      ...OK,
      ports: [22, 3389],
      duration: 'PT5H',
      source: '192.0.2.1',
    });
    expect(result.granted ? [] : result.reasons.map((r) => [r.code, r.port])).toEqual([
      ['duration-over-max', 22],
      ['source-not-allowed', 22],
      ['duration-over-max', 3389],
      ['source-not-allowed', 3389],
    ]);
  });

  it("grants from inside the allowed prefix, and from the plural list's other entry", async () => {
    expect((await engine.request({ ...OK, source: '203.0.113.128/25' })).result.granted).toBe(true);
    expect((await engine.request({ ...OK, ports: [3389], source: '198.51.100.7' })).result.granted).toBe(
      true,
    );
  });

  it('grants any source only when the policy allows *', async () => {
    await setup([
      { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
    ]);
    const { result } = await engine.request({ ...OK, source: '*' });
    expect(result.granted).toBe(true);
  });
});

describe('bad input, refused before the policy is asked', () => {
  it.each<[string, Partial<RequestInput>, string]>([
    [
      'no source and no requester IP',
      { source: undefined },
      'Vigil cannot see the address a request comes from',
    ],
    [
      'both a source and a requester IP',
      { requesterIp: '203.0.113.7' },
      'give the source to open for or your own IP, not both',
    ],
    ['a malformed source', { source: '203.0.113.300' }, "source '203.0.113.300': not a valid IPv4"],
    ['a service tag as source', { source: 'Internet' }, "source 'Internet': not a valid IPv4"],
    [
      'a CIDR as requester IP',
      { source: undefined, requesterIp: '203.0.113.0/24' },
      "requester IP '203.0.113.0/24'",
    ],
    ['a malformed duration', { duration: 'an hour' }, "'an hour' is not a duration"],
    ['a port out of range', { ports: [70000] }, 'port 70000 is not 0 to 65535'],
    ['a user with a newline', { user: 'bob\nvigil granted' }, 'user contains a control character (U+000A)'],
    [
      'a justification with a bidi override',
      { justification: 'ok\u202e' },
      'justification contains a control character (U+202E)',
    ],
    ['an empty justification', { justification: '  ' }, 'justification is empty'],
    ['an unknown VM', { vm: 'vm-nope' }, "no VM named 'vm-nope'"],
  ])('%s', async (_, patch, message) => {
    const error = await engine.request({ ...OK, ...patch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JitInputError);
    expect((error as Error).message).toContain(message);
  });
});

describe('enable refusals', () => {
  it('refuses a VM with no NSG, as Defender lists it unsupported', async () => {
    const { result } = await engine.enable({
      vm: 'vm-db-01',
      ports: [
        { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
      ],
      user: 'alice',
    });
    expect(result).toEqual({
      enabled: false,
      vm: 'vm-db-01',
      reason:
        'VM vm-db-01 has no NSG on its network interfaces or subnets; JIT works through NSG rules (Defender lists such VMs as unsupported)',
    });
  });

  it('refuses a policy whose name and the VM name exceed 56 characters', async () => {
    const policy = { id: '/x', name: 'p'.repeat(48), location: 'eastus', source: 'vigil' as const };
    const error = await engine
      .enable({
        vm: 'vm-web-02',
        ports: [
          { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'PT3H' },
        ],
        policy,
        user: 'alice',
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('have 57 characters together; Defender allows at most 56');
  });

  it('refuses a maximum duration outside PT5M..P1D', async () => {
    const error = await engine
      .enable({
        vm: 'vm-web-02',
        ports: [
          { number: 22, protocol: 'TCP', allowedSourceAddressPrefix: '*', maxRequestAccessDuration: 'P2D' },
        ],
        user: 'alice',
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      "ports[0].maxRequestAccessDuration: maxRequestAccessDuration 'P2D' must be between PT5M and P1D",
    );
  });
});
