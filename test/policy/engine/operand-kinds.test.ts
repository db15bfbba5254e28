import { describe, expect, it } from 'vitest';
import { planPolicies } from '../../../src/policy/plan.ts';
import { definitionOf, evaluate, RG, vm } from '../../support/policy.ts';

// An operator given an operand it cannot take: `in`/`notIn` need an array, `like` a string, `exists`
// true or false (definition-structure-policy-rule.md, "Conditions").
const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };
const declared = {
  region: { type: 'String', defaultValue: 'eastus' },
  patterns: { type: 'Array', defaultValue: ['vm-*'] },
  settings: { type: 'Object', defaultValue: { a: 1 } },
};
const definition = (ifCondition: object, then: object = { effect: 'audit' }) =>
  definitionOf({
    properties: { mode: 'All', parameters: declared, policyRule: { if: ifCondition, then } },
    name: 'operand-kinds',
  });
const extension = {
  id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1/extensions/ext`,
  name: 'ext',
  type: 'Microsoft.Compute/virtualMachines/extensions',
  properties: { type: 'MDE.Windows' },
};

describe('a literal operand of the wrong kind is a definition error at its path', () => {
  // Azure refuses such a definition when it is created; Vigil says so once, naming the JSON path.
  it.each([
    [
      'in a string',
      { field: 'location', in: 'eastus' },
      '/properties/policyRule/if/allOf/1/in',
      /'in' takes an array/,
    ],
    [
      'exists "yes"',
      { field: 'name', exists: 'yes' },
      '/properties/policyRule/if/allOf/1/exists',
      /true or false/,
    ],
    [
      'notIn an object in a count',
      { count: { value: ['a'], where: { value: '[current()]', notIn: { a: 1 } } }, equals: 0 },
      '/properties/policyRule/if/allOf/1/count/where/notIn',
      /'notIn' takes an array/,
    ],
  ])('%s', (_, condition, pointer, message) => {
    const plan = planPolicies([definition({ allOf: [isVm, condition] })], []);
    expect(plan.compiled).toHaveLength(0);
    expect(plan.errors).toEqual([
      expect.objectContaining({ pointer, message: expect.stringMatching(message) }),
    ]);
  });
});

describe('an operand that an expression folds to the wrong kind fails each evaluation', () => {
  // The value comes with the assignment, so Azure accepts the definition and the evaluation fails: an
  // `error` for each resource that reaches the condition, never a crash of the whole run.
  it.each([
    [
      'notIn a String parameter',
      definition({ allOf: [isVm, { field: 'location', notIn: "[parameters('region')]" }] }),
      "[parameters('region')] at /properties/policyRule/if/allOf/1/notIn: 'notIn' takes an array",
    ],
    [
      'in an Object parameter',
      definition({ allOf: [isVm, { value: 'x', in: "[parameters('settings')]" }] }),
      "[parameters('settings')] at /properties/policyRule/if/allOf/1/in: 'in' takes an array",
    ],
    [
      'like an Array parameter',
      definition({ allOf: [isVm, { field: 'name', like: "[parameters('patterns')]" }] }),
      "at /properties/policyRule/if/allOf/1/like: 'like' takes a string",
    ],
    [
      'exists a String parameter',
      definition({ allOf: [isVm, { field: 'name', exists: "[parameters('region')]" }] }),
      "at /properties/policyRule/if/allOf/1/exists: 'exists' takes true or false",
    ],
    [
      'a type condition (it cannot rule the type out either)',
      definition({ field: 'type', notIn: "[parameters('region')]" }),
      "at /properties/policyRule/if/notIn: 'notIn' takes an array",
    ],
    [
      'inside a value count',
      definition({
        allOf: [
          isVm,
          {
            count: {
              value: [1],
              name: 'n',
              where: { value: "[current('n')]", in: "[parameters('region')]" },
            },
            equals: 0,
          },
        ],
      }),
      'at /properties/policyRule/if/allOf/1/count/where/in',
    ],
    [
      'in an existenceCondition',
      definition(isVm, {
        effect: 'auditIfNotExists',
        details: {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          existenceCondition: {
            field: 'Microsoft.Compute/virtualMachines/extensions/type',
            in: "[parameters('region')]",
          },
        },
      }),
      'at /properties/policyRule/then/details/existenceCondition/in',
    ],
  ])('%s', (_, written, message) => {
    const results = evaluate(written, [vm('vm1'), extension]);
    const mine = results.find((r) => r.resourceId === vm('vm1').id)!;
    expect(mine.compliance).toBe('error');
    expect(mine.error).toContain(message);
  });

  it('leaves resources the condition is never reached for alone', () => {
    const written = definition({
      allOf: [
        isVm,
        { field: 'location', equals: 'westus' },
        { field: 'location', in: "[parameters('region')]" },
      ],
    });
    const mine = evaluate(written, [vm('vm1')]).find((r) => r.resourceId === vm('vm1').id)!;
    expect(mine.compliance).toBe('compliant');
  });
});
