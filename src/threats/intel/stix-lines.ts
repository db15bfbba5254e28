import type { InputError } from '../../util/input-error.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { parseJsonText } from '../../util/parse-json.ts';

/**
 * STIX objects one per line (JSON Lines, as TAXII clients and OpenCTI/MISP connectors dump collections),
 * as the bundle that holds them, with the line of each object so that problems can name it. `undefined`
 * when the text is not JSON Lines: its first non-blank line is not a JSON object on its own.
 */
export function stixLinesAsBundle(
  text: string,
  file: string,
): { bundle: JsonValue; lineOf: number[]; errors: InputError[] } | undefined {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) return undefined;
  const head = parseJsonText(lines[first]!, file);
  if (!head.ok || !isJsonObject(head.value)) return undefined;
  const objects: JsonValue[] = [];
  const lineOf: number[] = [];
  const errors: InputError[] = [];
  for (let i = first; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const parsed = parseJsonText(lines[i]!, file);
    if (!parsed.ok) {
      errors.push({ ...parsed.error, line: i + 1 });
      continue;
    }
    // A line may hold a whole bundle (one per TAXII page): its objects are the line's.
    const value = parsed.value;
    const items =
      isJsonObject(value) && value.type === 'bundle' && Array.isArray(value.objects)
        ? value.objects
        : [value];
    for (const item of items) {
      objects.push(item);
      lineOf.push(i + 1);
    }
  }
  return { bundle: { type: 'bundle', objects }, lineOf, errors };
}

/** A problem located at `/objects/N` of the assembled bundle, located at the line that object came from. */
export function atLine(error: InputError, lineOf: readonly number[]): InputError {
  const index = /^\/objects\/(\d+)$/.exec(error.pointer ?? '')?.[1];
  if (index === undefined || lineOf[Number(index)] === undefined) return error;
  const { pointer: _, ...rest } = error;
  return { ...rest, line: lineOf[Number(index)]! };
}
