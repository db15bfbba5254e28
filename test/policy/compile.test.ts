import { describe, expect, it } from 'vitest';
import { complianceOf, definitionOf, evaluate, vm } from '../support/policy.ts';

const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };
function valueRule(expression: string) {
  return { if: { allOf: [isVm, { value: expression, exists: true }] }, then: { effect: 'audit' } };
}

// definition-structure-policy-rule.md, "Policy functions": every ARM template function except
// copyIndex, dateTimeAdd, …, lambda(), …, variables(). filter, map and the other lambda functions
// cannot be called without lambda(), so Azure refuses a rule that uses them.
describe('template functions a policy rule may not use', () => {
  it.each([
    ["[length(filter(createArray(1, 2), lambda('x', greater(lambdaVariables('x'), 1))))]", 'filter'],
    ["[map(createArray(1, 2), lambda('x', add(lambdaVariables('x'), 1)))]", 'map'],
    [
      "[reduce(createArray(1, 2), 0, lambda('c', 'n', add(lambdaVariables('c'), lambdaVariables('n'))))]",
      'reduce',
    ],
    ["[sort(createArray(2, 1), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", 'sort'],
    ["[groupBy(createArray('a'), lambda('x', lambdaVariables('x')))]", 'groupBy'],
    ["[mapValues(createObject('a', 1), lambda('v', lambdaVariables('v')))]", 'mapValues'],
    ["[toObject(createArray('a'), lambda('x', lambdaVariables('x')))]", 'toObject'],
    ["[dateTimeAdd('2026-01-01T00:00:00Z', 'P1D')]", 'dateTimeAdd'],
    ["[resourceId('Microsoft.Compute/virtualMachines', 'vm1')]", 'resourceId'],
    ['[newGuid()]', 'newGuid'],
  ])('%s is a definition error naming %s', (expression, name) => {
    expect(() => evaluate(definitionOf(valueRule(expression)), [vm('vm1')])).toThrow(
      new RegExp(`'${name}' is not valid`),
    );
  });

  it.each([
    '[addDays(utcNow(), -90)]',
    "[ipRangeContains('10.0.0.0/8', '10.1.2.3')]",
    "[tryGet(createObject('a', 1), 'a')]",
    "[parseCidr('10.0.0.0/24').broadcast]",
  ])('%s is available', (expression) => {
    expect(complianceOf(valueRule(expression), vm('vm1'))).toBe('nonCompliant');
  });
});
