import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/util/compare-text.ts';

describe('compareText', () => {
  it('orders by code unit, as no locale does: capitals first, accented letters after z', () => {
    expect(['ä', 'Z', 'a', 'B', 'T', 'z'].sort(compareText)).toEqual(['B', 'T', 'Z', 'a', 'z', 'ä']);
  });
});
