import { ExpressionError, ExpressionInterrupt, ExpressionSyntaxError } from './errors.ts';
import type {
  ArmFunction,
  EagerArmFunction,
  FunctionRegistry,
  LambdaSlot,
  LazyArmFunction,
  Thunk,
} from './functions.ts';
import { ArmLambda, LambdaStack } from './lambda.ts';
import { type CallExpr, type Expr, isExpression, parseExpression, unescapeLiteral } from './parse.ts';
import { armTypeName, deepFreeze, findProperty, isArmObject } from './values.ts';

/**
 * Compiles an expression tree once into nested closures, so evaluation never walks the
 * AST, looks a function up by name or lower-cases anything. Calls to `pure` functions
 * whose arguments are all constant are evaluated here (constant folding).
 */

export interface CompiledExpression {
  evaluate(ctx: unknown): unknown;
  /** True when the value does not depend on the context; `value` then holds it (deep-frozen). */
  readonly constant: boolean;
  readonly value?: unknown;
}

export interface CompileOptions {
  /**
   * What reading a property an object lacks does: ARM templates fail the deployment ('error', the
   * default); Azure Policy rules read an empty string ('empty'), as `field()` reads a missing
   * property. Microsoft's built-in "Inherit a tag from the resource group if missing" relies on it:
   * it tests `[resourceGroup().tags[parameters('tagName')]]` notEquals '' and must not fire (nor
   * fail) on resource groups that lack the tag.
   */
  missingMember?: 'error' | 'empty';
}

export function compileExpression(
  expr: Expr,
  registry: FunctionRegistry,
  options: CompileOptions = {},
): CompiledExpression {
  const compiler = new Compiler(registry, options.missingMember === 'empty');
  const node = compiler.compile(expr, undefined);
  if (node.constant) {
    const value = node.value;
    return { evaluate: () => value, constant: true, value };
  }
  return { evaluate: node.run, constant: false };
}

/** Parses and compiles an expression string (brackets included). */
export function compileExpressionString(
  source: string,
  registry: FunctionRegistry,
  options: CompileOptions = {},
): CompiledExpression {
  return compileExpression(parseExpression(source), registry, options);
}

/**
 * Compiles any JSON string value the way ARM reads it: an expression when bracketed,
 * otherwise a literal (with a leading `[[` unescaped).
 */
export function compileStringValue(value: string, registry: FunctionRegistry): CompiledExpression {
  if (isExpression(value)) return compileExpressionString(value, registry);
  const literal = unescapeLiteral(value);
  return { evaluate: () => literal, constant: true, value: literal };
}

interface Node {
  run: Thunk;
  constant: boolean;
  value?: unknown;
}

/** Lambda parameter names visible at a point of the expression, innermost first. */
interface Scope {
  names: readonly string[];
  parent: Scope | undefined;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

function constant(value: unknown): Node {
  const frozen = deepFreeze(value);
  return { run: () => frozen, constant: true, value: frozen };
}

function failing(error: unknown): Node {
  return {
    run: () => {
      throw error;
    },
    constant: false,
  };
}

/** Gives an error the function name and offset it lacks; non-ARM errors are wrapped so callers see one type. */
function annotate(error: unknown, functionName: string | undefined, offset: number): unknown {
  if (error instanceof ExpressionError) {
    if (error.offset === undefined) error.offset = offset;
    if (error.functionName === undefined) error.functionName = functionName;
    return error;
  }
  if (error instanceof ExpressionSyntaxError || error instanceof ExpressionInterrupt) return error;
  const message = error instanceof Error ? error.message : String(error);
  const where =
    functionName === undefined ? 'Evaluation' : `The template language function '${functionName}'`;
  return new ExpressionError(`${where} failed: ${message}`, { functionName, offset, cause: error });
}

function invokeEager(fn: EagerArmFunction, args: readonly unknown[], ctx: unknown, offset: number): unknown {
  try {
    return fn.call(args, ctx);
  } catch (error) {
    throw annotate(error, fn.name, offset);
  }
}

function invokeLazy(fn: LazyArmFunction, args: readonly Thunk[], ctx: unknown, offset: number): unknown {
  try {
    return fn.call(args, ctx);
  } catch (error) {
    throw annotate(error, fn.name, offset);
  }
}

/** What a lenient read of a missing member returns, and so may be read through again. */
function isAbsent(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function readProperty(
  target: unknown,
  name: string,
  lowerName: string,
  offset: number,
  lenient = false,
): unknown {
  if (isArmObject(target)) {
    const value = findProperty(target, name, lowerName);
    if (value !== undefined) return value;
    if (lenient) return '';
    const available = Object.keys(target);
    throw new ExpressionError(
      `The language expression property '${name}' doesn't exist, available properties are '${available.join(', ')}'.`,
      { offset },
    );
  }
  if (lenient && isAbsent(target)) return '';
  throw new ExpressionError(
    `The language expression property '${name}' can't be read from a value of type '${armTypeName(target)}'.`,
    { offset },
  );
}

function readIndex(target: unknown, index: unknown, offset: number, lenient = false): unknown {
  if (lenient && isAbsent(target)) return '';
  if (Array.isArray(target)) {
    if (typeof index !== 'number' || !Number.isInteger(index)) {
      throw new ExpressionError(
        `An array can only be indexed by an integer; the index is of type '${armTypeName(index)}'.`,
        { offset },
      );
    }
    if (index < 0 || index >= target.length) {
      throw new ExpressionError(
        `The language expression array index '${index}' is out of bounds (the array has ${target.length} elements).`,
        { offset },
      );
    }
    return target[index];
  }
  if (isArmObject(target)) {
    if (typeof index !== 'string') {
      throw new ExpressionError(
        `An object can only be indexed by a string; the index is of type '${armTypeName(index)}'.`,
        { offset },
      );
    }
    return readProperty(target, index, index.toLowerCase(), offset, lenient);
  }
  throw new ExpressionError(`A value of type '${armTypeName(target)}' can't be indexed.`, { offset });
}

class Compiler {
  private readonly stack = new LambdaStack();

  constructor(
    private readonly registry: FunctionRegistry,
    private readonly lenient = false,
  ) {}

  compile(expr: Expr, scope: Scope | undefined): Node {
    switch (expr.kind) {
      case 'literal':
        return constant(expr.value);
      case 'property':
        return this.compileProperty(this.compile(expr.object, scope), expr.name, expr.offset);
      case 'index':
        return this.compileIndex(
          this.compile(expr.object, scope),
          this.compile(expr.index, scope),
          expr.offset,
        );
      case 'call':
        return this.compileCall(expr, scope);
    }
  }

  private compileProperty(object: Node, name: string, offset: number): Node {
    const lowerName = name.toLowerCase();
    if (object.constant) {
      try {
        return constant(readProperty(object.value, name, lowerName, offset, this.lenient));
      } catch (error) {
        return failing(error);
      }
    }
    const target = object.run;
    const lenient = this.lenient;
    return { run: (ctx) => readProperty(target(ctx), name, lowerName, offset, lenient), constant: false };
  }

  private compileIndex(object: Node, index: Node, offset: number): Node {
    if (object.constant && index.constant) {
      try {
        return constant(readIndex(object.value, index.value, offset, this.lenient));
      } catch (error) {
        return failing(error);
      }
    }
    const target = object.run;
    const key = index.run;
    const lenient = this.lenient;
    return { run: (ctx) => readIndex(target(ctx), key(ctx), offset, lenient), constant: false };
  }

  private compileCall(expr: CallExpr, scope: Scope | undefined): Node {
    const lowerName = expr.name.toLowerCase();
    if (lowerName === 'lambda') {
      throw new ExpressionError(
        'lambda() can only be written directly as the lambda argument of filter, groupBy, map, mapValues, reduce, sort or toObject.',
        { functionName: expr.name, offset: expr.offset },
      );
    }
    if (lowerName === 'lambdavariables') return this.compileLambdaVariable(expr, scope);
    const fn = this.registry.getLower(lowerName);
    if (fn === undefined) {
      throw new ExpressionError(
        `The template function '${expr.name}' is not valid: no function of that name is defined.`,
        {
          functionName: expr.name,
          offset: expr.offset,
        },
      );
    }
    checkArgumentCount(fn, expr);
    const args = expr.args.map((arg, i) => this.compileArgument(fn, arg, i, scope));
    return fn.lazy ? this.lazyCall(fn, args, expr.offset) : this.eagerCall(fn, args, expr.offset);
  }

  private compileArgument(fn: ArmFunction, arg: Expr, index: number, scope: Scope | undefined): Node {
    const slot = fn.lambdas?.find((s) => s.index === index);
    const isLambda = arg.kind === 'call' && arg.name.toLowerCase() === 'lambda';
    if (slot === undefined) return this.compile(arg, scope);
    if (!isLambda) {
      throw new ExpressionError(
        `The template function '${fn.name}' expects a lambda(...) as argument ${index + 1}.`,
        {
          functionName: fn.name,
          offset: arg.offset,
        },
      );
    }
    return this.compileLambda(arg, slot, fn.name, scope);
  }

  private compileLambda(expr: CallExpr, slot: LambdaSlot, owner: string, scope: Scope | undefined): Node {
    const parameterCount = expr.args.length - 1;
    if (parameterCount < slot.minParams || parameterCount > slot.maxParams) {
      const expected =
        slot.minParams === slot.maxParams ? `${slot.minParams}` : `${slot.minParams} to ${slot.maxParams}`;
      throw new ExpressionError(
        `The lambda passed to '${owner}' must declare ${expected} parameter(s), followed by its body; it declares ${Math.max(parameterCount, 0)}.`,
        { functionName: 'lambda', offset: expr.offset },
      );
    }
    const names: string[] = [];
    for (const param of expr.args.slice(0, parameterCount)) {
      if (param.kind !== 'literal' || typeof param.value !== 'string' || param.value === '') {
        throw new ExpressionError('lambda() parameter names must be non-empty string literals.', {
          functionName: 'lambda',
          offset: param.offset,
        });
      }
      const lower = param.value.toLowerCase();
      if (names.includes(lower)) {
        throw new ExpressionError(`lambda() declares the parameter '${param.value}' twice.`, {
          functionName: 'lambda',
          offset: param.offset,
        });
      }
      names.push(lower);
    }
    const body = this.compile(expr.args[parameterCount]!, { names, parent: scope });
    const lambda = new ArmLambda(parameterCount, body.run, this.stack);
    // Not constant: folding a call would invoke the body outside its enclosing frames.
    return { run: () => lambda, constant: false };
  }

  private compileLambdaVariable(expr: CallExpr, scope: Scope | undefined): Node {
    const arg = expr.args[0];
    if (expr.args.length !== 1 || arg?.kind !== 'literal' || typeof arg.value !== 'string') {
      throw new ExpressionError(
        'lambdaVariables() takes one string literal: the name of a lambda parameter.',
        {
          functionName: expr.name,
          offset: expr.offset,
        },
      );
    }
    const lower = arg.value.toLowerCase();
    let hops = 0;
    for (let s = scope; s !== undefined; s = s.parent, hops++) {
      const slot = s.names.indexOf(lower);
      if (slot < 0) continue;
      const frames = this.stack.frames;
      const depth = hops;
      return { run: () => frames[frames.length - 1 - depth]![slot], constant: false };
    }
    throw new ExpressionError(
      `lambdaVariables('${arg.value}') does not name a parameter of an enclosing lambda.`,
      {
        functionName: expr.name,
        offset: expr.offset,
      },
    );
  }

  private eagerCall(fn: EagerArmFunction, args: Node[], offset: number): Node {
    if (fn.pure && args.every((a) => a.constant)) {
      try {
        return constant(
          fn.call(
            args.map((a) => a.value),
            undefined,
          ),
        );
      } catch (error) {
        return failing(annotate(error, fn.name, offset));
      }
    }
    const runs = args.map((a) => a.run);
    const [a, b, c] = runs;
    let run: Thunk;
    switch (runs.length) {
      case 0:
        run = (ctx) => invokeEager(fn, NO_ARGS, ctx, offset);
        break;
      case 1:
        run = (ctx) => invokeEager(fn, [a!(ctx)], ctx, offset);
        break;
      case 2:
        run = (ctx) => invokeEager(fn, [a!(ctx), b!(ctx)], ctx, offset);
        break;
      case 3:
        run = (ctx) => invokeEager(fn, [a!(ctx), b!(ctx), c!(ctx)], ctx, offset);
        break;
      default:
        run = (ctx) => {
          const values = new Array<unknown>(runs.length);
          for (let i = 0; i < runs.length; i++) values[i] = runs[i]!(ctx);
          return invokeEager(fn, values, ctx, offset);
        };
    }
    return { run, constant: false };
  }

  private lazyCall(fn: LazyArmFunction, args: Node[], offset: number): Node {
    const thunks: readonly Thunk[] = args.map((a) => a.run);
    if (fn.pure && args.every((a) => a.constant)) {
      try {
        return constant(fn.call(thunks, undefined));
      } catch (error) {
        return failing(annotate(error, fn.name, offset));
      }
    }
    return { run: (ctx) => invokeLazy(fn, thunks, ctx, offset), constant: false };
  }
}

function checkArgumentCount(fn: ArmFunction, expr: CallExpr): void {
  const n = expr.args.length;
  if (n >= fn.minArgs && n <= fn.maxArgs) return;
  const expected =
    fn.minArgs === fn.maxArgs
      ? `exactly ${fn.minArgs}`
      : fn.maxArgs === Number.POSITIVE_INFINITY
        ? `at least ${fn.minArgs}`
        : `between ${fn.minArgs} and ${fn.maxArgs}`;
  throw new ExpressionError(
    `The template language function '${fn.name}' takes ${expected} argument(s); ${n} were given.`,
    { functionName: fn.name, offset: expr.offset },
  );
}
