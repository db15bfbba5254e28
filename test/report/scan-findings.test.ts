import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/benchmark/types.ts';
import {
  catalogOf,
  describeEvidence,
  listedFindings,
  resourceName,
  round,
} from '../../src/report/scan-findings.ts';
import { RECOMMENDATIONS, sampleReport, VM_A, VM_D, VM_HOSTILE } from './scan-fixture.ts';

describe('listedFindings', () => {
  it('orders by the report’s recommendation order, then resource id; leaves out not applicable', () => {
    const report = sampleReport();
    const listed = listedFindings(report, false);
    expect(listed.map((f) => `${f.recommendationId} ${f.status} ${f.resourceId.split('/').pop()}`)).toEqual([
      'vm-management-ports-closed healthy =cmd|pipe',
      'vm-management-ports-closed unhealthy vm-a',
      'vm-management-ports-closed exempt vm-b',
      'vm-management-ports-closed healthy vm-c',
      'vm-management-ports-closed healthy vm-d',
      'vm-encryption-at-host healthy =cmd|pipe',
      'vm-encryption-at-host unhealthy vm-a',
      'vm-encryption-at-host healthy vm-b',
      'vm-encryption-at-host healthy vm-c',
      'vm-encryption-at-host error vm-d',
      'vm-notes-reviewed unhealthy =cmd|pipe',
    ]);
  });

  it('with details lists every finding, not applicable included', () => {
    const report = sampleReport();
    const listed = listedFindings(report, true);
    expect(listed).toHaveLength(report.findings.length);
    expect(listed.filter((f) => f.status === 'notApplicable').length).toBeGreaterThan(0);
  });

  it('compares resource ids case-insensitively', () => {
    const report = sampleReport();
    const a = report.findings.find(
      (f) => f.resourceId === VM_A && f.recommendationId === 'vm-encryption-at-host',
    )!;
    a.resourceId = VM_A.toUpperCase();
    const order = listedFindings(report, false)
      .filter((f) => f.recommendationId === 'vm-encryption-at-host')
      .map((f) => f.resourceId.toLowerCase());
    expect(order.indexOf(VM_A.toLowerCase())).toBeLessThan(order.indexOf(VM_D.toLowerCase()));
    expect(order.indexOf(VM_HOSTILE.toLowerCase())).toBeLessThan(order.indexOf(VM_A.toLowerCase()));
  });

  it('refuses a finding whose recommendation the report does not list', () => {
    const report = sampleReport();
    report.findings.at(0)!.recommendationId = 'not-in-report';
    expect(() => listedFindings(report, false)).toThrow(/not-in-report/);
  });
});

describe('describeEvidence', () => {
  const long = 'x'.repeat(300);
  it.each<[string, Evidence, string]>([
    ['message only', { message: 'No diagnostic settings.' }, 'No diagnostic settings.'],
    [
      'field first',
      { message: 'must be true', field: 'properties.enabled' },
      'properties.enabled: must be true',
    ],
    [
      'expected and actual as JSON',
      { message: 'differs', expected: ['a'], actual: null },
      'differs (expected ["a"], actual null)',
    ],
    ['actual false is shown', { message: 'off', actual: false }, 'off (actual false)'],
    ['related resource', { message: 'open', resourceId: '/x/rule-1' }, 'open [/x/rule-1]'],
    ['long values cut', { message: 'big', actual: long }, `big (actual "${'x'.repeat(198)}…)`],
  ])('%s', (_name, evidence, expected) => {
    expect(describeEvidence(evidence)).toBe(expected);
  });
});

describe('helpers', () => {
  it.each([
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1', 'vm-1'],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1//', 'vm-1'],
    ['plain', 'plain'],
    ['/', '/'],
  ])('resourceName(%s) = %s', (id, name) => {
    expect(resourceName(id)).toBe(name);
  });

  it('rounds half away from zero at the given decimals', () => {
    expect(round(55.555555, 2)).toBe(55.56);
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(100, 2)).toBe(100);
  });

  it('catalogOf finds entries and names a missing one', () => {
    const lookup = catalogOf(RECOMMENDATIONS);
    expect(lookup('vm-encryption-at-host').severity).toBe('Medium');
    expect(() => lookup('nope')).toThrow(/recommendation nope .*not in the catalog/);
  });
});
