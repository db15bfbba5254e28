import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../src/inventory/resource.ts';
import { complianceOf, definitionOf, evaluate, RG, SUB, vm } from '../../support/policy.ts';

const isVm = { field: 'type', equals: 'Microsoft.Compute/virtualMachines' };
const noHostEncryption = {
  field: 'Microsoft.Compute/virtualMachines/securityProfile.encryptionAtHost',
  notEquals: 'true',
};
const encrypted = vm('enc', { securityProfile: { encryptionAtHost: true } });
const plain = vm('plain');

describe('effects and compliance (effect-basics.md, compliance-states.md)', () => {
  it.each([
    ['audit', 'nonCompliant', 'compliant'],
    ['Deny', 'nonCompliant', 'compliant'],
    ['AUDIT', 'nonCompliant', 'compliant'],
    ['append', 'nonCompliant', 'compliant'],
    ['modify', 'nonCompliant', 'compliant'],
    ['denyAction', 'protected', 'notApplicable'],
  ])('%s: matching → %s, not matching → %s', (effect, matching, other) => {
    const rule = { if: { allOf: [isVm, noHostEncryption] }, then: { effect, details: {} } };
    expect(complianceOf(rule, plain)).toBe(matching);
    expect(complianceOf(rule, encrypted)).toBe(other);
  });

  it('disabled produces no result at all', () => {
    const rule = { if: isVm, then: { effect: 'disabled' } };
    expect(evaluate(definitionOf(rule), [plain])).toEqual([]);
  });

  it.each([
    [undefined, 'unknown'],
    ['Compliant', 'compliant'],
    ['NonCompliant', 'nonCompliant'],
    ['Non-compliant', 'nonCompliant'],
  ])('manual with defaultState %s → %s', (defaultState, expected) => {
    const rule = { if: isVm, then: { effect: 'manual', details: defaultState ? { defaultState } : {} } };
    expect(complianceOf(rule, plain)).toBe(expected);
  });

  it('resolves a parameterised effect from the assignment, else its default', () => {
    const definition = {
      properties: {
        mode: 'Indexed',
        parameters: {
          effect: { type: 'String', allowedValues: ['Audit', 'Deny', 'Disabled'], defaultValue: 'Audit' },
        },
        policyRule: { if: { allOf: [isVm, noHostEncryption] }, then: { effect: "[parameters('effect')]" } },
      },
    };
    expect(evaluate(definitionOf(definition), [plain])[0]?.effect).toBe('Audit');
    expect(evaluate(definitionOf(definition), [plain], { effect: 'Deny' })[0]?.effect).toBe('Deny');
    expect(evaluate(definitionOf(definition), [plain], { effect: 'Disabled' })).toEqual([]);
    expect(() => evaluate(definitionOf(definition), [plain], { effect: 'deny' })).toThrow(
      /not one of the allowedValues/,
    );
  });

  it('rejects an unknown effect naming the JSON path', () => {
    expect(() => evaluate(definitionOf({ if: isVm, then: { effect: 'Quarantine' } }), [plain])).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/unknown effect 'Quarantine'/),
        pointer: '/properties/policyRule/then/effect',
      }),
    );
  });
});

describe('applicability (policy-applicability.md)', () => {
  it('a resource of another type is not applicable, not compliant', () => {
    const rule = { if: { allOf: [isVm, noHostEncryption] }, then: { effect: 'audit' } };
    const disk: Resource = {
      id: `${RG}/providers/Microsoft.Compute/disks/d1`,
      name: 'd1',
      type: 'Microsoft.Compute/disks',
      location: 'eastus',
    };
    expect(complianceOf(rule, disk)).toBe('notApplicable');
  });

  it('conditions other than type/name/kind do not decide applicability for audit', () => {
    const rule = {
      if: { allOf: [isVm, { field: 'location', equals: 'westeurope' }] },
      then: { effect: 'audit' },
    };
    expect(complianceOf(rule, plain)).toBe('compliant');
  });

  it('a negated type condition applies to every other type', () => {
    const rule = { if: { not: isVm }, then: { effect: 'audit' } };
    expect(complianceOf(rule, plain)).toBe('notApplicable');
  });

  it('a rule of only name conditions applies to every resource', () => {
    const rule = { if: { field: 'name', like: 'web-*' }, then: { effect: 'audit' } };
    expect(complianceOf(rule, plain)).toBe('compliant');
  });

  it('for auditIfNotExists the whole if decides applicability', () => {
    const rule = {
      if: { allOf: [isVm, { field: 'location', equals: 'westeurope' }] },
      then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Compute/virtualMachines/extensions' } },
    };
    expect(complianceOf(rule, plain)).toBe('notApplicable');
  });

  it('Indexed mode skips types without tags and location', () => {
    const definition = {
      properties: {
        mode: 'Indexed',
        policyRule: {
          if: { field: 'type', equals: 'Microsoft.Security/pricings' },
          then: { effect: 'audit' },
        },
      },
    };
    const pricing: Resource = {
      id: `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`,
      name: 'VirtualMachines',
      type: 'Microsoft.Security/pricings',
      properties: { pricingTier: 'Free' },
    };
    expect(complianceOf(definition, pricing)).toBe('notApplicable');
    expect(
      complianceOf({ ...definition, properties: { ...definition.properties, mode: 'All' } }, pricing),
    ).toBe('nonCompliant');
  });

  it('a case-sensitive type test is decided per resource, even within one type', () => {
    const rule = {
      if: { field: 'type', match: 'Microsoft.Compute/virtualMachines' },
      then: { effect: 'audit' },
    };
    const results = evaluate(definitionOf(rule), [
      vm('arm'),
      vm('arg', {}, { type: 'microsoft.compute/virtualmachines' }),
    ]);
    const vms = results.filter((r) => r.resourceType.toLowerCase() === 'microsoft.compute/virtualmachines');
    expect(vms.map((r) => [r.resourceId.split('/').pop(), r.compliance])).toEqual([
      ['arm', 'nonCompliant'],
      ['arg', 'compliant'],
    ]);
  });

  it('evaluates resource groups as Azure Policy types them, listed or not', () => {
    const rule = {
      if: {
        allOf: [
          { field: 'type', equals: 'Microsoft.Resources/subscriptions/resourceGroups' },
          { field: 'tags[owner]', exists: false },
        ],
      },
      then: { effect: 'audit' },
    };
    const listed: Resource = {
      id: `/subscriptions/${SUB}/resourceGroups/rg-listed`,
      name: 'rg-listed',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'eastus',
      tags: { owner: 'ops' },
    };
    const results = evaluate(definitionOf(rule), [listed, vm('a')]);
    expect(
      results
        .filter((r) => r.compliance !== 'notApplicable')
        .map((r) => [r.resourceId.split('/').pop(), r.compliance]),
    ).toEqual([
      ['rg-listed', 'compliant'],
      ['rg-test', 'nonCompliant'],
    ]);
  });

  it('location is compared normalised: East US 2 equals eastus2', () => {
    const rule = {
      if: { allOf: [isVm, { field: 'location', in: ['East US 2'] }] },
      then: { effect: 'audit' },
    };
    expect(complianceOf(rule, vm('x', {}, { location: 'eastus2' }))).toBe('nonCompliant');
  });
});

describe('auditIfNotExists (effect-audit-if-not-exists.md)', () => {
  const extension = (vmName: string, name: string, publisher: string): Resource => ({
    id: `${RG}/providers/Microsoft.Compute/virtualMachines/${vmName}/extensions/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines/extensions',
    location: 'eastus',
    properties: { publisher, type: name, provisioningState: 'Succeeded' },
  });
  const rule = {
    if: isVm,
    then: {
      effect: 'auditIfNotExists',
      details: {
        type: 'Microsoft.Compute/virtualMachines/extensions',
        existenceCondition: {
          allOf: [
            {
              field: 'Microsoft.Compute/virtualMachines/extensions/publisher',
              equals: 'Microsoft.Azure.Security.LinuxAttestation',
            },
            { field: 'Microsoft.Compute/virtualMachines/extensions/provisioningState', equals: 'Succeeded' },
          ],
        },
      },
    },
  };

  it('is compliant when a child satisfies existenceCondition', () => {
    expect(
      complianceOf(rule, vm('a'), [
        extension('a', 'GuestAttestation', 'Microsoft.Azure.Security.LinuxAttestation'),
      ]),
    ).toBe('compliant');
  });

  it('is non-compliant when no child exists, saying so', () => {
    const [result] = evaluate(definitionOf(rule), [vm('a')]);
    expect(result?.compliance).toBe('nonCompliant');
    expect(result?.reasons[0]?.message).toMatch(/^No related resources match the effect details/);
    expect(result?.related?.resources).toEqual([]);
  });

  it('is non-compliant when children exist but fail existenceCondition, listing them', () => {
    const [result] = evaluate(definitionOf(rule), [
      vm('a'),
      extension('a', 'AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor'),
    ]);
    expect(result?.compliance).toBe('nonCompliant');
    expect(result?.related?.resources.map((r) => r.matches)).toEqual([false]);
    expect(result?.reasons[0]).toMatchObject({
      field: 'Microsoft.Compute/virtualMachines/extensions/publisher',
      path: 'properties.publisher',
      actual: 'Microsoft.Azure.Monitor',
      expected: 'Microsoft.Azure.Security.LinuxAttestation',
    });
  });

  it("another VM's extension does not count", () => {
    expect(
      complianceOf(rule, vm('a'), [
        vm('b'),
        extension('b', 'GuestAttestation', 'Microsoft.Azure.Security.LinuxAttestation'),
      ]),
    ).toBe('nonCompliant');
  });

  it('existenceScope Subscription finds a subscription-level resource by name', () => {
    const pricingRule = {
      if: isVm,
      then: {
        effect: 'AuditIfNotExists',
        details: {
          type: 'Microsoft.Security/pricings',
          name: 'VirtualMachines',
          existenceScope: 'subscription',
          existenceCondition: { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' },
        },
      },
    };
    const pricing = (tier: string): Resource => ({
      id: `/subscriptions/${SUB}/providers/Microsoft.Security/pricings/VirtualMachines`,
      name: 'VirtualMachines',
      type: 'Microsoft.Security/pricings',
      properties: { pricingTier: tier },
    });
    expect(complianceOf(pricingRule, vm('a'), [pricing('Standard')])).toBe('compliant');
    expect(complianceOf(pricingRule, vm('a'), [pricing('Free')])).toBe('nonCompliant');
    expect(complianceOf(pricingRule, vm('a'))).toBe('nonCompliant');
  });

  it('field() inside existenceCondition reads the evaluated resource', () => {
    const sameLocation = {
      if: isVm,
      then: {
        effect: 'auditIfNotExists',
        details: {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          existenceCondition: { field: 'location', equals: "[field('location')]" },
        },
      },
    };
    const ext = extension('a', 'x', 'p');
    expect(complianceOf(sameLocation, vm('a'), [ext])).toBe('compliant');
    expect(complianceOf(sameLocation, vm('a', {}, { location: 'westus' }), [ext])).toBe('nonCompliant');
  });
});

describe('values known only at deployment (util/unknown.ts)', () => {
  const unknownHost = { $vigilUnknown: "[reference(variables('hostSettings')).encryptionAtHost]" };
  const rule = { if: { allOf: [isVm, noHostEncryption] }, then: { effect: 'audit' } };

  it('reports unknown with the expression, never a pass or a fail', () => {
    const [result] = evaluate(definitionOf(rule), [
      vm('t', { securityProfile: { encryptionAtHost: unknownHost } }),
    ]);
    expect(result?.compliance).toBe('unknown');
    expect(result?.reasons[0]?.message).toContain("[reference(variables('hostSettings')).encryptionAtHost]");
  });

  it('stands for everything below it', () => {
    const [result] = evaluate(definitionOf(rule), [vm('t', { securityProfile: unknownHost })]);
    expect(result?.compliance).toBe('unknown');
  });

  it('does not matter when the verdict is decided without it', () => {
    const decided = { if: { anyOf: [isVm, noHostEncryption] }, then: { effect: 'audit' } };
    expect(evaluate(definitionOf(decided), [vm('t', { securityProfile: unknownHost })])[0]?.compliance).toBe(
      'nonCompliant',
    );
  });

  it('in an array member makes a [*] condition unknown', () => {
    const members = {
      if: {
        allOf: [
          isVm,
          {
            field: 'Microsoft.Compute/virtualMachines/storageProfile.dataDisks[*].managedDisk.id',
            exists: true,
          },
        ],
      },
      then: { effect: 'audit' },
    };
    const disks = [
      { lun: 0, managedDisk: { id: 'x' } },
      { lun: 1, managedDisk: unknownHost },
    ];
    expect(
      evaluate(definitionOf(members), [vm('t', { storageProfile: { dataDisks: disks } })])[0]?.compliance,
    ).toBe('unknown');
  });
});
