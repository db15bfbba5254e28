import { expectArray, expectInteger, typeError, valueError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { armTypeName, findProperty, isArmObject } from '../values.ts';

/** Array functions (templates/template-functions-array.md) not shared with strings or objects. */

/** Largest `count` range() accepts (bicep-functions-array.md#range). */
const MAX_RANGE_COUNT = 10_000;
const INT32_MAX = 2_147_483_647;

function fromEnd(fn: string, args: readonly unknown[]): { items: readonly unknown[]; position: number } {
  const items = expectArray(fn, args, 0);
  const reverseIndex = expectInteger(fn, args, 1);
  return { items, position: items.length - reverseIndex };
}

export const arrayFunctions: ArmFunction[] = [
  {
    name: 'array',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: ([value]) => (Array.isArray(value) ? value : [value ?? null]),
  },
  {
    name: 'createArray',
    minArgs: 0,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call: (args) => args.slice(),
  },
  {
    name: 'flatten',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    // One level only: "Subarrays are only flattened once, not recursively" (bicep-functions-array.md#flatten).
    call(args) {
      const result: unknown[] = [];
      for (const item of expectArray('flatten', args, 0)) {
        if (!Array.isArray(item))
          throw valueError('flatten', `every element must be an array; found ${JSON.stringify(item)}.`);
        for (const inner of item) result.push(inner);
      }
      return result;
    },
  },
  {
    name: 'range',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const start = expectInteger('range', args, 0);
      const count = expectInteger('range', args, 1);
      if (count < 0 || count > MAX_RANGE_COUNT) {
        throw valueError('range', `the count must be between 0 and ${MAX_RANGE_COUNT}; got ${count}.`);
      }
      if (start + count > INT32_MAX)
        throw valueError('range', `the sum of start and count must not exceed ${INT32_MAX}.`);
      return Array.from({ length: count }, (_, i) => start + i);
    },
  },
  {
    name: 'indexFromEnd',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // 1 is the last element.
    call(args) {
      const { items, position } = fromEnd('indexFromEnd', args);
      if (position < 0 || position >= items.length) {
        throw valueError(
          'indexFromEnd',
          `index ${String(args[1])} from the end is out of range for an array of ${items.length} elements.`,
        );
      }
      return items[position];
    },
  },
  {
    name: 'tryIndexFromEnd',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const { items, position } = fromEnd('tryIndexFromEnd', args);
      return position >= 0 && position < items.length ? items[position] : null;
    },
  },
  {
    name: 'tryGet',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    // Each further key steps one level deeper; a missing key or index anywhere gives null.
    call(args) {
      let current = args[0];
      for (let i = 1; i < args.length; i++) {
        const key = args[i];
        if (current === null || current === undefined) return null;
        if (Array.isArray(current)) {
          if (typeof key !== 'number' || !Number.isInteger(key))
            throw typeError('tryGet', i, "'Integer' for an array", key);
          current = key >= 0 && key < current.length ? current[key] : null;
        } else if (isArmObject(current)) {
          if (typeof key !== 'string') throw typeError('tryGet', i, "'String' for an object", key);
          current = findProperty(current, key, key.toLowerCase()) ?? null;
        } else {
          throw valueError(
            'tryGet',
            `key ${JSON.stringify(key)} can't be looked up in a value of type '${armTypeName(current)}'.`,
          );
        }
      }
      return current ?? null;
    },
  },
];
