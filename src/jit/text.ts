import { isUnprintable } from '../util/printable.ts';
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
    if (isUnprintable(code) || code === 0x200e || code === 0x200f) {
      return `${field} contains a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    }
  }
  return undefined;
}
