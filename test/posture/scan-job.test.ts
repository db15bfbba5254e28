import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScanJob } from '../../src/posture/scan-job.ts';

const path = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const NOW = new Date('2026-06-01T00:00:00Z');
const TEMPLATE = path('test/fixtures/templates/vm/linux-vm-ssh-open.json');

describe('runScanJob', () => {
  it('assesses snapshots together and each template on its own, reporting which is which', async () => {
    const steps: string[] = [];
    const result = await runScanJob({
      inputs: [path('demo/estate.json'), TEMPLATE],
      exemptionsFile: path('demo/exemptions.json'),
      now: NOW,
      context: {},
      step: (m) => steps.push(m),
    });
    expect(result.errors).toEqual([]);
    expect(result.templates).toBe(true);
    expect(result.entries.map((e) => [e.kind, e.input, e.parametersFile])).toEqual([
      ['snapshot', path('demo/estate.json'), undefined],
      ['template', TEMPLATE, TEMPLATE.replace(/\.json$/, '.parameters.json')],
    ]);
    const [snapshot, template] = result.entries.map((e) => e.report);
    expect(snapshot!.exemptions.applied).toBeGreaterThan(0);
    expect(
      template!.findings.some(
        (f) => f.recommendationId === 'nsg-ssh-from-internet' && f.status === 'unhealthy',
      ),
    ).toBe(true);
    expect(steps).toContain(`Expanding ${TEMPLATE}`);
  });

  it('keeps going past bad inputs and names each one', async () => {
    const result = await runScanJob({
      inputs: [path('test/fixtures/templates/bad/unknown-function.json'), TEMPLATE],
      exemptionsFile: path('test/fixtures/does-not-exist.json'),
      initiative: { file: path('demo/policies/defender-for-servers-enabled.json'), definitions: [] },
      now: NOW,
      context: {},
    });
    expect(result.entries.map((e) => e.input)).toEqual([
      path('test/fixtures/templates/bad/unknown-function.json'),
      TEMPLATE,
    ]);
    const files = result.errors.map((e) => e.file);
    expect(files).toContain(path('test/fixtures/templates/bad/unknown-function.json'));
    expect(files).toContain(path('test/fixtures/does-not-exist.json'));
    expect(
      result.errors.find((e) => e.file === path('demo/policies/defender-for-servers-enabled.json'))?.message,
    ).toMatch(/no policySetDefinition/);
  });

  it('tells a template parameters file from recommendation parameters by its shape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-scan-job-'));
    const recommendation = join(dir, 'recommendation-parameters.json');
    await writeFile(recommendation, JSON.stringify({ 'vm-allowed-sizes': 5 }));
    try {
      const asTemplate = await runScanJob({
        inputs: [TEMPLATE],
        parametersFile: TEMPLATE.replace(/\.json$/, '.parameters.json'),
        now: NOW,
        context: {},
      });
      expect(asTemplate.errors).toEqual([]);
      const asRecommendation = await runScanJob({
        inputs: [path('demo/estate.json')],
        parametersFile: recommendation,
        now: NOW,
        context: {},
      });
      expect(asRecommendation.errors).toEqual([
        {
          file: recommendation,
          pointer: '/vm-allowed-sizes',
          message: 'expected an object of parameter values',
        },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
