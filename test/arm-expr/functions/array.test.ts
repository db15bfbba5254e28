import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/**
 * Examples from MicrosoftDocs/azure-docs templates/template-functions-array.md and
 * bicep/bicep-functions-array.md (indexOf, lastIndexOf, flatten, ordered intersection),
 * which document the same runtime functions.
 */
const arrays = {
  arrayToTest: ['one', 'two', 'three'],
  firstArray: ['1-1', '1-2', '1-3'],
  secondArray: ['2-1', '2-2', '2-3'],
  intArray: [0, 3, 2, 5, 4],
};
const ctx = { parameters: arrays };

const documented: Example[] = [
  { expression: '[array(1)]', expected: [1] },
  { expression: "[array('efgh')]", expected: ['efgh'] },
  { expression: '[array(json(\'{"a": "b", "c": "d"}\'))]', expected: [{ a: 'b', c: 'd' }] },
  {
    expression: "[concat(parameters('firstArray'), parameters('secondArray'))]",
    ctx,
    expected: ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'],
  },
  { expression: "[concat('prefix', '-', 'suffix')]", expected: 'prefix-suffix' },
  { expression: "[contains('OneTwoThree', 'e')]", expected: true },
  { expression: "[contains('OneTwoThree', 'z')]", expected: false },
  { expression: '[contains(json(\'{"one": "a", "two": "b", "three": "c"}\'), \'one\')]', expected: true },
  { expression: '[contains(json(\'{"one": "a", "two": "b", "three": "c"}\'), \'a\')]', expected: false },
  { expression: "[contains(parameters('arrayToTest'), 'three')]", ctx, expected: true },
  { expression: "[contains(parameters('arrayToTest'), 'four')]", ctx, expected: false },
  { expression: "[createArray('a', 'b', 'c')]", expected: ['a', 'b', 'c'] },
  { expression: '[createArray(1, 2, 3)]', expected: [1, 2, 3] },
  { expression: "[createArray(parameters('arrayToTest'))]", ctx, expected: [['one', 'two', 'three']] },
  { expression: '[createArray()]', expected: [] },
  { expression: '[empty(createArray())]', expected: true },
  { expression: '[empty(createObject())]', expected: true },
  { expression: "[empty('')]", expected: true },
  { expression: "[first(parameters('arrayToTest'))]", ctx, expected: 'one' },
  { expression: "[first('One Two Three')]", expected: 'O' },
  { expression: "[last(parameters('arrayToTest'))]", ctx, expected: 'three' },
  { expression: "[last('One Two Three')]", expected: 'e' },
  { expression: "[length(parameters('arrayToTest'))]", ctx, expected: 3 },
  { expression: "[length('One Two Three')]", expected: 13 },
  {
    expression:
      '[length(json(\'{"propA": "one", "propB": "two", "propC": "three", "propD": {"propD-1": "sub", "propD-2": "sub"}}\'))]',
    expected: 4,
  },
  { expression: "[max(parameters('intArray'))]", ctx, expected: 5 },
  { expression: '[max(0,3,2,5,4)]', expected: 5 },
  { expression: "[min(parameters('intArray'))]", ctx, expected: 0 },
  { expression: '[min(0,3,2,5,4)]', expected: 0 },
  { expression: '[range(5, 3)]', expected: [5, 6, 7] },
  { expression: "[skip(parameters('arrayToTest'), 2)]", ctx, expected: ['three'] },
  { expression: "[skip('one two three', 4)]", expected: 'two three' },
  { expression: "[take(parameters('arrayToTest'), 2)]", ctx, expected: ['one', 'two'] },
  { expression: "[take('one two three', 2)]", expected: 'on' },
  {
    expression: "[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]",
    expected: ['two', 'three'],
  },
  {
    expression: '[intersection(createArray(1, 2, 3, 4), createArray(3, 2, 1), createArray(4, 1, 3, 2))]',
    expected: [1, 2, 3],
  },
  {
    expression: '[intersection(createArray(3, 2, 1), createArray(4, 1, 3, 2), createArray(1, 2, 3, 4))]',
    expected: [3, 2, 1],
  },
  {
    expression: "[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]",
    expected: ['one', 'two', 'three', 'four'],
  },
  {
    expression:
      "[flatten(createArray(createArray('one', 'two'), createArray('three'), createArray('four', 'five')))]",
    expected: ['one', 'two', 'three', 'four', 'five'],
  },
];

const search = {
  parameters: { names: ['one', 'two', 'three'], numbers: [4, 5, 6], duplicates: [1, 2, 3, 1] },
};
const indexing: Example[] = [
  { expression: "[lastIndexOf(parameters('names'), 'two')]", ctx: search, expected: 1 },
  { expression: "[indexOf(parameters('names'), 'one')]", ctx: search, expected: 0 },
  { expression: "[lastIndexOf(parameters('names'), 'Three')]", ctx: search, expected: -1 },
  { expression: "[lastIndexOf(parameters('numbers'), 4)]", ctx: search, expected: 0 },
  { expression: "[indexOf(parameters('numbers'), 6)]", ctx: search, expected: 2 },
  { expression: "[lastIndexOf(parameters('numbers'), '5')]", ctx: search, expected: -1 },
  {
    expression: "[indexOf(createArray(parameters('names'), parameters('numbers')), parameters('numbers'))]",
    ctx: search,
    expected: 1,
  },
  { expression: "[indexOf(parameters('duplicates'), 1)]", ctx: search, expected: 0 },
  { expression: "[lastIndexOf(parameters('duplicates'), 1)]", ctx: search, expected: 3 },
  // String overloads are case-insensitive (template-functions-string.md#indexof).
  { expression: "[indexOf('test', 't')]", expected: 0 },
  { expression: "[lastIndexOf('test', 't')]", expected: 3 },
  { expression: "[indexOf('abcdef', 'CD')]", expected: 2 },
  { expression: "[lastIndexOf('abcdef', 'AB')]", expected: 0 },
  { expression: "[indexOf('abcdef', 'z')]", expected: -1 },
];

describe('array functions: documented examples', () => {
  it.each([...documented, ...indexing])('$expression', ({ expression, expected, ctx: context }) => {
    expect(evaluate(expression, context)).toEqual(expected);
  });
});

describe('array functions: newer access functions', () => {
  const data = { parameters: { list: ['a', 'b', 'c'], obj: { Nested: { deep: [1, { x: 'y' }] }, n: null } } };

  it.each<Example>([
    { expression: "[indexFromEnd(parameters('list'), 1)]", ctx: data, expected: 'c' },
    { expression: "[indexFromEnd(parameters('list'), 3)]", ctx: data, expected: 'a' },
    { expression: "[tryIndexFromEnd(parameters('list'), 4)]", ctx: data, expected: null },
    { expression: "[tryIndexFromEnd(parameters('list'), 0)]", ctx: data, expected: null },
    { expression: "[tryIndexFromEnd(parameters('list'), 2)]", ctx: data, expected: 'b' },
    { expression: "[tryGet(parameters('obj'), 'nested', 'deep', 1, 'x')]", ctx: data, expected: 'y' },
    { expression: "[tryGet(parameters('obj'), 'missing', 'deep')]", ctx: data, expected: null },
    { expression: "[tryGet(parameters('obj'), 'n', 'deep')]", ctx: data, expected: null },
    { expression: "[tryGet(parameters('list'), 5)]", ctx: data, expected: null },
    { expression: "[tryGet(parameters('list'), 0)]", ctx: data, expected: 'a' },
  ])('$expression', ({ expression, expected, ctx: context }) => {
    expect(evaluate(expression, context)).toEqual(expected);
  });
});

describe('array and sequence functions: edge cases', () => {
  it.each<Example>([
    { expression: '[first(createArray())]', expected: null }, // an empty array gives null
    { expression: "[first('')]", expected: '' },
    { expression: '[last(createArray())]', expected: null },
    { expression: '[empty(null())]', expected: true },
    { expression: "[skip('abc', -2)]", expected: 'abc' },
    { expression: "[skip('abc', 10)]", expected: '' },
    { expression: "[take('abc', -1)]", expected: '' },
    { expression: "[take('abc', 10)]", expected: 'abc' },
    { expression: "[contains(json('{\"Key\": null}'), 'KEY')]", expected: true }, // keys case-insensitively
    { expression: "[contains('abc', 'B')]", expected: false }, // strings case-sensitively
    { expression: "[contains('a1', 1)]", expected: true },
    { expression: '[contains(createArray(createArray(1)), createArray(1))]', expected: true },
    { expression: "[concat('a', null(), 1, true())]", expected: 'a1True' },
    { expression: '[concat(createArray(1), null(), createArray(2))]', expected: [1, 2] },
    {
      expression:
        "[union(createArray(createArray('one', 'two'), createArray('three')), createArray(createArray('three'), createArray('four', 'two')))]",
      expected: [['one', 'two'], ['three'], ['four', 'two']],
    },
    { expression: '[range(-2, 0)]', expected: [] },
    { expression: "[array(createArray('x'))]", expected: ['x'] },
  ])('$expression', ({ expression, expected, ctx: context }) => {
    expect(evaluate(expression, context)).toEqual(expected);
  });

  it.each([
    ["[concat(createArray(1), 'a')]", "'Array' (once one argument is an array"],
    ["[concat('a', createObject())]", "expects its second parameter to be of type 'String' or 'Array'"],
    ['[contains(null(), 1)]', "'Array', 'Object' or 'String'"],
    ['[empty(1)]', "'Array', 'Object' or 'String'"],
    ['[first(1)]', "'Array' or 'String'"],
    ['[length(null())]', "type 'Null'"],
    ['[indexOf(createArray(1), 1, 2)]', 'takes exactly 2'],
    ["[indexOf('abc', 1)]", "second parameter to be of type 'String'"],
    ['[flatten(createArray(1))]', 'every element must be an array'],
    ['[range(0, 10001)]', 'between 0 and 10000'],
    ['[range(2147483647, 1)]', 'must not exceed 2147483647'],
    ["[indexFromEnd(createArray('a'), 2)]", 'out of range'],
    ["[indexFromEnd(createArray('a'), 0)]", 'out of range'],
    ["[tryGet(createObject('a', 1), 0)]", "'String' for an object"],
    ["[tryGet(createObject('a', 'text'), 'a', 'b')]", "can't be looked up in a value of type 'String'"],
    ['[intersection(createArray(1), createObject())]', "'Array' (like the first)"],
    ['[max(createArray())]', 'empty'],
    ["[max(1, 'a')]", "second parameter to be of type 'Integer'"],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
