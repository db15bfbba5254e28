import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ArmFunction,
  compileExpressionString,
  defaultRegistry,
  isExpression,
  policyFunctions,
} from '../../src/arm-expr/index.ts';

/**
 * Every expression in Microsoft's built-in policy definitions (the corpus in
 * shared/corpora/azure-policy) must parse and compile. Context functions are stubs here;
 * the policy engine supplies the real ones.
 */
const SHARED = new URL('../../../shared/', import.meta.url);
const CORPUS = new URL('corpora/azure-policy/', SHARED);
const present = existsSync(CORPUS);
if (!present) console.warn(`skipping the built-in policy corpus tests: ${CORPUS.pathname} is absent`);

const CONTEXT_FUNCTIONS = [
  'field',
  'current',
  'parameters',
  'variables',
  'reference',
  'resourceId',
  'subscriptionResourceId',
  'extensionResourceId',
  'subscription',
  'resourceGroup',
  'deployment',
  'copyIndex',
  'requestContext',
  'policy',
];

function stub(name: string): ArmFunction {
  return { name, minArgs: 0, maxArgs: Number.POSITIVE_INFINITY, call: () => null };
}

const registry = defaultRegistry.extend([...CONTEXT_FUNCTIONS.map(stub), ...policyFunctions]);

function collectExpressions(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (isExpression(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectExpressions(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) collectExpressions(item, into);
  }
}

function corpusExpressions(): string[] {
  const expressions = new Set<string>();
  for (const folder of ['definitions', 'initiatives']) {
    const dir = new URL(`${folder}/`, CORPUS);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      collectExpressions(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), expressions);
    }
  }
  return [...expressions];
}

describe.skipIf(!present)('built-in policy corpus', () => {
  it('parses and compiles every expression', () => {
    const expressions = corpusExpressions();
    expect(expressions.length).toBeGreaterThan(400);
    const failures = expressions.flatMap((source) => {
      try {
        compileExpressionString(source, registry);
        return [];
      } catch (error) {
        return [`${source}: ${(error as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('evaluates the built-in port-range guard, relying on and() short-circuiting for a null field', () => {
    const source = corpusExpressions().find(
      (e) =>
        e.startsWith('[if(and(not(empty(field(') &&
        e.includes("destinationPortRange'),'-')") &&
        e.includes('22)'),
    );
    expect(source).toBeDefined();
    const withField = (value: unknown) =>
      defaultRegistry.extend([{ name: 'field', minArgs: 1, maxArgs: 1, call: () => value }]);
    const run = (value: unknown) => compileExpressionString(source!, withField(value)).evaluate(undefined);
    expect(run('20-25')).toBe(true);
    expect(run('23-25')).toBe(false);
    expect(run('3389')).toBe('false');
    expect(run(null)).toBe('false');
  });
});
