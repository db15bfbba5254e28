/**
 * A Log Analytics query API response, `{"tables": [{"name", "columns": [{"name", "type"}], "rows": [[…]]}]}`
 * (learn.microsoft.com/azure/azure-monitor/logs/api/response-format), or the same in the Kusto v1 casing
 * (`Tables`, `TableName`, `Columns[].ColumnName`, `Rows`) that the older `api/query` endpoint gives: each
 * row as an object keyed by column name, which is what `az monitor log-analytics query` prints. Returns
 * false when `value` is no such response.
 */
export function forEachQueryRow(
  value: unknown,
  onRow: (row: Record<string, unknown>) => void,
  onError: (reason: string, text: string) => void,
): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const response = value as Record<string, unknown>;
  const tables = response.tables ?? response.Tables;
  if (!Array.isArray(tables) || !tables.some(isTable)) return false;
  for (const [t, table] of tables.entries()) {
    if (!isTable(table)) {
      onError(`query response table ${t} without columns and rows`, JSON.stringify(table) ?? '');
      continue;
    }
    const names = columnsOf(table).map((c) => {
      const column = c as Record<string, unknown> | null;
      const name = column?.name ?? column?.ColumnName;
      return typeof name === 'string' ? name : '';
    });
    for (const row of rowsOf(table)) {
      if (!Array.isArray(row) || row.length !== names.length) {
        const count = Array.isArray(row) ? `${row.length} values` : 'not an array';
        onError(
          `query response row: ${count}, the table has ${names.length} columns`,
          JSON.stringify(row) ?? '',
        );
        continue;
      }
      const record: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) if (names[i] !== '') record[names[i]!] = row[i];
      onRow(record);
    }
  }
  return true;
}

function isTable(table: unknown): boolean {
  return (
    typeof table === 'object' &&
    table !== null &&
    Array.isArray(columnsOf(table as Record<string, unknown>)) &&
    Array.isArray(rowsOf(table as Record<string, unknown>))
  );
}

function columnsOf(table: Record<string, unknown>): unknown[] {
  return (table.columns ?? table.Columns) as unknown[];
}

function rowsOf(table: Record<string, unknown>): unknown[] {
  return (table.rows ?? table.Rows) as unknown[];
}
