import {
  type ArmFunction,
  compileExpressionString,
  defaultRegistry,
  type FunctionRegistry,
  policyFunctions,
} from '../../src/arm-expr/index.ts';

/** What the docs' example templates declare, so their expressions can be used verbatim. */
export interface DocContext {
  parameters?: Record<string, unknown>;
  variables?: Record<string, unknown>;
  now?: Date;
}

function lookup(section: 'parameters' | 'variables'): ArmFunction {
  return {
    name: section,
    minArgs: 1,
    maxArgs: 1,
    call([name], ctx) {
      const values = (ctx as DocContext | undefined)?.[section] ?? {};
      if (typeof name !== 'string' || !Object.hasOwn(values, name))
        throw new Error(`test context has no ${section} '${String(name)}'`);
      return values[name];
    },
  };
}

export const docRegistry: FunctionRegistry = defaultRegistry.extend([
  lookup('parameters'),
  lookup('variables'),
]);
export const policyRegistry: FunctionRegistry = docRegistry.extend(policyFunctions);

export function evaluate(
  source: string,
  ctx: DocContext = {},
  registry: FunctionRegistry = docRegistry,
): unknown {
  return compileExpressionString(source, registry).evaluate(ctx);
}

/** A table row: an expression, the context it runs in, and the documented result. */
export interface Example {
  expression: string;
  expected: unknown;
  ctx?: DocContext;
}
