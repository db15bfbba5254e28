import { expectInteger, expectString, typeError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { deepEquals, isArmObject, toArmString } from '../values.ts';

/**
 * Functions that take a string or an array alike (and some, objects too). ARM documents
 * each of them on both the string and the array pages; they are defined once, here.
 */

function hasKey(object: Record<string, unknown>, key: string): boolean {
  if (Object.hasOwn(object, key)) return true;
  const lower = key.toLowerCase();
  for (const k in object) if (Object.hasOwn(object, k) && k.toLowerCase() === lower) return true;
  return false;
}

export const sequenceFunctions: ArmFunction[] = [
  {
    name: 'concat',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    // Arrays concatenate with arrays, everything else joins as text; the docs forbid mixing the two.
    call(args) {
      if (args.some(Array.isArray)) {
        const result: unknown[] = [];
        for (let i = 0; i < args.length; i++) {
          const arg = args[i];
          if (Array.isArray(arg)) for (const item of arg) result.push(item);
          else if (arg !== null && arg !== undefined) {
            throw typeError('concat', i, "'Array' (once one argument is an array, all must be)", arg);
          }
        }
        return result;
      }
      let result = '';
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (isArmObject(arg)) throw typeError('concat', i, "'String' or 'Array'", arg);
        result += toArmString(arg);
      }
      return result;
    },
  },
  {
    name: 'contains',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // Strings: case-sensitive substring. Objects: case-insensitive key. Arrays: structural equality.
    call(args) {
      const container = args[0];
      const item = args[1];
      if (typeof container === 'string') {
        if (isArmObject(item) || Array.isArray(item))
          throw typeError('contains', 1, "'String' or 'Integer'", item);
        return container.includes(toArmString(item));
      }
      if (Array.isArray(container)) return container.some((element) => deepEquals(element, item));
      if (isArmObject(container)) {
        if (typeof item !== 'string') throw typeError('contains', 1, "'String'", item);
        return hasKey(container, item);
      }
      throw typeError('contains', 0, "'Array', 'Object' or 'String'", container);
    },
  },
  {
    name: 'empty',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (value === null || value === undefined) return true;
      if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
      if (isArmObject(value)) {
        for (const key in value) if (Object.hasOwn(value, key)) return false;
        return true;
      }
      throw typeError('empty', 0, "'Array', 'Object' or 'String'", value);
    },
  },
  {
    name: 'first',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    // An empty array gives null and an empty string gives '' (templates/template-functions-string.md#first).
    call(args) {
      const value = args[0];
      if (typeof value === 'string') return value.slice(0, 1);
      if (Array.isArray(value)) return value.length === 0 ? null : value[0];
      throw typeError('first', 0, "'Array' or 'String'", value);
    },
  },
  {
    name: 'last',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value === 'string') return value.slice(-1);
      if (Array.isArray(value)) return value.length === 0 ? null : value[value.length - 1];
      throw typeError('last', 0, "'Array' or 'String'", value);
    },
  },
  {
    name: 'length',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call(args) {
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (isArmObject(value)) return Object.keys(value).length;
      throw typeError('length', 0, "'Array', 'Object' or 'String'", value);
    },
  },
  {
    name: 'skip',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const count = Math.max(expectInteger('skip', args, 1), 0);
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.slice(count);
      throw typeError('skip', 0, "'Array' or 'String'", value);
    },
  },
  {
    name: 'take',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const count = Math.max(expectInteger('take', args, 1), 0);
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.slice(0, count);
      throw typeError('take', 0, "'Array' or 'String'", value);
    },
  },
  {
    name: 'indexOf',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    // Strings compare case-insensitively; array items case-sensitively (bicep-functions-array.md#indexof).
    call(args) {
      const container = args[0];
      if (typeof container === 'string') {
        return container.toLowerCase().indexOf(expectString('indexOf', args, 1).toLowerCase());
      }
      if (Array.isArray(container)) return container.findIndex((element) => deepEquals(element, args[1]));
      throw typeError('indexOf', 0, "'Array' or 'String'", container);
    },
  },
  {
    name: 'lastIndexOf',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    call(args) {
      const container = args[0];
      if (typeof container === 'string') {
        return container.toLowerCase().lastIndexOf(expectString('lastIndexOf', args, 1).toLowerCase());
      }
      if (Array.isArray(container)) {
        for (let i = container.length - 1; i >= 0; i--) if (deepEquals(container[i], args[1])) return i;
        return -1;
      }
      throw typeError('lastIndexOf', 0, "'Array' or 'String'", container);
    },
  },
];
