import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/benchmark/types.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import {
  type Finding,
  type FindingSource,
  type FindingStatus,
  Findings,
  verdictsOf,
} from '../../src/posture/findings.ts';
import { computeScore } from '../../src/posture/score.ts';

const SUB_A = '/subscriptions/aaaa0000-0000-0000-0000-000000000001';
const SUB_B = '/subscriptions/bbbb0000-0000-0000-0000-000000000002';

function rec(
  id: string,
  control: Recommendation['control'],
  stage: Recommendation['stage'] = 'ga',
): Recommendation {
  return {
    id,
    title: id,
    severity: 'High',
    mcsb: ['NS-1'],
    control,
    stage,
    description: '',
    remediation: { portal: '' },
    resourceTypes: ['Microsoft.Compute/virtualMachines'],
    check: { kind: 'analyzer', analyze: () => () => ({ health: 'notApplicable', evidence: [] }) },
  };
}

function finding(recommendationId: string, n: number, status: FindingStatus, sub = SUB_A): Finding {
  return {
    recommendationId,
    resourceId: `${sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm${n}`,
    resourceType: 'Microsoft.Compute/virtualMachines',
    subscriptionId: sub.split('/')[2],
    status,
    evidence: [],
  };
}

function many(id: string, count: number, status: FindingStatus, from = 0, sub = SUB_A): Finding[] {
  return Array.from({ length: count }, (_, i) => finding(id, from + i, status, sub));
}

describe('secure score (secure-score-security-controls.md)', () => {
  it("reproduces the doc's worked example: max 6, 78 resources, 4 healthy → 0.31", () => {
    const recs = [rec('updates', 'apply-system-updates')];
    const report = computeScore(
      [...many('updates', 4, 'healthy'), ...many('updates', 74, 'unhealthy', 4)],
      recs,
    );
    const control = report.controls.find((c) => c.id === 'apply-system-updates')!;
    expect(control.max).toBe(6);
    expect(control.current).toBeCloseTo((6 / 78) * 4, 10);
    expect(control.current.toFixed(2)).toBe('0.31');
    expect(report.percent).toBeCloseTo((100 * 0.3077) / 6, 1);
  });

  it('leaves not applicable and exempt resources out of healthy + unhealthy', () => {
    const recs = [rec('jit', 'secure-management-ports')];
    const report = computeScore(
      [
        ...many('jit', 1, 'healthy'),
        ...many('jit', 1, 'unhealthy', 1),
        ...many('jit', 3, 'notApplicable', 2),
        ...many('jit', 5, 'exempt', 5),
      ],
      recs,
    );
    const control = report.controls.find((c) => c.id === 'secure-management-ports')!;
    expect([control.healthy, control.unhealthy, control.notApplicable]).toEqual([1, 1, 8]);
    expect(control.current).toBe(4);
  });

  it('drops a control with no applicable resource out of the total (REST reports its max as 0)', () => {
    const recs = [rec('jit', 'secure-management-ports'), rec('ddos', 'protect-applications-against-ddos')];
    const report = computeScore([...many('jit', 2, 'healthy'), ...many('ddos', 1, 'notApplicable')], recs);
    const ddos = report.controls.find((c) => c.id === 'protect-applications-against-ddos')!;
    expect([ddos.max, ddos.maxPoints, ddos.current]).toEqual([0, 2, 0]);
    expect(report.max).toBe(8);
    expect(report.percent).toBe(100);
  });

  it('counts a resource unhealthy in a control when any of its recommendations fails it', () => {
    const recs = [rec('a', 'enable-encryption-at-rest'), rec('b', 'enable-encryption-at-rest')];
    const report = computeScore(
      [
        finding('a', 1, 'healthy'),
        finding('b', 1, 'unhealthy'),
        finding('a', 2, 'healthy'),
        finding('b', 2, 'healthy'),
      ],
      recs,
    );
    const control = report.controls.find((c) => c.id === 'enable-encryption-at-rest')!;
    expect([control.healthy, control.unhealthy, control.current]).toEqual([1, 1, 2]);
  });

  // Healthy in a control needs every recommendation of it healthy (or not applicable): "your score improves only
  // when you remediate all of the recommendations" of a resource (secure-score-security-controls.md). A verdict
  // Vigil could not reach may be unhealthy once deployed, so the resource counts in neither.
  it.each([
    { a: 'healthy', b: 'unknown', counts: [0, 0, 1] },
    { a: 'healthy', b: 'error', counts: [0, 0, 1] },
    { a: 'unknown', b: 'healthy', counts: [0, 0, 1] },
    { a: 'unhealthy', b: 'unknown', counts: [0, 1, 0] },
    { a: 'unknown', b: 'notApplicable', counts: [0, 0, 1] },
    { a: 'healthy', b: 'notApplicable', counts: [1, 0, 0] },
    { a: 'exempt', b: 'healthy', counts: [1, 0, 0] },
  ] as { a: FindingStatus; b: FindingStatus; counts: number[] }[])(
    'counts a resource $a in one recommendation and $b in another of its control as [healthy, unhealthy, n/a] $counts',
    ({ a, b, counts }) => {
      const recs = [rec('a', 'enable-encryption-at-rest'), rec('b', 'enable-encryption-at-rest')];
      const report = computeScore([finding('a', 1, a), finding('b', 1, b)], recs);
      const control = report.controls.find((c) => c.id === 'enable-encryption-at-rest')!;
      expect([control.healthy, control.unhealthy, control.notApplicable]).toEqual(counts);
      expect(control.max).toBe(counts[0]! + counts[1]! > 0 ? 4 : 0);
    },
  );

  it('never counts preview or deprecated recommendations', () => {
    const recs = [
      rec('ga', 'enable-encryption-at-rest'),
      rec('preview', 'enable-encryption-at-rest', 'preview'),
    ];
    const report = computeScore([finding('ga', 1, 'healthy'), finding('preview', 1, 'unhealthy')], recs);
    expect(report.percent).toBe(100);
  });

  it('leaves out a control whose recommendations are all in preview or deprecated, and their potential', () => {
    const recs = [
      rec('ga', 'enable-encryption-at-rest'),
      rec('preview', 'secure-management-ports', 'preview'),
      rec('old', 'secure-management-ports', 'deprecated'),
    ];
    const report = computeScore(
      [finding('ga', 1, 'unhealthy'), finding('preview', 1, 'unhealthy'), finding('old', 2, 'unhealthy')],
      recs,
    );
    expect(report.controls.map((c) => c.id)).toEqual(['enable-encryption-at-rest']);
    expect([report.current, report.max]).toEqual([0, 4]);
    expect([...report.potentialIncrease.keys()]).toEqual(['ga']);
  });

  it('scores each subscription, and pools resources across them (not an average)', () => {
    const recs = [rec('jit', 'secure-management-ports')];
    const report = computeScore(
      [...many('jit', 1, 'healthy', 0, SUB_A), ...many('jit', 3, 'unhealthy', 0, SUB_B)],
      recs,
    );
    expect(report.subscriptions.map((s) => [s.subscriptionId, s.percent])).toEqual([
      ['aaaa0000-0000-0000-0000-000000000001', 100],
      ['bbbb0000-0000-0000-0000-000000000002', 0],
    ]);
    // One healthy of four resources overall: 25%, not the 50% an average of the two would give.
    expect(report.percent).toBe(25);
  });

  // Fixing `a` turns vm2 healthy while vm1 still fails (or is undecided in) `b`: 1 of 2 resources → 2 of 4
  // points → 50 percentage points; fixing `b` alone adds nothing. An undecided vm1 counts in neither.
  it.each([
    ['unhealthy', [0, 2, 0]],
    ['unknown', [0, 2, 0]],
  ] as const)(
    'gives each recommendation the score it would add if fixed, vm1 %s in the other',
    (status, counts) => {
      const recs = [rec('a', 'enable-encryption-at-rest'), rec('b', 'enable-encryption-at-rest')];
      const report = computeScore(
        [
          finding('a', 1, 'unhealthy'),
          finding('b', 1, status),
          finding('a', 2, 'unhealthy'),
          finding('b', 2, 'healthy'),
        ],
        recs,
      );
      expect(report.potentialIncrease.get('a')).toBe(50);
      expect(report.potentialIncrease.get('b')).toBe(0);
      const control = report.controls.find((c) => c.id === 'enable-encryption-at-rest')!;
      expect([control.healthy, control.unhealthy, control.notApplicable]).toEqual(counts);
    },
  );

  // https://learn.microsoft.com/azure/defender-for-cloud/secure-score-security-controls: a control's
  // "Potential score increase" = score per resource × unhealthy resources, the points fixing every
  // recommendation of the control would add; the controls' figures add up to what the score lacks.
  it.each([
    {
      what: "the doc's control alone: 6 / 78 × 74 unhealthy of 6 points",
      findings: [...many('updates', 4, 'healthy'), ...many('updates', 74, 'unhealthy', 4)],
      expected: { 'apply-system-updates': (100 * 74) / 78 },
    },
    {
      what: 'two controls: 4 points lost in each, over the 14 points of both',
      findings: [
        ...many('updates', 1, 'healthy'),
        ...many('updates', 2, 'unhealthy', 1),
        ...many('jit', 1, 'healthy'),
        ...many('jit', 1, 'unhealthy', 1),
      ],
      expected: {
        'apply-system-updates': (100 * 4) / 14,
        'secure-management-ports': (100 * 4) / 14,
      },
    },
    {
      what: 'a resource failing two recommendations of a control counts once',
      findings: [
        finding('jit', 1, 'unhealthy'),
        finding('ports', 1, 'unhealthy'),
        finding('jit', 2, 'healthy'),
        finding('ports', 2, 'healthy'),
      ],
      expected: { 'secure-management-ports': 50 },
    },
    {
      what: 'a control with no applicable resource has none',
      findings: [...many('jit', 2, 'healthy'), ...many('updates', 3, 'exempt')],
      expected: { 'secure-management-ports': 0, 'apply-system-updates': 0 },
    },
  ])("gives each control the doc's potential score increase: $what", ({ findings, expected }) => {
    const recs = [
      rec('updates', 'apply-system-updates'),
      rec('jit', 'secure-management-ports'),
      rec('ports', 'secure-management-ports'),
    ];
    const report = computeScore(findings, recs);
    const got = Object.fromEntries(
      report.controls.filter((c) => c.id in expected).map((c) => [c.id, c.potentialIncrease]),
    );
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, value] of Object.entries(expected)) expect(got[id]).toBeCloseTo(value, 10);
    const lacking = report.controls.reduce((n, c) => n + c.potentialIncrease, 0);
    expect(lacking).toBeCloseTo(report.max > 0 ? 100 - report.percent : 0, 10);
  });

  it("gives a subscription's controls their potential increase over that subscription's score", () => {
    const recs = [rec('jit', 'secure-management-ports'), rec('updates', 'apply-system-updates')];
    const report = computeScore(
      [
        ...many('jit', 1, 'unhealthy', 0, SUB_A),
        ...many('updates', 1, 'healthy', 0, SUB_A),
        ...many('updates', 1, 'unhealthy', 0, SUB_B),
      ],
      recs,
    );
    const potentials = report.subscriptions.map((s) =>
      s.controls.map((c) => [c.id, Number(c.potentialIncrease.toFixed(4))]),
    );
    expect(potentials).toEqual([
      // A: 8 points of ports lost of 14; B has only updates, all lost.
      [
        ['secure-management-ports', Number(((100 * 8) / 14).toFixed(4))],
        ['apply-system-updates', 0],
      ],
      [
        ['secure-management-ports', 0],
        ['apply-system-updates', 100],
      ],
    ]);
  });

  it.each([
    ['after', false],
    ['before', true],
  ])(
    "scores a scan's findings as the same findings given plainly, a finding whose id a caller rewrote coming %s the resource's own",
    (_, rewrittenFirst) => {
      const recs = [
        rec('a', 'enable-encryption-at-rest'),
        rec('b', 'enable-encryption-at-rest'),
        rec('c', 'enable-mfa'),
      ];
      const vm = (n: number, sub = SUB_A): Resource => ({
        id: `${sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm${n}`,
        name: `vm${n}`,
        type: 'Microsoft.Compute/virtualMachines',
      });
      const resources = [vm(1), vm(2), vm(3, SUB_B)];
      const rows: [string, Resource, FindingStatus][] = [
        ['a', resources[0]!, 'healthy'],
        ['a', resources[1]!, 'healthy'],
        ['b', resources[1]!, 'healthy'],
        ['c', resources[1]!, 'notApplicable'],
        ['a', resources[2]!, 'unhealthy'],
        ['c', resources[2]!, 'healthy'],
      ];
      // Findings on other VMs whose ids a caller rewrote to vm1's, in capitals: they are vm1's.
      const rewritten: [string, Resource, FindingStatus][] = [
        ['b', resources[2]!, 'unhealthy'],
        ['c', resources[1]!, 'unhealthy'],
      ];
      const source = (recommendationId: string): FindingSource => ({ recommendationId, explain: () => [] });
      const sources = new Map(['a', 'b', 'c'].map((id) => [id, verdictsOf(source(id))]));
      const checked = new Findings();
      const add = ([id, resource, status]: [string, Resource, FindingStatus], rewrite: boolean) => {
        checked.add(resource, sources.get(id)![status]);
        if (rewrite) checked.at(-1)!.resourceId = resources[0]!.id.toUpperCase();
      };
      if (rewrittenFirst) for (const row of rewritten) add(row, true);
      for (const row of rows) add(row, false);
      if (!rewrittenFirst) for (const row of rewritten) add(row, true);
      const plain = checked.map((f): Finding => ({ ...f.toJSON() }));

      const fromScan = computeScore(checked, recs);
      expect(fromScan).toEqual(computeScore(plain, recs));
      // vm1 fails `b` (spelled loudly); vm2 passes; vm3 fails `a`: 1 healthy of 3 in encryption.
      const encryption = fromScan.controls.find((c) => c.id === 'enable-encryption-at-rest')!;
      expect([encryption.healthy, encryption.unhealthy]).toEqual([1, 2]);
      const mfa = fromScan.controls.find((c) => c.id === 'enable-mfa')!;
      expect([mfa.healthy, mfa.unhealthy, mfa.notApplicable]).toEqual([1, 1, 1]);
    },
  );
});
