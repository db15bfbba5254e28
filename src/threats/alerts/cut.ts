/**
 * `text` cut to at most `max` UTF-16 units and an ellipsis, never between the two halves of a surrogate
 * pair: a cut emoji or CJK extension character would leave a lone surrogate, which JSON prints as `\ud83d`
 * and a terminal as a replacement character.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
