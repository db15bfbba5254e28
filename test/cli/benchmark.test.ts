import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATIONS } from '../../src/benchmark/catalog.ts';
import { loadPolicyFiles } from '../../src/policy/load.ts';
import { planPolicies } from '../../src/policy/plan.ts';
import { runCli } from '../support/cli.ts';

const run = runCli;

describe('vigil benchmark', () => {
  it('lists every recommendation with its severity and controls', async () => {
    const { code, out } = await run(['benchmark', 'list']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+TITLE\s+MCSB\s+SCORE CONTROL\s+CHECK$/);
    expect(lines).toHaveLength(RECOMMENDATIONS.length + 1);
    expect(out).toMatch(
      /jit-management-ports\s+High\s+Management ports of virtual machines should be protected/,
    );
    const json = JSON.parse((await run(['benchmark', 'list', '--format', 'json'])).out) as {
      id: string;
      check: { kind: string };
    }[];
    expect(json.map((r) => r.id)).toEqual(RECOMMENDATIONS.map((r) => r.id));
  });

  it('exports a policy set that Azure Policy (and Vigil) can load: every reference resolves and compiles', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-export-'));
    const scope = '/subscriptions/11111111-2222-3333-4444-555555555555';
    const { code, out } = await run([
      'benchmark',
      'export',
      '--format',
      'policy-set',
      '--out',
      dir,
      '--scope',
      scope,
    ]);
    expect(code).toBe(0);
    const policyBacked = RECOMMENDATIONS.filter((r) => r.check.kind === 'policy');
    expect(out).toMatch(new RegExp(`Wrote ${policyBacked.length} definitions`));

    const definitionFiles = (await readdir(join(dir, 'definitions'))).filter(
      (f) => !/\.(rules|params)\.json$/.test(f),
    );
    const loaded = await loadPolicyFiles([
      join(dir, 'policyset.json'),
      ...definitionFiles.map((f) => join(dir, 'definitions', f)),
    ]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.initiatives).toHaveLength(1);
    // Azure Policy refuses a displayName over 128 characters or a description over 512: a longer one is cut
    // at a sentence, and the whole text kept in the metadata.
    const texts = await Promise.all(
      definitionFiles.map(
        async (f) =>
          (
            JSON.parse(await readFile(join(dir, 'definitions', f), 'utf8')) as {
              properties: {
                displayName: string;
                description: string;
                metadata: { vigilDescription?: string };
              };
            }
          ).properties,
      ),
    );
    expect(texts.filter((t) => t.displayName.length > 128 || t.description.length > 512)).toEqual([]);
    const cut = texts.filter((t) => t.metadata.vigilDescription !== undefined);
    expect(cut.length).toBeGreaterThan(0);
    for (const t of cut) {
      expect(t.metadata.vigilDescription!.length).toBeGreaterThan(512);
      const kept = t.description.replace(' (Continued in metadata.vigilDescription.)', '');
      expect(t.metadata.vigilDescription!.startsWith(kept.replace(/…$/, ''))).toBe(true);
    }
    const plan = planPolicies(loaded.definitions, loaded.initiatives, { standalone: false });
    expect(plan.errors).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.compiled).toHaveLength(policyBacked.length);

    const references = JSON.parse(await readFile(join(dir, 'policyset.definitions.json'), 'utf8')) as {
      policyDefinitionId: string;
      policyDefinitionReferenceId: string;
    }[];
    expect(
      references.every((r) =>
        r.policyDefinitionId.startsWith(`${scope}/providers/Microsoft.Authorization/policyDefinitions/`),
      ),
    ).toBe(true);
    expect(references.map((r) => r.policyDefinitionReferenceId).sort()).toEqual(
      policyBacked.map((r) => r.id).sort(),
    );

    const deploy = await readFile(join(dir, 'deploy.sh'), 'utf8');
    expect((await stat(join(dir, 'deploy.sh'))).mode & 0o100).toBeTruthy();
    expect(deploy.match(/^az policy definition create /gm)).toHaveLength(policyBacked.length);
    expect(deploy).toMatch(
      /^az policy set-definition create --name vigil-vm-benchmark .* --definitions policyset\.definitions\.json --definition-groups policyset\.groups\.json --subscription "\$SUBSCRIPTION"/m,
    );
    const rules = JSON.parse(
      await readFile(join(dir, 'definitions', `${policyBacked[0]!.id}.rules.json`), 'utf8'),
    );
    expect(Object.keys(rules).sort()).toEqual(['if', 'then']);
  });

  it('deploy.sh deploys copies for the subscription and leaves the export as it was, so it can run again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-deploy-'));
    expect((await run(['benchmark', 'export', '--format', 'policy-set', '--out', dir])).code).toBe(0);
    const before = await readFile(join(dir, 'policyset.definitions.json'), 'utf8');
    // A stand-in for az: records each call and the subscription the initiative's references name.
    const bin = await mkdtemp(join(tmpdir(), 'vigil-fake-az-'));
    const log = join(bin, 'calls.log');
    await writeFile(
      join(bin, 'az'),
      `#!/usr/bin/env bash\nif [[ "$2" == set-definition ]]; then grep -o '/subscriptions/[^/]*' policyset.definitions.json | sort -u >> "${log}"; fi\necho "$1 $2" >> "${log}"\n`,
    );
    await chmod(join(bin, 'az'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    for (const subscription of [
      'aaaaaaaa-1111-2222-3333-444444444444',
      'bbbbbbbb-1111-2222-3333-444444444444',
    ])
      await promisify(execFile)('bash', [join(dir, 'deploy.sh')], {
        env: { ...env, SUBSCRIPTION: subscription },
      });
    const calls = (await readFile(log, 'utf8')).trim().split('\n');
    expect(calls.filter((c) => c.startsWith('/subscriptions/'))).toEqual([
      '/subscriptions/aaaaaaaa-1111-2222-3333-444444444444',
      '/subscriptions/bbbbbbbb-1111-2222-3333-444444444444',
    ]);
    expect(calls.filter((c) => c === 'policy set-definition')).toHaveLength(2);
    expect(await readFile(join(dir, 'policyset.definitions.json'), 'utf8')).toBe(before);
  });

  it('stops quietly when the reader closes the pipe (| head)', async () => {
    const vigil = fileURLToPath(new URL('../../bin/vigil', import.meta.url));
    // head reads one line and exits; the JSON list is far longer than the pipe's buffer.
    const { stdout, stderr } = await promisify(execFile)('bash', [
      '-c',
      `"${vigil}" benchmark list --format json | head -n 1; echo "exit \${PIPESTATUS[0]}" >&2`,
    ]);
    expect(stdout).toBe('[\n');
    expect(stderr).toBe('exit 0\n');
  });

  it('requires the export format and a valid scope', async () => {
    expect(await run(['benchmark', 'export', '--out', '/tmp/x'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--format policy-set is required/),
    });
    expect(
      await run(['benchmark', 'export', '--format', 'policy-set', '--out', '/tmp/x', '--scope', 'contoso']),
    ).toMatchObject({ code: 2, err: expect.stringMatching(/--scope must be/) });
  });
});
