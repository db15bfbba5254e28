/**
 * Code-unit order, for sorting what Vigil prints: the same on every machine. `localeCompare` follows the
 * machine's locale (Estonian sorts Z before T; Swedish puts Ä after Z), so the same input would print in another
 * order elsewhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
