import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/** Examples from MicrosoftDocs/azure-docs templates/template-functions-logical.md. */
const documented: Example[] = [
  { expression: "[and(bool('true'), bool('false'))]", expected: false },
  { expression: "[or(bool('true'), bool('false'))]", expected: true },
  { expression: "[not(bool('true'))]", expected: false },
  { expression: "[bool('true')]", expected: true },
  { expression: "[bool('false')]", expected: false },
  { expression: '[bool(1)]', expected: true },
  { expression: '[bool(0)]', expected: false },
  { expression: "[if(equals('a', 'a'), 'yes', 'no')]", expected: 'yes' },
  { expression: "[if(equals('a', 'b'), 'yes', 'no')]", expected: 'no' },
  {
    expression: "[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]",
    expected: { test: 'value1' },
  },
  {
    expression:
      "[if(not(empty(parameters('logAnalytics'))), 'Enabled monitoring for VM!', 'Nothing to enable')]",
    ctx: { parameters: { logAnalytics: '' } },
    expected: 'Nothing to enable',
  },
  { expression: '[true()]', expected: true },
  { expression: '[false()]', expected: false },
];

describe('logical functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });
});

describe('logical functions: edge cases', () => {
  it.each<Example>([
    { expression: "[bool('TRUE')]", expected: true }, // case-insensitive
    { expression: "[bool('False')]", expected: false },
    { expression: '[bool(true())]', expected: true },
    { expression: '[bool(-3)]', expected: true },
    { expression: '[and(true(), true(), true())]', expected: true },
    { expression: '[or(false(), false(), true())]', expected: true },
    // The branch not taken may be invalid: it is never evaluated.
    { expression: "[if(false(), substring('ab', 5), 'safe')]", expected: 'safe' },
    { expression: "[and(false(), greater('a', 1))]", expected: false },
    { expression: "[or(true(), greater('a', 1))]", expected: true },
  ])('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ["[bool('yes')]", "'Boolean', 'Integer' or the string 'true' or 'false'"],
    ["[not('true')]", "first parameter to be of type 'Boolean'"],
    ["[and(true(), 'true')]", "second parameter to be of type 'Boolean'"],
    ["[if('true', 1, 2)]", "first parameter to be of type 'Boolean'"],
    ['[and(true())]', 'at least 2'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
