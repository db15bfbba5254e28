/**
 * PowerShell's ConvertTo-Json stops at `-Depth` levels (2 unless told otherwise) and writes what lies deeper as
 * the object's text: `@{vmSize=Standard_D2s_v5}` for an object, `System.Object[]` for an array
 * (https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/convertto-json, -Depth). The file
 * is still valid JSON, but nested properties are gone, and a scan of it would judge text where Azure has objects.
 * The marks are looked for in each element's text before it is parsed, which costs a search, not a walk.
 */
const TYPE_NAMES = ['"System.Object[]"', '"System.Collections.Hashtable"'].map((name) => ({
  name,
  tail: name.slice(name.lastIndexOf('.') + 1),
}));

/**
 * The offset in `text` of a value ConvertTo-Json cut off, else -1. Each search starts at a character that is
 * rare in ARM JSON (`@`, the type name's end), which V8 finds several times faster than one starting at `"`.
 */
export function truncatedValueAt(text: string): number {
  for (let at = text.indexOf('@{'); at !== -1; at = text.indexOf('@{', at + 2)) {
    if (text.charCodeAt(at - 1) === 0x22 && isPowerShellObjectText(text, at + 2)) return at - 1;
  }
  for (const { name, tail } of TYPE_NAMES) {
    for (let at = text.indexOf(tail); at !== -1; at = text.indexOf(tail, at + tail.length)) {
      const start = at + tail.length - name.length;
      if (start >= 0 && text.startsWith(name, start)) return start;
    }
  }
  return -1;
}

/**
 * `@{name=…`: a Logic App's `@{body('x')}` is an expression in a string, not PowerShell's text of an object, and
 * has no `=` after its first word.
 */
function isPowerShellObjectText(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i > from && text.charCodeAt(i) === 0x3d;
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** What to tell the user about the first cut-off value of a file, `text` starting at it. */
export function depthMessage(text: string): string {
  const end = text.indexOf('"', 1);
  const value = end === -1 || end > 60 ? `${text.slice(0, 60)}…` : text.slice(0, end + 1);
  return (
    `a value reads ${value}: PowerShell's ConvertTo-Json cut this file off at its -Depth (2 unless told otherwise), ` +
    'writing nested properties as text, which cannot be assessed. Export again with `ConvertTo-Json -Depth 100`.'
  );
}
