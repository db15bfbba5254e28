import { describe, expect, it } from 'vitest';
import { hasAt } from '../../../../src/threats/parsers/syslog/text.ts';

describe('hasAt', () => {
  // Each row: text, position, literal; the answer must be String#startsWith's.
  it.each([
    ['Failed password for root', 0, 'Failed '],
    ['Failed password for root', 7, 'password'],
    ['Failed password for root', 7, 'passwd'],
    ['Failed', 0, 'Failed '],
    ['abc', 3, ''],
    ['abc', 4, 'c'],
    ['abc', 2, 'c'],
    ['', 0, ''],
    ['', 0, 'a'],
    ['élan vital', 0, 'élan'],
    ['x [preauth]', 1, ' [preauth]'],
  ] as const)('%j at %i, %j', (text, at, literal) => {
    expect(hasAt(text, at, literal)).toBe(text.startsWith(literal, at));
  });

  it('is false before the start', () => {
    expect(hasAt('abc', -1, 'a')).toBe(false);
  });
});
