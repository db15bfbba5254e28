import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/** Examples from MicrosoftDocs/azure-docs templates/template-functions-numeric.md (ms.date 08/01/2025). */
const documented: Example[] = [
  { expression: '[add(5, 3)]', expected: 8 },
  { expression: '[div(8, 3)]', expected: 2 },
  { expression: "[float('3.0')]", expected: 3 },
  { expression: '[float(3)]', expected: 3 },
  { expression: "[int('4')]", expected: 4 },
  { expression: '[max(createArray(0, 3, 2, 5, 4))]', expected: 5 },
  { expression: '[min(0,3,2,5,4)]', expected: 0 },
  { expression: '[mod(7, 3)]', expected: 1 },
  { expression: '[mul(mul(5, 3), 3)]', expected: 45 },
  { expression: '[sub(7, 3)]', expected: 4 },
];

describe('numeric functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('numeric functions: edge cases', () => {
  it.each<Example>([
    { expression: '[div(-7, 2)]', expected: -3 }, // truncates toward zero
    { expression: '[div(7, -2)]', expected: -3 },
    { expression: '[mod(-7, 3)]', expected: -1 }, // remainder keeps the dividend's sign
    { expression: '[mul(int(-5), -1)]', expected: 5 },
    { expression: "[int(' -12 ')]", expected: -12 },
    { expression: "[int(float('2.9'))]", expected: 2 }, // truncation
    { expression: "[int(float('-2.9'))]", expected: -2 },
    { expression: "[float('1.5e3')]", expected: 1500 },
    { expression: "[float('.5')]", expected: 0.5 },
    { expression: '[add(9007199254740990, 1)]', expected: 9007199254740991 },
  ])('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ['[div(1, 0)]', 'division by zero'],
    ['[mod(1, 0)]', 'division by zero'],
    [
      "[add('a', 1)]",
      "The template language function 'add' expects its first parameter to be of type 'Integer'. The provided value is of type 'String'.",
    ],
    [
      "[sub(1, float('1.5'))]",
      "second parameter to be of type 'Integer'. The provided value is of type 'Float'",
    ],
    ['[add(9007199254740991, 1)]', 'exactly representable'],
    ["[int('4.5')]", 'is not an integer'],
    ["[int('')]", 'is not an integer'],
    ['[int(createArray())]', "'String' or 'Integer'"],
    ["[float('abc')]", 'is not a number'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });

  it('rejects hostile numeric text quickly (no backtracking blow-up)', () => {
    const started = performance.now();
    expect(() => evaluate(`[float('${'1'.repeat(50_000)}x')]`)).toThrow(ExpressionError);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
