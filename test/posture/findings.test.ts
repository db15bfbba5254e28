import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/inventory/resource.ts';
import { type FindingSource, Findings, verdictsOf } from '../../src/posture/findings.ts';

const vm = (name: string): Resource =>
  ({
    id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
  }) as Resource;

const explained: Resource[] = [];
const source = (recommendationId: string): FindingSource => ({
  recommendationId,
  explain: (resource) => {
    explained.push(resource);
    return [{ message: `${recommendationId} on ${resource.name}` }];
  },
});

function sample(): Findings {
  const a = verdictsOf(source('a'));
  const b = verdictsOf(source('b'));
  const findings = new Findings();
  findings.add(vm('one'), a.healthy);
  findings.add(vm('two'), a.unhealthy);
  findings.add(vm('one'), b.notApplicable);
  return findings;
}

describe('Findings', () => {
  it('reads back each row in the order added, from the front and from the end', () => {
    const findings = sample();
    expect(findings.length).toBe(3);
    expect([...findings].map((f) => [f.recommendationId, f.resource.name, f.status])).toEqual([
      ['a', 'one', 'healthy'],
      ['a', 'two', 'unhealthy'],
      ['b', 'one', 'notApplicable'],
    ]);
    expect(findings.at(-1)!.recommendationId).toBe('b');
    expect(findings.at(1)!.resourceId).toMatch(/\/two$/);
    expect(findings.at(3)).toBeUndefined();
    // As Array.prototype.at: a fraction is cut to its whole part, NaN reads as 0.
    expect(findings.at(1.5)!.resource.name).toBe('two');
    expect(findings.at(-0.5)!.resource.name).toBe('one');
    expect(findings.at(Number.NaN)!.resource.name).toBe('one');
    expect(findings.at(-4)).toBeUndefined();
  });

  it('keeps what is set on a finding read from it, for that finding only', () => {
    const findings = sample();
    const two = findings.find((f) => f.status === 'unhealthy')!;
    two.status = 'exempt';
    two.evidence = [{ message: 'Exempted (Waiver): test' }];
    expect(findings.at(1)!.status).toBe('exempt');
    expect(findings.at(1)!.evidence).toEqual([{ message: 'Exempted (Waiver): test' }]);
    // The verdict is shared with the check's other findings: they keep theirs.
    expect(findings.at(0)!.status).toBe('healthy');
    expect(findings.filter((f) => f.status === 'exempt')).toHaveLength(1);
  });

  it('asks the check for evidence only when it is read', () => {
    explained.length = 0;
    const findings = sample();
    expect(explained).toEqual([]);
    expect(findings.at(2)!.evidence).toEqual([{ message: 'b on one' }]);
    expect(explained.map((r) => r.name)).toEqual(['one']);
  });

  it('serialises as an array of plain findings', () => {
    const json = JSON.parse(JSON.stringify({ findings: sample() })) as {
      findings: { recommendationId: string; status: string; subscriptionId: string }[];
    };
    expect(json.findings.map((f) => `${f.recommendationId}:${f.status}`)).toEqual([
      'a:healthy',
      'a:unhealthy',
      'b:notApplicable',
    ]);
    expect(json.findings[0]!.subscriptionId).toBe('00000000-0000-0000-0000-000000000001');
  });

  it('answers some, every and map as an array would', () => {
    const findings = sample();
    expect(findings.some((f) => f.status === 'unhealthy')).toBe(true);
    expect(findings.every((f) => f.status === 'healthy')).toBe(false);
    expect(findings.map((f) => f.recommendationId)).toEqual(['a', 'a', 'b']);
  });
});
