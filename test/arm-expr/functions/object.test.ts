import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/**
 * Examples from MicrosoftDocs/azure-docs templates/template-functions-object.md and the
 * Azure/azure-docs-json-samples templates it includes (object/json.json, array/union.json).
 */
const json = {
  parameters: {
    jsonEmptyObject: 'null',
    jsonObject: '{"a": "b"}',
    jsonString: '"test"',
    jsonBoolean: 'true',
    jsonInt: '3',
    // The sample writes "[[1,2,3 ]": a string that starts with '[' must be escaped as '[['.
    jsonArray: '[1,2,3 ]',
    concatValue: 'demo value',
  },
};
const entities = {
  variables: {
    entities: {
      item002: { enabled: false, displayName: 'Example item 2', number: 200 },
      item001: { enabled: true, displayName: 'Example item 1', number: 300 },
    },
  },
};
const unionInputs = {
  parameters: {
    firstObject: { one: 'a', two: 'b', three: 'c1' },
    secondObject: { three: 'c2', four: 'd', five: 'e' },
  },
  variables: {
    deepFirst: { property: { one: 'a', two: 'b', three: 'c1' }, nestedArray: [1, 2] },
    deepSecond: { property: { three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  },
};

const documented: Example[] = [
  {
    expression:
      "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]",
    expected: {
      intProp: 1,
      stringProp: 'abc',
      boolProp: true,
      arrayProp: ['a', 'b', 'c'],
      objectProp: { key1: 'value1' },
    },
  },
  {
    expression:
      '[intersection(json(\'{"one": "a", "two": "b", "three": "c"}\'), json(\'{"one": "a", "two": "z", "three": "c"}\'))]',
    expected: { one: 'a', three: 'c' },
  },
  {
    expression: "[items(variables('entities'))]",
    ctx: entities,
    expected: [
      { key: 'item001', value: { enabled: true, displayName: 'Example item 1', number: 300 } },
      { key: 'item002', value: { enabled: false, displayName: 'Example item 2', number: 200 } },
    ],
  },
  { expression: "[empty(json(parameters('jsonEmptyObject')))]", ctx: json, expected: true },
  { expression: "[json(parameters('jsonObject'))]", ctx: json, expected: { a: 'b' } },
  { expression: "[json(parameters('jsonString'))]", ctx: json, expected: 'test' },
  { expression: "[json(parameters('jsonBoolean'))]", ctx: json, expected: true },
  { expression: "[json(parameters('jsonInt'))]", ctx: json, expected: 3 },
  { expression: "[json(parameters('jsonArray'))]", ctx: json, expected: [1, 2, 3] },
  {
    expression: "[json(concat('{\"a\": \"', parameters('concatValue'), '\"}'))]",
    ctx: json,
    expected: { a: 'demo value' },
  },
  { expression: '[empty(null())]', expected: true },
  {
    expression: "[union(parameters('firstObject'), parameters('secondObject'))]",
    ctx: unionInputs,
    expected: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' },
  },
  // Nested objects merge; nested arrays are replaced (…-object.md#union, second example).
  {
    expression: "[union(variables('deepFirst'), variables('deepSecond'))]",
    ctx: unionInputs,
    expected: { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  },
  {
    expression:
      "[reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]",
    expected: { foo: 123, bar: 456, baz: 789 },
  },
];

describe('object functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });
});

describe('object functions: edge cases', () => {
  it.each<Example>([
    { expression: '[objectKeys(json(\'{"b": 1, "a": 2}\'))]', expected: ['b', 'a'] },
    {
      expression: '[items(json(\'{"b": 1, "B": 2, "a": 3}\'))]',
      expected: [
        { key: 'B', value: 2 },
        { key: 'a', value: 3 },
        { key: 'b', value: 1 },
      ],
    },
    {
      expression: '[shallowMerge(createArray(json(\'{"a": {"x": 1}, "b": 1}\'), json(\'{"a": {"y": 2}}\')))]',
      expected: { a: { y: 2 }, b: 1 },
    },
    { expression: '[union(json(\'{"a": {"x": 1}}\'), json(\'{"a": 5}\'))]', expected: { a: 5 } },
    {
      expression: '[union(json(\'{"a": 5}\'), json(\'{"a": {"x": 1}}\'), json(\'{"a": {"y": 2}}\'))]',
      expected: { a: { x: 1, y: 2 } },
    },
    {
      expression: '[intersection(json(\'{"a": [1]}\'), json(\'{"a": [1], "b": 2}\'), json(\'{"a": [1]}\'))]',
      expected: { a: [1] },
    },
    { expression: '[createObject()]', expected: {} },
    { expression: "[length(createObject('__proto__', 1))]", expected: 1 },
  ])('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });

  it('treats __proto__ as an ordinary key instead of touching the prototype', () => {
    const result = evaluate(
      '[union(json(\'{"__proto__": {"polluted": true}}\'), createObject(\'a\', 1))]',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["[createObject('a')]", 'even number of arguments'],
    ["[createObject(1, 'a')]", "first parameter to be of type 'String'"],
    ['[union(createObject(), createArray())]', "'Object' (like the first)"],
    ["[union('a', 'b')]", "'Array' or 'Object'"],
    ['[items(createArray())]', "'Object'"],
    ['[shallowMerge(createArray(1))]', 'every element must be an object'],
    ['[json(\'{"a": \')]', 'not valid JSON'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
