import { Automaton } from './automaton.ts';
import { parseRegex, type RegexFlags } from './parse.ts';

export { MAX_NFA_STATES } from './automaton.ts';
export { MAX_REPEAT, type RegexFlags, RegexUnsupported } from './parse.ts';

/** A compiled pattern; `test` is an unanchored search in time linear in the input (see automaton.ts). */
export interface LinearRegex {
  readonly source: string;
  test(input: string): boolean;
}

/** Throws RegexUnsupported for constructs outside the linear-time subset (see parse.ts). */
export function compileRegex(source: string, flags: Partial<RegexFlags> = {}): LinearRegex {
  const automaton = new Automaton(parseRegex(source, { i: false, m: false, s: false, ...flags }));
  return { source, test: (input) => automaton.test(input) };
}
