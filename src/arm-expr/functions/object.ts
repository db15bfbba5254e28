import { expectArray, expectObject, expectString, typeError, valueError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { type ArmObject, deepEquals, isArmObject, setOwn } from '../values.ts';

/** Object functions (templates/template-functions-object.md), and those shared by arrays and objects. */

function sameKind(fn: string, args: readonly unknown[]): 'array' | 'object' {
  const kind = Array.isArray(args[0]) ? 'array' : isArmObject(args[0]) ? 'object' : undefined;
  if (kind === undefined) throw typeError(fn, 0, "'Array' or 'Object'", args[0]);
  for (let i = 1; i < args.length; i++) {
    const ok = kind === 'array' ? Array.isArray(args[i]) : isArmObject(args[i]);
    if (!ok)
      throw typeError(
        fn,
        i,
        kind === 'array' ? "'Array' (like the first)" : "'Object' (like the first)",
        args[i],
      );
  }
  return kind;
}

function pushUnique(into: unknown[], item: unknown): void {
  for (const existing of into) if (deepEquals(existing, item)) return;
  into.push(item);
}

/**
 * Later objects win key by key, and objects nested under the same key merge recursively;
 * arrays are replaced, not merged (templates/template-functions-object.md#union).
 */
function mergeDeep(target: ArmObject, source: ArmObject): void {
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    const incoming = source[key];
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isArmObject(existing) && isArmObject(incoming)) {
      const merged: ArmObject = {};
      mergeDeep(merged, existing);
      mergeDeep(merged, incoming);
      setOwn(target, key, merged);
    } else {
      setOwn(target, key, incoming);
    }
  }
}

export const objectFunctions: ArmFunction[] = [
  {
    name: 'createObject',
    minArgs: 0,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call(args) {
      if (args.length % 2 !== 0)
        throw valueError('createObject', 'it takes key/value pairs, so an even number of arguments.');
      const result: ArmObject = {};
      for (let i = 0; i < args.length; i += 2)
        setOwn(result, expectString('createObject', args, i), args[i + 1] ?? null);
      return result;
    },
  },
  {
    name: 'intersection',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    // Order and duplicates follow the first argument (bicep-functions-array.md#intersection).
    call(args) {
      if (sameKind('intersection', args) === 'array') {
        const [first, ...rest] = args as unknown[][];
        const result: unknown[] = [];
        for (const item of first!) {
          if (rest.every((other) => other.some((o) => deepEquals(o, item)))) pushUnique(result, item);
        }
        return result;
      }
      const [first, ...rest] = args as ArmObject[];
      const result: ArmObject = {};
      for (const key in first) {
        if (!Object.hasOwn(first, key)) continue;
        const value = first[key];
        if (rest.every((other) => Object.hasOwn(other, key) && deepEquals(other[key], value)))
          setOwn(result, key, value);
      }
      return result;
    },
  },
  {
    name: 'union',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    pure: true,
    call(args) {
      if (sameKind('union', args) === 'array') {
        const result: unknown[] = [];
        for (const arg of args as unknown[][]) for (const item of arg) pushUnique(result, item);
        return result;
      }
      const result: ArmObject = {};
      for (const arg of args as ArmObject[]) mergeDeep(result, arg);
      return result;
    },
  },
  {
    name: 'items',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    // "Elements are consistently ordered alphabetically by key" (Bicep's description of items()).
    call(args) {
      const object = expectObject('items', args, 0);
      return Object.keys(object)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((key) => ({ key, value: object[key] }));
    },
  },
  {
    name: 'null',
    minArgs: 0,
    maxArgs: 0,
    pure: true,
    call: () => null,
  },
  {
    name: 'objectKeys',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    call: (args) => Object.keys(expectObject('objectKeys', args, 0)),
  },
  {
    name: 'shallowMerge',
    minArgs: 1,
    maxArgs: 1,
    pure: true,
    // Top-level keys only: later objects replace whole values, nested objects are not merged.
    call(args) {
      const result: ArmObject = {};
      for (const item of expectArray('shallowMerge', args, 0)) {
        if (!isArmObject(item))
          throw valueError('shallowMerge', `every element must be an object; found ${JSON.stringify(item)}.`);
        for (const key in item) if (Object.hasOwn(item, key)) setOwn(result, key, item[key]);
      }
      return result;
    },
  },
];
