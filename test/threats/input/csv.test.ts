import { describe, expect, it } from 'vitest';
import { CsvRows, splitCsv } from '../../../src/threats/input/csv.ts';

function rows(lines: string[], max = 10_000) {
  const out: unknown[] = [];
  const csv = new CsvRows(
    (row, original, line) => out.push({ row, original, line }),
    (line, reason) => out.push({ error: reason, line }),
    max,
  );
  for (const [i, l] of lines.entries()) csv.line(l, i + 1);
  csv.end();
  return out;
}

describe('splitCsv', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,,c,', ['a', '', 'c', '']],
    ['"a,b","say ""hi""",c', ['a,b', 'say "hi"', 'c']],
    ['"line\none",x', ['line\none', 'x']],
    ['"open', ['open']],
    ['"a"b,c', ['ab', 'c']],
  ])('%j', (record, fields) => {
    expect(splitCsv(record)).toEqual(fields);
  });
});

describe('CsvRows', () => {
  it('names fields by the header, drops an unnamed index column, and joins quoted newlines', () => {
    expect(
      rows([',TimeGenerated,CommandLine', '0,2024-01-01,"cmd /c ""a', 'b"""', '', '1,2024-01-02,x']),
    ).toEqual([
      {
        row: { TimeGenerated: '2024-01-01', CommandLine: 'cmd /c "a\nb"' },
        original: '0,2024-01-01,"cmd /c ""a\nb"""',
        line: 2,
      },
      { row: { TimeGenerated: '2024-01-02', CommandLine: 'x' }, original: '1,2024-01-02,x', line: 5 },
    ]);
  });

  it("reads a portal export's `Name [UTC]` header as the column, and keeps other zones apart", () => {
    expect(
      rows(['"TimeGenerated [UTC]",EventID,"Shown [UTC+01:00]"', '"2/10/2024, 8:15:30.123 AM",4625,x']),
    ).toEqual([
      {
        row: { TimeGenerated: '2/10/2024, 8:15:30.123 AM', EventID: '4625', 'Shown [UTC+01:00]': 'x' },
        original: '"2/10/2024, 8:15:30.123 AM",4625,x',
        line: 2,
      },
    ]);
  });

  it("reports rows whose field count is not the header's, and an unclosed quote at the end", () => {
    expect(rows(['a,b', '1,2,3', '"x'])).toEqual([
      { error: 'CSV row has 3 fields, the header 2', line: 2 },
      { error: 'unterminated quoted CSV field at the end of the input', line: 3 },
    ]);
  });

  it('gives up on a record that grows past the limit (an unclosed quote), and goes on', () => {
    expect(rows(['a,b', '"x', 'y'.repeat(50), 'z', '1,2'], 40)).toEqual([
      { error: 'CSV record too long (an unclosed quote?)', line: 2 },
      { error: 'CSV row has 1 fields, the header 2', line: 4 },
      { row: { a: '1', b: '2' }, original: '1,2', line: 5 },
    ]);
  });
});
