import { describe, expect, it } from 'vitest';
import { definitionOf, evaluate, vm } from '../../support/policy.ts';

const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };
const declared = { allowedLocations: { type: 'Array', defaultValue: ['eastus'] } };
const ruleWith = (condition: object, then: object = { effect: 'audit' }) => ({
  properties: { mode: 'All', parameters: declared, policyRule: { if: { allOf: [isVm, condition] }, then } },
});

// Azure refuses to create a definition whose rule calls parameters() on a name it does not declare;
// Vigil says so once, naming the JSON path, instead of an `error` result on every resource.
describe('parameters() naming an undeclared parameter', () => {
  it.each([
    [
      'a typo in a condition value',
      ruleWith({ field: 'location', notIn: "[parameters('listOfAllowedLocations')]" }),
      '/properties/policyRule/if/allOf/1/notIn',
    ],
    [
      'inside a nested function call',
      ruleWith({ value: "[length(concat(parameters('allowedLocation'), createArray('x')))]", equals: 2 }),
      '/properties/policyRule/if/allOf/1/value',
    ],
    [
      'in the effect',
      ruleWith(
        { field: 'location', in: "[parameters('allowedLocations')]" },
        { effect: "[parameters('effect')]" },
      ),
      '/properties/policyRule/then/effect',
    ],
  ])('%s is a definition error at its path', (_, definition, pointer) => {
    expect(() => evaluate(definitionOf(definition), [vm('vm1')])).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/refers to a parameter the definition does not declare/),
        pointer,
      }),
    );
  });

  it('accepts declared names in any case, and leaves a deployment template its own parameters', () => {
    const definition = ruleWith(
      { field: 'location', notIn: "[parameters('ALLOWEDlocations')]" },
      {
        effect: 'deployIfNotExists',
        details: {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          roleDefinitionIds: ['/providers/Microsoft.Authorization/roleDefinitions/x'],
          deployment: {
            properties: {
              mode: 'incremental',
              template: { resources: [{ name: "[parameters('vmName')]" }] },
              parameters: { vmName: { value: "[field('name')]" } },
            },
          },
        },
      },
    );
    expect(evaluate(definitionOf(definition), [vm('vm1', {}, { location: 'westus' })])[0]?.compliance).toBe(
      'nonCompliant',
    );
  });
});
