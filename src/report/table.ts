import { printable } from '../util/printable.ts';
/**
 * Renders rows as an aligned text table; cells wider than their column's limit are cut with an ellipsis.
 * Widths are terminal columns, not string lengths: CJK and emoji take two, combining marks none, so a
 * row holding a Chinese VM name stays aligned. Cells are printed as given: a caller passes text from
 * the input through `printable` (style.ts) first.
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  limits: readonly number[],
): string {
  const cells = rows.map((row) => row.map((cell, i) => cut(cell.replace(/\s+/g, ' '), limits[i] ?? 80)));
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((row) => (row[i] === undefined ? 0 : displayWidth(row[i]!)))),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}

/**
 * `renderTable` for cells that quote the input (names, prefixes, descriptions) and carry no styling: each is
 * printed inert (util/printable.ts), so a crafted snapshot or template cannot drive the terminal.
 */
export function renderInputTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  limits: readonly number[],
): string {
  return renderTable(
    headers,
    rows.map((row) => row.map(printable)),
    limits,
  );
}

/** The text cut to `limit` columns, ending in an ellipsis when cut; never inside a surrogate pair. */
function cut(text: string, limit: number): string {
  if (displayWidth(text) <= limit) return text;
  const room = Math.max(1, limit - 1);
  let width = 0;
  let end = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (width + w > room && end > 0) break;
    width += w;
    end += char.length;
  }
  return `${text.slice(0, end)}…`;
}

/** Terminal columns the text takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    width += charWidth(c);
  }
  return width;
}

const ZERO_WIDTH = /[\p{Mn}\p{Me}\u200b-\u200f\u2060\ufeff]/u;

// East Asian Wide and Fullwidth blocks and the emoji blocks (Unicode UAX #11); an approximation of
// wcwidth that covers the scripts and pictographs names are written in.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function charWidth(c: number): number {
  if (c < 0x300) return 1;
  if (ZERO_WIDTH.test(String.fromCodePoint(c))) return 0;
  for (const [from, to] of WIDE) if (c >= from && c <= to) return 2;
  return 1;
}
