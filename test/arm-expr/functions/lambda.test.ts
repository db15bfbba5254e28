import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/**
 * Examples from MicrosoftDocs/azure-docs templates/template-functions-lambda.md and
 * bicep/bicep-functions-lambda.md (ms.date 05/21/2024: index parameters, groupBy, mapValues).
 */
const dogs = [
  { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
  { name: 'Casper', age: 3, interests: ['Other dogs'] },
  { name: 'Indy', age: 2, interests: ['Butter'] },
  { name: 'Kira', age: 8, interests: ['Rubs'] },
];
const ctx = { variables: { dogs, ages: [5, 3, 2, 8] } };
const nested = {
  variables: {
    dogs: dogs.map(({ name, age, interests }) => ({ name, properties: { age, interests } })),
  },
};

const documented: Example[] = [
  {
    expression: "[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]",
    ctx,
    expected: [dogs[0], dogs[3]],
  },
  {
    expression:
      "[filter(variables('dogs'), lambda('val', 'i', and(less(lambdaVariables('i'), 2), equals(substring(lambdaVariables('val').name, 0, 1), 'C'))))]",
    ctx,
    expected: [dogs[1]],
  },
  {
    expression: "[filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))]",
    expected: [6, 7, 8, 9],
  },
  {
    expression: "[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]",
    expected: [0, 2, 4, 6, 8],
  },
  {
    expression: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]",
    ctx,
    expected: ['Evie', 'Casper', 'Indy', 'Kira'],
  },
  {
    expression: "[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]",
    ctx,
    expected: ['Hello Evie!', 'Hello Casper!', 'Hello Indy!', 'Hello Kira!'],
  },
  {
    expression:
      "[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', variables('dogs')[lambdaVariables('i')].name))))]",
    ctx,
    expected: [
      { i: 0, dog: 'Evie', greeting: 'Ahoy, Evie!' },
      { i: 1, dog: 'Casper', greeting: 'Ahoy, Casper!' },
      { i: 2, dog: 'Indy', greeting: 'Ahoy, Indy!' },
      { i: 3, dog: 'Kira', greeting: 'Ahoy, Kira!' },
    ],
  },
  {
    expression:
      "[map(variables('dogs'), lambda('x', 'i', createObject('index', lambdaVariables('i'), 'val', lambdaVariables('x').name)))]",
    ctx,
    expected: [
      { index: 0, val: 'Evie' },
      { index: 1, val: 'Casper' },
      { index: 2, val: 'Indy' },
      { index: 3, val: 'Kira' },
    ],
  },
  {
    expression:
      "[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
    ctx,
    expected: 18,
  },
  {
    expression:
      "[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]",
    ctx,
    expected: 19,
  },
  {
    expression:
      "[reduce(variables('ages'), 0, lambda('cur', 'next', 'i', if(equals(mod(lambdaVariables('i'), 2), 0), add(lambdaVariables('cur'), lambdaVariables('next')), lambdaVariables('cur'))))]",
    ctx,
    expected: 7,
  },
  {
    expression:
      "[sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))]",
    ctx,
    expected: [dogs[2], dogs[1], dogs[0], dogs[3]],
  },
  {
    expression: "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name))]",
    ctx,
    expected: { Evie: dogs[0], Casper: dogs[1], Indy: dogs[2], Kira: dogs[3] },
  },
  {
    expression:
      "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry')))]",
    ctx,
    expected: { Evie: dogs[0], Casper: dogs[1], Indy: dogs[2], Kira: dogs[3] },
  },
  {
    expression:
      "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').properties))]",
    ctx: nested,
    expected: {
      Evie: { age: 5, interests: ['Ball', 'Frisbee'] },
      Casper: { age: 3, interests: ['Other dogs'] },
      Indy: { age: 2, interests: ['Butter'] },
      Kira: { age: 8, interests: ['Rubs'] },
    },
  },
  {
    expression:
      "[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)))]",
    expected: { f: ['foo'], b: ['bar', 'baz'] },
  },
  // Bicep's groupBy with a value lambda, as the Azure/bicep Lambdas_LF baseline compiles it.
  {
    expression:
      "[groupBy(createArray(createObject('type', 'a', 'value', 123), createObject('type', 'b', 'value', 456), createObject('type', 'a', 'value', 789)), lambda('arg', lambdaVariables('arg').type), lambda('arg', lambdaVariables('arg').value))]",
    expected: { a: [123, 789], b: [456] },
  },
  {
    expression:
      "[mapValues(createObject('foo', 'foo', 'bar', 'bar'), lambda('val', toUpper(lambdaVariables('val'))))]",
    expected: { foo: 'FOO', bar: 'BAR' },
  },
  // The expression in template-expressions.md ("Null values") that drops an element with filter().
  {
    expression:
      "[filter(variables('op'), lambda('on', not(equals(lambdaVariables('on').name, 'Caboodle'))))]",
    ctx: { variables: { op: [{ name: 'ODB' }, { name: 'ODBRPT' }, { name: 'Caboodle' }] } },
    expected: [{ name: 'ODB' }, { name: 'ODBRPT' }],
  },
];

describe('lambda functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx: context }) => {
    expect(evaluate(expression, context)).toEqual(expected);
  });
});

describe('lambda functions: edge cases', () => {
  it('keeps equal elements in their input order when sorting', () => {
    const people = [
      { n: 'a', k: 1 },
      { n: 'b', k: 0 },
      { n: 'c', k: 1 },
      { n: 'd', k: 0 },
    ];
    const sorted = evaluate(
      "[sort(variables('p'), lambda('x', 'y', less(lambdaVariables('x').k, lambdaVariables('y').k)))]",
      {
        variables: { p: people },
      },
    ) as { n: string }[];
    expect(sorted.map((p) => p.n)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('does not change the input array when sorting', () => {
    const input = [3, 1, 2];
    evaluate("[sort(variables('x'), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]", {
      variables: { x: input },
    });
    expect(input).toEqual([3, 1, 2]);
  });

  it.each<Example>([
    { expression: "[map(createArray(), lambda('x', lambdaVariables('x')))]", expected: [] },
    {
      expression: "[reduce(createArray(), 'start', lambda('a', 'b', lambdaVariables('b')))]",
      expected: 'start',
    },
    { expression: "[mapValues(createObject(), lambda('v', 1))]", expected: {} },
  ])('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ["[filter(createArray(1), lambda('x', 'yes'))]", 'must return a boolean'],
    ["[sort(createArray(1, 2), lambda('a', 'b', 1))]", 'must return a boolean'],
    ["[toObject(createArray(1), lambda('x', lambdaVariables('x')))]", 'must return a string'],
    [
      "[toObject(createArray('a', 'a'), lambda('x', lambdaVariables('x')))]",
      "returned 'a' for more than one element",
    ],
    ["[groupBy(createArray(1), lambda('x', lambdaVariables('x')))]", 'must return a string'],
    ["[map('abc', lambda('x', lambdaVariables('x')))]", "first parameter to be of type 'Array'"],
    [
      "[mapValues(createArray(), lambda('x', lambdaVariables('x')))]",
      "first parameter to be of type 'Object'",
    ],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
