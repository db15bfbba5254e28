/**
 * A rule could not be evaluated for a resource (an operator met incomparable types, a template
 * function failed). Azure treats a failed evaluation as an implicit deny; Vigil reports the
 * resource as `error` with this message, never as compliant.
 */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** The definition itself is wrong (unknown operator, alias or effect): nothing of it can be evaluated. */
export class DefinitionError extends Error {
  constructor(
    message: string,
    readonly pointer: string,
  ) {
    super(message);
    this.name = 'DefinitionError';
  }
}
