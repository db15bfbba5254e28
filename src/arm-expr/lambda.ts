import type { Thunk } from './functions.ts';

/**
 * Lambda variables live on a stack owned by one compiled expression, not in the
 * evaluation context: the context belongs to the caller (the policy engine's resource,
 * the template's parameters) and must reach `field()` or `parameters()` unchanged
 * inside a lambda body. `lambdaVariables('x')` is resolved at compile time to
 * "frame n below the top, slot i".
 */
export class LambdaStack {
  readonly frames: unknown[][] = [];
}

/**
 * The value of `lambda('a', 'b', body)`. It is created once at compile time; calling it
 * pushes the arguments as a frame, evaluates the body and pops the frame.
 */
export class ArmLambda {
  constructor(
    readonly parameterCount: number,
    private readonly body: Thunk,
    private readonly stack: LambdaStack,
  ) {}

  /** Missing trailing arguments are null; extra ones (such as an index the lambda ignores) are dropped. */
  invoke(ctx: unknown, args: readonly unknown[]): unknown {
    const frame: unknown[] = new Array(this.parameterCount);
    for (let i = 0; i < this.parameterCount; i++) frame[i] = i < args.length ? args[i] : null;
    const frames = this.stack.frames;
    frames.push(frame);
    try {
      return this.body(ctx);
    } finally {
      frames.pop();
    }
  }
}

export function isArmLambda(value: unknown): value is ArmLambda {
  return value instanceof ArmLambda;
}
