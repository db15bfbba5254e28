import { describe, expect, it } from 'vitest';
import { RECOMMENDATIONS, recommendation } from '../../src/benchmark/catalog.ts';
import { scoreControl } from '../../src/benchmark/controls.ts';
import { recommendationPolicy } from '../../src/benchmark/policies.ts';
import { SEVERITIES } from '../../src/benchmark/types.ts';
import { Inventory } from '../../src/inventory/inventory.ts';
import { assess } from '../../src/posture/assess.ts';
import { CASES } from './cases/index.ts';

describe('the benchmark catalog', () => {
  it('has at least 45 recommendations with unique kebab-case ids', () => {
    expect(RECOMMENDATIONS.length).toBeGreaterThanOrEqual(45);
    const ids = RECOMMENDATIONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(RECOMMENDATIONS.map((r) => [r.id, r] as const))('%s is complete', (_id, r) => {
    expect(SEVERITIES).toContain(r.severity);
    expect(scoreControl(r.control), `control ${r.control}`).toBeDefined();
    expect(r.mcsb.length).toBeGreaterThan(0);
    for (const control of r.mcsb) expect(control).toMatch(/^[A-Z]{2}-\d+$/);
    expect(r.title.length).toBeGreaterThan(10);
    expect(r.description.length).toBeGreaterThan(40);
    expect(r.remediation.portal.length).toBeGreaterThan(20);
    expect(r.remediation.cli ?? r.remediation.template, 'an az command or a template property').toBeTruthy();
    expect(r.resourceTypes.length).toBeGreaterThan(0);
    if (r.assessmentKey)
      expect(r.assessmentKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    if (r.check.kind === 'policy') {
      const definition = recommendationPolicy(r.check.definition);
      expect(definition.name).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('gives every policy definition its own name', () => {
    const names = RECOMMENDATIONS.flatMap((r) =>
      r.check.kind === 'policy' ? [recommendationPolicy(r.check.definition).name] : [],
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(RECOMMENDATIONS.map((r) => [r.id] as const))('%s has a healthy and an unhealthy case', (id) => {
    const outcomes = new Set(CASES.filter((c) => c.recommendation === id).map((c) => c.expected));
    expect(outcomes).toContain('healthy');
    expect(outcomes).toContain('unhealthy');
  });
});

describe('recommendation cases', () => {
  it.each(CASES.map((c) => [`${c.recommendation}: ${c.title} → ${c.expected}`, c] as const))(
    '%s',
    (_name, c) => {
      const rec = recommendation(c.recommendation);
      expect(rec, `unknown recommendation ${c.recommendation}`).toBeDefined();
      const inventory = new Inventory();
      for (const r of c.resources) inventory.add(r);
      const { findings, errors } = assess(inventory, {
        recommendations: [rec!],
        ...(c.parameters && { parameters: new Map([[c.recommendation, c.parameters]]) }),
        now: new Date('2026-06-01T00:00:00Z'),
      });
      expect(errors).toEqual([]);
      const subject = (c.subject ?? c.resources[0]!.id).toLowerCase();
      const mine = findings.filter((f) => f.resourceId.toLowerCase() === subject);
      expect(
        mine,
        `findings for ${subject}: ${JSON.stringify(findings.map((f) => [f.resourceId, f.status]))}`,
      ).toHaveLength(1);
      const [finding] = mine;
      expect(finding!.status, JSON.stringify(finding!.evidence)).toBe(c.expected);
      if (finding!.status === 'unhealthy') expect(finding!.evidence.length).toBeGreaterThan(0);
      if (c.evidence) {
        expect(
          finding!.evidence.some((e) =>
            `${e.message} ${e.field ?? ''} ${JSON.stringify(e.actual ?? '')}`.includes(c.evidence!),
          ),
        ).toBe(true);
      }
    },
  );
});
