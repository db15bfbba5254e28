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

/** A character a terminal acts on rather than shows: C0 and C1 controls, DEL, line separators, bidi controls. */
export function isUnprintable(c: number): boolean {
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
