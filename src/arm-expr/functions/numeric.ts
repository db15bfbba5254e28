import { expectInteger, typeError, valueError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';

/** Numeric functions (templates/template-functions-numeric.md). ARM integers are 64-bit; results must stay exact here. */

function exact(fn: string, value: number): number {
  if (!Number.isSafeInteger(value))
    throw valueError(fn, `the result ${value} is outside the exactly representable integer range.`);
  return value;
}

function arithmetic(name: string, op: (a: number, b: number) => number): ArmFunction {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call: (args) => exact(name, op(expectInteger(name, args, 0), expectInteger(name, args, 1))),
  };
}

function nonZeroDivisor(fn: string, args: readonly unknown[]): number {
  const divisor = expectInteger(fn, args, 1);
  if (divisor === 0) throw valueError(fn, 'division by zero.');
  return divisor;
}

/** max/min take either one array of integers or the integers themselves. */
function integersOf(fn: string, args: readonly unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  if (list.length === 0) throw valueError(fn, 'the array is empty.');
  return list.map((value, i) => {
    if (typeof value !== 'number')
      throw typeError(fn, args.length === 1 ? 0 : i, "'Integer' (or an array of integers)", value);
    return value;
  });
}

/** The integer a string spells (optional sign, surrounding spaces, as .NET Int64.Parse), or undefined. */
function parseIntegerText(text: string): number | undefined {
  const t = text.trim();
  let i = t.startsWith('-') || t.startsWith('+') ? 1 : 0;
  if (i === t.length) return undefined;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  return Number(t);
}
const FLOAT_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export const numericFunctions: ArmFunction[] = [
  arithmetic('add', (a, b) => a + b),
  arithmetic('sub', (a, b) => a - b),
  arithmetic('mul', (a, b) => a * b),
  {
    name: 'div',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // Integer division truncates toward zero, as C# does.
    call: (args) => exact('div', Math.trunc(expectInteger('div', args, 0) / nonZeroDivisor('div', args))),
  },
  {
    name: 'mod',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // The remainder takes the dividend's sign, as C#'s % does.
    call: (args) => expectInteger('mod', args, 0) % nonZeroDivisor('mod', args),
  },
  {
    name: 'int',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value === 'number') return exact('int', Math.trunc(value));
      if (typeof value === 'string') {
        const parsed = parseIntegerText(value);
        if (parsed === undefined) throw valueError('int', `'${value}' is not an integer.`);
        return exact('int', parsed);
      }
      throw typeError('int', 0, "'String' or 'Integer'", value);
    },
  },
  {
    name: 'float',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && FLOAT_TEXT.test(value)) return Number(value);
      if (typeof value === 'string') throw valueError('float', `'${value}' is not a number.`);
      throw typeError('float', 0, "'String' or 'Integer'", value);
    },
  },
  {
    name: 'max',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call: (args) => Math.max(...integersOf('max', args)),
  },
  {
    name: 'min',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call: (args) => Math.min(...integersOf('min', args)),
  },
];
