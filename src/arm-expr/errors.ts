/**
 * A syntax error in an expression string. `offset` is 0-based into the full source,
 * brackets included, so a caller can point at the character; the source is kept on the
 * error rather than in the message because policy expressions can be 80 KB long.
 */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  constructor(
    message: string,
    readonly offset: number,
    readonly source: string,
  ) {
    super(`${message} (at offset ${offset})`);
  }
}

export interface ExpressionErrorDetails {
  /** The ARM function the error belongs to, as written in the expression when known. */
  functionName?: string;
  /** 0-based offset of the failing call or access in the expression source. */
  offset?: number;
  cause?: unknown;
}

/** A compile-time (unknown function, wrong arity) or evaluation-time (type, range) error. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  functionName: string | undefined;
  offset: number | undefined;
  constructor(message: string, details: ExpressionErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.functionName = details.functionName;
    this.offset = details.offset;
  }
}

/**
 * Stops an evaluation for a reason that is not a fault of the expression — a value known only at
 * deployment, for one. The compiler passes it through untouched, so the caller sees the reason.
 */
export class ExpressionInterrupt extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionInterrupt';
  }
}
