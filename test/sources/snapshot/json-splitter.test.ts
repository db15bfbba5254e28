import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonSplitter, type SplitResult } from '../../../src/sources/snapshot/json-splitter.ts';

const FIXTURES = new URL('../../fixtures/snapshot/', import.meta.url);

function split(input: string | Buffer, chunkSize = Number.POSITIVE_INFINITY): SplitResult[] {
  const bytes = typeof input === 'string' ? Buffer.from(input) : input;
  const splitter = new JsonSplitter();
  const step = Math.min(chunkSize, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += step) splitter.push(bytes.subarray(i, i + step));
  splitter.end();
  return splitter.results;
}

/** `[pointer, parsed value]` per value; errors as `['error', line, column, message]`; paging fields aside. */
function summary(results: SplitResult[]): unknown[] {
  return results.flatMap((r) =>
    r.kind === 'envelope'
      ? []
      : [r.kind === 'value' ? [r.pointer, JSON.parse(r.text)] : ['error', r.line, r.column, r.message]],
  );
}

describe('JsonSplitter shapes', () => {
  it.each([
    [
      'a top-level array',
      '[{"id":"a"}, {"id":"b"}]',
      [
        ['/0', { id: 'a' }],
        ['/1', { id: 'b' }],
      ],
    ],
    ['an empty array', ' [ ] ', []],
    [
      'az graph query output',
      '{"count": 2, "data": [{"id":"a"},{"id":"b"}], "skip_token": null, "total_records": 2}',
      [
        ['/data/0', { id: 'a' }],
        ['/data/1', { id: 'b' }],
      ],
    ],
    [
      'an ARM list response',
      '{"value":[{"id":"a"}],"nextLink":"https://x/?$skiptoken=1"}',
      [['/value/0', { id: 'a' }]],
    ],
    [
      'the Resource Graph table shape, whole',
      '{"data":{"columns":[{"name":"id"}],"rows":[["a"]]}}',
      [['', { data: { columns: [{ name: 'id' }], rows: [['a']] } }]],
    ],
    [
      'a resource whose `value` array comes after its `id`, whole',
      '{"id":"x","value":[1,2]}',
      [['', { id: 'x', value: [1, 2] }]],
    ],
    [
      'a single resource',
      '{"id":"a","properties":{"x":[1,{"y":"]}"}]}}',
      [['', { id: 'a', properties: { x: [1, { y: ']}' }] } }]],
    ],
    [
      'several top-level values',
      '{"id":"a"}\n{"id":"b"}\n',
      [
        ['', { id: 'a' }],
        ['', { id: 'b' }],
      ],
    ],
    [
      'scalars among elements',
      '[1, "two", null, -3.5e2, true]',
      [
        ['/0', 1],
        ['/1', 'two'],
        ['/2', null],
        ['/3', -350],
        ['/4', true],
      ],
    ],
    ['a top-level scalar', ' 42 ', [['', 42]]],
    [
      'escaped quotes and backslashes',
      '["a\\"]", "b\\\\", {"c":"\\\\\\"}"}]',
      [
        ['/0', 'a"]'],
        ['/1', 'b\\'],
        ['/2', { c: '\\"}' }],
      ],
    ],
    [
      'a streamed array inside an object that carries more arrays',
      '{"facets":[{"x":1}],"data":[{"id":"a"}],"value":[{"id":"b"}]}',
      [['/data/0', { id: 'a' }]],
    ],
  ])('%s', (_name, text, expected) => {
    expect(summary(split(text))).toEqual(expected);
  });
});

describe('JsonSplitter positions', () => {
  it('gives the line and column where each value starts', () => {
    const text = '{\n  "data": [\n    {"id": "a"},\n\n      {"id": "b"}\n  ]\n}';
    const values = split(text).filter((r) => r.kind === 'value');
    expect(values.map((r) => [r.line, r.column])).toEqual([
      [3, 5],
      [5, 7],
    ]);
  });

  it('counts columns from the line start across chunks', () => {
    const text = `[\n${' '.repeat(40)}{"id":"a"}]`;
    expect(split(text, 3)).toMatchObject([{ kind: 'value', line: 2, column: 41 }]);
  });
});

describe('JsonSplitter across chunk boundaries', () => {
  const documents: [string, Buffer][] = [
    ['az-graph-query.json', readFileSync(new URL('az-graph-query.json', FIXTURES))],
    ['arg-rest-table.json', readFileSync(new URL('arg-rest-table.json', FIXTURES))],
    ['malformed.json', readFileSync(new URL('malformed.json', FIXTURES))],
    ['truncated.json', readFileSync(new URL('truncated.json', FIXTURES))],
    [
      'multi-byte UTF-8 and escapes',
      Buffer.from('{"value":[{"id":"/x/ä€😀","d":"\\\\\\"\\u00e9"},{"id":"b","s":"\\\\"},"\\"]"]}'),
    ],
  ];

  it.each(documents)('%s splits the same in chunks of any size', (_name, bytes) => {
    const whole = split(bytes);
    for (const size of [1, 2, 3, 5, 7, 64, 1000]) expect(split(bytes, size)).toEqual(whole);
  });

  it('finds each value’s text where its position says', () => {
    const bytes = readFileSync(new URL('az-graph-query.json', FIXTURES));
    const lines = bytes.toString('utf8').split('\n');
    const values = split(bytes, 97).filter((r) => r.kind === 'value');
    expect(values).toHaveLength(8);
    for (const value of values) {
      const firstLine = value.text.split('\n')[0]!;
      expect(lines[value.line - 1]!.slice(value.column - 1)).toBe(firstLine);
    }
  });
});

describe('JsonSplitter errors', () => {
  it.each([
    [
      'a missing comma between elements',
      '[{"id":"a"}\n {"id":"b"}]',
      [
        ['/0', { id: 'a' }],
        ['error', 2, 2, "unexpected '{', expected ',' or ']' after an array element"],
      ],
    ],
    [
      'a trailing comma',
      '[{"id":"a"},\n]',
      [
        ['/0', { id: 'a' }],
        ['error', 2, 1, "unexpected ']', expected a value after ','"],
      ],
    ],
    [
      'a missing colon',
      '{"data" [1]}',
      [['error', 1, 9, "unexpected '[', expected ':' after a property name"]],
    ],
    [
      'an unquoted key',
      '{data: []}',
      [['error', 1, 2, "unexpected 'd', expected a double-quoted property name"]],
    ],
    [
      'a stray closing bracket',
      '[1, ]',
      [
        ['/0', 1],
        ['error', 1, 5, "unexpected ']', expected a value after ','"],
      ],
    ],
    ['a missing value', '{"data":,}', [['error', 1, 9, "unexpected ',', expected a value"]]],
    [
      'an unclosed array',
      '[{"id":"a"}',
      [
        ['/0', { id: 'a' }],
        ['error', 1, 12, 'unexpected end of input: the array that starts at line 1 column 1 is not complete'],
      ],
    ],
    [
      'an unclosed element',
      '[\n {"id":"a"',
      [['error', 2, 11, 'unexpected end of input: the value that starts at line 2 column 2 is not complete']],
    ],
    [
      'an unclosed object',
      '{"count":1',
      [
        [
          'error',
          1,
          11,
          'unexpected end of input: the object that starts at line 1 column 1 is not complete',
        ],
      ],
    ],
    ['an empty input', ' \n ', [['error', 1, 1, 'no JSON value: the input is empty']]],
  ])('%s', (_name, text, expected) => {
    expect(summary(split(text))).toEqual(expected);
  });

  it('stops at the first error', () => {
    expect(summary(split('[1 2, 3]'))).toEqual([
      ['/0', 1],
      ['error', 1, 4, "unexpected '2', expected ',' or ']' after an array element"],
    ]);
  });

  it('leaves malformed JSON inside an element to JSON.parse, and goes on', () => {
    const results = split('[{"id":"a",}, {"id":"b"}]');
    expect(results.map((r) => r.kind === 'value' && r.text)).toEqual(['{"id":"a",}', '{"id":"b"}']);
  });
});

describe('JsonSplitter keeps a list response’s paging fields', () => {
  const envelopes = (results: SplitResult[]) =>
    results.flatMap((r) => (r.kind === 'envelope' ? [[r.line, r.fields]] : []));

  it.each([1, 3, 7, 4096])('before and after the rows, across chunks of %i bytes', (chunkSize) => {
    const text =
      '\n{"count": 2,\n "data": [{"id":"a"},{"id":"b"}],\n "skip_token": "ew0KICAi\\"JHR5cGUi", "total_records": 5120, "facets": []}';
    const results = split(text, chunkSize);
    expect(summary(results)).toEqual([
      ['/data/0', { id: 'a' }],
      ['/data/1', { id: 'b' }],
    ]);
    expect(envelopes(results)).toEqual([
      [2, { count: '2', skip_token: '"ew0KICAi\\"JHR5cGUi"', total_records: '5120' }],
    ]);
  });

  it.each([
    ['an ARM list', '{"value":[{"id":"a"}],"nextLink":null}', [[1, { nextLink: 'null' }]]],
    ['a resource, whose own fields are not paging', '{"id":"a","count":3,"nextLink":"x"}', []],
    ['nested fields', '{"data":[{"id":"a","nextLink":"x"}],"x":{"nextLink":"y"}}', []],
  ])('only at the top of %s', (_name, text, expected) => {
    expect(envelopes(split(text, 2))).toEqual(expected);
  });
});

describe('JsonSplitter and the longest string JavaScript can hold', () => {
  // The real limit is 512 MiB (V8's longest string); a small one stands in for it.
  function splitWithLimit(input: string, chunkSize: number, maxValueBytes: number): SplitResult[] {
    const splitter = new JsonSplitter(maxValueBytes);
    const bytes = Buffer.from(input);
    for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize));
    splitter.end();
    return splitter.results;
  }
  const element = (i: number) => `{"id":"/subscriptions/s/providers/P.N/t/r-${i}","properties":{"n":${i}}}`;

  it.each([
    ['a pretty-printed array', (items: string[]) => `[\n  ${items.join(',\n  ')}\n]\n`],
    [
      'az graph query output',
      (items: string[]) => `{"count":40,"data":[${items.join(',')}],"skip_token":null}`,
    ],
    ['an ARM list response', (items: string[]) => `{"value":[${items.join(',')}]}`],
  ])('streams %s far larger than the limit, element by element', (_name, document) => {
    const items = Array.from({ length: 40 }, (_, i) => element(i));
    const text = document(items);
    expect(Buffer.byteLength(text)).toBeGreaterThan(20 * 100);
    for (const chunkSize of [5, 64, 4096]) {
      const results = splitWithLimit(text, chunkSize, 100);
      expect(results.filter((r) => r.kind === 'error')).toEqual([]);
      const values = results.filter((r) => r.kind !== 'envelope');
      expect(values.map((r) => (r.kind === 'value' ? JSON.parse(r.text).properties.n : r))).toEqual(
        items.map((_, i) => i),
      );
    }
  });

  it.each([5, 4096])(
    'fails on one value over the limit, naming it and JSON Lines (%i-byte chunks)',
    (chunkSize) => {
      const table = `{"data":{"columns":[{"name":"id"}],"rows":[${Array.from({ length: 20 }, (_, i) => `["r-${i}"]`).join(',')}]}}`;
      const results = splitWithLimit(`\n ${table}`, chunkSize, 100);
      expect(results).toEqual([
        {
          kind: 'error',
          line: 2,
          column: 2,
          message: expect.stringMatching(
            /larger than 100 bytes, the longest string JavaScript can hold.*JSON Lines/,
          ),
        },
      ]);
    },
  );
});
