import { describe, expect, it } from 'vitest';
import { batches, jsonChunks, StreamedList } from '../../src/report/json-stream.ts';

/** The value with every StreamedList made an array: what JSON.stringify must print the same as the chunks. */
function materialised(value: unknown): unknown {
  if (value instanceof StreamedList) return [...value.members].map(materialised);
  if (Array.isArray(value)) return value.map(materialised);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialised(v)]));
  return value;
}

function* numbers(n: number): Generator<{ n: number; even: boolean }> {
  for (let i = 0; i < n; i++) yield { n: i, even: i % 2 === 0 };
}

const CASES: [string, () => unknown][] = [
  ['a plain value', () => ({ a: [1, { b: 'two\nlines' }], c: null })],
  [
    'a streamed list of objects',
    () => ({ head: { x: 1 }, items: new StreamedList(numbers(3)), tail: 'end' }),
  ],
  ['an empty streamed list', () => ({ items: new StreamedList([]), after: {} })],
  ['a streamed list at the top', () => new StreamedList(['a', 'b'])],
  [
    'undefined and functions',
    () => ({ gone: undefined, f: () => 1, list: new StreamedList([undefined, 1]) }),
  ],
  [
    'lists inside lists inside objects',
    () => ({ runs: [{ tool: 'v', results: new StreamedList(numbers(2)) }] }),
  ],
  ['an object with nothing to print', () => ({ only: undefined, list: new StreamedList([{}]) })],
  ['unicode and escapes', () => ({ 'ключ "q"': new StreamedList(['\u2028', 'tab\t', 'ß']) })],
];

describe('jsonChunks writes what JSON.stringify(value, null, 2) writes', () => {
  it.each(CASES)('%s', (_name, make) => {
    const expected = JSON.stringify(materialised(make()), null, 2);
    expect([...jsonChunks(make())].join('')).toBe(expected);
  });

  it('makes the members of a streamed list only as they are written', () => {
    let made = 0;
    const lazy = (function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield i;
      }
    })();
    const chunks = jsonChunks({ list: new StreamedList(lazy) });
    chunks.next();
    chunks.next();
    expect(made).toBeLessThan(3);
    [...chunks];
    expect(made).toBe(3);
  });
});

describe('batches', () => {
  it('joins the pieces into batches of about the size asked, losing nothing', () => {
    const chunks = Array.from({ length: 100 }, (_, i) => `${i},`);
    const joined = [...batches(chunks, 50)];
    expect(joined.join('')).toBe(chunks.join(''));
    expect(joined.length).toBeGreaterThan(3);
    expect(joined.every((w) => w.length < 60)).toBe(true);
  });
});
