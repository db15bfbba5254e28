import { typeError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { compareStrings, deepEquals } from '../values.ts';

/** Comparison functions (templates/template-functions-comparison.md). */

/** Negative, zero or positive; both values must be numbers or both strings. */
function compare(fn: string, a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  const bad = typeof a === 'number' || typeof a === 'string' ? 1 : 0;
  const expected =
    bad === 1
      ? `'${typeof a === 'number' ? 'Integer' : 'String'}' (like the first)`
      : "'Integer' or 'String'";
  throw typeError(fn, bad, expected, bad === 1 ? b : a);
}

function comparison(name: string, test: (order: number) => boolean): ArmFunction {
  return { name, minArgs: 2, maxArgs: 2, pure: true, call: (args) => test(compare(name, args[0], args[1])) };
}

export const comparisonFunctions: ArmFunction[] = [
  {
    name: 'coalesce',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    lazy: true,
    // Stops at the first non-null value; '' [] {} are not null (…-comparison.md#coalesce).
    call(args, ctx) {
      for (const arg of args) {
        const value = arg(ctx);
        if (value !== null && value !== undefined) return value;
      }
      return null;
    },
  },
  {
    name: 'equals',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // Case-sensitive: equals('demo', 'Demo') is false in the docs' example.
    call: (args) => deepEquals(args[0], args[1]),
  },
  comparison('greater', (order) => order > 0),
  comparison('greaterOrEquals', (order) => order >= 0),
  comparison('less', (order) => order < 0),
  comparison('lessOrEquals', (order) => order <= 0),
];
