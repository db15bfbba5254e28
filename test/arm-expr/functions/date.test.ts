import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/** Examples from MicrosoftDocs/azure-docs templates/template-functions-date.md (ms.date 08/08/2025). */
const documented: Example[] = [
  // "P1Y should be interpreted as P365D, while P1M should be interpreted as P30D" (Remarks).
  { expression: "[dateTimeAdd('2023-01-01 00:00:00Z', 'P1Y')]", expected: '2024-01-01T00:00:00Z' },
  { expression: "[dateTimeAdd('2024-01-01 00:00:00Z', 'P1Y')]", expected: '2024-12-31T00:00:00Z' },
  { expression: "[dateTimeAdd('2023-02-01 00:00:00Z', 'P1M')]", expected: '2023-03-03T00:00:00Z' },
  { expression: "[dateTimeAdd('2024-02-01 00:00:00Z', 'P1M')]", expected: '2024-03-02T00:00:00Z' },
  // Base time 2020-04-07 14:53:14Z; the docs print these as 4/7/2023 2:53:14 PM etc., which is format 'G'-like output.
  {
    expression: "[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y', 'M/d/yyyy h:mm:ss tt')]",
    expected: '4/7/2023 2:53:14 PM',
  },
  {
    expression: "[dateTimeAdd('2020-04-07 14:53:14Z', '-P9D', 'M/d/yyyy h:mm:ss tt')]",
    expected: '3/29/2020 2:53:14 PM',
  },
  {
    expression: "[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H', 'M/d/yyyy h:mm:ss tt')]",
    expected: '4/7/2020 3:53:14 PM',
  },
  { expression: '[dateTimeFromEpoch(1683040573)]', expected: '2023-05-02T15:16:13Z' },
  { expression: "[dateTimeToEpoch('2023-05-02T15:16:13Z')]", expected: 1683040573 },
  // utcNow outputs for a deployment at 2019-03-05 17:53:18Z.
  { expression: '[utcNow()]', ctx: { now: new Date('2019-03-05T17:53:18Z') }, expected: '20190305T175318Z' },
  { expression: "[utcNow('d')]", ctx: { now: new Date('2019-03-05T17:53:18Z') }, expected: '03/05/2019' },
  { expression: "[utcNow('M d')]", ctx: { now: new Date('2019-03-05T17:53:18Z') }, expected: '3 5' },
];

describe('date functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });
});

describe('date functions: edge cases', () => {
  const now = { now: new Date('2024-07-09T08:07:06.123Z') };

  it.each<Example>([
    // Without a format the result keeps the base value's shape.
    { expression: "[dateTimeAdd('20240101T000000Z', 'PT30M')]", expected: '20240101T003000Z' },
    { expression: "[dateTimeAdd('2024-01-01T00:00:00.5Z', 'PT1.25S')]", expected: '2024-01-01T00:00:01.7Z' },
    { expression: "[dateTimeAdd('2024-01-01T02:00:00+02:00', 'P1W')]", expected: '2024-01-08T00:00:00Z' },
    { expression: "[dateTimeAdd('2024-01-01', 'P1DT2H3M4S')]", expected: '2024-01-02T02:03:04Z' },
    { expression: "[dateTimeAdd('2024-01-01T00:00:00Z', 'P1D', 'u')]", expected: '2024-01-02 00:00:00Z' },
    {
      expression: "[dateTimeAdd('2024-01-01T00:00:00Z', 'P1D', 'o')]",
      expected: '2024-01-02T00:00:00.0000000Z',
    },
    {
      expression: "[dateTimeAdd('2024-01-01T00:00:00Z', 'P1D', 'dddd, MMMM dd')]",
      expected: 'Tuesday, January 02',
    },
    { expression: "[dateTimeToEpoch('1969-12-31T23:59:59.5Z')]", expected: -1 },
    // The shape the docs' outputs table prints also parses back.
    { expression: "[dateTimeAdd('4/7/2020 2:53:14 PM', 'PT1H')]", expected: '2020-04-07T15:53:14Z' },
    { expression: "[dateTimeAdd('4/7/2020 12:00:00 AM', 'PT1H')]", expected: '2020-04-07T01:00:00Z' },
    { expression: "[utcNow('yyyy-MM-ddTHH:mm:ss.fffZ')]", ctx: now, expected: '2024-07-09T08:07:06.123Z' },
    { expression: "[utcNow('s')]", ctx: now, expected: '2024-07-09T08:07:06' },
    { expression: "[utcNow('yy-M-d h tt')]", ctx: now, expected: '24-7-9 8 AM' },
  ])('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });

  it('reads the clock when the context carries no time', () => {
    const before = Date.now();
    const text = evaluate("[utcNow('o')]") as string;
    expect(Math.abs(Date.parse(text) - before)).toBeLessThan(5_000);
  });

  it.each([
    ["[dateTimeAdd('not a date', 'P1D')]", 'not a valid ISO 8601 date-time'],
    ["[dateTimeAdd('2024-02-30T00:00:00Z', 'P1D')]", 'not a valid date-time'],
    ["[dateTimeAdd('2024-01-01T00:00:00Z', '1D')]", 'not a valid ISO 8601 duration'],
    ["[dateTimeAdd('2024-01-01T00:00:00Z', 'P')]", 'not a valid ISO 8601 duration'],
    ["[dateTimeAdd('2024-01-01T00:00:00Z', 'PT')]", 'not a valid ISO 8601 duration'],
    ["[dateTimeAdd('9999-12-31T00:00:00Z', 'P2D')]", 'outside the range'],
    ["[utcNow('Q')]", 'not a valid date-time format'],
    ['[dateTimeFromEpoch(999999999999)]', 'outside the range'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
