import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../bench/estate/generate.ts';
import { RECOMMENDATIONS } from '../../src/benchmark/catalog.ts';
import { recommendationPolicy } from '../../src/benchmark/policies.ts';
import { Inventory } from '../../src/inventory/inventory.ts';
import { AliasTable } from '../../src/policy/aliases/index.ts';
import { compileDefinition } from '../../src/policy/compile.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies, evaluateResource, evaluateVerdicts } from '../../src/policy/evaluate.ts';

const NOW = new Date('2026-06-01T00:00:00Z');

// Vigil's own definitions over a generated estate: every effect, count, existence check and not-applicable path.
const inventory = new Inventory();
for (const resource of generateEstate({ resources: 1500, seed: 3 })) inventory.add(resource);
const table = AliasTable.load();
const compiled = RECOMMENDATIONS.flatMap((r) =>
  r.check.kind === 'policy'
    ? [
        compileDefinition(recommendationPolicy(r.check.definition), {
          table,
          parameters: new Map(Object.entries(r.check.parameters ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
          parametersFrom: r.id,
        }),
      ]
    : [],
);

describe('evaluateResource', () => {
  it('gives, for every pair evaluateVerdicts visits, the result evaluatePolicies gives with reasons', () => {
    const estate = estateOf(inventory);
    const options = { includeNotApplicable: true, now: NOW };
    const expected = [...evaluatePolicies(compiled, estate, options)];
    let at = 0;
    evaluateVerdicts(compiled, estate, options, (p) => {
      expect(compiled[p.definition]).toBe(p.compiled);
      const again = evaluateResource(p.compiled, estate, p.typeLower, p.at, { now: NOW });
      if (JSON.stringify(again) !== JSON.stringify(expected[at])) expect(again).toEqual(expected[at]);
      const verdict = typeof p.verdict === 'string' ? p.verdict : 'error';
      expect(verdict).toBe(expected[at]!.compliance);
      if (typeof p.verdict !== 'string') expect(p.verdict.message).toBe(expected[at]!.error);
      at++;
    });
    expect(at).toBe(expected.length);
  });

  it('keeps verdicts and leaves out the reasons when asked to', () => {
    const estate = estateOf(inventory);
    const withReasons = [...evaluatePolicies(compiled, estate, { now: NOW })];
    const without = [...evaluatePolicies(compiled, estate, { now: NOW, reasons: false })];
    expect(without.map((r) => r.compliance)).toEqual(withReasons.map((r) => r.compliance));
    const failing = without.filter((r) => r.compliance === 'nonCompliant');
    expect(failing.length).toBeGreaterThan(100);
    expect(failing.every((r) => r.reasons.length === 0)).toBe(true);
    // auditIfNotExists results still say which related resources were looked at.
    expect(failing.some((r) => r.related !== undefined)).toBe(true);
  });
});
