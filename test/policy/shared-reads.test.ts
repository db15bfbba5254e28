import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/policy/aliases/index.ts';
import { compileDefinition } from '../../src/policy/compile.ts';
import { estateOf } from '../../src/policy/estate.ts';
import { evaluatePolicies } from '../../src/policy/evaluate.ts';
import { definitionOf, inventoryOf, RG } from '../support/policy.ts';

// Definitions compiled against one alias table share their field reads (compile.ts): these pin what
// sharing must never change.
const table = AliasTable.load();
const compile = (name: string, sku: string) =>
  compileDefinition(
    definitionOf({
      properties: {
        mode: 'All',
        displayName: name,
        policyRule: {
          if: {
            allOf: [
              { field: 'type', equals: 'Microsoft.Compute/virtualMachines' },
              { field: 'Microsoft.Compute/virtualMachines/sku.name', equals: sku },
            ],
          },
          then: { effect: 'audit' },
        },
      },
      name,
    }),
    { table, parameters: new Map(), parametersFrom: 'test' },
  );
const vm = (name: string, size: string) => ({
  id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  type: 'Microsoft.Compute/virtualMachines',
  location: 'westeurope',
  properties: { hardwareProfile: { vmSize: size } },
});

describe('field reads shared between definitions', () => {
  it('gives each resource its results together, in the order of the definitions', () => {
    const defs = [compile('small', 'Standard_B1s'), compile('big', 'Standard_E8s_v5')];
    const results = [
      ...evaluatePolicies(defs, estateOf(inventoryOf([vm('a', 'Standard_B1s'), vm('b', 'Standard_E8s_v5')]))),
    ];
    expect(results.map((r) => [r.resourceId.split('/').pop(), r.displayName, r.compliance])).toEqual([
      ['a', 'small', 'nonCompliant'],
      ['a', 'big', 'compliant'],
      ['b', 'small', 'compliant'],
      ['b', 'big', 'nonCompliant'],
    ]);
  });

  it('reads a resource changed between two evaluations afresh', () => {
    const machine = vm('c', 'Standard_B1s');
    const estate = estateOf(inventoryOf([machine]));
    const first = compile('first', 'Standard_B1s');
    expect([...evaluatePolicies([first], estate)][0]?.compliance).toBe('nonCompliant');
    machine.properties.hardwareProfile.vmSize = 'Standard_D2s_v5';
    // Another definition reading the same alias, on the same resource object.
    const second = compile('second', 'Standard_B1s');
    expect([...evaluatePolicies([second], estate)][0]?.compliance).toBe('compliant');
    expect([...evaluatePolicies([first], estate)][0]?.compliance).toBe('compliant');
  });
});
