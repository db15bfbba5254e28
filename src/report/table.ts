/** Renders rows as an aligned text table; cells longer than their column's limit are cut with an ellipsis. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  limits: readonly number[],
): string {
  const cut = (text: string, limit: number) =>
    text.length > limit ? `${text.slice(0, Math.max(1, limit - 1))}…` : text;
  const cells = rows.map((row) => row.map((cell, i) => cut(cell.replace(/\s+/g, ' '), limits[i] ?? 80)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}
