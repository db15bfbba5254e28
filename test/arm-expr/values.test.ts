import { describe, expect, it } from 'vitest';
import { compareStrings, deepEquals, toArmString } from '../../src/arm-expr/values.ts';

describe('compareStrings', () => {
  const collator = new Intl.Collator('en-US', { sensitivity: 'variant', caseFirst: 'lower' });
  const alphabet = 'aAbBzZ019';

  it('orders letters and digits exactly as the culture-aware collator does (its fast path)', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const word = () =>
      Array.from({ length: 1 + (random() % 4) }, () => alphabet[random() % alphabet.length]).join('');
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = word();
      expect(Math.sign(compareStrings(a, b)), `${a} vs ${b}`).toBe(Math.sign(collator.compare(a, b)));
    }
  });

  it.each([
    ['A', 'a', 1], // the docs' greater('A', 'a') is true
    ['a', 'B', -1],
    ['ab', 'Aa', 1],
    ['9', 'a', -1],
    ['vm-01', 'vm-02', -1],
    ['same', 'same', 0],
  ])('%j vs %j -> %i', (a, b, expected) => {
    expect(Math.sign(compareStrings(a, b))).toBe(expected);
  });
});

describe('deepEquals', () => {
  it.each([
    [{ a: [1, { b: null }] }, { a: [1, { b: null }] }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { a: 1 }, false],
    [[1, 2], { 0: 1, 1: 2 }, false],
    ['x', 'X', false],
    [null, undefined, true],
  ])('%j == %j -> %s', (a, b, expected) => {
    expect(deepEquals(a, b)).toBe(expected);
  });
});

describe('toArmString', () => {
  it.each([
    ['text', 'text'],
    [12, '12'],
    [false, 'False'],
    [null, ''],
    [{ a: [1, 'x'] }, '{"a":[1,"x"]}'],
  ])('%j -> %j', (value, expected) => {
    expect(toArmString(value)).toBe(expected);
  });
});
