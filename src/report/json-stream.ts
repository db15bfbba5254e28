/**
 * JSON text written piece by piece, as `JSON.stringify(value, null, 2)` writes it, for reports too big for
 * one string: V8 caps a string near 512 MiB, and a scan of 100,000 VMs lists millions of findings. A
 * `StreamedList` stands for an array whose members are made and written one at a time.
 */
export class StreamedList<T> {
  constructor(readonly members: Iterable<T>) {}
}

/** The text of `value` in pieces; joined, they equal `JSON.stringify(value, null, 2)`. */
export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  if (value instanceof StreamedList) {
    yield* listChunks(value.members, indent);
    return;
  }
  if (!holdsStreamedList(value)) {
    yield indented(value, indent);
    return;
  }
  if (Array.isArray(value)) {
    yield* listChunks(value, indent);
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (!hasJsonForm(member)) continue;
    yield `${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(member, inner);
    first = false;
  }
  yield first ? '{}' : `\n${indent}}`;
}

function* listChunks(members: Iterable<unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const member of members) {
    yield `${first ? '[\n' : ',\n'}${inner}`;
    // As JSON.stringify writes an array member that has no JSON form.
    if (hasJsonForm(member)) yield* jsonChunks(member, inner);
    else yield 'null';
    first = false;
  }
  yield first ? '[]' : `\n${indent}]`;
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function indented(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** Whether a StreamedList sits in the value or anywhere under it. */
function holdsStreamedList(value: unknown): boolean {
  if (value instanceof StreamedList) return true;
  if (typeof value !== 'object' || value === null) return false;
  for (const member of Array.isArray(value) ? value : Object.values(value))
    if (holdsStreamedList(member)) return true;
  return false;
}

/**
 * Pieces of text joined into batches of about `size` characters: one write per piece would be millions
 * of system calls for a big report, and one write of everything would not fit in a string.
 */
export function* batches(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}
