import type { InputError } from './input-error.ts';
import type { JsonValue } from './json.ts';

export type ParsedJson = { ok: true; value: JsonValue } | { ok: false; error: InputError };

/** JSON.parse with the failure turned into file, line and column instead of a bare offset. */
export function parseJsonText(text: string, file: string): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as JsonValue };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = offsetFromMessage(message, body);
    // The position is given as line and column; the raw offset in the message adds nothing.
    const error: InputError = {
      file,
      message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    };
    if (offset !== undefined) Object.assign(error, lineColumnAt(body, offset));
    return { ok: false, error };
  }
}

// Node 20 says "... in JSON at position 123"; newer engines add "(line 4 column 7)".
function offsetFromMessage(message: string, text: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  return undefined;
}

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
