/** A parser fed one line at a time, in order; `end` flushes what it holds (e.g. open audit events). */
export interface LineParser {
  line(text: string, line: number): void;
  end(): void;
}

/** True for an empty line or one of only spaces and tabs (and a stray CR). */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
