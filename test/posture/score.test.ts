import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../src/benchmark/types.ts';
import type { Resource } from '../../src/inventory/resource.ts';
import {
  CheckedFinding,
  type Finding,
  type FindingSource,
  type FindingStatus,
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

  it('never counts preview or deprecated recommendations', () => {
    const recs = [
      rec('ga', 'enable-encryption-at-rest'),
      rec('preview', 'enable-encryption-at-rest', 'preview'),
    ];
    const report = computeScore([finding('ga', 1, 'healthy'), finding('preview', 1, 'unhealthy')], recs);
    expect(report.percent).toBe(100);
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

  it('gives each recommendation the score it would add if fixed', () => {
    const recs = [rec('a', 'enable-encryption-at-rest'), rec('b', 'enable-encryption-at-rest')];
    const report = computeScore(
      [
        finding('a', 1, 'unhealthy'),
        finding('b', 1, 'unhealthy'),
        finding('a', 2, 'unhealthy'),
        finding('b', 2, 'healthy'),
      ],
      recs,
    );
    // Fixing `a` turns vm2 healthy (vm1 still fails `b`): 1 of 2 resources → 2 of 4 points → 50 percentage points.
    expect(report.potentialIncrease.get('a')).toBe(50);
    expect(report.potentialIncrease.get('b')).toBe(0);
  });

  it("scores a scan's findings (one resource object per resource) as it scores the same findings given plainly", () => {
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
    // The same VM spelled in capitals by a plain finding, and by a scan finding whose id a caller rewrote.
    const loud = { ...resources[0]!, id: resources[0]!.id.toUpperCase() };
    const rows: [string, Resource, FindingStatus][] = [
      ['a', resources[0]!, 'healthy'],
      ['b', resources[0]!, 'unhealthy'],
      ['a', resources[1]!, 'healthy'],
      ['b', resources[1]!, 'healthy'],
      ['c', resources[1]!, 'notApplicable'],
      ['a', resources[2]!, 'unhealthy'],
      ['c', resources[2]!, 'healthy'],
      ['c', loud, 'unhealthy'],
    ];
    const source = (recommendationId: string): FindingSource => ({ recommendationId, explain: () => [] });
    const sources = new Map(['a', 'b', 'c'].map((id) => [id, verdictsOf(source(id))]));
    const checked = rows.map(
      ([id, resource, status]) => new CheckedFinding(resource, sources.get(id)![status]),
    );
    const rewritten = new CheckedFinding(resources[2]!, sources.get('b')!.unhealthy);
    rewritten.resourceId = resources[0]!.id.toUpperCase();
    const plain = [...checked, rewritten].map((f): Finding => ({ ...f.toJSON() }));
    expect(plain.at(-1)!.resourceId).toBe(resources[0]!.id.toUpperCase());

    const fromScan = computeScore([...checked, rewritten], recs);
    const fromPlain = computeScore(plain, recs);
    expect(fromScan).toEqual(fromPlain);
    // vm1 fails `b` (and, spelled loudly, `c`); vm2 passes; vm3 fails `a`: 1 healthy of 3 in encryption.
    const encryption = fromScan.controls.find((c) => c.id === 'enable-encryption-at-rest')!;
    expect([encryption.healthy, encryption.unhealthy]).toEqual([1, 2]);
    const mfa = fromScan.controls.find((c) => c.id === 'enable-mfa')!;
    expect([mfa.healthy, mfa.unhealthy, mfa.notApplicable]).toEqual([1, 1, 1]);
  });
});
