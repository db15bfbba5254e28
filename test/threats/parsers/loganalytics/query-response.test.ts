import { describe, expect, it } from 'vitest';
import { forEachQueryRow } from '../../../../src/threats/parsers/loganalytics/query-response.ts';

function rows(value: unknown) {
  const out: Array<Record<string, unknown> | [string, string]> = [];
  const isResponse = forEachQueryRow(
    value,
    (row) => out.push(row),
    (reason, text) => out.push([reason, text]),
  );
  return { isResponse, out };
}

// https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format
describe('Log Analytics query API responses', () => {
  it.each([
    [
      'the documented shape',
      {
        tables: [
          {
            name: 'PrimaryResult',
            columns: [
              { name: 'Category', type: 'string' },
              { name: 'count_', type: 'long' },
            ],
            rows: [
              ['Administrative', 20839],
              ['Alert', 64],
            ],
          },
        ],
      },
      [
        { Category: 'Administrative', count_: 20839 },
        { Category: 'Alert', count_: 64 },
      ],
    ],
    [
      'the Kusto v1 casing',
      {
        Tables: [
          {
            TableName: 'Table_0',
            Columns: [{ ColumnName: 'EventID', DataType: 'Int32', ColumnType: 'int' }],
            Rows: [[4625]],
          },
        ],
      },
      [{ EventID: 4625 }],
    ],
    [
      'a row of the wrong width and a table without rows, among good ones',
      {
        tables: [
          { name: 'PrimaryResult', columns: [{ name: 'a' }, { name: 'b' }], rows: [[1, 2], [3], 'x'] },
          { name: 'broken' },
        ],
      },
      [
        { a: 1, b: 2 },
        ['query response row: 1 values, the table has 2 columns', '[3]'],
        ['query response row: not an array, the table has 2 columns', '"x"'],
        ['query response table 1 without columns and rows', '{"name":"broken"}'],
      ],
    ],
  ])('%s', (_shape, value, expected) => {
    expect(rows(value)).toEqual({ isResponse: true, out: expected });
  });

  it.each([
    [{ records: [] }],
    [{ tables: 'x' }],
    [{ tables: [{ name: 'no columns' }] }],
    [[{ tables: [] }]],
    [null],
  ])('%j is not a response', (value) => {
    expect(rows(value).isResponse).toBe(false);
  });
});
