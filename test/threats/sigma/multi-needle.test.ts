import { describe, expect, it } from 'vitest';
import { MultiNeedle } from '../../../src/threats/sigma/multi-needle.ts';

function found(needles: string[], text: string): string[] {
  const hits = new Set<string>();
  new MultiNeedle(needles).scan(text, (id) => hits.add(needles[id]!));
  return [...hits].sort();
}

describe('multi-needle scan', () => {
  it('reports every needle present, overlapping and nested ones included', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'ushers')).toEqual(['he', 'hers', 'she']);
    expect(found(['abc', 'bc', 'c', 'x'], 'zabcz')).toEqual(['abc', 'bc', 'c']);
  });

  it('treats regex metacharacters in needles as text', () => {
    expect(found(['(){:;};', 'a.b', '[x]', '$HOME|', '\\d'], '() {:;}; (){:;}; axb [x] \\d')).toEqual([
      '(){:;};',
      '[x]',
      '\\d',
    ]);
  });

  it('handles text and needles beyond ASCII', () => {
    expect(found(['résumé', 'é', 'ü'], 'mon résumé')).toEqual(['résumé', 'é']);
    expect(found(['\u2013exec'], 'x \u2013exec')).toEqual(['\u2013exec']);
  });

  it('agrees with includes() on a grid of texts', () => {
    const needles = ['ab', 'b', 'bab', 'aaa', 'ba', 'abab'];
    for (const text of ['', 'a', 'ab', 'abab', 'babab', 'aaaa', 'bbb', 'aabaa', 'xyz']) {
      expect(found(needles, text)).toEqual(needles.filter((n) => text.includes(n)).sort());
    }
  });

  it('gives the same answers past the size where it stops pre-checking with a regex', () => {
    const needles = Array.from({ length: 60 }, (_, i) => `tok${i}-`);
    const texts = ['tok7-', 'a tok59- b tok3-', 'tok60-', 'tok1', 'xtok12-tok13-', ''];
    for (const text of texts)
      expect(found(needles, text)).toEqual(needles.filter((n) => text.includes(n)).sort());
  });
});
