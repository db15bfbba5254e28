import { ExpressionInterrupt } from '../../arm-expr/index.ts';

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

/**
 * The rule read a value known only at deployment (see util/unknown.ts): the verdict is `unknown`,
 * with the expression, never a pass or a fail.
 */
export class UnknownValueError extends ExpressionInterrupt {
  constructor(readonly expression: string) {
    // A template's unknowns are its expressions; a snapshot's gaps are described in words.
    super(
      expression.startsWith('[')
        ? `depends on a value known only at deployment: ${expression}`
        : `depends on ${expression}`,
    );
    this.name = 'UnknownValueError';
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
