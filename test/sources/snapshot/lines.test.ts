import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/sources/snapshot/lines.ts';

/** Every line the splitter hands on, as `line: text`, and the lines it refused as too long. */
function split(
  input: string,
  chunkSize: number,
  maxLineBytes?: number,
): { lines: string[]; tooLong: number[] } {
  const tooLong: number[] = [];
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => tooLong.push(line), maxLineBytes);
  const bytes = Buffer.from(input);
  const take = (text: string, line: number) => lines.push(`${line}: ${text}`);
  for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize), take);
  splitter.end(take);
  return { lines, tooLong };
}

describe('LineSplitter', () => {
  it.each([1, 2, 3, 7, 1024])('gives the same lines whatever the chunk size (%i bytes)', (size) => {
    expect(split('{"a":1}\r\n\n{"b":"é"}\n{"c":3}', size).lines).toEqual([
      '1: {"a":1}',
      '2: ',
      '3: {"b":"é"}',
      '4: {"c":3}',
    ]);
  });

  it.each([1, 4, 64])('skips a line over the limit, keeps counting lines (%i-byte chunks)', (size) => {
    const long = `{"id":"${'x'.repeat(40)}"}`;
    expect(split(`{"a":1}\n${long}\n{"b":2}\n${long}`, size, 32)).toEqual({
      lines: ['1: {"a":1}', '3: {"b":2}'],
      tooLong: [2, 4],
    });
  });
});
