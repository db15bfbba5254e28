import { describe, expect, it } from 'vitest';
import type { PolicyResult } from '../../src/policy/evaluate.ts';
import { renderScanJson, scanJson } from '../../src/report/scan-json.ts';
import { emptyReport, SUB_A, sampleReport, VM_A, VM_B, VM_D } from './scan-fixture.ts';

describe('scan JSON report', () => {
  it('has exactly the documented top-level and summary keys', () => {
    const json = JSON.parse(renderScanJson(sampleReport(), { details: false }));
    expect(Object.keys(json)).toEqual(['score', 'recommendations', 'findings', 'summary']);
    expect(Object.keys(json.score)).toEqual(['percent', 'current', 'max', 'controls', 'subscriptions']);
    expect(Object.keys(json.score.controls[0])).toEqual([
      'id',
      'name',
      'max',
      'current',
      'percentage',
      'healthy',
      'unhealthy',
      'notApplicable',
      'potentialIncrease',
      'recommendations',
    ]);
    expect(json.summary).toEqual({
      resources: 5,
      subscriptions: 2,
      recommendations: 4,
      findingsByStatus: { healthy: 6, unhealthy: 3, notApplicable: 4, exempt: 1, unknown: 0, error: 1 },
      unhealthyResources: 2,
      assessmentsPublished: 0, // no initiative: none are made
      exemptionsApplied: 1,
      expiredExemptions: ['old-waiver'],
      errors: [{ recommendationId: 'disk-network-access', message: '/parameters/effect: not allowed' }],
      inputErrors: [],
    });
  });

  it("gives each control the portal's potential score increase, in points of the score, 2 decimals", () => {
    // Secure management ports: 6 of 8 points; encryption at rest: 3 of 4; the score's max is 12.
    const controls = scanJson(sampleReport(), { details: false }).score.controls;
    expect(controls.filter((c) => c.max > 0).map((c) => [c.id, c.potentialIncrease])).toEqual([
      ['secure-management-ports', 16.67],
      ['enable-encryption-at-rest', 8.33],
    ]);
  });

  it('lists the inputs that could not be read in the summary, as located errors', () => {
    const inputErrors = [
      { file: 'infra/bad.json', line: 9, column: 7, message: 'invalid JSON: expected a comma' },
      // A reader's error may carry more (a template diagnostic's severity): the report keeps the documented fields.
      { file: 'exemptions.json', pointer: '/0', message: 'no scope', severity: 'error' },
    ];
    const summary = scanJson(sampleReport(), { details: false, inputErrors }).summary;
    expect(summary.inputErrors).toEqual([
      { file: 'infra/bad.json', line: 9, column: 7, message: 'invalid JSON: expected a comma' },
      { file: 'exemptions.json', pointer: '/0', message: 'no scope' },
    ]);
    expect(
      JSON.parse(renderScanJson(sampleReport(), { details: false, inputErrors })).summary.inputErrors,
    ).toEqual(summary.inputErrors);
  });

  it('rounds percentages to 2 decimals and keeps points exact', () => {
    const json = scanJson(sampleReport(), { details: false });
    const a = json.score.subscriptions.find((s) => s.subscriptionId === SUB_A)!;
    expect(a).toEqual({ subscriptionId: SUB_A, percent: 55.56, current: 4 + 8 / 3, max: 12 });
    expect(json.score.percent).toBe(75);
    const ports = json.recommendations.find((r) => r.id === 'vm-management-ports-closed')!;
    expect(ports.potentialIncrease).toBe(16.67);
  });

  it('lists every finding but not-applicable ones, unless details', () => {
    const report = sampleReport();
    const brief = scanJson(report, { details: false }).findings;
    expect(brief.map((f) => f.status).sort()).toEqual([
      'error',
      'exempt',
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'healthy',
      'unhealthy',
      'unhealthy',
      'unhealthy',
    ]);
    const full = scanJson(report, { details: true }).findings;
    expect(full).toHaveLength(report.findings.length);
    expect(full.filter((f) => f.status === 'notApplicable')).toHaveLength(4);
  });

  it('gives each finding its title, severity and evidence; exemption and error only where set', () => {
    const json = JSON.parse(renderScanJson(sampleReport(), { details: false }));
    const unhealthy = json.findings.find(
      (f: { resourceId: string; recommendationId: string }) =>
        f.resourceId === VM_A && f.recommendationId === 'vm-encryption-at-host',
    );
    expect(unhealthy).toEqual({
      recommendationId: 'vm-encryption-at-host',
      title: 'Virtual machines should enable encryption at host',
      severity: 'Medium',
      resourceId: VM_A,
      resourceType: 'Microsoft.Compute/virtualMachines',
      status: 'unhealthy',
      evidence: [
        {
          message: 'Encryption at host is off.',
          field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost',
          expected: true,
          actual: false,
        },
      ],
    });
    const exempt = json.findings.find((f: { status: string }) => f.status === 'exempt');
    expect(exempt.resourceId).toBe(VM_B);
    expect(exempt.exemption).toMatchObject({
      name: 'bastion-planned',
      category: 'Waiver',
      expiresOn: '2026-09-30T00:00:00Z',
    });
    const error = json.findings.find((f: { status: string }) => f.status === 'error');
    expect(error).toMatchObject({
      resourceId: VM_D,
      error: "cannot resolve [parameters('effect')]",
      evidence: [],
    });
    expect(error).not.toHaveProperty('exemption');
  });

  it('counts initiative results by compliance and lists not-applicable ones only with details', () => {
    const report = sampleReport();
    const result = (compliance: PolicyResult['compliance']): PolicyResult => ({
      definitionName: 'def-1',
      resourceId: VM_A,
      resourceType: 'Microsoft.Compute/virtualMachines',
      effect: 'audit',
      compliance,
      reasons: [],
    });
    report.initiative = {
      results: [result('nonCompliant'), result('compliant'), result('notApplicable')],
      errors: [
        { file: 'mcsb.json', pointer: '/properties/policyDefinitions/3', message: 'unknown definition' },
      ],
      warnings: [],
    };
    const brief = scanJson(report, { details: false }).initiative!;
    expect(brief.compliance).toEqual({
      compliant: 1,
      nonCompliant: 1,
      notApplicable: 1,
      error: 0,
      unknown: 0,
      protected: 0,
    });
    expect(brief.results.map((r) => r.compliance)).toEqual(['nonCompliant', 'compliant']);
    expect(brief.errors[0]!.file).toBe('mcsb.json');
    expect(scanJson(report, { details: true }).initiative!.results).toHaveLength(3);
    // Written in pieces (a big estate's report does not fit in one string), the text is the value's.
    for (const details of [false, true])
      expect(renderScanJson(report, { details })).toBe(
        `${JSON.stringify(scanJson(report, { details }), null, 2)}\n`,
      );
  });

  it('renders an empty scan as a complete, zeroed report', () => {
    const text = renderScanJson(emptyReport(), { details: false });
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      score: { percent: 0, current: 0, max: 0, controls: [], subscriptions: [] },
      recommendations: [],
      findings: [],
      summary: {
        resources: 0,
        subscriptions: 0,
        recommendations: 0,
        findingsByStatus: { healthy: 0, unhealthy: 0, notApplicable: 0, exempt: 0, unknown: 0, error: 0 },
        unhealthyResources: 0,
        assessmentsPublished: 0,
        exemptionsApplied: 0,
        expiredExemptions: [],
        errors: [],
        inputErrors: [],
      },
    });
  });

  it('keeps hostile text intact (JSON escapes it, nothing else should)', () => {
    const json = JSON.parse(renderScanJson(sampleReport(), { details: false }));
    const note = json.findings.find(
      (f: { recommendationId: string }) => f.recommendationId === 'vm-notes-reviewed',
    );
    expect(note.evidence[0].message).toContain('\n**bold** <img src=x>');
  });
});
