import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const DEMO = fileURLToPath(new URL('../../demo/estate.json', import.meta.url));
const TYPO = fileURLToPath(new URL('../fixtures/network/nsg-with-unreadable-port.json', import.meta.url));

const run = runCli;

const verify = (...args: string[]) => run(['net', 'verify', '--inventory', DEMO, ...args]);

/** A flow to vm-prod-web-01 without the VM's port. */
const NO_PORT = [
  '--vm',
  'vm-prod-web-01',
  '--direction',
  'inbound',
  '--protocol',
  'tcp',
  '--remote',
  '1.2.3.4',
];

/** The flow options of `net verify`. */
function flow(vm: string, direction: string, protocol: string, remote: string, port: string): string[] {
  return ['--vm', vm, '--direction', direction, '--protocol', protocol, '--remote', remote, '--port', port];
}

describe('vigil net verify', () => {
  it('prints the verdict, the deciding rule and the chain', async () => {
    const { code, out } = await verify(...flow('vm-prod-web-04', 'inbound', 'tcp', '198.51.100.7', '3389'));
    expect(code).toBe(0);
    expect(out.split('\n').slice(0, 5)).toEqual([
      'DENY  inbound 198.51.100.7 → vm-prod-web-04 10.10.1.7 (NIC vm-prod-web-04-nic)',
      'denied by default rule DenyAllInBound (priority 65500) of NSG nsg-prod-web on subnet snet-web',
      '',
      'LEVEL   NSG           RULE            PRIORITY  ACCESS',
      'subnet  nsg-prod-web  DenyAllInBound  65500     Deny',
    ]);
  });

  it('prints IP flow verify JSON', async () => {
    const { code, out } = await verify(
      ...flow('vm-prod-web-01', 'inbound', 'tcp', '203.0.113.9:50123', '22'),
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json).slice(0, 6)).toEqual([
      'access',
      'nsgId',
      'ruleName',
      'priority',
      'direction',
      'chain',
    ]);
    expect(json).toMatchObject({
      access: 'Allow',
      nsgId: expect.stringMatching(/\/networkSecurityGroups\/nsg-prod-web$/),
      ruleName: 'Allow-Vendor-SSH',
      priority: 200,
      direction: 'Inbound',
      chain: [
        { level: 'subnet', ruleName: 'Allow-Vendor-SSH', priority: 200, access: 'Allow' },
        { level: 'nic', nsgId: null, ruleName: null, priority: null, access: 'Allow' },
      ],
    });
  });

  it('says "no NSG" when nothing filters the VM', async () => {
    const { out } = await verify(...flow('vm-dev-db-02', 'outbound', 'udp', '8.8.8.8:53', '50000'));
    expect(out.split('\n').slice(0, 2)).toEqual([
      'ALLOW  outbound vm-dev-db-02 10.20.3.5 → 8.8.8.8 (NIC vm-dev-db-02-nic)',
      'allowed: no NSG on NIC vm-dev-db-02-nic or subnet snet-db',
    ]);
  });

  it.each([
    [
      flow('vm-prod-web-01', 'sideways', 'tcp', '1.2.3.4', '22'),
      "--direction must be inbound, outbound, not 'sideways'",
    ],
    [NO_PORT, '--port is required for tcp and udp'],
    [
      flow('vm-prod-web-01', 'inbound', 'tcp', '1.2.3.4:99999', '22'),
      "--remote port must be 0-65535, not '99999'",
    ],
    [
      ['--direction', 'inbound', '--protocol', 'tcp', '--remote', '1.2.3.4', '--port', '22'],
      '--vm is required',
    ],
    [
      [...flow('vm-prod-web-01', 'inbound', 'tcp', '1.2.3.4', '22'), '--local', '10.10.1.4:22'],
      'give the VM’s port with --local <ip>:<port> or with --port, not both',
    ],
    [[...NO_PORT, '--local', '10.10.1.4'], "--local must be <ip>:<port>, not '10.10.1.4'"],
    [[...NO_PORT, '--local', '10.10.1.4:70000'], "--local port must be 0-65535, not '70000'"],
  ])('usage error %j exits 2', async (args, message) => {
    const { code, err } = await verify(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it('takes the VM’s end as az network watcher test-ip-flow does (--local <ip>:<port>)', async () => {
    const azStyle = await verify(...NO_PORT, '--local', '10.10.1.4:22');
    const apart = await verify(...NO_PORT, '--local-ip', '10.10.1.4', '--port', '22');
    expect(azStyle.code).toBe(0);
    expect(azStyle.out).toMatch(/^ALLOW {2}inbound 1\.2\.3\.4 → vm-prod-web-01 10\.10\.1\.4/);
    expect(azStyle.out).toBe(apart.out);
  });

  it('reports a VM it cannot find as bad input', async () => {
    const { code, err } = await verify(...flow('vm-nope', 'inbound', 'tcp', '1.2.3.4', '22'));
    expect(code).toBe(2);
    expect(err).toBe("vigil net verify: no virtual machine named 'vm-nope' in the inventory\n");
  });

  it('reports an unreadable rule field with file, line and JSON pointer', async () => {
    const { code, err } = await run([
      'net',
      'verify',
      '--inventory',
      TYPO,
      '--vm',
      'vm-typo',
      '--direction',
      'inbound',
      '--protocol',
      'tcp',
      '--remote',
      '8.8.8.8',
      '--port',
      '22',
    ]);
    expect(code).toBe(0);
    expect(err).toBe(
      `warning: ${TYPO}:78 /4/properties/securityRules/0/properties/destinationPortRange: NSG nsg-typo: properties.securityRules[0] (ssh-typo): destination port 'ssh' is not a port, a range or '*'; that entry is ignored\n`,
    );
  });
});

describe('vigil net exposure', () => {
  it('lists what the internet reaches, management ports first, with path, sources and rules', async () => {
    const { code, out } = await run(['net', 'exposure', '--inventory', DEMO]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^VM\s+PORT\s+PROTO\s+VIA\s+FROM\s+OPENED BY$/);
    expect(lines[1]).toMatch(
      /^vm-prod-web-01\s+22 \(via 50022\)\s+TCP\s+lb-prod-web NAT ssh-vm-prod-web-01 \(Standard\)\s+any\s+nsg-prod-web\/Allow-Vendor-SSH \(200\) → \(no NIC NSG\)$/,
    );
    expect(out).toMatch(
      /vm-prod-nva-01\s+22\s+TCP\s+public IP vm-prod-nva-01-ip \(Standard\)\s+198\.51\.100\.0\/25, 203\.0\.113\.0\/24/,
    );
  });

  it('writes JSON per VM with its paths and exposed ports', async () => {
    const { out } = await run(['net', 'exposure', '--inventory', DEMO, '--format', 'json']);
    const json = JSON.parse(out) as { vm: string; exposed: { ports: string; management: boolean }[] }[];
    expect(json.map((v) => v.vm)).toEqual([
      'vm-prod-web-01',
      'vm-prod-web-02',
      'vm-prod-web-03',
      'vm-prod-web-04',
      'vm-prod-web-05',
      'vm-prod-web-06',
      'vm-prod-nva-01',
      'vm-dev-web-01',
      'vm-dev-web-02',
    ]);
    expect(json[0]!.exposed[0]).toMatchObject({
      protocol: 'Tcp',
      ports: '22',
      frontendPorts: '50022',
      management: true,
    });
  });

  it('needs --inventory', async () => {
    const { code, err } = await run(['net', 'exposure']);
    expect(code).toBe(2);
    expect(err).toContain('--inventory is required');
  });
});

describe('vigil net paths', () => {
  it('shows which asked ports flow between two tiers and what decides', async () => {
    const { code, out } = await run([
      'net',
      'paths',
      '--inventory',
      DEMO,
      '--from',
      'vm-prod-app-01',
      '--to',
      'vm-prod-db-03',
      '--ports',
      '1433,3306',
    ]);
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ')),
    ).toEqual([
      'FROM TO PROTO PORTS ACCESS DECIDED BY',
      'vm-prod-app-01 (10.10.2.4) vm-prod-db-03 (10.10.3.6) TCP 1433 Allow nsg-prod-db/Allow-App-To-SQL (100)',
      'vm-prod-app-01 (10.10.2.4) vm-prod-db-03 (10.10.3.6) TCP 3306 Allow nsg-prod-db/AllowVnetInBound (65000)',
      'vm-prod-app-01 (10.10.2.4) vm-prod-db-03 (10.10.3.6) UDP 1433 Allow nsg-prod-db/AllowVnetInBound (65000)',
      'vm-prod-app-01 (10.10.2.4) vm-prod-db-03 (10.10.3.6) UDP 3306 Allow nsg-prod-db/AllowVnetInBound (65000)',
    ]);
  });

  it('rejects a port list it cannot read, and an end it cannot find', async () => {
    const bad = await run([
      'net',
      'paths',
      '--inventory',
      DEMO,
      '--from',
      'vm-prod-app-01',
      '--to',
      'vm-prod-db-01',
      '--ports',
      '1433,sql',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      "--ports must be port numbers separated by commas, or all; 'sql' is not a port",
    );
    const missing = await run([
      'net',
      'paths',
      '--inventory',
      DEMO,
      '--from',
      'vnet-prod-weu/snet-nope',
      '--to',
      'vm-prod-db-01',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("--from 'vnet-prod-weu/snet-nope' is neither a subnet");
  });
});
