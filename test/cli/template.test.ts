import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../src/cli/repository-root.ts';
import { runCli } from '../support/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/templates/${name}`, import.meta.url));
const NOW = ['--now', '2026-06-01T00:00:00Z'];

const run = runCli;

describe('vigil template expand', () => {
  it('prints the expanded resources as an ARM list response', async () => {
    const { code, out, err } = await run([
      'template',
      'expand',
      fixture('vm/vm-user-functions.json'),
      ...NOW,
    ]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const { value } = JSON.parse(out) as { value: { id: string }[] };
    expect(value.map((r) => r.id)).toEqual([
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vigil-template-rg/providers/Microsoft.Network/networkSecurityGroups/nsg-billing-prd-007',
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vigil-template-rg/providers/Microsoft.Compute/virtualMachines/vm-billing-prd-007',
    ]);
  });

  it('takes <template>.parameters.json beside the template, as scan does, and says so', async () => {
    const template = fixture('vm/nsg-rules-from-parameter.json');
    const { code, out, err } = await run(['template', 'expand', template, ...NOW]);
    expect(code).toBe(0);
    expect(err).toBe(`info: parameters from ${fixture('vm/nsg-rules-from-parameter.parameters.json')}\n`);
    expect(out).toContain('allow-ssh-ops');
  });

  it('takes the deployment target from flags, and prints JSON Lines', async () => {
    const { code, out } = await run([
      'template',
      'expand',
      fixture('vm/vm-user-functions.json'),
      '--format',
      'jsonl',
      '--subscription-id',
      '11111111-1111-1111-1111-111111111111',
      '--resource-group',
      'rg-prod',
      '--location',
      'westeurope',
    ]);
    expect(code).toBe(0);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; location: string });
    expect(lines.map((r) => [r.id.split('/providers/')[0], r.location])).toEqual([
      ['/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-prod', 'westeurope'],
      ['/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-prod', 'westeurope'],
    ]);
  });

  it('uses a parameters file', async () => {
    const { code, out } = await run([
      'template',
      'expand',
      fixture('vm/vm-encryption-at-host.json'),
      '--parameters',
      fixture('vm/vm-encryption-at-host.enabled.parameters.json'),
    ]);
    expect(code).toBe(0);
    const vm = (
      JSON.parse(out) as { value: { name: string; properties: { securityProfile: object } }[] }
    ).value.find((r) => r.name === 'db-01');
    expect(vm?.properties.securityProfile).toMatchObject({ encryptionAtHost: true });
  });

  it('reports errors with file, line, column and pointer, prints what expanded, and exits 2', async () => {
    const { code, out, err } = await run(['template', 'expand', fixture('bad/circular-variables.json')]);
    expect(code).toBe(2);
    expect(err).toBe(
      `error: ${fixture('bad/circular-variables.json')}:5:15 at /variables/prefix: circular variable reference: prefix → environment → fullName → prefix\n`,
    );
    expect((JSON.parse(out) as { value: { name: string }[] }).value.map((r) => r.name)).toEqual([
      'standalone-nsg',
    ]);
  });

  it.each([
    [[], /give exactly one template file/],
    [['a.json', '--format', 'yaml'], /--format must be one of json, jsonl/],
    [['a.json', '--resource-group', 'a/b'], /--resource-group must be a plain name/],
    [['a.json', '--now', 'soon'], /--now 'soon' is not a date/],
  ])('refuses %j', async (args, message) => {
    const { code, err } = await run(['template', 'expand', ...args]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});

describe('vigil scan over templates', () => {
  it('reports a template under its own heading, with its parameters file paired', async () => {
    const { code, out } = await run(['scan', fixture('vm/linux-vm-ssh-open.json'), ...NOW]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^== Template .*linux-vm-ssh-open\.json with .*linux-vm-ssh-open\.parameters\.json\n\nSecure score/,
    );
    expect(out).toMatch(/High\s+SSH access from the internet should be blocked\s+1 of 1/);
  });

  it('fails CI on a High finding in a template', async () => {
    expect(
      (await run(['scan', fixture('vm/linux-vm-ssh-open.json'), '--fail-on', 'High', ...NOW])).code,
    ).toBe(1);
    expect(
      (await run(['scan', fixture('vm/vm-user-functions.json'), '--fail-on', 'High', ...NOW])).code,
    ).toBe(0);
  });

  it('gives SARIF results on the declaration’s line, and unknowns as review items', async () => {
    const { code, out } = await run([
      'scan',
      fixture('vm/linux-vm-ssh-open.json'),
      fixture('vm/vm-encryption-from-reference.json'),
      '--format',
      'sarif',
      ...NOW,
    ]);
    expect(code).toBe(0);
    const log = JSON.parse(out) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          kind?: string;
          locations: {
            physicalLocation?: {
              artifactLocation: { uri: string; uriBaseId?: string };
              region?: { startLine: number };
            };
          }[];
          properties: { resourceId: string; jsonPointer?: string };
        }[];
      }[];
    };
    expect(log.runs).toHaveLength(1);
    const run0 = log.runs[0]!;
    const ssh = run0.results.find((r) => r.ruleId === 'nsg-ssh-from-internet')!;
    expect(ssh.locations[0]?.physicalLocation).toEqual({
      // Given by its absolute path, a template in the repository is written relative to the repository root.
      artifactLocation: {
        uri: relative(repositoryRoot(process.cwd()), fixture('vm/linux-vm-ssh-open.json')),
        uriBaseId: '%SRCROOT%',
      },
      region: { startLine: 55, startColumn: 5 },
    });
    expect(ssh.properties.jsonPointer).toBe('/resources/0');
    const unknown = run0.results.find(
      (r) => r.ruleId === 'vm-encryption-at-host' && r.properties.resourceId.endsWith('/batch-01'),
    )!;
    expect(unknown.kind).toBe('review');
    expect(unknown.locations[0]?.physicalLocation?.region).toEqual({ startLine: 13, startColumn: 5 });
    for (const r of run0.results) expect(run0.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it('gives each template report its source in JSON, as an array when there are several', async () => {
    const one = await run(['scan', fixture('vm/vm-user-functions.json'), '--format', 'json', ...NOW]);
    expect(JSON.parse(one.out)).toMatchObject({
      source: { kind: 'template', input: fixture('vm/vm-user-functions.json') },
    });
    const two = await run([
      'scan',
      fixture('vm/vm-user-functions.json'),
      fixture('vm/vmss-linux-password.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    const reports = JSON.parse(two.out) as { source: { input: string }; summary: { resources: number } }[];
    expect(reports.map((r) => r.source.input)).toEqual([
      fixture('vm/vm-user-functions.json'),
      fixture('vm/vmss-linux-password.json'),
    ]);
  });

  it('adds the input as the first CSV column', async () => {
    const { out } = await run(['scan', fixture('vm/vmss-linux-password.json'), '--format', 'csv', ...NOW]);
    const [header, first] = out.split('\r\n');
    expect(header).toBe(
      'input,recommendationId,title,severity,status,resourceId,resourceType,subscriptionId,evidence',
    );
    expect(first?.startsWith(`${fixture('vm/vmss-linux-password.json')},`)).toBe(true);
  });

  it('takes a deploymentParameters file given with --parameters for the templates', async () => {
    const { code, out } = await run([
      'scan',
      fixture('vm/vm-encryption-at-host.json'),
      '--parameters',
      fixture('vm/vm-encryption-at-host.enabled.parameters.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { findings: { recommendationId: string; status: string }[] };
    expect(report.findings.find((f) => f.recommendationId === 'vm-encryption-at-host')?.status).toBe(
      'healthy',
    );
  });

  it('still scans the good templates when others in the run are bad, and exits 2', async () => {
    const { code, out, err } = await run([
      'scan',
      fixture('bad'),
      fixture('vm/vm-user-functions.json'),
      ...NOW,
    ]);
    expect(code).toBe(2);
    expect(out).toMatch(/== Template .*vm-user-functions\.json/);
    expect(out).toMatch(/== Template .*circular-variables\.json/);
    expect(err).toMatch(/error: .*invalid-json\.json:9:7: invalid JSON/);
    expect(err).toMatch(
      /error: .*unknown-function\.json:19:38 at \/resources\/0\/properties\/securityRules\/0\/properties\/sourceAddressPrefix: The template function 'toLowerCase' is not valid/,
    );
    expect(err).toMatch(
      /error: .*missing-parameter\.json:5:15 at \/parameters\/vmName: parameter 'vmName' has no defaultValue/,
    );
  });

  it('says in the SARIF and JSON which template could not be read, so an upload is not read as a fix', async () => {
    const args = ['scan', fixture('bad/invalid-json.json'), fixture('vm/vm-user-functions.json'), ...NOW];
    const sarif = await run([...args, '--format', 'sarif']);
    expect(sarif.code).toBe(2);
    const invocation = (
      JSON.parse(sarif.out) as {
        runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[];
      }
    ).runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: expect.stringMatching(/^Input not read: .*invalid-json\.json:9:7: invalid JSON/) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: {
                uri: relative(repositoryRoot(process.cwd()), fixture('bad/invalid-json.json')),
                uriBaseId: '%SRCROOT%',
              },
              region: { startLine: 9 },
            },
          },
        ],
      },
    ]);
    const json = await run([...args, '--format', 'json']);
    const reports = JSON.parse(json.out) as {
      source: { input: string };
      summary: { inputErrors: unknown[] };
    }[];
    for (const report of reports)
      expect(report.summary.inputErrors).toEqual([
        expect.objectContaining({ file: fixture('bad/invalid-json.json'), line: 9, column: 7 }),
      ]);
  });

  it('does not fail --fail-on on findings undecided until deployment, and says how many there are', async () => {
    // linux-vm-disk-encryption (High) reads encryptionAtHost from a reference(): unknown before deployment,
    // and nothing else of High is unhealthy.
    const { code, err } = await run([
      'scan',
      fixture('vm/vm-encryption-from-reference.json'),
      '--fail-on',
      'High',
      ...NOW,
    ]);
    expect(code).toBe(0);
    const help = (await run(['scan', '--help'])).out.replace(/\s+/g, ' ');
    expect(help).toContain(
      "a template's findings undecided until deployment (reference(), Key Vault references) do not fail it",
    );
    expect(err).toMatch(
      /^note: 1 finding\(s\) at or above High depend on values known only at deployment \(status unknown\) and do not fail --fail-on; scan the deployed estate to decide them$/m,
    );
  });

  it('scans templates and a snapshot side by side', async () => {
    const estate = fileURLToPath(new URL('../fixtures/cli/scan-estate.json', import.meta.url));
    const { code, out } = await run([
      'scan',
      estate,
      fixture('vm/vm-user-functions.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    expect(code).toBe(0);
    const reports = JSON.parse(out) as { source: { kind: string } }[];
    expect(reports.map((r) => r.source.kind)).toEqual(['snapshot', 'template']);
  });
});
