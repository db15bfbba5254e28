import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/command.ts';
import { jitCommands } from '../../src/cli/commands/jit.ts';
import { EXIT_BAD_INPUT, type Io, UsageError } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { isJitAllowRuleName } from '../../src/jit/rule-names.ts';
import { FakeClock } from '../jit/support/fake-clock.ts';

const ESTATE = fileURLToPath(new URL('../fixtures/jit/estate.json', import.meta.url));
const VIGIL = fileURLToPath(new URL('../../bin/vigil', import.meta.url));
const DEMO = fileURLToPath(new URL('../../demo/estate.json', import.meta.url));

let work: string;
let clock: FakeClock;
let commands: Command[];

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'vigil-jit-cli-'));
  clock = new FakeClock('2025-03-01T10:00:00Z');
  commands = jitCommands({ clock, cwd: () => work, env: {} });
});
afterEach(() => rm(work, { recursive: true, force: true }));

/** Runs `vigil jit …` in-process with the fake clock, as main() would (usage errors exit 2). */
async function vigil(...argv: string[]) {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t) };
  const command = commands.find((c) => c.path.every((word, i) => argv[i] === word))!;
  let code: number;
  try {
    code = await command.run(argv.slice(command.path.length), io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err += e.message;
    code = EXIT_BAD_INPUT;
  }
  return { code, out, err };
}

/** `vigil jit request` arguments. */
function requestArgs(
  vm: string,
  port: string,
  duration: string,
  ip: string,
  user: string,
  why: string,
): string[] {
  return [
    'jit',
    'request',
    '--vm',
    vm,
    '--port',
    port,
    '--for',
    duration,
    '--my-ip',
    ip,
    '--user',
    user,
    '--justification',
    why,
  ];
}

const REQUEST = requestArgs('vm-web-01', '22', '1h', '203.0.113.7', 'bob', 'patch openssh');

interface Overlay {
  networkSecurityGroups: {
    id: string;
    addedRules: { name: string; properties: { priority: number; sourceAddressPrefix?: string } }[];
  }[];
}
const overlayOf = async (state: string) =>
  JSON.parse(await readFile(join(state, 'nsg-overlay.json'), 'utf8')) as Overlay;

describe('vigil jit, end to end in a directory', () => {
  it('enable → request → list → expiry → reconcile → audit, in .vigil/jit by default', async () => {
    const enabled = await vigil(
      'jit',
      'enable',
      '--inventory',
      ESTATE,
      '--vm',
      'vm-web-01',
      '--user',
      'alice',
    );
    expect(enabled.code).toBe(0);
    expect(enabled.out).toMatch(/^Enabled JIT on vm-web-01 \(policy 'default'/);
    expect(enabled.out).toMatch(
      /deny {2}SecurityCenter-JITRule_-?\d+_[0-9A-F]{32} {2}priority 1000 {2}NSG nsg-snet-web/,
    );
    expect(enabled.err).toContain(
      'reconcile: removed SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370 from NSG nsg-snet-web: no grant in the journal accounts for it',
    );

    const granted = await vigil(...REQUEST);
    expect(granted.code).toBe(0);
    expect(granted.out).toMatch(
      /^Granted g3: VM vm-web-01, port 22\/TCP from 203\.0\.113\.7 until 2025-03-01T11:00:00\.000Z \(PT1H\)/,
    );
    expect(granted.out).toMatch(
      /allow SecurityCenter-JITRule--?\d+-[0-9A-F]{32} {2}priority 100 {2}NSG nsg-web-01-nic/,
    );

    const state = join(work, '.vigil', 'jit');
    const nic = (await overlayOf(state)).networkSecurityGroups.find((n) => n.id.endsWith('nsg-web-01-nic'))!;
    expect(
      nic.addedRules.filter((r) => isJitAllowRuleName(r.name)).map((r) => r.properties.sourceAddressPrefix),
    ).toEqual(['203.0.113.7']);

    const listed = await vigil('jit', 'list');
    expect(listed.out).toMatch(
      /g3 +vm-web-01 +22\/TCP +203\.0\.113\.7 +2025-03-01T11:00:00\.000Z \(1h left\) +open +bob/,
    );

    clock.advance(60 * 60_000);
    const reconciled = await vigil('jit', 'reconcile');
    expect(reconciled.code).toBe(0);
    expect(reconciled.out).toContain('expired g3: VM vm-web-01 port 22');
    expect(reconciled.out).toMatch(
      /removed SecurityCenter-JITRule-\S+ from NSG nsg-web-01-nic: its grant expired \(g3\)/,
    );
    expect(reconciled.out).toContain('No open grants');

    const audit = await vigil('jit', 'list', '--audit', '--format', 'json');
    const events = (JSON.parse(audit.out) as { events: { actor: string; action: string; at: string }[] })
      .events;
    expect(events.map((e) => [e.actor, e.action, e.at])).toEqual([
      ['alice', 'enable', '2025-03-01T10:00:00.000Z'],
      ['vigil', 'reconcile', '2025-03-01T10:00:00.000Z'],
      ['bob', 'grant', '2025-03-01T10:00:00.000Z'],
      ['vigil', 'expire', '2025-03-01T11:00:00.000Z'],
    ]);
  });

  it('records the snapshot only once an enable succeeds', async () => {
    const workspace = join(work, '.vigil', 'jit', 'workspace.json');
    const unknownVm = await vigil('jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-nope', '--ports', '22');
    expect(unknownVm.code).toBe(2);
    await expect(readFile(workspace, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(
      (await vigil('jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-web-01', '--user', 'alice')).code,
    ).toBe(0);
    expect(JSON.parse(await readFile(workspace, 'utf8'))).toMatchObject({ inventory: [ESTATE] });
  });

  it('exits 1 with the reasons when the policy refuses, and 2 for bad input', async () => {
    await vigil('jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-web-01', '--user', 'alice');
    const refused = await vigil(
      ...REQUEST.map((a) => (a === '1h' ? '4h' : a === '203.0.113.7' ? '198.51.100.9' : a)),
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toBe(
      'Refused: VM vm-web-01\n  - port 22: PT4H requested, the policy allows at most PT3H\n  - port 22: source 198.51.100.9 is not within the allowed sources 203.0.113.0/24\n',
    );
    const noSource = await vigil(...REQUEST.filter((a) => a !== '--my-ip' && a !== '203.0.113.7'));
    expect([noSource.code, noSource.err]).toEqual([
      2,
      'give --source <prefix> or --my-ip <ip> (offline, Vigil cannot see your address)',
    ]);
    const badIp = await vigil(...REQUEST.map((a) => (a === '203.0.113.7' ? '203.0.113.7/24' : a)));
    expect(badIp.code).toBe(2);
    expect(badIp.err).toContain("error: requester IP '203.0.113.7/24'");
    const badPort = await vigil(...REQUEST.map((a) => (a === '22' ? 'ssh' : a)));
    expect([badPort.code, badPort.err]).toEqual([2, "--port 'ssh' is not a port number (0 to 65535)"]);
  });

  it('makes a policy from flags, takes the state directory from VIGIL_STATE_DIR, and lists policies as ARM resources', async () => {
    const state = join(work, 'elsewhere');
    commands = jitCommands({ clock, cwd: () => work, env: { VIGIL_STATE_DIR: state } });
    const enabled = await vigil(
      'jit',
      'enable',
      '--inventory',
      ESTATE,
      '--vm',
      'vm-web-02',
      '--ports',
      '22,3389',
      '--protocol',
      'TCP',
      '--source',
      '192.0.2.0/24',
      '--max-duration',
      'PT2H',
      '--user',
      'alice',
    );
    expect(enabled.code).toBe(0);
    await vigil(
      'jit',
      'request',
      '--vm',
      'vm-web-02',
      '--port',
      '3389',
      '--for',
      'PT90M',
      '--source',
      '192.0.2.0/28',
      '--user',
      'carol',
      '--justification',
      'rdp',
    );
    const listed = await vigil('jit', 'list', '--format', 'json');
    const policy = (
      JSON.parse(listed.out) as {
        policies: { type: string; properties: { virtualMachines: unknown[]; requests: unknown[] } }[];
      }
    ).policies[0]!;
    expect(policy.type).toBe('Microsoft.Security/locations/jitNetworkAccessPolicies');
    expect(policy.properties.virtualMachines).toEqual([
      {
        id: expect.stringMatching(/virtualMachines\/vm-web-02$/),
        ports: [
          {
            number: 22,
            protocol: 'TCP',
            allowedSourceAddressPrefix: '192.0.2.0/24',
            maxRequestAccessDuration: 'PT2H',
          },
          {
            number: 3389,
            protocol: 'TCP',
            allowedSourceAddressPrefix: '192.0.2.0/24',
            maxRequestAccessDuration: 'PT2H',
          },
        ],
      },
    ]);
    expect(policy.properties.requests).toEqual([
      {
        virtualMachines: [
          {
            id: expect.stringMatching(/vm-web-02$/),
            ports: [
              {
                number: 3389,
                allowedSourceAddressPrefix: '192.0.2.0/28',
                endTimeUtc: '2025-03-01T11:30:00.000Z',
                status: 'Initiated',
                statusReason: 'UserRequested',
              },
            ],
          },
        ],
        startTimeUtc: '2025-03-01T10:00:00.000Z',
        requestor: 'carol',
        justification: 'rdp',
      },
    ]);
    const revoked = await vigil('jit', 'revoke', '--vm', 'vm-web-02', '--user', 'alice');
    expect(revoked.out).toMatch(/^Revoked g\d+: VM vm-web-02 port 3389\n {2}removed SecurityCenter-JITRule-/);
  });

  it('grants a request without a justification, optional as in Azure, and says so in the audit log', async () => {
    await vigil('jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-web-01', '--user', 'alice');
    // JitNetworkAccessPolicyInitiateRequest.justification is optional (Microsoft.Security 2020-01-01).
    const granted = await vigil(...REQUEST.slice(0, -2));
    expect(granted.code).toBe(0);
    const listed = JSON.parse((await vigil('jit', 'list', '--format', 'json')).out) as {
      policies: { properties: { requests: Record<string, unknown>[] } }[];
    };
    const [request] = listed.policies[0]!.properties.requests;
    expect(request).toMatchObject({ requestor: 'bob' });
    expect(request).not.toHaveProperty('justification');
    const audit = JSON.parse((await vigil('jit', 'list', '--audit', '--format', 'json')).out) as {
      events: { action: string; why?: string }[];
    };
    expect(audit.events.find((e) => e.action === 'grant')?.why).toBe('no justification given');
  });

  it('names the file and line of a damaged journal, and exits 2', async () => {
    await vigil('jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-web-01', '--user', 'alice');
    const journal = join(work, '.vigil', 'jit', 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n');
    await writeFile(journal, [lines[0]!.replace('"alice"', '"eve"'), ...lines.slice(1)].join('\n'));
    const listed = await vigil('jit', 'list');
    expect(listed.code).toBe(2);
    expect(listed.err).toBe(
      `error: ${journal}:2: the previous line does not match its hash: the journal was edited\n`,
    );
  });

  it('names a snapshot it cannot read, and exits 2', async () => {
    const missing = join(work, 'nope.json');
    const result = await vigil('jit', 'enable', '--inventory', missing, '--vm', 'vm-web-01');
    expect(result.code).toBe(2);
    expect(result.err).toContain(missing);
  });

  it("names the snapshot file and line, the policy and the field of a bad port in the snapshot's JIT policy", async () => {
    const resources = JSON.parse(await readFile(ESTATE, 'utf8')) as {
      type: string;
      properties: { virtualMachines: { ports: { protocol: string }[] }[] };
    }[];
    const policy = resources.find((r) => r.type.endsWith('/jitNetworkAccessPolicies'))!;
    policy.properties.virtualMachines[0]!.ports[1]!.protocol = 'ICMP';
    const snapshot = join(work, 'policies.json');
    await writeFile(snapshot, JSON.stringify(resources, null, 1));
    const line = (await readFile(snapshot, 'utf8'))
      .split('\n')
      .findIndex((l) => l.includes('"Microsoft.Security/locations/jitNetworkAccessPolicies"'));
    const result = await vigil('jit', 'enable', '--inventory', snapshot, '--vm', 'vm-web-01', '--user', 'a');
    expect(result.code).toBe(2);
    expect(result.err.startsWith(`error: ${snapshot}:`)).toBe(true);
    expect(result.err).toContain(
      'jitNetworkAccessPolicies/default properties.virtualMachines[0].ports[1].protocol: protocol must be TCP, UDP or *, not "ICMP"\n',
    );
    // The line the policy resource starts on: at or just before its "type".
    const at = Number(result.err.slice(`error: ${snapshot}:`.length).split(' ')[0]);
    expect(at).toBeGreaterThan(line - 10);
    expect(at).toBeLessThanOrEqual(line + 1);
  });

  it('says there is nothing here in a fresh directory', async () => {
    expect(await vigil('jit', 'list')).toEqual({
      code: 0,
      out: 'No VM is under a JIT policy here.\n\nNo open grants.\n',
      err: '',
    });
  });

  it('is registered in the vigil command', async () => {
    let out = '';
    const code = await main(['--help'], { out: (t) => (out += t), err: () => undefined });
    expect(code).toBe(0);
    for (const word of ['enable', 'request', 'revoke', 'list', 'reconcile'])
      expect(out).toContain(`jit ${word}`);
  });
});

describe('two vigil processes at once', () => {
  it('give concurrent requests on one NSG distinct priorities', async () => {
    const state = join(work, 'state');
    const run = promisify(execFile);
    const env = { ...process.env, VIGIL_STATE_DIR: state };
    await run(VIGIL, ['jit', 'enable', '--inventory', ESTATE, '--vm', 'vm-web-01', '--user', 'alice'], {
      env,
    });
    await run(
      VIGIL,
      ['jit', 'enable', '--vm', 'vm-web-02', '--inventory', ESTATE, '--ports', '22', '--user', 'alice'],
      { env },
    );
    const results = await Promise.all([
      run(VIGIL, requestArgs('vm-web-01', '22', '1h', '203.0.113.7', 'bob', 'a'), { env }),
      run(VIGIL, requestArgs('vm-web-02', '22', '1h', '192.0.2.7', 'carol', 'b'), { env }),
      run(VIGIL, requestArgs('vm-web-01', '3389', '30m', '198.51.100.7', 'dan', 'c'), { env }),
    ]);
    for (const r of results) expect(r.stdout).toMatch(/^Granted g\d+/);
    const subnet = (await overlayOf(state)).networkSecurityGroups.find((n) => n.id.endsWith('nsg-snet-web'))!;
    const priorities = subnet.addedRules
      .filter((r) => isJitAllowRuleName(r.name))
      .map((r) => r.properties.priority);
    expect(priorities).toHaveLength(3);
    expect(new Set(priorities).size).toBe(3);
  });
});

describe('net and scan read the JIT state with --jit-state', () => {
  async function vigilMain(...argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it('flow verify meets the deny rule JIT wrote, and scan sees the VM under a JIT policy', async () => {
    const state = join(work, 'state');
    const enabled = await vigil(
      'jit',
      'enable',
      '--inventory',
      ESTATE,
      '--vm',
      'vm-web-02',
      '--ports',
      '22',
      '--state',
      state,
      '--user',
      'alice',
    );
    expect(enabled.code).toBe(0);
    const verify = [
      'net',
      'verify',
      '-i',
      ESTATE,
      '--vm',
      'vm-web-02',
      '--direction',
      'inbound',
      '--protocol',
      'tcp',
      '--remote',
      '198.51.100.9',
      '--port',
      '22',
      '--format',
      'json',
    ];
    const before = JSON.parse((await vigilMain(...verify)).out) as { ruleName: string };
    const after = await vigilMain(...verify, '--jit-state', state);
    expect(after.code).toBe(0);
    const verdict = JSON.parse(after.out) as { access: string; ruleName: string };
    expect(before.ruleName).not.toMatch(/^SecurityCenter-JITRule/);
    expect(verdict.access).toBe('Deny');
    expect(verdict.ruleName).toMatch(/^SecurityCenter-JITRule/);
  });

  it('scan counts a VM Vigil put under JIT as protected by JIT', async () => {
    const state = join(work, 'demo-state');
    const enabled = await vigil(
      'jit',
      'enable',
      '--inventory',
      DEMO,
      '--vm',
      'vm-dev-web-01',
      '--ports',
      '22,3389',
      '--state',
      state,
    );
    expect(enabled.code).toBe(0);
    const finding = async (id: string, ...extra: string[]) => {
      const { out } = await vigilMain('scan', DEMO, '--format', 'json', ...extra);
      const report = JSON.parse(out) as {
        findings: { recommendationId: string; resourceId: string; status: string }[];
      };
      return report.findings.find((f) => f.recommendationId === id && f.resourceId.endsWith('/vm-dev-web-01'))
        ?.status;
    };
    expect(await finding('jit-management-ports')).toBe('unhealthy');
    expect(await finding('jit-management-ports', '--jit-state', state)).toBe('healthy');
    // An allow rule ahead of the JIT deny keeps the ports open, as in Defender: still unhealthy.
    expect(await finding('management-ports-closed', '--jit-state', state)).toBe('unhealthy');
  });

  it('names a state directory with nothing in it and exits 2', async () => {
    const empty = join(work, 'empty');
    const net = await vigilMain('net', 'exposure', '-i', ESTATE, '--jit-state', empty);
    expect(net.code).toBe(2);
    expect(net.err).toContain(`${empty} holds no JIT journal`);
    const scan = await vigilMain('scan', ESTATE, '--jit-state', empty);
    expect(scan.code).toBe(2);
    expect(scan.err).toContain(`${empty} holds no JIT journal`);
  });
});

describe("jit enable on a VM with Defender's requests still open", () => {
  const DEFENDER_RULE = 'SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370';
  /** The fixture estate, whose subnet NSG holds Defender's rule for 22 from 192.0.2.10, with its requests. */
  async function estateWithRequests(ends: string[]): Promise<string> {
    const resources = JSON.parse(await readFile(ESTATE, 'utf8')) as { type: string; properties: object }[];
    const policy = resources.find((r) => r.type.endsWith('jitNetworkAccessPolicies'))!;
    const vmId =
      '/subscriptions/5f3b1c9e-2d4a-4e8b-9c71-0a6d2e8f4b13/resourceGroups/rg-prod-web/providers/Microsoft.Compute/virtualMachines/vm-web-01';
    policy.properties = {
      ...policy.properties,
      requests: ends.map((endTimeUtc) => ({
        virtualMachines: [
          {
            id: vmId,
            ports: [
              { number: 22, allowedSourceAddressPrefix: '192.0.2.10', endTimeUtc, status: 'Initiated' },
            ],
          },
        ],
        startTimeUtc: '2025-03-01T09:00:00.0000000Z',
        requestor: 'carol@contoso.com',
        justification: 'patching',
      })),
    };
    const file = join(work, 'estate-with-requests.json');
    await writeFile(file, JSON.stringify(resources));
    return file;
  }

  /** `jit enable` of vm-web-01 by alice over an estate whose Defender requests end at `ends`. */
  async function enableWithRequests(ends: string[], ...options: string[]) {
    const estate = await estateWithRequests(ends);
    return vigil('jit', 'enable', '--inventory', estate, '--vm', 'vm-web-01', '--user', 'alice', ...options);
  }

  it('keeps the open one until 13:00 and says which were not imported', async () => {
    const enabled = await enableWithRequests(['2025-03-01T13:00:00.0000000Z', '2025-03-01T09:30:00Z']);
    expect(enabled.code).toBe(0);
    expect(enabled.out).toContain(
      `kept  Defender request of carol@contoso.com as g1: port 22 from 192.0.2.10 until 2025-03-01T13:00:00.000Z (${DEFENDER_RULE} in NSG nsg-snet-web)`,
    );
    expect(enabled.out).toContain(
      'not imported: Defender request properties.requests[1].virtualMachines[0].ports[0] (port 22): ended at 2025-03-01T09:30:00.000Z',
    );
    expect(enabled.err).not.toContain(DEFENDER_RULE);

    clock.advance(3 * 60 * 60_000);
    const reconciled = await vigil('jit', 'reconcile');
    expect(reconciled.out).toContain(
      `removed ${DEFENDER_RULE} from NSG nsg-snet-web: its grant expired (g1)`,
    );
  });

  it('reports the imported grants in the JSON output', async () => {
    const enabled = await enableWithRequests(['2025-03-01T13:00:00Z'], '--ports', '22', '--format', 'json');
    const result = JSON.parse(enabled.out) as {
      imported: { grantId: string; ports: { number: number; endTimeUtc: string }[] }[];
      notImported: unknown[];
    };
    expect(result.imported.map((g) => [g.grantId, g.ports.map((p) => [p.number, p.endTimeUtc])])).toEqual([
      ['g1', [[22, '2025-03-01T13:00:00.000Z']]],
    ]);
    expect(result.notImported).toEqual([]);
  });
});
