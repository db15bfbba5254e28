import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter } from '../../../src/threats/input/json-records.ts';

type Out = Array<[number, string] | ['error', number, string]>;

/** Splits `text` fed in chunks of `size` bytes: [line, record text] and ['error', line, reason]. */
function split(text: string, size = Number.POSITIVE_INFINITY, max = 1 << 20): Out {
  const out: Out = [];
  const splitter = new JsonRecordSplitter(
    (record, line) => out.push([line, record]),
    (line, reason) => out.push(['error', line, reason]),
    max,
  );
  const bytes = Buffer.from(text);
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let i = 0; i < bytes.length; i += step) splitter.push(bytes.subarray(i, i + step));
  splitter.end();
  return out;
}

describe('JsonRecordSplitter', () => {
  it.each([
    [
      'a top-level array',
      '[{"a":1},\n {"b":[2,{"c":"]"}]}]',
      [
        [1, '{"a":1}'],
        [2, '{"b":[2,{"c":"]"}]}'],
      ],
    ],
    [
      'an envelope with records',
      '{"records":[\n{"time":"t","x":{"records":[1]}},\n{"y":2}\n]}',
      [
        [2, '{"time":"t","x":{"records":[1]}}'],
        [3, '{"y":2}'],
      ],
    ],
    [
      'an ARM list (value, then nextLink)',
      '{"value":[{"id":"a"},{"id":"b"}],"nextLink":"https://x"}',
      [
        [1, '{"id":"a"}'],
        [1, '{"id":"b"}'],
      ],
    ],
    ['an envelope key after other keys', '{"count":2,"records":[{"a":1}]}', [[1, '{"a":1}']]],
    [
      'a single object',
      '{\n  "operationName": {"value": "x"},\n  "value2": [1]\n}',
      [[1, '{\n  "operationName": {"value": "x"},\n  "value2": [1]\n}']],
    ],
    [
      'concatenated pretty objects',
      '{"a":1}\n{\n"b":2\n}\n',
      [
        [1, '{"a":1}'],
        [2, '{\n"b":2\n}'],
      ],
    ],
    [
      'strings with escaped quotes and brackets',
      '[{"s":"a\\"]}\\\\"},{"t":"\\\\"}]',
      [
        [1, '{"s":"a\\"]}\\\\"}'],
        [1, '{"t":"\\\\"}'],
      ],
    ],
    [
      'scalar elements (JSON.parse judges them)',
      '[1, "two" , true]',
      [
        [1, '1'],
        [1, '"two"'],
        [1, 'true'],
      ],
    ],
    ['an empty array', '[]', []],
  ])('%s', (_what, text, expected) => {
    expect(split(text)).toEqual(expected);
    // The same records whatever the chunk boundaries.
    for (const size of [1, 2, 3, 7]) expect(split(text, size), `chunks of ${size}`).toEqual(expected);
  });

  it('reports text outside any value, to the end of its line, and carries on', () => {
    expect(split('garbage line\n{"a":1}')).toEqual([
      ['error', 1, 'not JSON'],
      [2, '{"a":1}'],
    ]);
  });

  it('reports a document cut short, at the line its record starts', () => {
    expect(split('[{"a":1},\n{"b":')).toEqual([
      [1, '{"a":1}'],
      ['error', 2, 'truncated JSON: the input ends inside a value'],
    ]);
    expect(split('{"records":[{"a":"unterminated')).toEqual([
      ['error', 1, 'truncated JSON: the input ends inside a value'],
    ]);
  });

  it('skips a record larger than the limit, and reads the next', () => {
    const big = `{"x":"${'y'.repeat(100)}"}`;
    expect(split(`[${big},{"a":1}]`, 16, 50)).toEqual([
      ['error', 1, 'JSON record larger than 50 bytes: skipped'],
      [1, '{"a":1}'],
    ]);
  });
});
