import { describe, expect, it } from 'vitest';
import { inventorySubjects } from '../../src/posture/exemption-subjects.ts';
import { applyExemptions, type ExemptionSubjects, readExemptions } from '../../src/posture/exemptions.ts';
import type { Finding } from '../../src/posture/findings.ts';
import type { JsonValue } from '../../src/util/json.ts';
import { inventoryOf } from '../support/policy.ts';

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

describe('exemption resource selectors', () => {
  const SUB = '/subscriptions/aaaa0000-0000-0000-0000-000000000001';
  const DISK = `${RG}/providers/Microsoft.Compute/disks/vm-web-01-os`;
  const PRICING = `${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`;
  const locations: Record<string, string | undefined> = { [VM]: 'westeurope', [DISK]: 'North Europe' };
  const subjects: ExemptionSubjects = {
    locationOf: (f) => locations[f.resourceId],
    managementGroupsOf: () => undefined,
  };
  const typed = (resourceId: string, resourceType: string): Finding => ({
    ...finding('a', resourceId),
    resourceType,
  });
  const statuses = (resourceSelectors: JsonValue) => {
    const { exemptions, errors } = readExemptions(exemption(SUB, { resourceSelectors }), 'x.json');
    expect(errors).toEqual([]);
    const findings = [
      typed(VM, 'Microsoft.Compute/virtualMachines'),
      typed(DISK, 'Microsoft.Compute/disks'),
      typed(PRICING, 'Microsoft.Security/pricings'),
    ];
    applyExemptions(findings, exemptions, NOW, subjects);
    return findings.map((f) => f.status);
  };
  const selector = (...selectors: JsonValue[]) => [{ name: 'rs', selectors }];

  it.each([
    [
      'a location list, spelt either way',
      selector({ kind: 'resourceLocation', in: ['West Europe'] }),
      ['exempt', 'unhealthy', 'unhealthy'],
    ],
    [
      'locations not listed',
      selector({ kind: 'resourceLocation', notIn: ['westeurope'] }),
      ['unhealthy', 'exempt', 'exempt'],
    ],
    [
      'a type, in any case',
      selector({ kind: 'resourceType', in: ['microsoft.compute/DISKS'] }),
      ['unhealthy', 'exempt', 'unhealthy'],
    ],
    [
      'subscription-level resources without a location',
      selector({ kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }),
      ['unhealthy', 'unhealthy', 'exempt'],
    ],
    [
      'every selector of one resource selector',
      selector(
        { kind: 'resourceType', in: ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/disks'] },
        { kind: 'resourceLocation', in: ['northeurope'] },
      ),
      ['unhealthy', 'exempt', 'unhealthy'],
    ],
    [
      'any of several resource selectors',
      [
        { name: 'vms', selectors: [{ kind: 'resourceType', in: ['Microsoft.Compute/virtualMachines'] }] },
        {
          name: 'pricings',
          selectors: [{ kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] }],
        },
      ],
      ['exempt', 'unhealthy', 'exempt'],
    ],
  ])('cover only the resources they select: %s', (_name, resourceSelectors, expected) => {
    expect(statuses(resourceSelectors as JsonValue)).toEqual(expected);
  });

  it('without any resource selector cover their whole scope', () => {
    expect(statuses([])).toEqual(['exempt', 'exempt', 'exempt']);
  });

  it.each([
    ['not an array', { kind: 'resourceType' }, '/resourceSelectors', /must be an array/],
    [
      'an unknown kind',
      selector({ kind: 'resourceTag', in: ['x'] }),
      '/resourceSelectors/0/selectors/0/kind',
      /must be one of resourceLocation, resourceType, resourceWithoutLocation/,
    ],
    [
      'in and notIn together',
      selector({ kind: 'resourceType', in: ['a'], notIn: ['b'] }),
      '/resourceSelectors/0/selectors/0',
      /exactly one of "in" and "notIn"/,
    ],
    [
      'values that are not strings',
      selector({ kind: 'resourceType', notIn: [1] }),
      '/resourceSelectors/0/selectors/0/notIn',
      /array of strings/,
    ],
    [
      'one kind twice',
      selector({ kind: 'resourceType', in: ['a'] }, { kind: 'resourceType', in: ['b'] }),
      '/resourceSelectors/0/selectors/1/kind',
      /used twice/,
    ],
    [
      'location with resources without one',
      selector(
        { kind: 'resourceLocation', in: ['a'] },
        { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] },
      ),
      '/resourceSelectors/0/selectors',
      /cannot be used in one resource selector/,
    ],
  ])('reject %s, naming the field', (_name, resourceSelectors, pointer, message) => {
    const { exemptions, errors } = readExemptions(
      exemption(SUB, { resourceSelectors: resourceSelectors as JsonValue }),
      'ex.json',
    );
    expect(exemptions).toEqual([]);
    expect(errors).toEqual([{ file: 'ex.json', pointer, message: expect.stringMatching(message) }]);
  });
});

describe('exemptions at management group scope', () => {
  const TENANT = 'd4c3b2a1-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
  const subscriptionRow = (id: string, chain: JsonValue | undefined) => ({
    id: `/subscriptions/${id}`,
    name: id,
    type: 'microsoft.resources/subscriptions',
    tenantId: TENANT,
    properties: { state: 'Enabled', ...(chain !== undefined && { managementGroupAncestorsChain: chain }) },
  });
  const inventory = inventoryOf([
    subscriptionRow('aaaa0000-0000-0000-0000-000000000001', [
      { name: 'Corp', displayName: 'Corp' },
      { name: TENANT, displayName: 'Tenant Root Group' },
    ]),
    subscriptionRow('aaaa0000-0000-0000-0000-000000000002', []),
    subscriptionRow('aaaa0000-0000-0000-0000-000000000003', undefined),
  ]);
  const vmIn = (n: number) =>
    `/subscriptions/aaaa0000-0000-0000-0000-00000000000${n}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`;
  const apply = (group: string) => {
    const { exemptions } = readExemptions(
      exemption(`/providers/Microsoft.Management/managementGroups/${group}`, {}),
      'x.json',
    );
    const findings = [finding('a', vmIn(1)), finding('a', vmIn(2)), finding('a', vmIn(3))];
    const outcome = applyExemptions(findings, exemptions, NOW, inventorySubjects(inventory));
    return { statuses: findings.map((f) => f.status), unresolved: outcome.unresolved };
  };

  it('cover the subscriptions the snapshot places under the group', () => {
    const { statuses, unresolved } = apply('corp');
    expect(statuses).toEqual(['exempt', 'unhealthy', 'unhealthy']);
    expect(unresolved).toEqual([
      {
        exemption: expect.objectContaining({ name: 'waiver-1' }),
        findings: 1,
        why: expect.stringMatching(
          /management group corp.*aaaa0000-0000-0000-0000-000000000003.*resourcecontainers/,
        ),
      },
    ]);
  });

  it('at the tenant root group cover every subscription of the tenant the snapshot describes', () => {
    expect(apply(TENANT).statuses).toEqual(['exempt', 'exempt', 'unhealthy']);
  });

  it('leave findings alone, and say so, without subjects to place them', () => {
    const { exemptions } = readExemptions(
      exemption('/providers/Microsoft.Management/managementGroups/corp', {}),
      'x.json',
    );
    const findings = [finding('a', vmIn(1))];
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(findings[0]!.status).toBe('unhealthy');
    expect(outcome.unresolved).toHaveLength(1);
  });
});
