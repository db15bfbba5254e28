import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../../src/policy/engine/errors.ts';
import { makeTester, type OperatorName } from '../../../src/policy/engine/operators.ts';
import type { JsonValue } from '../../../src/util/json.ts';

type Case = [
  op: OperatorName,
  actual: JsonValue | undefined,
  expected: JsonValue,
  result: boolean,
  why: string,
];

// Semantics from definition-structure-policy-rule.md ("Conditions"): case-insensitive except
// match/notMatch; missing values fail positive operators and satisfy negated ones.
const cases: Case[] = [
  [
    'equals',
    'Microsoft.Compute/virtualMachines',
    'microsoft.compute/VIRTUALMACHINES',
    true,
    'case-insensitive',
  ],
  ['equals', 'Straße', 'STRASSE', true, 'Unicode case folding (InvariantCultureIgnoreCase)'],
  ['equals', 'abc', 'abd', false, 'different strings'],
  ['equals', true, 'true', true, 'boolean written as a string'],
  ['equals', true, 'True', true, 'boolean string in any case'],
  ['equals', 'FALSE', false, true, 'string field against boolean'],
  ['equals', 'yes', true, false, 'only true/false spell booleans'],
  ['equals', 22, '22', true, 'number written as a string'],
  ['equals', '80', 80, true, 'string field against number'],
  ['equals', 'not-a-number', 80, false, 'non-numeric string never equals a number'],
  ['equals', 1.0, 1, true, 'integer and float'],
  ['equals', undefined, 'x', false, 'missing value'],
  ['equals', null, 'x', false, 'JSON null is missing'],
  ['equals', ['a', 'B'], ['A', 'b'], true, 'arrays compare member by member'],
  ['equals', { Key: 'V' }, { key: 'v' }, true, 'objects compare case-insensitively'],
  ['notEquals', undefined, 'x', true, 'missing value satisfies the negation'],
  ['notEquals', 'Allow', 'allow', false, 'negation of a case-insensitive match'],
  ['like', 'Microsoft.Network/networkSecurityGroups', 'microsoft.network/*', true, 'trailing wildcard'],
  ['like', 'eastus', '*US', true, 'leading wildcard'],
  ['like', 'cis-windows-server-2019', 'cis-windows-server-201*', true, 'prefix'],
  ['like', 'xprod-1', 'prod-*', false, 'anchored at the start'],
  ['like', 'prod-1x', '*-1', false, 'anchored at the end'],
  ['like', 'a-b-c', 'a*b*c', true, 'several wildcards in order'],
  ['like', 'a-c-b', 'a*b*c', false, 'wildcard pieces must appear in order'],
  ['like', 'aXa', 'a*a*a', false, 'pieces may not overlap'],
  ['like', 'vm-1', 'vm-?', false, '? is not a wildcard for like'],
  ['like', 22, '2*', true, 'numbers match as their text'],
  ['like', undefined, '*', false, 'missing never matches'],
  ['notLike', undefined, '2008*', true, 'missing satisfies notLike'],
  ['notLike', '2008-R2-SP1', '2008*', false, 'notLike a matching value'],
  ['match', 'abc-12', 'abc-##', true, '# is a digit'],
  ['match', 'ABC-12', 'abc-##', false, 'match is case-sensitive'],
  ['match', 'vm-ab', 'vm-??', true, '? is a letter'],
  ['match', 'vm-a1', 'vm-??', false, '? rejects a digit'],
  ['match', 'v.x', 'v.x', true, '. is any character'],
  ['match', 'vm-123', 'vm-##', false, 'lengths must agree'],
  ['matchInsensitively', 'VM-01', 'vm-##', true, 'case-insensitive match'],
  // match compares character by character: ß is one letter, not the two of its case folding.
  ['matchInsensitively', 'Straße', 'STRA?E', true, 'ß is one letter, matched by ?'],
  ['matchInsensitively', 'STRAẞE', 'straße', true, 'ẞ and ß are one letter in two cases'],
  ['notMatchInsensitively', 'Straße', 'stra?e', false, 'negation of a one-letter ß'],
  ['match', 'Straße', 'Stra?e', true, 'case-sensitive match of ß'],
  ['notMatch', 'test-*', 'test-*', false, '* is literal in match patterns'],
  ['notMatchInsensitively', 'prod-01', 'TEST-##', true, 'negated insensitive match'],
  ['contains', 'my-café-app', 'CAFÉ', true, 'substring, case-insensitive'],
  ['contains', ['eastus', 'westus2'], 'WESTUS2', true, 'array membership'],
  ['contains', ['eastus'], 'west', false, 'array membership is not substring'],
  ['contains', 'abc', '', true, 'empty substring'],
  ['contains', undefined, 'x', false, 'missing contains nothing'],
  ['contains', { Environment: 'prod' }, 'environment', true, 'object contains a key'],
  ['notContains', ['eastus', 'westus2'], 'WESTUS2', false, 'negated membership'],
  ['notContains', undefined, 'x', true, 'missing satisfies notContains'],
  ['in', 'WestUS2', ['eastus', 'westus2'], true, 'membership, case-insensitive'],
  ['in', '443', [80, 443, 8080], true, 'numeric strings against numbers'],
  ['in', undefined, ['a'], false, 'missing is in nothing'],
  ['in', 'c', ['a', 'b'], false, 'not a member'],
  ['notIn', undefined, ['a'], true, 'missing is not in anything'],
  ['notIn', 'westus2', ['EASTUS', 'WESTUS2'], false, 'negated membership'],
  ['containsKey', { Environment: 'prod' }, 'environment', true, 'keys are case-insensitive'],
  ['containsKey', { a: 1 }, 'b', false, 'absent key'],
  ['containsKey', undefined, 'a', false, 'missing object'],
  ['containsKey', 'text', 'a', false, 'a string has no keys'],
  ['notContainsKey', { a: 1 }, 'costCenter', true, 'absent key'],
  ['notContainsKey', undefined, 'a', true, 'missing object'],
  ['less', 1, 2, true, 'numbers'],
  ['less', '80', 100, true, 'numeric string against number'],
  ['less', 2, 2, false, 'strict'],
  ['lessOrEquals', 2, 2, true, 'equal is allowed'],
  ['greater', '8080', 1024, true, 'numeric string against number'],
  ['greater', 'beta', 'ALPHA', true, 'strings order case-insensitively'],
  ['greater', 'hello', 'HELLO', false, 'same string in another case is not greater'],
  ['greaterOrEquals', 'hello', 'HELLO', true, 'same string in another case is equal'],
  // Ordering agrees with equals under InvariantCultureIgnoreCase, where ICU alone ranks ß after ss
  // (regorus tests/azure_policy/cases/casing.yaml).
  ['lessOrEquals', 'Straße', 'STRASSE', true, 'ß folds to ss: equal, so lessOrEquals'],
  ['greater', 'Straße', 'strasse', false, 'ß folds to ss: equal, so not greater'],
  ['less', 'Straße', 'STRASSF', true, 'non-ASCII strings still order'],
  ['greater', '2024-02-01T00:00:00Z', '2024-01-31T23:59:59.9999999Z', true, 'dates order as instants'],
  ['less', '2024-01-01', '2024-01-01T00:00:01Z', true, 'date and date-time'],
  ['greater', undefined, 'z', false, 'missing is not ordered'],
  ['greater', 0.75, 0.5, true, 'floats'],
  ['exists', 'x', true, true, 'present'],
  ['exists', '', 'true', true, 'an empty string exists'],
  ['exists', 0, true, true, 'zero exists'],
  ['exists', false, true, true, 'false exists'],
  ['exists', [], true, true, 'an empty array exists'],
  ['exists', undefined, true, false, 'missing'],
  ['exists', null, true, false, 'JSON null does not exist'],
  ['exists', undefined, 'false', true, 'exists false on a missing value'],
  ['exists', 'x', 'False', false, 'exists false on a present value'],
];

describe('condition operators', () => {
  it.each(cases)('%s: %j vs %j → %s (%s)', (op, actual, expected, result) => {
    expect(makeTester(op, expected)(actual)).toBe(result);
  });

  it('rejects a non-array for in/notIn', () => {
    expect(() => makeTester('in', 'eastus')).toThrow(EvaluationError);
    expect(() => makeTester('notIn', { a: 1 })).toThrow(/takes an array/);
  });

  it('rejects a non-boolean for exists', () => {
    expect(() => makeTester('exists', 'maybe')).toThrow(/true or false/);
  });

  it('raises an error when ordering values of different kinds, as Azure does', () => {
    expect(() => makeTester('less', 5)('abc')).toThrow(/cannot compare/);
    expect(() => makeTester('greater', 1)({ a: 1 })).toThrow(EvaluationError);
  });

  it.each([['UTC'], ['America/New_York'], ['Asia/Tokyo']])(
    'orders a date-time without a zone as UTC, whatever the machine (TZ=%s)',
    (tz) => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        expect(makeTester('less', '2025-06-01T12:00:00Z')('2025-06-01T10:00:00')).toBe(true);
        expect(makeTester('greater', '2025-06-01T09:59:59Z')('2025-06-01T10:00:00.1234567')).toBe(true);
        expect(makeTester('greater', '2025-06-01')('2025-06-01T01:00:00')).toBe(true);
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    },
  );

  it('answers like on hostile input (a backtracking matcher would not return)', () => {
    const hostile = `${'a'.repeat(50_000)}b`;
    expect(makeTester('like', `*${'a*'.repeat(200)}c`)(hostile)).toBe(false);
    expect(makeTester('like', `*${'a*'.repeat(200)}b`)(hostile)).toBe(true);
  });
});
