import { describe, expect, it } from 'vitest';
import { applyExemptions, readExemptions } from '../../src/posture/exemptions.ts';
import type { Finding } from '../../src/posture/findings.ts';
import type { JsonValue } from '../../src/util/json.ts';

const RG = '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-web';
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web-01`;
const NOW = new Date('2026-06-01T00:00:00Z');

function finding(
  recommendationId: string,
  resourceId = VM,
  status: Finding['status'] = 'unhealthy',
): Finding {
  return {
    recommendationId,
    resourceId,
    resourceType: 'Microsoft.Compute/virtualMachines',
    status,
    evidence: [{ message: 'x' }],
  };
}

const exemption = (scope: string, props: Record<string, JsonValue>): JsonValue => ({
  id: `${scope}/providers/Microsoft.Authorization/policyExemptions/waiver-1`,
  name: 'waiver-1',
  type: 'Microsoft.Authorization/policyExemptions',
  properties: {
    policyAssignmentId:
      '/subscriptions/aaaa0000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/policyAssignments/vigil',
    exemptionCategory: 'Waiver',
    displayName: 'Legacy app needs passwords',
    ...props,
  },
});

describe('exemptions (Azure Policy exemption shape)', () => {
  it('exempts the listed recommendations on resources in its scope', () => {
    const { exemptions, errors } = readExemptions(
      exemption(RG, { policyDefinitionReferenceIds: ['linux-vm-ssh-keys'] }),
      'x.json',
    );
    expect(errors).toEqual([]);
    const findings = [
      finding('linux-vm-ssh-keys'),
      finding('vm-encryption-at-host'),
      finding(
        'linux-vm-ssh-keys',
        '/subscriptions/aaaa0000-0000-0000-0000-000000000001/resourceGroups/rg-db/providers/Microsoft.Compute/virtualMachines/db',
      ),
    ];
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(findings.map((f) => f.status)).toEqual(['exempt', 'unhealthy', 'unhealthy']);
    expect(outcome.applied).toBe(1);
    expect(findings[0]!.exemption).toMatchObject({ name: 'waiver-1', category: 'Waiver' });
    expect(findings[0]!.evidence[0]!.message).toBe('Exempted (Waiver): Legacy app needs passwords');
  });

  it('without reference ids exempts every recommendation in scope; healthy findings too', () => {
    const { exemptions } = readExemptions(exemption(VM, { exemptionCategory: 'Mitigated' }), 'x.json');
    const findings = [finding('a'), finding('b', VM, 'healthy'), finding('c', VM, 'notApplicable')];
    applyExemptions(findings, exemptions, NOW);
    expect(findings.map((f) => f.status)).toEqual(['exempt', 'exempt', 'notApplicable']);
  });

  it('stops applying once expired, and says so', () => {
    const { exemptions } = readExemptions(exemption(RG, { expiresOn: '2026-01-01T00:00:00Z' }), 'x.json');
    const findings = [finding('a')];
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(findings[0]!.status).toBe('unhealthy');
    expect(outcome.expired.map((e) => e.name)).toEqual(['waiver-1']);
  });

  it('matches scopes by whole segments, case-insensitively', () => {
    const { exemptions } = readExemptions(exemption(`${RG.toUpperCase()}`, {}), 'x.json');
    const findings = [finding('a'), finding('a', `${RG}-2/providers/Microsoft.Compute/virtualMachines/x`)];
    applyExemptions(findings, exemptions, NOW);
    expect(findings.map((f) => f.status)).toEqual(['exempt', 'unhealthy']);
  });

  it('reads the flattened az CLI shape and lists', () => {
    const flat = {
      id: `${VM}/providers/Microsoft.Authorization/policyExemptions/e`,
      name: 'e',
      exemptionCategory: 'Mitigated',
      policyDefinitionReferenceIds: ['A'],
    };
    const { exemptions, errors } = readExemptions({ value: [flat, flat] }, 'x.json');
    expect(errors).toEqual([]);
    expect(exemptions.map((e) => [e.scope, e.recommendations])).toEqual([
      [VM.toLowerCase(), ['a']],
      [VM.toLowerCase(), ['a']],
    ]);
  });

  it.each([
    [{ name: 'no-scope', properties: { exemptionCategory: 'Waiver' } }, '', /has no scope/],
    [exemption(RG, { exemptionCategory: 'Forever' }), '/exemptionCategory', /must be Waiver or Mitigated/],
    [exemption(RG, { expiresOn: 'soon' }), '/expiresOn', /is not a date/],
    [
      exemption(RG, { policyDefinitionReferenceIds: 'jit' }),
      '/policyDefinitionReferenceIds',
      /must be an array/,
    ],
  ])('rejects a bad exemption, naming the field (%#)', (value, pointer, message) => {
    const { exemptions, errors } = readExemptions(value as JsonValue, 'ex.json');
    expect(exemptions).toEqual([]);
    expect(errors).toEqual([{ file: 'ex.json', pointer, message: expect.stringMatching(message) }]);
  });
});
