import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/** Examples from MicrosoftDocs/azure-docs templates/template-functions-comparison.md (ms.date 08/01/2025). */
const objectToTest = {
  null1: null,
  null2: null,
  string: 'default',
  int: 1,
  object: { first: 'default' },
  array: [1],
};
const coalesceCtx = { parameters: { objectToTest } };
const p = "parameters('objectToTest')";

const documented: Example[] = [
  { expression: `[coalesce(${p}.null1, ${p}.null2, ${p}.string)]`, ctx: coalesceCtx, expected: 'default' },
  { expression: `[coalesce(${p}.null1, ${p}.null2, ${p}.int)]`, ctx: coalesceCtx, expected: 1 },
  {
    expression: `[coalesce(${p}.null1, ${p}.null2, ${p}.object)]`,
    ctx: coalesceCtx,
    expected: { first: 'default' },
  },
  { expression: `[coalesce(${p}.null1, ${p}.null2, ${p}.array)]`, ctx: coalesceCtx, expected: [1] },
  { expression: `[empty(coalesce(${p}.null1, ${p}.null2))]`, ctx: coalesceCtx, expected: true },
  { expression: '[equals(1, 1)]', expected: true },
  { expression: "[equals('demo', 'Demo')]", expected: false }, // "the comparison is case-sensitive"
  { expression: "[equals(createArray('a', 'b', 'c'), createArray('a', 'b', 'c'))]", expected: true },
  { expression: "[equals(createObject('a', 'b'), createObject('a', 'b'))]", expected: true },
  { expression: '[not(equals(1, 2))]', expected: true },
  { expression: '[greater(1, 2)]', expected: false },
  { expression: "[greater('A', 'a')]", expected: true },
  { expression: '[greaterOrEquals(1, 2)]', expected: false },
  { expression: "[greaterOrEquals('A', 'a')]", expected: true },
  { expression: '[less(1, 2)]', expected: true },
  { expression: "[less('A', 'a')]", expected: false },
  { expression: '[lessOrEquals(1, 2)]', expected: true },
  { expression: "[lessOrEquals('A', 'a')]", expected: false },
];

describe('comparison functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });
});

describe('comparison functions: edge cases', () => {
  it.each<Example>([
    { expression: "[coalesce('', 'x')]", expected: '' }, // empty strings are not null
    { expression: '[coalesce(null(), null())]', expected: null },
    { expression: "[equals(createObject('a', 1, 'b', 2), json('{\"b\": 2, \"a\": 1}'))]", expected: true }, // key order does not matter
    { expression: '[equals(createArray(1, 2), createArray(2, 1))]', expected: false }, // element order does
    { expression: "[equals(createObject('a', 1), createObject('A', 1))]", expected: false },
    { expression: "[equals(1, '1')]", expected: false },
    { expression: '[lessOrEquals(2, 2)]', expected: true },
    { expression: "[less('apple', 'banana')]", expected: true },
    { expression: "[less('2024-01-02T00:00:00Z', '2024-01-10T00:00:00Z')]", expected: true },
    { expression: '[greater(-1, -2)]', expected: true },
  ])('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ["[greater(1, 'a')]", "second parameter to be of type 'Integer' (like the first)"],
    ['[less(createArray(), 1)]', "first parameter to be of type 'Integer' or 'String'"],
    ['[lessOrEquals(null(), 1)]', "type 'Null'"],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
