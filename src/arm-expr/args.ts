import { ExpressionError } from './errors.ts';
import { type ArmObject, armTypeName, isArmObject } from './values.ts';

/**
 * Argument checks for function implementations. Messages follow ARM's wording
 * ("The template language function 'x' expects its first parameter to be of type 'String'...")
 * so users can match them against what Azure reports.
 */

const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

function parameterWord(index: number): string {
  return ORDINALS[index] ?? `${index + 1}th`;
}

export function typeError(fn: string, index: number, expected: string, value: unknown): ExpressionError {
  return new ExpressionError(
    `The template language function '${fn}' expects its ${parameterWord(index)} parameter to be of type ${expected}. ` +
      `The provided value is of type '${armTypeName(value)}'.`,
    { functionName: fn },
  );
}

/** An error for a value of the right type but out of the accepted range or shape. */
export function valueError(fn: string, message: string): ExpressionError {
  return new ExpressionError(`The template language function '${fn}': ${message}`, { functionName: fn });
}

export function expectString(fn: string, args: readonly unknown[], index: number): string {
  const value = args[index];
  if (typeof value !== 'string') throw typeError(fn, index, "'String'", value);
  return value;
}

export function expectInteger(fn: string, args: readonly unknown[], index: number): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(fn, index, "'Integer'", value);
  return value;
}

export function expectBoolean(fn: string, args: readonly unknown[], index: number): boolean {
  const value = args[index];
  if (typeof value !== 'boolean') throw typeError(fn, index, "'Boolean'", value);
  return value;
}

export function expectArray(fn: string, args: readonly unknown[], index: number): readonly unknown[] {
  const value = args[index];
  if (!Array.isArray(value)) throw typeError(fn, index, "'Array'", value);
  return value;
}

export function expectObject(fn: string, args: readonly unknown[], index: number): ArmObject {
  const value = args[index];
  if (!isArmObject(value)) throw typeError(fn, index, "'Object'", value);
  return value;
}

/** Optional trailing argument: `undefined` when the caller left it out. */
export function optionalString(fn: string, args: readonly unknown[], index: number): string | undefined {
  return args.length > index ? expectString(fn, args, index) : undefined;
}

export function optionalInteger(fn: string, args: readonly unknown[], index: number): number | undefined {
  return args.length > index ? expectInteger(fn, args, index) : undefined;
}
