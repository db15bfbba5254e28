import { describe, expect, it } from 'vitest';
import { scoreControl } from '../../../src/benchmark/controls.ts';
import { scaleSetRecommendations } from '../../../src/benchmark/recommendations/scale-sets.ts';

// Defender for Cloud's scale-set recommendations as MicrosoftDocs/defender-docs@0243082d
// articles/defender-for-cloud/recommendations-reference-compute.md lists them: title, severity and the
// assessment key of its portal link. Encryption at host is one recommendation for VMs and scale sets.
const DEFENDER: [id: string, title: string, severity: string, assessmentKey: string][] = [
  [
    'vmss-encryption-at-host',
    'Virtual machines and virtual machine scale sets should have encryption at host enabled',
    'Medium',
    'efbbd784-656d-473a-9863-ea7693bfcd2a',
  ],
  [
    'vmss-linux-guest-attestation',
    'Guest Attestation extension should be installed on supported Linux virtual machine scale sets',
    'Low',
    'a9a53f4f-26b6-3d68-33f3-2ec1f2452b5d',
  ],
  [
    'vmss-windows-guest-attestation',
    'Guest Attestation extension should be installed on supported Windows virtual machine scale sets',
    'Low',
    '02e8ca50-0e7e-cc34-0b91-215af2904248',
  ],
];

describe('scale-set recommendations', () => {
  it.each(DEFENDER)(
    '%s carries Defender’s title, severity and assessment key',
    (id, title, severity, key) => {
      const r = scaleSetRecommendations.find((x) => x.id === id);
      expect(r).toMatchObject({ title, severity, assessmentKey: key });
    },
  );

  // Defender has no recommendation of these; counted in a scoring control they would move Vigil's score
  // away from Defender's, so they sit in the 0-point "Implement security best practices" control.
  it.each(
    scaleSetRecommendations.filter((r) => r.assessmentKey === undefined).map((r) => [r.id, r] as const),
  )('%s, Vigil’s own, counts in no scoring control', (_id, r) => {
    expect(r.control).toBe('implement-security-best-practices');
    expect(scoreControl(r.control)?.max).toBe(0);
  });

  it('has exactly the Defender recommendations above with an assessment key', () => {
    expect(
      scaleSetRecommendations
        .filter((r) => r.assessmentKey !== undefined)
        .map((r) => r.id)
        .sort(),
    ).toEqual(DEFENDER.map(([id]) => id).sort());
  });
});
