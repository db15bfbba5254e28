import { ExpressionInterrupt } from '../../arm-expr/index.ts';
import type { InputError } from '../../util/input-error.ts';
import type { SourceMap } from './json-source.ts';

/** A problem found while expanding a template, placed as precisely as the input allows. */
export interface TemplateDiagnostic extends InputError {
  severity: 'error' | 'warning';
}

/** The file a value came from and where it sits in it. */
export interface SourceRef {
  file: string;
  map: SourceMap | undefined;
  pointer: string;
}

/**
 * A template problem raised in the middle of an evaluation (a circular variable, a missing parameter).
 * It extends ExpressionInterrupt so the expression compiler passes it through untouched: the place it
 * names is where the problem is, not the expression that happened to read the value.
 */
export class TemplateProblem extends ExpressionInterrupt {
  constructor(
    message: string,
    readonly at: SourceRef,
  ) {
    super(message);
    this.name = 'TemplateProblem';
  }
}

export function diagnostic(
  severity: TemplateDiagnostic['severity'],
  at: SourceRef,
  message: string,
): TemplateDiagnostic {
  const position = at.map?.locate(at.pointer);
  return {
    severity,
    file: at.file,
    ...(position && { line: position.line, column: position.column }),
    ...(at.pointer !== '' && { pointer: at.pointer }),
    message,
  };
}

/** Collects diagnostics; the same problem reached twice (a variable read by two resources) is kept once. */
export class Diagnostics {
  readonly errors: TemplateDiagnostic[] = [];
  readonly warnings: TemplateDiagnostic[] = [];
  readonly #seen = new Set<string>();

  error(at: SourceRef, message: string): void {
    this.#add(diagnostic('error', at, message));
  }

  warning(at: SourceRef, message: string): void {
    this.#add(diagnostic('warning', at, message));
  }

  /** A diagnostic whose position is already known (a JSON syntax error). */
  add(d: TemplateDiagnostic): void {
    this.#add(d);
  }

  #add(d: TemplateDiagnostic): void {
    const key = `${d.severity}\u0000${d.file}\u0000${d.pointer ?? ''}\u0000${d.message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    (d.severity === 'error' ? this.errors : this.warnings).push(d);
  }
}
