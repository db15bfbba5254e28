/**
 * Terminal colour, only when it helps: standard output is a terminal and NO_COLOR (no-color.org)
 * is not set. Everything else (files, pipes, CI logs) gets plain text.
 */
export interface Style {
  bold(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
}

const plain: Style = { bold: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t, dim: (t) => t };

const wrap = (open: number, close: number) => (t: string) => `\x1b[${open}m${t}\x1b[${close}m`;
const coloured: Style = {
  bold: wrap(1, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  green: wrap(32, 39),
  dim: wrap(2, 22),
};

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  return stream.isTTY && !('NO_COLOR' in env && env.NO_COLOR !== '') ? coloured : plain;
}

/**
 * Text from the input made safe to print: control characters (C0, DEL, C1) and the bidirectional
 * overrides and isolates are written as `\xHH` / `\uHHHH` escapes. A terminal acts on them: an ESC or
 * C1 CSI in a resource name or tag could clear the screen, move the cursor over earlier lines, set the
 * window title or plant a hyperlink, and a bidi override makes one name read as another ("Trojan
 * Source", CVE-2021-42574). Line breaks and tabs are escaped too: a report line is one line.
 */
export function printable(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isUnprintable(c)) continue;
    out += text.slice(from, i) + escapeOf(c);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isUnprintable(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

const NAMED: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };

function escapeOf(c: number): string {
  const hex = c.toString(16).padStart(2, '0');
  return NAMED[c] ?? (c <= 0xff ? `\\x${hex}` : `\\u${hex.padStart(4, '0')}`);
}
