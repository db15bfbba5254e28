import { ExpressionError } from './errors.ts';

/**
 * A compiled argument a lazy function may evaluate on demand. It takes the evaluation
 * context rather than closing over it, so no closure is allocated per evaluation.
 */
export type Thunk = (ctx: unknown) => unknown;

/** Where a function accepts `lambda(...)`, and how many lambda parameters it allows there. */
export interface LambdaSlot {
  index: number;
  minParams: number;
  maxParams: number;
}

interface ArmFunctionBase {
  /** Canonical spelling, used in messages; lookup is case-insensitive. */
  name: string;
  minArgs: number;
  /** `Infinity` for variadic functions. */
  maxArgs: number;
  /** The result depends only on the arguments, so calls with constant arguments are folded at compile time. */
  pure?: boolean;
  /** Argument positions that take a `lambda(...)`; the compiler rejects lambdas anywhere else. */
  lambdas?: readonly LambdaSlot[];
}

export interface EagerArmFunction extends ArmFunctionBase {
  lazy?: false;
  call(args: readonly unknown[], ctx: unknown): unknown;
}

/** Receives its arguments unevaluated: `if`, `and`, `or` and `coalesce` must not evaluate what they skip. */
export interface LazyArmFunction extends ArmFunctionBase {
  lazy: true;
  call(args: readonly Thunk[], ctx: unknown): unknown;
}

export type ArmFunction = EagerArmFunction | LazyArmFunction;

/** Case-insensitive function table. Immutable: `extend` returns a new registry. */
export class FunctionRegistry {
  private readonly byName: ReadonlyMap<string, ArmFunction>;

  constructor(functions: Iterable<ArmFunction> = []) {
    const byName = new Map<string, ArmFunction>();
    for (const fn of functions) {
      const key = fn.name.toLowerCase();
      if (byName.has(key))
        throw new ExpressionError(`Function '${fn.name}' is registered twice`, { functionName: fn.name });
      checkArity(fn);
      byName.set(key, fn);
    }
    this.byName = byName;
  }

  /** Looks a function up by an already lower-cased name. */
  getLower(lowerName: string): ArmFunction | undefined {
    return this.byName.get(lowerName);
  }

  get(name: string): ArmFunction | undefined {
    return this.byName.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  names(): string[] {
    return [...this.byName.values()].map((fn) => fn.name);
  }

  /** A registry with `functions` added; a function with an existing name replaces it. */
  extend(functions: Iterable<ArmFunction>): FunctionRegistry {
    const merged = new Map(this.byName);
    const added = new Set<string>();
    for (const fn of functions) {
      const key = fn.name.toLowerCase();
      if (added.has(key))
        throw new ExpressionError(`Function '${fn.name}' is registered twice`, { functionName: fn.name });
      added.add(key);
      merged.set(key, fn);
    }
    return new FunctionRegistry(merged.values());
  }
}

function checkArity(fn: ArmFunction): void {
  if (!(fn.minArgs >= 0 && fn.maxArgs >= fn.minArgs)) {
    throw new ExpressionError(
      `Function '${fn.name}' declares an impossible arity ${fn.minArgs}..${fn.maxArgs}`,
      {
        functionName: fn.name,
      },
    );
  }
}
