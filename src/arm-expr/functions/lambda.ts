import { expectArray, expectObject, typeError, valueError } from '../args.ts';
import type { ArmFunction } from '../functions.ts';
import { type ArmLambda, isArmLambda } from '../lambda.ts';
import { type ArmObject, setOwn } from '../values.ts';

/**
 * Lambda functions (templates/template-functions-lambda.md). The compiler hands them the
 * lambda as an ArmLambda; filter and map also pass the element index, and reduce the
 * index as a third value, for lambdas that declare those parameters.
 */

function lambdaArg(fn: string, args: readonly unknown[], index: number): ArmLambda {
  const value = args[index];
  if (!isArmLambda(value)) throw typeError(fn, index, 'lambda', value);
  return value;
}

function keyOf(fn: string, value: unknown): string {
  if (typeof value !== 'string')
    throw valueError(fn, `the key lambda must return a string; it returned ${JSON.stringify(value)}.`);
  return value;
}

export const lambdaFunctions: ArmFunction[] = [
  {
    name: 'filter',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    lambdas: [{ index: 1, minParams: 1, maxParams: 2 }],
    call(args, ctx) {
      const items = expectArray('filter', args, 0);
      const predicate = lambdaArg('filter', args, 1);
      const result: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        const keep = predicate.invoke(ctx, [items[i], i]);
        if (typeof keep !== 'boolean')
          throw valueError(
            'filter',
            `the lambda must return a boolean; it returned ${JSON.stringify(keep)}.`,
          );
        if (keep) result.push(items[i]);
      }
      return result;
    },
  },
  {
    name: 'map',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    lambdas: [{ index: 1, minParams: 1, maxParams: 2 }],
    call(args, ctx) {
      const items = expectArray('map', args, 0);
      const mapper = lambdaArg('map', args, 1);
      return items.map((item, i) => mapper.invoke(ctx, [item, i]));
    },
  },
  {
    name: 'reduce',
    minArgs: 3,
    maxArgs: 3,
    pure: true,
    lambdas: [{ index: 2, minParams: 2, maxParams: 3 }],
    call(args, ctx) {
      const items = expectArray('reduce', args, 0);
      const reducer = lambdaArg('reduce', args, 2);
      let accumulator = args[1];
      for (let i = 0; i < items.length; i++) accumulator = reducer.invoke(ctx, [accumulator, items[i], i]);
      return accumulator;
    },
  },
  {
    name: 'sort',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    lambdas: [{ index: 1, minParams: 2, maxParams: 2 }],
    // The lambda answers "does a come before b?"; asking both ways keeps equal elements in input order.
    call(args, ctx) {
      const items = expectArray('sort', args, 0);
      const before = lambdaArg('sort', args, 1);
      const ask = (a: unknown, b: unknown): boolean => {
        const answer = before.invoke(ctx, [a, b]);
        if (typeof answer !== 'boolean')
          throw valueError(
            'sort',
            `the lambda must return a boolean; it returned ${JSON.stringify(answer)}.`,
          );
        return answer;
      };
      return items.slice().sort((a, b) => (ask(a, b) ? -1 : ask(b, a) ? 1 : 0));
    },
  },
  {
    name: 'toObject',
    minArgs: 2,
    maxArgs: 3,
    pure: true,
    lambdas: [
      { index: 1, minParams: 1, maxParams: 1 },
      { index: 2, minParams: 1, maxParams: 1 },
    ],
    call(args, ctx) {
      const items = expectArray('toObject', args, 0);
      const key = lambdaArg('toObject', args, 1);
      const value = args.length > 2 ? lambdaArg('toObject', args, 2) : undefined;
      const result: ArmObject = {};
      for (const item of items) {
        const k = keyOf('toObject', key.invoke(ctx, [item]));
        if (Object.hasOwn(result, k))
          throw valueError('toObject', `the key lambda returned '${k}' for more than one element.`);
        setOwn(result, k, value === undefined ? item : value.invoke(ctx, [item]));
      }
      return result;
    },
  },
  {
    name: 'groupBy',
    minArgs: 2,
    // The optional value lambda maps each element before it is grouped: Bicep's
    // `groupBy(arr, arg => arg.type, arg => arg.value)` compiles to it (Azure/bicep baseline
    // src/Bicep.Core.Samples/Files/baselines/Lambdas_LF, `groupByWithValMapTest`).
    maxArgs: 3,
    pure: true,
    lambdas: [
      { index: 1, minParams: 1, maxParams: 1 },
      { index: 2, minParams: 1, maxParams: 1 },
    ],
    call(args, ctx) {
      const items = expectArray('groupBy', args, 0);
      const key = lambdaArg('groupBy', args, 1);
      const value = args.length > 2 ? lambdaArg('groupBy', args, 2) : undefined;
      const result: ArmObject = {};
      for (const element of items) {
        const k = keyOf('groupBy', key.invoke(ctx, [element]));
        const item = value === undefined ? element : value.invoke(ctx, [element]);
        const group = Object.hasOwn(result, k) ? (result[k] as unknown[]) : undefined;
        if (group === undefined) setOwn(result, k, [item]);
        else group.push(item);
      }
      return result;
    },
  },
  {
    name: 'mapValues',
    minArgs: 2,
    maxArgs: 2,
    pure: true,
    lambdas: [{ index: 1, minParams: 1, maxParams: 1 }],
    call(args, ctx) {
      const object = expectObject('mapValues', args, 0);
      const mapper = lambdaArg('mapValues', args, 1);
      const result: ArmObject = {};
      for (const key of Object.keys(object)) setOwn(result, key, mapper.invoke(ctx, [object[key]]));
      return result;
    },
  },
];
