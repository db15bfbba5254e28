import { expectBoolean, typeError } from '../args.ts';
import type { ArmFunction, Thunk } from '../functions.ts';

/** Logical functions (templates/template-functions-logical.md). */

function booleanOf(fn: string, args: readonly Thunk[], index: number, ctx: unknown): boolean {
  const value = args[index]!(ctx);
  if (typeof value !== 'boolean') throw typeError(fn, index, "'Boolean'", value);
  return value;
}

export const logicalFunctions: ArmFunction[] = [
  {
    name: 'and',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    lazy: true,
    // Short-circuits: built-in policies write and(not(empty(x)), contains(x, '-')) with x possibly null.
    call(args, ctx) {
      for (let i = 0; i < args.length; i++) if (!booleanOf('and', args, i, ctx)) return false;
      return true;
    },
  },
  {
    name: 'or',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    lazy: true,
    call(args, ctx) {
      for (let i = 0; i < args.length; i++) if (booleanOf('or', args, i, ctx)) return true;
      return false;
    },
  },
  {
    name: 'not',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => !expectBoolean('not', args, 0),
  },
  {
    name: 'if',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    lazy: true,
    // Only the branch taken is evaluated (…-logical.md#if, "Remarks").
    call: (args, ctx) => (booleanOf('if', args, 0, ctx) ? args[1]!(ctx) : args[2]!(ctx)),
  },
  {
    name: 'bool',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number' && Number.isInteger(value)) return value !== 0;
      if (typeof value === 'string') {
        const lower = value.trim().toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
      }
      throw typeError('bool', 0, "'Boolean', 'Integer' or the string 'true' or 'false'", value);
    },
  },
  { name: 'true', minArgs: 0, maxArgs: 0, pure: true, call: () => true },
  { name: 'false', minArgs: 0, maxArgs: 0, pure: true, call: () => false },
];
