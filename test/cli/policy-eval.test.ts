import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { PolicyResult } from '../../src/policy/evaluate.ts';
import { runCli } from '../support/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const run = runCli;
/** The encryption-at-host definition over an inventory, with more options. */
const evalOver = (inventory: string, ...options: string[]) =>
  run(['policy', 'eval', '-d', fixture('encryption-at-host.json'), '-i', inventory, ...options]);

describe('vigil policy eval', () => {
  it('prints one JSON entry per applicable (definition, resource) pair, with reasons', async () => {
    const { code, out, err } = await run([
      'policy',
      'eval',
      '--definitions',
      fixture('encryption-at-host.json'),
      '--inventory',
      fixture('estate.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const results = JSON.parse(out) as PolicyResult[];
    // Snapshot order within a type: the output is reproducible run to run.
    expect(results.map((r) => [r.resourceId.split('/').pop(), r.compliance])).toEqual([
      ['vm-open', 'nonCompliant'],
      ['vm-locked', 'compliant'],
    ]);
    const open = results.find((r) => r.compliance === 'nonCompliant')!;
    expect(open).toMatchObject({
      definitionName: 'cli-encryption-at-host',
      displayName: 'CLI test: encryption at host',
      resourceType: 'microsoft.compute/virtualmachines',
      effect: 'Audit',
    });
    expect(open.reasons).toEqual([
      {
        condition: '/properties/policyRule/if/allOf/1',
        field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost',
        path: 'properties.securityProfile.encryptionAtHost',
        operator: 'equals',
        expected: 'true',
        actual: false,
        message: 'Current value must be equal to the target value.',
      },
    ]);
    expect(err).toMatch(/1 non-compliant, 1 compliant, 0 error/);
  });

  it('lists notApplicable pairs only with --all', async () => {
    const base = [
      'policy',
      'eval',
      '-d',
      fixture('encryption-at-host.json'),
      '-i',
      fixture('estate.json'),
      '--format',
      'json',
    ];
    const without = JSON.parse((await run(base)).out) as PolicyResult[];
    const withAll = JSON.parse((await run([...base, '--all'])).out) as PolicyResult[];
    expect(without.some((r) => r.compliance === 'notApplicable')).toBe(false);
    // The subscription and resource group count too: Azure evaluates them (in mode All; here Indexed excludes them).
    expect(
      withAll.filter((r) => r.compliance === 'notApplicable').map((r) => r.resourceId.split('/').pop()),
    ).toEqual(['nic-1', '00000000-0000-0000-0000-000000000001', 'rg-cli']);
  });

  // params-deny.json is an --params file; assignment-deny.json the assignment as `az policy
  // assignment show` prints it, whose other members must not be read as parameters.
  it.each([['params-deny.json'], ['assignment-deny.json']])(
    'applies assignment parameters from %s',
    async (file) => {
      const { out } = await evalOver(
        fixture('estate.json'),
        '--parameters',
        fixture(file),
        '--format',
        'json',
      );
      expect((JSON.parse(out) as PolicyResult[]).map((r) => r.effect)).toEqual(['Deny', 'Deny']);
    },
  );

  it('warns about a parameter no loaded definition declares, which would otherwise go unused silently', async () => {
    const { code, out, err } = await evalOver(
      fixture('estate.json'),
      '-p',
      fixture('params-misspelt.json'),
      '--format',
      'json',
    );
    expect(code).toBe(0);
    expect((JSON.parse(out) as PolicyResult[]).map((r) => r.effect)).toEqual(['Audit', 'Audit']);
    expect(err).toMatch(
      /warning: .*params-misspelt\.json: parameter 'efect' is declared by none of the loaded definitions/,
    );
  });

  it('fails when the definitions hold no definition, rather than reporting nothing to do', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'vigil-no-definitions-'));
    try {
      const { code, err } = await run(['policy', 'eval', '-d', empty, '-i', fixture('estate.json')]);
      expect(code).toBe(2);
      expect(err).toContain(
        `error: ${empty}: no policy definition or initiative found (read 0 *.json file(s))`,
      );
    } finally {
      await rm(empty, { recursive: true });
    }
  });

  it('prints a table for people by default, worst first', async () => {
    const { code, out } = await run([
      'policy',
      'eval',
      '--definitions',
      fixture('encryption-at-host.json'),
      '--inventory',
      fixture('estate.json'),
    ]);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^COMPLIANCE\s+EFFECT\s+DEFINITION\s+RESOURCE\s+WHY$/);
    expect(lines[1]).toMatch(
      /^nonCompliant\s+Audit\s+CLI test: encryption at host\s+rg-cli\/vm-open\s+.*must be equal/,
    );
    expect(lines[2]).toMatch(/^compliant\s+Audit\s+CLI test: encryption at host\s+rg-cli\/vm-locked/);
  });

  it('reports each bad input with its file and JSON path, evaluates the rest, and exits 2', async () => {
    const { code, out, err } = await run([
      'policy',
      'eval',
      '--definitions',
      fixture('definitions-bad'),
      fixture('encryption-at-host.json'),
      '--inventory',
      fixture('estate.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(2);
    expect(JSON.parse(out)).toHaveLength(2);
    const lines = err.trim().split('\n');
    const errorFor = (file: string) =>
      lines.find((l) => l.includes(`definitions-bad/${file}`)) ?? `(no error for ${file})`;
    expect(errorFor('broken.json')).toMatch(
      /broken\.json:7:3: invalid JSON: Expected double-quoted property name$/,
    );
    expect(errorFor('not-a-definition.json')).toMatch(/not a policy definition/);
    expect(errorFor('unknown-operator.json')).toMatch(
      /at \/properties\/policyRule\/if\/allOf\/1\/startsWith: unknown condition key 'startsWith'/,
    );
    expect(errorFor('unknown-alias.json')).toMatch(
      /at \/properties\/policyRule\/if\/field: alias 'Microsoft.Compute\/virtualMachines\/notARealProperty' is not a known Azure Policy alias/,
    );
    expect(errorFor('unknown-function.json')).toMatch(
      /at \/properties\/policyRule\/if\/value: invalid expression .*frobnicate/,
    );
    expect(err).toMatch(/5 input error\(s\)/);
  });

  it('rejects a parameter of the wrong type, naming the parameter', async () => {
    const { code, err } = await run([
      'policy',
      'eval',
      '--definitions',
      fixture('bad-parameter-type.json'),
      '--inventory',
      fixture('estate.json'),
      '--parameters',
      fixture('params-wrong-type.json'),
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(
      /bad-parameter-type\.json at \/properties\/parameters\/effect: parameter 'effect' must be of type String, found an array/,
    );
  });

  it("says what loading the inventory warned about (a duplicate id's replacement)", async () => {
    const duplicates = fileURLToPath(new URL('../fixtures/snapshot/duplicates', import.meta.url));
    const { code, err } = await evalOver(duplicates);
    expect(code).toBe(0);
    expect(err).toMatch(/^warning: .*2-tuesday\.json.*duplicate resource id .*pip-shared/m);
  });

  it('reports a missing inventory file instead of failing', async () => {
    const { code, err } = await evalOver(fixture('nope.json'));
    expect(code).toBe(2);
    expect(err).toMatch(/nope\.json/);
  });

  it('explains usage mistakes and exits 2', async () => {
    expect(await run(['policy', 'eval', '--inventory', fixture('estate.json')])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--definitions is required/),
    });
    expect(await run(['policy', 'eval', '-d', 'x', '-i', 'y', '--format', 'xml'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--format must be table or json/),
    });
    expect(await run(['policy', 'frobnicate'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command/),
    });
  });

  it('runs from a checkout as ./bin/vigil', async () => {
    const { stdout } = await promisify(execFile)(
      `${ROOT}bin/vigil`,
      [
        'policy',
        'eval',
        '--definitions',
        fixture('encryption-at-host.json'),
        '--inventory',
        fixture('estate.json'),
        '--format',
        'json',
      ],
      { cwd: ROOT },
    );
    expect((JSON.parse(stdout) as PolicyResult[]).map((r) => r.compliance)).toEqual([
      'nonCompliant',
      'compliant',
    ]);
  });
});
