import { ExpressionError } from '../../arm-expr/index.ts';
import type { TemplateScope } from './scope.ts';

/**
 * What an expression is evaluated in: the template scope it belongs to, the copy loops around it, and
 * which part of the template it sits in (some functions are allowed only in some parts). Compiled
 * expressions receive it as their context, so the template functions read it.
 */
export interface EvalFrame {
  scope: TemplateScope;
  loops: LoopFrame | undefined;
  section: 'parameter' | 'variable' | 'resource' | 'output' | 'function';
  /** In a user-defined function's body: its arguments by lower-cased parameter name. */
  functionArguments?: ReadonlyMap<string, unknown>;
  /** User-defined function calls in progress, to stop runaway recursion. */
  callDepth?: number;
}

export type LoopKind = 'resource' | 'property' | 'variable' | 'output';

/** One iteration of a copy loop; loops nest, innermost first. */
export interface LoopFrame {
  name: string;
  lowerName: string;
  index: number;
  kind: LoopKind;
  parent: LoopFrame | undefined;
}

export function withLoop(frame: EvalFrame, name: string, index: number, kind: LoopKind): EvalFrame {
  return {
    ...frame,
    loops: { name, lowerName: name.toLowerCase(), index, kind, parent: frame.loops },
  };
}

export function isFrame(ctx: unknown): ctx is EvalFrame {
  return typeof ctx === 'object' && ctx !== null && 'scope' in ctx && 'section' in ctx;
}

export const VARIABLES_IN_FUNCTION =
  "A user-defined function can't use variables (templates/user-defined-functions.md).";

/** A user-defined function's argument: inside one, `parameters()` reads only the function's own. */
export function functionArgument(frame: EvalFrame, name: string): unknown {
  const lower = name.toLowerCase();
  if (!frame.functionArguments?.has(lower))
    throw new ExpressionError(
      `A user-defined function can only use its own parameters; it has none named '${name}'.`,
      { functionName: 'parameters' },
    );
  return frame.functionArguments.get(lower);
}
