import { describe, expect, it } from 'vitest';
import type { PolicyDefinition, PolicySetDefinition } from '../../src/policy/definition.ts';
import { readPolicyDocuments } from '../../src/policy/definition.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies } from '../../src/policy/evaluate.ts';
import { planPolicies } from '../../src/policy/plan.ts';
import type { JsonValue } from '../../src/util/json.ts';
import { inventoryOf, vm } from '../support/policy.ts';

const allowedSizes = {
  name: 'allowed-sizes',
  properties: {
    displayName: 'Allowed sizes',
    mode: 'Indexed',
    parameters: {
      sizes: { type: 'Array' },
      effect: { type: 'String', allowedValues: ['Audit', 'Deny'], defaultValue: 'Audit' },
    },
    policyRule: {
      if: {
        allOf: [
          { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
          { not: { field: 'Microsoft.Compute/virtualMachines/sku.name', in: "[parameters('sizes')]" } },
        ],
      },
      then: { effect: "[parameters('effect')]" },
    },
  },
};

const initiative = {
  name: 'vm-baseline',
  properties: {
    displayName: 'VM baseline',
    parameters: {
      baseSizes: { type: 'Array', defaultValue: ['Standard_D2s_v5'] },
      strict: { type: 'Boolean', defaultValue: false },
    },
    policyDefinitions: [
      {
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/allowed-sizes',
        policyDefinitionReferenceId: 'sizesDefault',
        parameters: { sizes: { value: "[parameters('baseSizes')]" } },
      },
      {
        policyDefinitionId:
          '/subscriptions/x/providers/Microsoft.Authorization/policyDefinitions/allowed-sizes',
        policyDefinitionReferenceId: 'sizesWide',
        parameters: {
          sizes: { value: "[union(parameters('baseSizes'), createArray('Standard_E8ds_v5'))]" },
          effect: { value: "[if(parameters('strict'), 'Deny', 'Audit')]" },
        },
      },
      {
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/not-loaded',
        policyDefinitionReferenceId: 'ghost',
      },
    ],
  },
};

function asJson(value: object): JsonValue {
  return value as JsonValue;
}

function docs() {
  const d = readPolicyDocuments(asJson(allowedSizes), 'def.json').documents as PolicyDefinition[];
  const i = readPolicyDocuments(asJson(initiative), 'set.json').documents as PolicySetDefinition[];
  return { d, i };
}

const resources = [
  vm('small', { hardwareProfile: { vmSize: 'Standard_D2s_v5' } }),
  vm('big', { hardwareProfile: { vmSize: 'Standard_E8ds_v5' } }),
];

describe('initiatives (initiative-definition-structure.md)', () => {
  it('runs each reference with the values the initiative passes, expressions included', () => {
    const { d, i } = docs();
    const plan = planPolicies(d, i, { standalone: false });
    expect(plan.errors).toEqual([]);
    const results = [...evaluatePolicies(plan.compiled, estateOf(inventoryOf(resources)))];
    const table = results.map((r) => [
      r.policyDefinitionReferenceId,
      r.resourceId.split('/').pop(),
      r.compliance,
      r.effect,
    ]);
    expect(table).toEqual([
      ['sizesDefault', 'small', 'compliant', 'Audit'],
      ['sizesWide', 'small', 'compliant', 'Audit'],
      ['sizesDefault', 'big', 'nonCompliant', 'Audit'],
      ['sizesWide', 'big', 'compliant', 'Audit'],
    ]);
    expect(results.every((r) => r.initiativeName === 'vm-baseline')).toBe(true);
  });

  it('takes the initiative parameters from the assignment', () => {
    const { d, i } = docs();
    const plan = planPolicies(d, i, {
      standalone: false,
      parameters: new Map<string, never>([
        ['strict', true as never],
        ['basesizes', ['Standard_B2ms'] as never],
      ]),
    });
    const results = [...evaluatePolicies(plan.compiled, estateOf(inventoryOf(resources)))];
    expect(
      results
        .filter((r) => r.policyDefinitionReferenceId === 'sizesWide')
        .map((r) => [r.resourceId.split('/').pop(), r.compliance, r.effect]),
    ).toEqual([
      ['small', 'nonCompliant', 'Deny'],
      ['big', 'compliant', 'Deny'],
    ]);
  });

  it('says which referenced definitions were not loaded, and runs the rest', () => {
    const { d, i } = docs();
    const plan = planPolicies(d, i, { standalone: false });
    expect(plan.compiled).toHaveLength(2);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        file: 'set.json',
        message: expect.stringMatching(/VM baseline': 1 of 3 referenced definitions .* skipped \(ghost\)/),
      }),
    ]);
  });

  it('names the first ten missing references of a long list and counts the rest', () => {
    const { d } = docs();
    const ghosts = Array.from({ length: 14 }, (_, n) => ({
      policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/ghost-${n}`,
      policyDefinitionReferenceId: `ghost${n}`,
    }));
    const big = { ...initiative, properties: { ...initiative.properties, policyDefinitions: ghosts } };
    const i = readPolicyDocuments(asJson(big), 'set.json').documents as PolicySetDefinition[];
    const [warning] = planPolicies(d, i, { standalone: false }).warnings;
    expect(warning?.message).toContain(
      '(ghost0, ghost1, ghost2, ghost3, ghost4, ghost5, ghost6, ghost7, ghost8, ghost9 and 4 more)',
    );
  });

  it('rejects a wrong parameter type passed by the initiative, naming the reference', () => {
    const { d } = docs();
    const bad = structuredClone(initiative);
    bad.properties.policyDefinitions[0]!.parameters = { sizes: { value: "[parameters('strict')]" } };
    const plan = planPolicies(
      d,
      readPolicyDocuments(asJson(bad), 'set.json').documents as PolicySetDefinition[],
      {
        standalone: false,
      },
    );
    expect(plan.errors).toEqual([
      expect.objectContaining({
        file: 'def.json',
        message: expect.stringMatching(/parameter 'sizes' must be of type Array.*reference sizesDefault/),
      }),
    ]);
  });
});

describe('references that ask for a version of their definition (definitionVersion)', () => {
  const withVersions = (definitionVersion: string | undefined, version: string | undefined) => {
    const def = readPolicyDocuments(
      asJson({ ...allowedSizes, properties: { ...allowedSizes.properties, ...(version && { version }) } }),
      'def.json',
    ).documents as PolicyDefinition[];
    const set = readPolicyDocuments(
      asJson({
        name: 'pinned',
        properties: {
          displayName: 'Pinned',
          policyDefinitions: [
            {
              policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/allowed-sizes',
              policyDefinitionReferenceId: 'sizes',
              ...(definitionVersion && { definitionVersion }),
              parameters: { sizes: { value: ['Standard_D2s_v5'] } },
            },
          ],
        },
      }),
      'set.json',
    ).documents as PolicySetDefinition[];
    return planPolicies(def, set, { standalone: false });
  };

  it.each<[string | undefined, string | undefined, boolean]>([
    ['1.*.*', '1.2.0', false],
    ['1.2.*', '1.2.7', false],
    ['1.0.1', '1.0.1', false],
    ['1.*.*', '1.0.0-preview', false],
    ['1.*.*-preview', '1.0.1', false],
    ['3.*.*-preview', '3.0.0-preview', false],
    ['2.*.*-preview', '1.0.0-preview', true],
    [undefined, '2.0.0', false],
    ['1.*.*', undefined, false],
    ['1.*.*', '2.0.0', true],
    ['1.0.1', '1.0.2', true],
  ])('asking %s of a definition at %s warns: %s', (asked, version, warns) => {
    const plan = withVersions(asked, version);
    expect(plan.errors).toEqual([]);
    // The loaded version is evaluated either way: it is the only one there is.
    expect(plan.compiled).toHaveLength(1);
    expect(plan.warnings.map((w) => w.message)).toEqual(
      warns
        ? [
            `initiative 'Pinned': 1 of 1 references ask for a version of their definition other than the one loaded, which was evaluated instead and may judge differently (sizes asks for ${asked}, the file holds ${version})`,
          ]
        : [],
    );
  });
});
