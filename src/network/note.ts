import type { JsonValue } from '../util/json.ts';

/**
 * A statement the network engine makes about a verdict: what decided it, what it could not see.
 * The same shape as a finding's evidence, so analyzers pass notes through unchanged.
 */
export interface Note {
  message: string;
  /** The resource (or rule) the note is about. */
  resourceId?: string | undefined;
  /** The JSON path inside that resource. */
  field?: string | undefined;
  /** For a value known only at deployment, its `$vigilUnknown` marker (src/util/unknown.ts). */
  actual?: JsonValue | undefined;
}
