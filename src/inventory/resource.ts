import type { JsonObject, JsonValue } from '../util/json.ts';

/**
 * An ARM resource as ARM GET and Azure Resource Graph return it. The raw JSON is
 * kept as-is (policy aliases address it by path); these are the fields every
 * resource must have once it is in an Inventory.
 */
export interface Resource extends JsonObject {
  id: string;
  name: string;
  type: string;
}

/** Where a resource came from, so findings and errors can point back at the input. */
export interface ResourceOrigin {
  file: string;
  /** 1-based line of the resource's JSON in the file, when known. */
  line?: number;
  /** 1-based column where the resource's JSON starts, when known. */
  column?: number;
  /** JSON pointer to the resource inside the file (e.g. `/data/12`), when known. */
  pointer?: string;
  /** Set when Vigil synthesised this view (a child resource nested in its parent, or a parent view). */
  synthesizedFrom?: string;
}

/** `file:line pointer`, for messages. */
export function describeOrigin(origin: ResourceOrigin | undefined): string {
  if (origin === undefined) return '(no origin)';
  let text = origin.file === '' ? '(no file)' : origin.file;
  if (origin.line !== undefined) text += `:${origin.line}`;
  if (origin.pointer !== undefined && origin.pointer !== '') text += ` ${origin.pointer}`;
  return text;
}

export type { JsonValue };
