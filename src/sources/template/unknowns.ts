import { ExpressionInterrupt } from '../../arm-expr/index.ts';
import type { JsonValue } from '../../util/json.ts';
import { findUnknown, unknownValue } from '../../util/unknown.ts';

/**
 * Values known only at deployment (util/unknown.ts). A function that cannot know its result —
 * `reference()`, `list*()`, `newGuid()` — throws UnknownInterrupt, which stops the whole expression:
 * whatever the expression would have computed from the value is unknown too, so the template value
 * becomes `{"$vigilUnknown": "<the expression>"}` rather than a guess.
 */
export class UnknownInterrupt extends ExpressionInterrupt {
  /**
   * @param origin the expression the unknown came from when it is not the one being evaluated (a
   * variable or parameter that holds an unknown), so the report can name both.
   */
  constructor(
    readonly why: string,
    readonly origin?: string,
  ) {
    super(`known only at deployment: ${origin ?? why}`);
    this.name = 'UnknownInterrupt';
  }
}

/** The marker that takes the place of a value an expression could not compute. */
export function unknownFor(expression: string, interrupt: UnknownInterrupt): JsonValue {
  const origin = interrupt.origin;
  return unknownValue(
    origin === undefined || origin === expression ? expression : `${expression} (from ${origin})`,
  );
}

const scanned = new WeakMap<object, string | null>();

/**
 * The unknown inside a value an expression is about to consume, or undefined. Values are immutable once
 * evaluated, so the answer is cached per object: a variable read in every iteration of a loop is searched once.
 */
export function unknownInside(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const cached = scanned.get(value);
  if (cached !== undefined) return cached ?? undefined;
  const found = findUnknown(value as JsonValue);
  scanned.set(value, found ?? null);
  return found;
}
