import { describe, expect, it } from 'vitest';
import {
  compileExpressionString,
  defaultRegistry,
  ExpressionError,
  policyFunctions,
} from '../../../src/arm-expr/index.ts';
import { type DocContext, type Example, evaluate, policyRegistry } from '../evaluate.ts';

/**
 * Policy-only functions (MicrosoftDocs/azure-docs governance/policy/concepts/definition-structure-policy-rule.md,
 * "Policy functions"), evaluated through a registry extended with policyFunctions.
 */
function policyEval(expression: string, ctx: DocContext = {}): unknown {
  return evaluate(expression, ctx, policyRegistry);
}

describe('ipRangeContains', () => {
  it.each<Example>([
    // The formats the docs list, each as range and as target.
    { expression: "[ipRangeContains('10.0.0.0/24', '10.0.0.0')]", expected: true },
    { expression: "[ipRangeContains('10.0.0.0/24', '10.0.0.255')]", expected: true },
    { expression: "[ipRangeContains('10.0.0.0/24', '10.0.1.0')]", expected: false },
    { expression: "[ipRangeContains('192.168.0.1-192.168.0.9', '192.168.0.5')]", expected: true },
    { expression: "[ipRangeContains('192.168.0.1-192.168.0.9', '192.168.0.0/29')]", expected: false },
    { expression: "[ipRangeContains('192.168.0.0/24', '192.168.0.1-192.168.0.9')]", expected: true },
    { expression: "[ipRangeContains('10.0.0.0', '10.0.0.0')]", expected: true },
    { expression: "[ipRangeContains('0.0.0.0/0', '203.0.113.7')]", expected: true },
    { expression: "[ipRangeContains('10.0.0.7/24', '10.0.0.1')]", expected: true }, // host bits ignored
    { expression: "[ipRangeContains('2001:0DB8::/110', '2001:0DB8::3:FFFE')]", expected: true },
    { expression: "[ipRangeContains('2001:0DB8::/110', '2001:0DB8::4:0')]", expected: false },
    { expression: "[ipRangeContains('2001:0DB8::-2001:0DB8::3:FFFF', '2001:db8::3:fffe')]", expected: true },
    { expression: "[ipRangeContains('::ffff:10.0.0.0/120', '::ffff:10.0.0.9')]", expected: true },
    { expression: "[ipRangeContains('2001:db8::/64', '2001:db8:0:1::1')]", expected: false },
  ])('$expression', ({ expression, expected }) => {
    expect(policyEval(expression)).toBe(expected);
  });

  it.each([
    ["[ipRangeContains('', '10.0.0.1')]", 'must not be empty'],
    ["[ipRangeContains('10.0.0.0/24', '2001:db8::1')]", 'IPv4 range'],
    ["[ipRangeContains('10.0.0.1-2001:db8::1', '10.0.0.1')]", 'mixes IPv4 and IPv6'],
    ["[ipRangeContains('10.0.0.9-10.0.0.1', '10.0.0.5')]", 'empty range'],
    ["[ipRangeContains('10.0.0.0/33', '10.0.0.5')]", 'invalid prefix length'],
    ["[ipRangeContains('10.0.0.256', '10.0.0.5')]", 'not an IPv4 or IPv6 address'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => policyEval(expression)).toThrow(ExpressionError);
    expect(() => policyEval(expression)).toThrow(message);
  });
});

describe('addDays and the policy utcNow', () => {
  const now = { now: new Date('2024-03-01T10:20:30.456Z') };

  it("formats utcNow() as yyyy-MM-ddTHH:mm:ss.fffffffZ (the docs' policy format)", () => {
    expect(policyEval('[utcNow()]', now)).toBe('2024-03-01T10:20:30.4560000Z');
  });

  it.each<Example>([
    { expression: "[addDays('2024-02-28T00:00:00.0000000Z', 2)]", expected: '2024-03-01T00:00:00.0000000Z' },
    { expression: "[addDays('2024-01-01T12:00:00.1234567Z', -1)]", expected: '2023-12-31T12:00:00.1234567Z' },
    // The built-in key-rotation definitions write exactly this.
    {
      expression: "[addDays(utcNow(), mul(int('90'), -1))]",
      ctx: now,
      expected: '2023-12-02T10:20:30.4560000Z',
    },
  ])('$expression', ({ expression, expected, ctx }) => {
    expect(policyEval(expression, ctx)).toBe(expected);
  });

  it('replaces the template utcNow, which takes a format, when the registry is extended', () => {
    expect(() => compileExpressionString("[utcNow('d')]", defaultRegistry.extend(policyFunctions))).toThrow(
      /exactly 0/,
    );
    expect(compileExpressionString("[utcNow('d')]", defaultRegistry).constant).toBe(false);
  });

  it('folds ipRangeContains and addDays when their arguments are constant', () => {
    expect(
      compileExpressionString("[ipRangeContains('10.0.0.0/8', '10.1.2.3')]", policyRegistry).constant,
    ).toBe(true);
    expect(compileExpressionString("[addDays('2024-01-01T00:00:00Z', 1)]", policyRegistry).value).toBe(
      '2024-01-02T00:00:00.0000000Z',
    );
  });
});
