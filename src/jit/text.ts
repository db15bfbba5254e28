/**
 * Free text that ends up in the audit log and in NSG rule descriptions (user names, justifications). Control
 * characters, line separators and bidirectional overrides are refused: they could forge or hide audit lines
 * when the log is printed.
 */
export function textProblem(value: string, field: string, max: number): string | undefined {
  if (value.trim() === '') return `${field} is empty`;
  if (value.length > max) return `${field} is longer than ${max} characters`;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069) ||
      code === 0x200e ||
      code === 0x200f
    ) {
      return `${field} contains a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    }
  }
  return undefined;
}
