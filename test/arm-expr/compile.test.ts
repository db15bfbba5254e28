import { describe, expect, it, vi } from 'vitest';
import {
  type ArmFunction,
  compileExpression,
  compileExpressionString,
  compileStringValue,
  defaultRegistry,
  ExpressionError,
  FunctionRegistry,
  parseExpression,
} from '../../src/arm-expr/index.ts';
import { docRegistry, evaluate } from './evaluate.ts';

function compileError(source: string, registry = docRegistry): ExpressionError {
  try {
    compileExpressionString(source, registry);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail compilation`);
}

function evaluationError(source: string, ctx = {}, registry = docRegistry): ExpressionError {
  const compiled = compileExpressionString(source, registry);
  try {
    compiled.evaluate(ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail evaluation`);
}

/** A context function that counts its calls, so tests can see what was (not) evaluated. */
function probe(): { fn: ArmFunction; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fn: {
      name: 'probe',
      minArgs: 1,
      maxArgs: 1,
      call([label]) {
        calls.push(String(label));
        return label === 'null' ? null : label;
      },
    },
  };
}

describe('compileExpression: lookup and arity', () => {
  it('resolves function names case-insensitively (template-expressions.md)', () => {
    expect(evaluate("[VARIABLES('VAR1')]", { variables: { VAR1: 'x' } })).toBe('x');
    expect(evaluate("[ToUpper('a')]")).toBe('A');
  });

  it('rejects an unknown function at compile time, naming it and its offset', () => {
    const error = compileError("[concat('a', frobnicate(1))]");
    expect(error.functionName).toBe('frobnicate');
    expect(error.offset).toBe(13);
    expect(error.message).toContain("'frobnicate'");
  });

  it.each([
    ['[substring()]', 'substring', 'between 1 and 3'],
    ['[not(true(), false())]', 'not', 'exactly 1'],
    ['[union(createArray(1))]', 'union', 'at least 2'],
    ["[utcNow('a', 'b')]", 'utcNow', 'between 0 and 1'],
  ])('rejects %s for its argument count', (source, name, expected) => {
    const error = compileError(source);
    expect(error.functionName).toBe(name);
    expect(error.message).toContain(expected);
  });

  it('calls a namespaced user-defined function registered under its full name', () => {
    const double: ArmFunction = {
      name: 'contoso.double',
      minArgs: 1,
      maxArgs: 1,
      call: (args) => Number(args[0]) * 2,
    };
    expect(evaluate('[Contoso.Double(21)]', {}, docRegistry.extend([double]))).toBe(42);
    expect(compileError('[contoso.triple(1)]').functionName).toBe('contoso.triple');
  });

  it('looks functions up only while compiling, never per evaluation', () => {
    const registry = defaultRegistry.extend([]);
    const spy = vi.spyOn(registry, 'getLower');
    const compiled = compileExpressionString("[concat(toLower(utcNow()), 'x')]", registry);
    const lookups = spy.mock.calls.length;
    for (let i = 0; i < 100; i++) compiled.evaluate({ now: new Date(0) });
    expect(spy.mock.calls.length).toBe(lookups);
  });
});

describe('compileExpression: constant folding', () => {
  it('folds calls to pure functions with constant arguments', () => {
    const compiled = compileExpressionString(
      "[concat(toUpper('a'), string(length(createArray(1, 2))))]",
      docRegistry,
    );
    expect(compiled.constant).toBe(true);
    expect(compiled.value).toBe('A2');
    expect(compiled.evaluate(undefined)).toBe('A2');
  });

  it('does not fold functions that are not pure', () => {
    const compiled = compileExpressionString('[utcNow()]', docRegistry);
    expect(compiled.constant).toBe(false);
    expect(compiled.evaluate({ now: new Date('2020-01-02T03:04:05Z') })).toBe('20200102T030405Z');
  });

  it('freezes folded values, so one caller cannot change what the next one sees', () => {
    const compiled = compileExpressionString("[createObject('a', createArray(1))]", docRegistry);
    const value = compiled.evaluate(undefined) as { a: number[] };
    expect(() => value.a.push(2)).toThrow(TypeError);
    expect(compiled.evaluate(undefined)).toEqual({ a: [1] });
  });

  it('defers a folding error to evaluation, where an untaken branch never raises it', () => {
    const source = "[if(equals(parameters('n'), 'long'), substring('ab', 0, 5), 'fine')]";
    const compiled = compileExpressionString(source, docRegistry);
    expect(compiled.evaluate({ parameters: { n: 'short' } })).toBe('fine');
    const error = evaluationError(source, { parameters: { n: 'long' } });
    expect(error.functionName).toBe('substring');
    expect(error.offset).toBe(source.indexOf('substring'));
    expect(error.message).toContain("The index parameter: '0', the length parameter: '5'");
  });

  it('still reports a folding error when the failing expression is the whole value', () => {
    const compiled = compileExpressionString("[int('x')]", docRegistry);
    expect(compiled.constant).toBe(false);
    expect(() => compiled.evaluate(undefined)).toThrow(ExpressionError);
  });
});

describe('compileExpression: lazy functions', () => {
  it('if() evaluates only the branch it takes', () => {
    const { fn, calls } = probe();
    const registry = docRegistry.extend([fn]);
    expect(evaluate("[if(true(), probe('yes'), probe('no'))]", {}, registry)).toBe('yes');
    expect(calls).toEqual(['yes']);
  });

  it('and() stops at the first false, so built-in guards like not(empty(x)) protect contains(x, ...)', () => {
    const { fn, calls } = probe();
    const registry = docRegistry.extend([fn]);
    expect(evaluate("[and(not(empty(probe('null'))), contains(probe('null'), '-'))]", {}, registry)).toBe(
      false,
    );
    expect(calls).toEqual(['null']);
  });

  it('or() stops at the first true', () => {
    const { fn, calls } = probe();
    const registry = docRegistry.extend([fn]);
    expect(evaluate("[or(equals(probe('a'), 'a'), equals(probe('b'), 'b'))]", {}, registry)).toBe(true);
    expect(calls).toEqual(['a']);
  });

  it('coalesce() stops at the first non-null value', () => {
    const { fn, calls } = probe();
    const registry = docRegistry.extend([fn]);
    expect(evaluate("[coalesce(probe('null'), probe('x'), probe('y'))]", {}, registry)).toBe('x');
    expect(calls).toEqual(['null', 'x']);
  });

  it('gives a custom lazy function thunks that take the evaluation context', () => {
    const first: ArmFunction = {
      name: 'firstNonEmpty',
      minArgs: 1,
      maxArgs: Number.POSITIVE_INFINITY,
      lazy: true,
      call(args, ctx) {
        for (const arg of args) {
          const value = arg(ctx);
          if (value !== '') return value;
        }
        return '';
      },
    };
    const registry = docRegistry.extend([first]);
    expect(
      evaluate("[firstNonEmpty('', parameters('p'), 'z')]", { parameters: { p: 'from ctx' } }, registry),
    ).toBe('from ctx');
  });
});

describe('compileExpression: property and index access', () => {
  const ctx = { parameters: { o: { Tags: { env: 'prod' }, list: [10, 20], 'odd-name': 1, nothing: null } } };

  it.each([
    ["[parameters('o').tags.env]", 'prod'], // property names resolve case-insensitively
    ["[parameters('o').Tags['env']]", 'prod'],
    ["[parameters('o')['odd-name']]", 1],
    ["[parameters('o').list[1]]", 20],
    ["[parameters('o').nothing]", null],
    ["[split('a/b/c', '/')[2]]", 'c'],
  ])('%s', (source, expected) => {
    expect(evaluate(source, ctx)).toEqual(expected);
  });

  it.each([
    ["[parameters('o').missing]", "property 'missing' doesn't exist", 16],
    ["[parameters('o').list.x]", "can't be read from a value of type 'Array'", 21],
    ["[parameters('o').nothing.x]", "type 'Null'", 24],
    ["[parameters('o').list[2]]", "index '2' is out of bounds", 21],
    ["[parameters('o').list[-1]]", "index '-1' is out of bounds", 21],
    ["[parameters('o').list['a']]", 'indexed by an integer', 21],
    ["[parameters('o').tags[0]]", 'indexed by a string', 21],
    ["[parameters('o').tags.env[0]]", "type 'String' can't be indexed", 25],
  ])('%s fails with an error that says why and where', (source, message, offset) => {
    const error = evaluationError(source, ctx);
    expect(error.message).toContain(message);
    expect(error.offset).toBe(offset);
  });

  it('does not expose inherited members such as constructor', () => {
    expect(evaluationError("[parameters('o').constructor]", ctx).message).toContain("doesn't exist");
  });

  it('reports a missing property on a constant object when evaluated, not when compiled', () => {
    const compiled = compileExpressionString('[json(\'{"a": 1}\').b]', docRegistry);
    expect(() => compiled.evaluate(undefined)).toThrow(/'b' doesn't exist/);
  });
});

describe('compileExpression: errors from functions', () => {
  it('gives type errors the ARM wording, the function name and the call offset', () => {
    const error = evaluationError("[concat('x', add(parameters('s'), 1))]", { parameters: { s: 'a' } });
    expect(error.message).toBe(
      "The template language function 'add' expects its first parameter to be of type 'Integer'. The provided value is of type 'String'.",
    );
    expect(error.functionName).toBe('add');
    expect(error.offset).toBe(13);
  });

  it('wraps an unexpected exception from a registered function into an ExpressionError', () => {
    const broken: ArmFunction = {
      name: 'broken',
      minArgs: 0,
      maxArgs: 0,
      call() {
        throw new RangeError('boom');
      },
    };
    const error = evaluationError('[broken()]', {}, docRegistry.extend([broken]));
    expect(error.message).toContain('boom');
    expect(error.functionName).toBe('broken');
    expect(error.cause).toBeInstanceOf(RangeError);
  });
});

describe('FunctionRegistry', () => {
  const one: ArmFunction = { name: 'One', minArgs: 0, maxArgs: 0, pure: true, call: () => 1 };

  it('extends without changing the original, and later definitions replace earlier ones', () => {
    const base = new FunctionRegistry([one]);
    const extended = base.extend([{ ...one, name: 'ONE', call: () => 2 }]);
    expect(compileExpressionString('[one()]', base).value).toBe(1);
    expect(compileExpressionString('[one()]', extended).value).toBe(2);
  });

  it('rejects the same name twice in one batch', () => {
    expect(() => new FunctionRegistry([one, { ...one, name: 'one' }])).toThrow(/registered twice/);
  });

  it('rejects an impossible arity', () => {
    expect(() => new FunctionRegistry([{ ...one, minArgs: 2, maxArgs: 1 }])).toThrow(/impossible arity/);
  });
});

describe('compileExpression: lambdas', () => {
  it('lets a lambda body call context functions with the caller context', () => {
    const source = "[map(createArray('a', 'b'), lambda('k', parameters(lambdaVariables('k'))))]";
    expect(evaluate(source, { parameters: { a: 1, b: 2 } })).toEqual([1, 2]);
  });

  it('lets an inner lambda read the outer lambda variable', () => {
    const source =
      "[map(createArray(1, 2), lambda('a', map(createArray(10, 20), lambda('b', add(lambdaVariables('a'), lambdaVariables('b'))))))]";
    expect(evaluate(source)).toEqual([
      [11, 21],
      [12, 22],
    ]);
  });

  it('resolves lambda variable names case-insensitively', () => {
    expect(evaluate("[map(createArray(1), lambda('Item', lambdaVariables('ITEM')))]")).toEqual([1]);
  });

  it.each([
    ["[lambda('x', 1)]", 'can only be written directly'],
    ["[concat(lambda('x', 1))]", 'can only be written directly'],
    ["[map(createArray(1), 'x')]", 'expects a lambda'],
    ['[map(createArray(1), lambda(1, 2))]', 'string literals'],
    ["[map(createArray(1), lambda('a', 'a', 1))]", 'twice'],
    ["[map(createArray(1), lambda('a', 'b', 'c', 1))]", '1 to 2 parameter'],
    ["[sort(createArray(1), lambda('a', true()))]", 'must declare 2'],
    ["[lambdaVariables('x')]", 'does not name'],
    ["[map(createArray(1), lambda('a', lambdaVariables('b')))]", 'does not name'],
    ["[map(createArray(1), lambda('a', lambdaVariables(concat('a'))))]", 'string literal'],
  ])('rejects %s at compile time', (source, message) => {
    expect(compileError(source).message).toContain(message);
  });

  it('leaves no lambda frame behind when a lambda body throws', () => {
    const compiled = compileExpressionString(
      "[map(parameters('xs'), lambda('x', add(lambdaVariables('x'), 1)))]",
      docRegistry,
    );
    expect(() => compiled.evaluate({ parameters: { xs: ['bad'] } })).toThrow(ExpressionError);
    expect(compiled.evaluate({ parameters: { xs: [1, 2] } })).toEqual([2, 3]);
  });
});

describe('compileStringValue', () => {
  it.each([
    ["[toUpper('a')]", 'A'],
    ['[[not an expression]', '[not an expression]'],
    ['just text', 'just text'],
  ])('%j -> %j', (value, expected) => {
    expect(compileStringValue(value, docRegistry).evaluate(undefined)).toBe(expected);
  });
});

describe('compileExpression over a parsed tree', () => {
  it('accepts an Expr from parseExpression', () => {
    expect(compileExpression(parseExpression("[length('abc')]"), defaultRegistry).value).toBe(3);
  });
});
