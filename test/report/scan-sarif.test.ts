import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { renderScanSarif, type SarifResult, scanSarif } from '../../src/report/scan-sarif.ts';
import {
  emptyReport,
  RECOMMENDATIONS,
  sampleReport,
  VM_A,
  VM_B,
  VM_C,
  VM_D,
  VM_HOSTILE,
} from './scan-fixture.ts';

// Microsoft's SARIF 2.1.0 schema as published in @microsoft/jest-sarif (a devDependency pinned for
// this file): JSON Schema draft-04, read from node_modules so the test never touches the network.
const SCHEMA_FILE = createRequire(import.meta.url).resolve(
  '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
);
// strict off: the schema is Microsoft's, and trips Ajv's authoring lints (strictRequired). Its
// language-tag pattern has a stray `]` that only non-Unicode regular expressions accept.
// Both packages are CommonJS: `.default` is the export under Node's ESM interop and Vite's alike.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

function expectValid(text: string) {
  const valid = validate(JSON.parse(text));
  expect(validate.errors ?? [], 'SARIF schema errors').toEqual([]);
  expect(valid).toBe(true);
}

const options = { recommendations: RECOMMENDATIONS };
const resultFor = (results: SarifResult[], rule: string, resourceId: string) =>
  results.find((r) => r.ruleId === rule && r.properties.resourceId === resourceId)!;

describe('scan SARIF report', () => {
  it('is valid SARIF 2.1.0: the sample, an empty scan, and a scan with absolute paths', () => {
    expectValid(renderScanSarif(sampleReport(), options));
    expectValid(renderScanSarif(emptyReport(), options));
    const report = sampleReport();
    report.origins.set(VM_A, { file: '/home/ci/work/estate dir/a b.json', line: 1 });
    expectValid(renderScanSarif(report, options));
  });

  it('writes, in pieces, the text of the log as a value', () => {
    for (const report of [sampleReport(), emptyReport()])
      expect(renderScanSarif(report, options)).toBe(
        `${JSON.stringify(scanSarif(report, options), null, 2)}\n`,
      );
  });

  it('the schema check is not vacuous: a wrong level and a missing message are rejected', () => {
    const log = JSON.parse(renderScanSarif(sampleReport(), options));
    log.runs[0].results[0].level = 'critical';
    delete log.runs[0].results[1].message;
    expect(validate(log)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/runs/0/results/0/level', '/runs/0/results/1']),
    );
  });

  it('describes Vigil and one rule per recommendation with a result, in report order', () => {
    const run = scanSarif(sampleReport(), options).runs[0]!;
    expect(run.tool.driver.name).toBe('Vigil');
    expect(run.tool.driver.semanticVersion).toBe(packageJson.version);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'vm-management-ports-closed',
      'vm-encryption-at-host',
      'vm-notes-reviewed',
    ]);
    const [ports, encryption, notes] = run.tool.driver.rules;
    expect(ports).toMatchObject({
      name: 'VmManagementPortsClosed',
      shortDescription: { text: 'Management ports of virtual machines should be closed' },
      fullDescription: {
        text: 'Open SSH and RDP ports let attackers brute-force credentials from the internet.',
      },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'NS-1', 'PA-7'], 'security-severity': '8.9' },
    });
    expect(encryption!.properties['security-severity']).toBe('6.9');
    expect(encryption!.defaultConfiguration.level).toBe('warning');
    expect(notes!.properties['security-severity']).toBe('3.9');
    expect(notes!.defaultConfiguration.level).toBe('note');
    expect(encryption!.help.text).toContain('az vm update -g <resource-group>');
    expect(encryption!.help.text).toContain('Template: properties.securityProfile.encryptionAtHost: true');
    expect(encryption!.help.markdown).toContain('```sh\naz vm update');
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('has a result per unhealthy, exempt and error finding, none for healthy or not applicable', () => {
    const results = scanSarif(sampleReport(), options).runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.properties.status, r.level])).toEqual([
      ['vm-management-ports-closed', 'unhealthy', 'error'],
      ['vm-management-ports-closed', 'exempt', 'error'],
      ['vm-encryption-at-host', 'unhealthy', 'warning'],
      ['vm-encryption-at-host', 'error', 'error'],
      ['vm-notes-reviewed', 'unhealthy', 'note'],
    ]);
    const unhealthy = resultFor(results, 'vm-encryption-at-host', VM_A);
    expect(unhealthy.message.text).toBe(
      'Virtual machines should enable encryption at host — vm-a: Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost: Encryption at host is off. (expected true, actual false)',
    );
    expect(unhealthy.properties).toMatchObject({
      resourceType: 'Microsoft.Compute/virtualMachines',
      jsonPointer: '/value/0',
      evidence: [
        { field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost', actual: false },
      ],
    });
    expect(resultFor(results, 'vm-encryption-at-host', VM_D).message.text).toContain(
      "could not be evaluated: cannot resolve [parameters('effect')]",
    );
  });

  it('points at the input file and line, with the resource as a logical location', () => {
    const report = sampleReport();
    report.origins.set(VM_D, { file: '/home/ci/work/estate dir/a b.json' });
    const results = scanSarif(report, options).runs[0]!.results;
    expect(resultFor(results, 'vm-encryption-at-host', VM_A).locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'estate/prod%20vms%231.json' },
          region: { startLine: 3 },
        },
        logicalLocations: [{ name: 'vm-a', fullyQualifiedName: VM_A, kind: 'resource' }],
      },
    ]);
    expect(resultFor(results, 'vm-encryption-at-host', VM_D).locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'file:///home/ci/work/estate%20dir/a%20b.json' },
    });
    expect(
      resultFor(results, 'vm-notes-reviewed', VM_HOSTILE).locations[0]!.physicalLocation!.region,
    ).toEqual({ startLine: 80 });
  });

  it('says its columns count UTF-16 code units: SARIF reads columns as code points unless told', () => {
    // SARIF 2.1.0 §3.14.17 run.columnKind; the template reader counts in JavaScript string offsets.
    expect(scanSarif(sampleReport(), options).runs[0]!.columnKind).toBe('utf16CodeUnits');
  });

  it.each([
    ['infra/vm.json', 'infra/vm.json'],
    ['./infra/vm.json', 'infra/vm.json'],
    ['infra//vm.json', 'infra/vm.json'],
    ['infra/./old/../vm.json', 'infra/vm.json'],
    ['../shared/vm.json', '../shared/vm.json'],
    ['c:d/vm #1?.json', 'c%3Ad/vm%20%231%3F.json'],
    ['/abs/dir/./vm.json', 'file:///abs/dir/vm.json'],
  ])('writes the input file %j as the URI %j, one spelling per file', (file, uri) => {
    const report = sampleReport();
    report.origins.set(VM_A, { file, line: 3 });
    const result = resultFor(scanSarif(report, options).runs[0]!.results, 'vm-encryption-at-host', VM_A);
    expect(result.locations[0]!.physicalLocation!.artifactLocation.uri).toBe(uri);
  });

  it.each([
    ['main.json', { uri: 'infra/main.json', uriBaseId: '%SRCROOT%' }],
    ['./net//nsg #1.json', { uri: 'infra/net/nsg%20%231.json', uriBaseId: '%SRCROOT%' }],
    ['../app/vm.json', { uri: 'app/vm.json', uriBaseId: '%SRCROOT%' }],
    ['/repo/infra/main.json', { uri: 'infra/main.json', uriBaseId: '%SRCROOT%' }],
    ['../../outside.json', { uri: 'file:///outside.json' }],
    ['/repository/x.json', { uri: 'file:///repository/x.json' }],
  ])('run in /repo/infra, writes %j relative to the repository: %j', (file, artifactLocation) => {
    // GitHub reads a relative URI against the repository root, not where the scan ran
    // (docs.github.com, "SARIF support for code scanning", Specifying the root for source files).
    const report = sampleReport();
    report.origins.set(VM_A, { file, line: 3 });
    const sourceRoot = { root: '/repo', cwd: '/repo/infra' };
    const log = scanSarif(report, { ...options, sourceRoot });
    const result = resultFor(log.runs[0]!.results, 'vm-encryption-at-host', VM_A);
    expect(result.locations[0]!.physicalLocation!.artifactLocation).toEqual(artifactLocation);
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expectValid(renderScanSarif(report, { ...options, sourceRoot }));
  });

  it.each([
    ['-', undefined],
    ['-', { root: '/repo', cwd: '/repo/infra' }],
    // What the snapshot loader names standard input; written as the file `%3Cstdin%3E` before.
    ['<stdin>', undefined],
    ['<stdin>', { root: '/repo', cwd: '/repo/infra' }],
  ])(
    'gives standard input (%j) and unknown origins no physical location (source root %j)',
    (file, sourceRoot) => {
      const report = sampleReport();
      report.origins.set(VM_C, { file, pointer: '/0' });
      for (const f of report.findings) if (f.resourceId === VM_C) f.status = 'unhealthy';
      const results = scanSarif(report, { ...options, ...(sourceRoot && { sourceRoot }) }).runs[0]!.results;
      const fromStdin = resultFor(results, 'vm-encryption-at-host', VM_C);
      expect(fromStdin.locations[0]).not.toHaveProperty('physicalLocation');
      expect(fromStdin.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toBe(VM_C);
      expect(fromStdin.properties.jsonPointer).toBe('/0');
      expect(resultFor(results, 'vm-encryption-at-host', VM_D).locations[0]).not.toHaveProperty(
        'physicalLocation',
      );
    },
  );

  it('says which inputs could not be read: error notifications at their file and line, run unsuccessful', () => {
    // SARIF 2.1.0 §3.20.14 executionSuccessful, §3.20.21 toolExecutionNotifications, appendix I: results
    // are incomplete when the invocation failed or a notification is an error.
    const inputErrors = [
      { file: 'bad.json', line: 9, column: 7, message: 'invalid JSON: expected a comma' },
      { file: '/elsewhere/exemptions.json', pointer: '/0', message: 'no scope' },
      { file: '<stdin>', line: 1, message: 'an ARM deployment template' },
    ];
    const sourceRoot = { root: '/repo', cwd: '/repo/infra' };
    const report = sampleReport();
    report.errors = [];
    const clean = scanSarif(report, { ...options, sourceRoot }).runs[0]!.invocations[0]!;
    expect(clean).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
    const invocation = scanSarif(report, { ...options, sourceRoot, inputErrors }).runs[0]!.invocations[0]!;
    expect(invocation).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: { text: 'Input not read: bad.json:9:7: invalid JSON: expected a comma' },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'infra/bad.json', uriBaseId: '%SRCROOT%' },
                region: { startLine: 9 },
              },
            },
          ],
        },
        {
          level: 'error',
          message: { text: 'Input not read: /elsewhere/exemptions.json at /0: no scope' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'file:///elsewhere/exemptions.json' } } },
          ],
        },
        { level: 'error', message: { text: 'Input not read: <stdin>:1: an ARM deployment template' } },
      ],
    });
    expectValid(renderScanSarif(sampleReport(), { ...options, sourceRoot, inputErrors }));
  });

  it('fingerprints (rule, resource) stably: same across runs and id casing, different otherwise', () => {
    const print = (r: SarifResult) => r.partialFingerprints['vigilFinding/v1']!;
    const first = scanSarif(sampleReport(), options).runs[0]!.results;
    const report = sampleReport();
    for (const f of report.findings) f.resourceId = f.resourceId.toUpperCase();
    report.origins.clear();
    const second = scanSarif(report, options).runs[0]!.results;
    expect(second.map(print)).toEqual(first.map(print));
    expect(new Set(first.map(print)).size).toBe(first.length);
    for (const p of first.map(print)) expect(p).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives GitHub the fingerprint under the one key code scanning reads, primaryLocationLineHash', () => {
    // docs.github.com, "SARIF support for code scanning": code scanning only uses primaryLocationLineHash;
    // without it upload-sarif hashes the text at the line, which shifts as resources are added above.
    const results = scanSarif(sampleReport(), options).runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results)
      expect(r.partialFingerprints).toEqual({
        'vigilFinding/v1': expect.stringMatching(/^[0-9a-f]{64}$/),
        primaryLocationLineHash: r.partialFingerprints['vigilFinding/v1'],
      });
  });

  it('suppresses exempt findings externally, with the exemption as justification', () => {
    const results = scanSarif(sampleReport(), options).runs[0]!.results;
    expect(resultFor(results, 'vm-management-ports-closed', VM_B).suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Waiver: Bastion | planned for Q3 (expires 2026-09-30T00:00:00Z)',
        properties: { exemptionId: expect.stringContaining('/policyExemptions/bastion-planned') },
      },
    ]);
    expect(resultFor(results, 'vm-management-ports-closed', VM_A)).not.toHaveProperty('suppressions');
  });

  it('reports recommendations that could not run as failed execution', () => {
    const [invocation] = scanSarif(sampleReport(), options).runs[0]!.invocations;
    expect(invocation).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: 'error',
          message: {
            text: 'Recommendation disk-network-access could not run: /parameters/effect: not allowed',
          },
          associatedRule: { id: 'disk-network-access' },
        },
      ],
    });
    const empty = scanSarif(emptyReport(), options).runs[0]!;
    expect(empty.invocations[0]!.executionSuccessful).toBe(true);
    expect(empty.results).toEqual([]);
    expect(empty.tool.driver.rules).toEqual([]);
  });

  it('names a recommendation the catalog lacks instead of writing a rule without help', () => {
    expect(() => scanSarif(sampleReport(), { recommendations: RECOMMENDATIONS.slice(1) })).toThrow(
      /vm-encryption-at-host/,
    );
  });
});
