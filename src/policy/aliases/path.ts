import { InputProblem } from '../../util/input-error.ts';

/** One step of an alias path in the ARM resource JSON: a property, or every element of an array. */
export type PathSegment =
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'wildcard' };

const WILDCARD: PathSegment = Object.freeze({ kind: 'wildcard' });

/**
 * Splits an alias path such as `properties.securityRules[*].properties.access`.
 * Every path in the alias table uses only `.` and `[*]`, so bracketed keys
 * (`['a.b']`) are rejected rather than half-supported.
 */
export function parsePath(path: string): PathSegment[] {
  const fail = (why: string): never => {
    throw new InputProblem(`invalid alias path '${path}': ${why}`);
  };
  if (path === '') fail('it is empty');
  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    let end = i;
    while (end < path.length && !isDelimiter(path.charCodeAt(end))) end++;
    if (end === i) fail(`expected a property name at offset ${i}`);
    segments.push({ kind: 'property', name: path.slice(i, end) });
    i = end;
    while (path.charCodeAt(i) === OPEN_BRACKET) {
      if (!path.startsWith('[*]', i)) fail(`only [*] may appear in brackets (offset ${i})`);
      segments.push(WILDCARD);
      i += 3;
    }
    if (i === path.length) break;
    if (path.charCodeAt(i) !== DOT) fail(`unexpected '${path[i]}' at offset ${i}`);
    i++;
    if (i === path.length) fail('it ends with a dot');
  }
  return segments;
}

const DOT = 0x2e;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isDelimiter(code: number): boolean {
  return code === DOT || code === OPEN_BRACKET || code === CLOSE_BRACKET;
}

/**
 * The index just past each `[*]`: `properties.rules[*].properties.ports[*]` gives [3, 6].
 * Slicing a path at one of them yields the array being enumerated and the part
 * evaluated per element, which is how a `count` over an array alias splits a nested alias.
 */
export function wildcardPrefixes(segments: readonly PathSegment[]): number[] {
  const ends: number[] = [];
  segments.forEach((segment, i) => {
    if (segment.kind === 'wildcard') ends.push(i + 1);
  });
  return ends;
}

/**
 * The rest of `path` below the elements of `arrayPath` (which must end in `[*]`), or
 * undefined when `path` does not lie inside that array. Property names compare
 * case-insensitively: ARM does, and alias paths of one type disagree on case
 * (`properties.VirtualNetworkPeerings[*]` vs `properties.virtualNetworkPeerings[*].properties.peeringState`).
 */
export function pathUnderArray(
  arrayPath: readonly PathSegment[],
  path: readonly PathSegment[],
): PathSegment[] | undefined {
  if (arrayPath.at(-1)?.kind !== 'wildcard' || path.length < arrayPath.length) return undefined;
  for (let i = 0; i < arrayPath.length; i++) {
    if (!sameSegment(arrayPath[i]!, path[i]!)) return undefined;
  }
  return path.slice(arrayPath.length);
}

function sameSegment(a: PathSegment, b: PathSegment): boolean {
  if (a.kind === 'wildcard' || b.kind === 'wildcard') return a.kind === b.kind;
  return a.name.toLowerCase() === b.name.toLowerCase();
}
