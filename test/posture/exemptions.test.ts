import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RECOMMENDATIONS } from '../../src/benchmark/catalog.ts';
import { inventorySubjects } from '../../src/posture/exemption-subjects.ts';
import { applyExemptions, type ExemptionSubjects, readExemptions } from '../../src/posture/exemptions.ts';
import type { Finding } from '../../src/posture/findings.ts';
import type { JsonObject, JsonValue } from '../../src/util/json.ts';
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
      '/subscriptions/aaaa0000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn',
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

  // An exemption without reference ids exempts from its whole assignment
  // (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure#policy-definition-ids).
  it.each([
    ["Defender for Cloud's assignment", 'SecurityCenterBuiltIn', undefined, ['exempt', 'exempt']],
    ['no assignment (a file written for Vigil)', undefined, undefined, ['exempt', 'exempt']],
    ['another assignment (Allowed locations)', 'allowed-locations', undefined, ['unhealthy', 'unhealthy']],
    ["another assignment naming Vigil's ids", 'vigil-benchmark', ['a'], ['exempt', 'unhealthy']],
  ])('without reference ids, from %s', (_, assignment, references, statuses) => {
    const props: Record<string, JsonValue> = {
      policyAssignmentId:
        assignment === undefined
          ? null
          : `/subscriptions/aaaa0000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/policyAssignments/${assignment}`,
      ...(references !== undefined && { policyDefinitionReferenceIds: references }),
    };
    const { exemptions, errors } = readExemptions(exemption(RG, props), 'x.json');
    expect(errors).toEqual([]);
    const findings = [finding('a'), finding('b')];
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(findings.map((f) => f.status)).toEqual(statuses);
    const other = assignment === 'allowed-locations';
    expect(outcome.unresolved.map((u) => [u.findings, u.why])).toEqual(
      other ? [[2, expect.stringMatching(/assignment "allowed-locations", not Defender for Cloud's/)]] : [],
    );
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
    [
      exemption(RG, { exemptionCategory: 'Forever' }),
      '/properties/exemptionCategory',
      /must be Waiver or Mitigated/,
    ],
    [exemption(RG, { expiresOn: 'soon' }), '/properties/expiresOn', /is not a date/],
    [
      { data: [{ ...(exemption(RG, {}) as JsonObject), type: 'microsoft.authorization/policyassignments' }] },
      '/data/0/type',
      /not a policy exemption/,
    ],
    [
      exemption(RG, { policyDefinitionReferenceIds: 'jit' }),
      '/properties/policyDefinitionReferenceIds',
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
    ['not an array', { kind: 'resourceType' }, '/properties/resourceSelectors', /must be an array/],
    [
      'an unknown kind',
      selector({ kind: 'resourceTag', in: ['x'] }),
      '/properties/resourceSelectors/0/selectors/0/kind',
      /must be one of resourceLocation, resourceType, resourceWithoutLocation/,
    ],
    [
      'in and notIn together',
      selector({ kind: 'resourceType', in: ['a'], notIn: ['b'] }),
      '/properties/resourceSelectors/0/selectors/0',
      /exactly one of "in" and "notIn"/,
    ],
    [
      'values that are not strings',
      selector({ kind: 'resourceType', notIn: [1] }),
      '/properties/resourceSelectors/0/selectors/0/notIn',
      /array of strings/,
    ],
    [
      'one kind twice',
      selector({ kind: 'resourceType', in: ['a'] }, { kind: 'resourceType', in: ['b'] }),
      '/properties/resourceSelectors/0/selectors/1/kind',
      /used twice/,
    ],
    [
      'location with resources without one',
      selector(
        { kind: 'resourceLocation', in: ['a'] },
        { kind: 'resourceWithoutLocation', in: ['subscriptionLevelResources'] },
      ),
      '/properties/resourceSelectors/0/selectors',
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

describe('exemptions as Azure exports them', () => {
  const FIXTURE = fileURLToPath(
    new URL('../fixtures/exemptions/defender-mcsb-exemption.graph.json', import.meta.url),
  );

  it.each([
    // Microsoft's own sample writes "waiver"; ARM takes enum values in any casing.
    ['waiver', 'Waiver'],
    ['MITIGATED', 'Mitigated'],
  ])('reads exemptionCategory %s as %s', (given, category) => {
    const { exemptions, errors } = readExemptions(exemption(RG, { exemptionCategory: given }), 'x.json');
    expect(errors).toEqual([]);
    expect(exemptions[0]!.category).toBe(category);
  });

  // expiresOn is UTC (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure#expiration).
  it.each([
    ['2026-06-01T00:00:00', '2026-06-01T00:00:00Z'],
    ['2026-06-01T00:00:00.0000000', '2026-06-01T00:00:00.0000000Z'],
    ['2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z'],
    ['2026-06-01T02:00:00+02:00', '2026-06-01T02:00:00+02:00'],
  ])('reads expiresOn %s as UTC', (given, read) => {
    const { exemptions } = readExemptions(exemption(RG, { expiresOn: given }), 'x.json');
    expect(exemptions[0]!.expiresOn).toBe(read);
    const findings = [finding('a')];
    applyExemptions(findings, exemptions, new Date('2026-05-31T23:30:00Z'));
    expect(findings[0]!.status).toBe('exempt');
  });

  it.each([
    ['ARM shape', exemption(RG, { exemptionCategory: 'Forever' }), '/properties/exemptionCategory'],
    [
      'flattened az shape in a list',
      [{ id: `${RG}/providers/Microsoft.Authorization/policyExemptions/e`, exemptionCategory: 'Forever' }],
      '/0/exemptionCategory',
    ],
    [
      'az graph query rows',
      { data: [{ ...(exemption(RG, {}) as JsonObject), properties: { exemptionCategory: null } }] },
      '/data/0/properties/exemptionCategory',
    ],
  ])('names the field where the file has it (%s)', (_shape, value, pointer) => {
    const { errors } = readExemptions(value as JsonValue, 'ex.json');
    expect(errors).toEqual([
      { file: 'ex.json', pointer, message: expect.stringMatching(/Waiver or Mitigated/) },
    ]);
  });

  // Get-AzPolicyExemption | ConvertTo-Json: Az.Resources 7+ flattens and names the list
  // PolicyDefinitionReferenceId; older versions nest Properties and give ResourceId; Windows PowerShell
  // 5.1 writes dates as /Date(ms)/.
  it.each([
    [
      'Az.Resources 7+',
      {
        Id: `${RG}/providers/Microsoft.Authorization/policyExemptions/ps`,
        Name: 'ps',
        ExemptionCategory: 'Waiver',
        PolicyDefinitionReferenceId: ['linux-vm-ssh-keys'],
        ExpiresOn: '/Date(1780272000000)/',
      },
      '2026-06-01T00:00:00.000Z',
    ],
    [
      'Az.Resources 6',
      {
        Name: 'ps',
        ResourceId: `${RG}/providers/Microsoft.Authorization/policyExemptions/ps`,
        Properties: {
          ExemptionCategory: 'Waiver',
          PolicyDefinitionReferenceIds: ['linux-vm-ssh-keys'],
          ExpiresOn: '2026-06-01T00:00:00',
        },
      },
      '2026-06-01T00:00:00Z',
    ],
  ])('reads Get-AzPolicyExemption output (%s)', (_version, value, expiresOn) => {
    const { exemptions, errors } = readExemptions(value, 'ps.json');
    expect(errors).toEqual([]);
    expect(exemptions.map((e) => [e.scope, e.recommendations, e.expiresOn])).toEqual([
      [RG.toLowerCase(), ['linux-vm-ssh-keys'], expiresOn],
    ]);
    const findings = [finding('linux-vm-ssh-keys'), finding('vm-encryption-at-host')];
    applyExemptions(findings, exemptions, new Date('2026-05-31T23:30:00Z'));
    expect(findings.map((f) => f.status)).toEqual(['exempt', 'unhealthy']);
  });

  it('reads az graph query output of policyresources (lower-cased ids, Defender-made exemptions)', () => {
    const { exemptions, errors } = readExemptions(JSON.parse(readFileSync(FIXTURE, 'utf8')), FIXTURE);
    expect(errors).toEqual([]);
    expect(exemptions.map((e) => [e.name, e.scope, e.category, e.recommendations])).toEqual([
      ['mgmt-ports-legacy', RG.toLowerCase(), 'Mitigated', ['restrictaccesstomanagementportsmonitoring']],
      ['ssh-keys-legacy', RG.toLowerCase(), 'Waiver', ['linux-vm-ssh-keys']],
    ]);
    const findings = [
      finding('management-ports-closed'),
      finding('linux-vm-ssh-keys'),
      finding('jit-management-ports'),
    ];
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(findings.map((f) => f.status)).toEqual(['exempt', 'exempt', 'unhealthy']);
    expect(outcome.unresolved).toEqual([]);
  });

  it.each([
    // Defender's "Exempt" names MCSB's reference id; it maps through the assessment key its definition audits.
    [['jitNetworkAccessMonitoring'], 'jit-management-ports', 'exempt'],
    [['NETWORKSECURITYGROUPSONSUBNETSMONITORING'], 'subnet-nsg', 'exempt'],
    [['jitNetworkAccessMonitoring'], 'management-ports-closed', 'unhealthy'],
    [['gcExtOnVMMonitoring'], 'guest-configuration-extension', 'unhealthy'],
  ])('maps MCSB reference ids %j to the recommendation with their assessment key (%s)', (ids, id, status) => {
    const { exemptions } = readExemptions(exemption(RG, { policyDefinitionReferenceIds: ids }), 'x.json');
    const findings = [finding(id)];
    applyExemptions(findings, exemptions, NOW);
    expect(findings[0]!.status).toBe(status);
  });

  it.each([
    ['in scope', [finding('linux-vm-ssh-keys'), finding('vm-encryption-at-host')], 1],
    ['with nothing in scope', [finding('linux-vm-ssh-keys', `${VM.replace('rg-web', 'rg-db')}`)], 0],
  ])('reports reference ids that name no recommendation, %s', (_case, findings, count) => {
    const { exemptions } = readExemptions(
      exemption(RG, { policyDefinitionReferenceIds: ['linux-vm-ssh-keys', 'gcExtOnVMMonitoring'] }),
      'x.json',
    );
    const outcome = applyExemptions(findings, exemptions, NOW);
    expect(outcome.unresolved).toEqual([
      { exemption: exemptions[0], findings: count, why: expect.stringContaining('"gcextonvmmonitoring"') },
    ]);
  });
});

const CORPUS = fileURLToPath(new URL('../../../shared/corpora/azure-policy/', import.meta.url));
const corpusPresent = existsSync(CORPUS);
if (!corpusPresent)
  console.warn(
    `MCSB exemption mapping test skipped: ${CORPUS} is absent (it ships beside the repo as ../shared)`,
  );

describe.skipIf(!corpusPresent)('exemptions naming MCSB reference ids, against the initiatives', () => {
  // Every reference id whose built-in definition audits a Defender assessment by key, for the keys Vigil has.
  function referencesByKey(initiative: string): [string, string][] {
    const manifest = new Map(
      readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t'))
        .map(([file, , , name]) => [name?.toLowerCase() ?? '', file ?? '']),
    );
    const keys = new Set(RECOMMENDATIONS.flatMap((r) => (r.assessmentKey ? [r.assessmentKey] : [])));
    const set = JSON.parse(readFileSync(join(CORPUS, 'initiatives', initiative), 'utf8'));
    const pairs: [string, string][] = [];
    for (const reference of set.properties.policyDefinitions) {
      const file = manifest.get(String(reference.policyDefinitionId).split('/').pop()!.toLowerCase());
      if (!file) continue;
      const rule = JSON.stringify(
        JSON.parse(readFileSync(join(CORPUS, 'definitions', file), 'utf8')).properties.policyRule,
      );
      if (!/Microsoft\.Security\/assessments/i.test(rule)) continue;
      for (const key of keys)
        if (rule.includes(`"${key}"`)) pairs.push([reference.policyDefinitionReferenceId, key]);
    }
    return pairs;
  }

  it.each(['AzureSecurityCenter.json', 'MCSBv2.json'])(
    '%s: each maps to its recommendations',
    (initiative) => {
      const pairs = referencesByKey(initiative);
      expect(pairs.length).toBeGreaterThanOrEqual(10);
      for (const [reference, key] of pairs) {
        const { exemptions } = readExemptions(
          exemption(RG, { policyDefinitionReferenceIds: [reference] }),
          'x.json',
        );
        const ids = RECOMMENDATIONS.filter((r) => r.assessmentKey === key).map((r) => r.id);
        const findings = ids.map((id) => finding(id));
        const outcome = applyExemptions(findings, exemptions, NOW);
        expect([reference, findings.map((f) => f.status)]).toEqual([reference, ids.map(() => 'exempt')]);
        expect(outcome.unresolved).toEqual([]);
      }
    },
  );
});
