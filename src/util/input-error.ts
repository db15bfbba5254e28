import { printable } from './printable.ts';
/**
 * A problem with something the user gave us, located precisely enough to fix:
 * the file, and a line/column or a JSON pointer inside it.
 */
export interface InputError {
  file: string;
  line?: number;
  column?: number;
  pointer?: string;
  message: string;
}

export function formatInputError(error: InputError): string {
  let where = error.file;
  if (error.line !== undefined)
    where += `:${error.line}${error.column !== undefined ? `:${error.column}` : ''}`;
  if (error.pointer !== undefined && error.pointer !== '') where += ` at ${error.pointer}`;
  // Messages quote the input (a name, a line of a log): printed to a terminal, it must stay inert.
  return printable(`${where}: ${error.message}`);
}

/** Thrown by parsers for bad input; callers turn it into an InputError and carry on with the rest. */
export class InputProblem extends Error {
  constructor(
    message: string,
    readonly pointer?: string,
  ) {
    super(message);
    this.name = 'InputProblem';
  }
}
