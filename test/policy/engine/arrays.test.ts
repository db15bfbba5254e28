import { describe, expect, it } from 'vitest';
import { complianceOf, definitionOf, evaluate, nsg } from '../../support/policy.ts';

const RULES = 'Microsoft.Network/networkSecurityGroups/securityRules[*]';
const PORTS = 'Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]';
const ACCESS = 'Microsoft.Network/networkSecurityGroups/securityRules[*].access';
const isNsg = { field: 'type', equals: 'Microsoft.Network/networkSecurityGroups' };

const allow22 = {
  name: 'a',
  access: 'Allow',
  direction: 'Inbound',
  destinationPortRanges: ['22', '80'],
  sourceAddressPrefix: '*',
};
const deny = {
  name: 'd',
  access: 'Deny',
  direction: 'Inbound',
  destinationPortRanges: ['3389'],
  sourceAddressPrefix: '*',
};
const allow443 = {
  name: 'b',
  access: 'Allow',
  direction: 'Inbound',
  destinationPortRanges: ['443'],
  sourceAddressPrefix: '10.0.0.0/8',
};

function audit(condition: object) {
  return { if: { allOf: [isNsg, condition] }, then: { effect: 'audit' } };
}

describe('[*] outside count (author-policies-for-arrays.md)', () => {
  it.each([
    ['every member satisfies', [allow22, allow443], { field: ACCESS, equals: 'Allow' }, 'nonCompliant'],
    ['one member fails', [allow22, deny], { field: ACCESS, equals: 'Allow' }, 'compliant'],
    ['empty array is vacuously true', [], { field: ACCESS, equals: 'Allow' }, 'nonCompliant'],
    [
      'not … notEquals means "some member equals"',
      [deny, allow22],
      { not: { field: ACCESS, notEquals: 'Allow' } },
      'nonCompliant',
    ],
    [
      '"some member equals" fails when none does',
      [deny],
      { not: { field: ACCESS, notEquals: 'Allow' } },
      'compliant',
    ],
    [
      '"some member equals" is false on an empty array',
      [],
      { not: { field: ACCESS, notEquals: 'Allow' } },
      'compliant',
    ],
    [
      'nested [*] flattens all members',
      [allow22, allow443],
      { field: PORTS, in: ['22', '80', '443'] },
      'nonCompliant',
    ],
    [
      'nested [*] fails when any leaf fails',
      [allow22, deny],
      { field: PORTS, in: ['22', '80', '443'] },
      'compliant',
    ],
    [
      'exists on every member',
      [allow22, deny],
      { field: `${RULES}.description`, exists: false },
      'nonCompliant',
    ],
  ])('%s', (_why, rules, condition, expected) => {
    expect(complianceOf(audit(condition), nsg('n', rules))).toBe(expected);
  });
});

describe('field count', () => {
  const count = (where: object | undefined, op: object) =>
    audit({ count: { field: RULES, ...(where && { where }) }, ...op });

  it.each([
    ['counts all members without where', undefined, { equals: 3 }, [allow22, deny, allow443], 'nonCompliant'],
    [
      'counts members matching where',
      { field: ACCESS, equals: 'Allow' },
      { equals: 2 },
      [allow22, deny, allow443],
      'nonCompliant',
    ],
    [
      'where sees one member at a time',
      {
        allOf: [
          { field: ACCESS, equals: 'Allow' },
          { field: PORTS, equals: '22' },
        ],
      },
      { greater: 0 },
      [allow22, deny],
      'compliant',
    ],
    [
      "nested [*] in where is the current member's array",
      { allOf: [{ field: ACCESS, equals: 'Allow' }, { not: { field: PORTS, notEquals: '22' } }] },
      { greater: 0 },
      [deny, allow22],
      'nonCompliant',
    ],
    ['a missing array counts zero', undefined, { equals: 0 }, [], 'nonCompliant'],
    [
      'count compared with an expression',
      undefined,
      { equals: `[length(field('${RULES}'))]` },
      [allow22, deny],
      'nonCompliant',
    ],
  ])('%s', (_why, where, op, rules, expected) => {
    expect(complianceOf(count(where, op), nsg('n', rules))).toBe(expected);
  });

  it('nested field count iterates the current member only', () => {
    const rule = audit({
      count: {
        field: RULES,
        where: { count: { field: PORTS, where: { field: PORTS, equals: '80' } }, greater: 0 },
      },
      equals: 1,
    });
    expect(complianceOf(rule, nsg('n', [allow22, deny, allow443]))).toBe('nonCompliant');
    expect(complianceOf(rule, nsg('n', [deny, allow443]))).toBe('compliant');
  });

  it('field() of the counted alias inside where is a one-member array; first() unwraps it', () => {
    const wrapped = audit({
      count: {
        field: `${RULES}.access`,
        where: { field: `${RULES}.access`, equals: `[field('${RULES}.access')]` },
      },
      equals: 0,
    });
    expect(complianceOf(wrapped, nsg('n', [allow22, deny]))).toBe('nonCompliant');
    const unwrapped = audit({
      count: {
        field: `${RULES}.access`,
        where: { field: `${RULES}.access`, equals: `[first(field('${RULES}.access'))]` },
      },
      equals: 2,
    });
    expect(complianceOf(unwrapped, nsg('n', [allow22, deny]))).toBe('nonCompliant');
  });

  it('current() returns the member, and a property below it', () => {
    const rule = audit({
      count: {
        field: RULES,
        where: {
          value: `[current('${RULES}.access')]`,
          equals: "[if(equals(current('" + RULES + "').name, 'd'), 'Deny', 'Allow')]",
        },
      },
      equals: 2,
    });
    expect(complianceOf(rule, nsg('n', [allow22, deny]))).toBe('nonCompliant');
  });

  it("current() of a path with another [*] below the member is that member's array", () => {
    const rule = audit({
      count: { field: RULES, where: { value: `[length(current('${PORTS}'))]`, equals: 2 } },
      equals: 1,
    });
    expect(complianceOf(rule, nsg('n', [allow22, deny]))).toBe('nonCompliant');
    expect(complianceOf(rule, nsg('n', [deny, allow443]))).toBe('compliant');
  });

  it('field() outside count returns every selected value', () => {
    const rule = audit({ value: `[length(field('${PORTS}'))]`, equals: 3 });
    expect(complianceOf(rule, nsg('n', [allow22, deny]))).toBe('nonCompliant');
  });

  it('field() of a missing plain alias is an empty string', () => {
    const rule = audit({
      value: "[field('Microsoft.Network/networkSecurityGroups/resourceGuid')]",
      equals: '',
    });
    expect(complianceOf(rule, nsg('n', []))).toBe('nonCompliant');
  });
});

describe('value count', () => {
  it('counts literal members with current(name)', () => {
    const rule = audit({
      count: {
        value: ['nsg-*', 'web-*'],
        name: 'pattern',
        where: { field: 'name', like: "[current('pattern')]" },
      },
      greater: 0,
    });
    expect(complianceOf(rule, nsg('web-frontend', []))).toBe('nonCompliant');
    expect(complianceOf(rule, nsg('db', []))).toBe('compliant');
  });

  it('current() without a name is the innermost member', () => {
    const rule = audit({
      count: { value: ['a', 'b', 'a'], where: { value: '[current()]', equals: 'a' } },
      equals: 2,
    });
    expect(complianceOf(rule, nsg('n', []))).toBe('nonCompliant');
  });

  it('counts over an array parameter, with a field count inside (reserved NSG rules example)', () => {
    const rule = {
      if: {
        allOf: [
          isNsg,
          {
            count: {
              value: "[parameters('reserved')]",
              name: 'r',
              where: {
                count: {
                  field: RULES,
                  where: {
                    allOf: [
                      { field: ACCESS, equals: "[current('r').access]" },
                      { field: `${RULES}.name`, equals: "[current('r').name]" },
                    ],
                  },
                },
                equals: 1,
              },
            },
            notEquals: "[length(parameters('reserved'))]",
          },
        ],
      },
      then: { effect: 'audit' },
    };
    const definition = {
      properties: {
        mode: 'All',
        parameters: { reserved: { type: 'Array', defaultValue: [{ name: 'd', access: 'deny' }] } },
        policyRule: rule,
      },
    };
    expect(complianceOf(definition, nsg('n', [allow22, deny]))).toBe('compliant');
    expect(complianceOf(definition, nsg('n', [allow22]))).toBe('nonCompliant');
  });

  it('rejects a value count over something that is not an array', () => {
    const rule = audit({
      count: { value: "[concat('a')]", where: { value: '[current()]', equals: 'a' } },
      equals: 1,
    });
    expect(complianceOf(rule, nsg('n', []))).toMatch(/^error: count.value must be an array/);
  });

  it('says which counts are in scope when current() names none of them', () => {
    const rule = audit({
      count: { value: ['22'], name: 'port', where: { value: "[current('prot')]", equals: '22' } },
      equals: 1,
    });
    expect(complianceOf(rule, nsg('n', []))).toMatch(
      /current\('prot'\) names no enclosing count \(in scope: port\)/,
    );
  });
});

describe('child resources and their parent arrays', () => {
  it('a rule on the securityRules child type sees each nested rule as a resource', () => {
    const rule = {
      if: {
        allOf: [
          { field: 'type', equals: 'Microsoft.Network/networkSecurityGroups/securityRules' },
          { field: 'Microsoft.Network/networkSecurityGroups/securityRules/access', equals: 'Allow' },
        ],
      },
      then: { effect: 'audit' },
    };
    const results = evaluate(definitionOf(rule), [nsg('n', [allow22, deny])]);
    const byId = Object.fromEntries(
      results.map((r) => [r.resourceId.split('/').slice(-2).join('/'), r.compliance]),
    );
    expect(byId).toEqual({
      'networkSecurityGroups/n': 'notApplicable',
      'securityRules/a': 'nonCompliant',
      'securityRules/d': 'compliant',
      // The resource group and subscription the rules live in are evaluated too (mode All).
      'resourceGroups/rg-test': 'notApplicable',
      'subscriptions/00000000-0000-0000-0000-000000000001': 'notApplicable',
    });
  });
});
