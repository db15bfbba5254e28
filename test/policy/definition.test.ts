import { describe, expect, it } from 'vitest';
import { readPolicyDocuments } from '../../src/policy/definition.ts';

const parameters = {
  effect: { type: 'String', allowedValues: ['Audit', 'Disabled'], defaultValue: 'Audit' },
};
const policyRule = {
  if: { field: 'type', equals: 'Microsoft.Compute/disks' },
  then: { effect: "[parameters('effect')]" },
};
const id = '/providers/Microsoft.Authorization/policyDefinitions/audit-disks';

// A definition as each tool exports it must come with its parameters: without them every
// `[parameters('effect')]` names an undeclared parameter.
describe('definition shapes', () => {
  it.each([
    [
      'the REST API and Azure/azure-policy',
      { id, name: 'audit-disks', properties: { mode: 'Indexed', parameters, policyRule } },
    ],
    [
      'az policy definition show',
      { id, name: 'audit-disks', mode: 'Indexed', parameters, policyRule, policyType: 'Custom' },
    ],
    [
      'Get-AzPolicyDefinition, Az PowerShell before 7',
      {
        Name: 'audit-disks',
        ResourceId: id,
        Properties: { Mode: 'Indexed', Parameters: parameters, PolicyRule: policyRule },
        PolicyDefinitionId: id,
      },
    ],
    [
      'Get-AzPolicyDefinition, Az PowerShell 7+ (Parameter)',
      {
        Id: id,
        Name: 'audit-disks',
        Mode: 'Indexed',
        Parameter: parameters,
        PolicyRule: policyRule,
        PolicyType: 'Custom',
      },
    ],
  ])('%s', (_, file) => {
    const { documents, problems } = readPolicyDocuments(file, 'def.json');
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ kind: 'definition', name: 'audit-disks', mode: 'Indexed' });
    expect(documents[0]!.parameters).toEqual({ effect: parameters.effect });
  });

  it('reads an initiative as Az PowerShell 7+ prints it (Parameter, PolicyDefinition)', () => {
    const { documents, problems } = readPolicyDocuments(
      {
        Id: '/providers/Microsoft.Authorization/policySetDefinitions/set',
        Name: 'set',
        Parameter: parameters,
        PolicyDefinition: [
          {
            policyDefinitionId: id,
            policyDefinitionReferenceId: 'disks',
            parameters: { effect: { value: "[parameters('effect')]" } },
          },
        ],
      },
      'set.json',
    );
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({
      kind: 'initiative',
      parameters: { effect: parameters.effect },
      policyDefinitions: [
        { policyDefinitionId: id, policyDefinitionReferenceId: 'disks', pointer: '/PolicyDefinition/0' },
      ],
    });
  });
});
