/**
 * The detection `condition` language (sigma-rules-specification.md, "Condition"): identifiers, `and`, `or`,
 * `not`, parentheses, and `1 of X` / `all of X` / `N of X` where X is `them` or an identifier pattern with
 * `*` wildcards. Precedence from loosest: or, and, not, `of`, parentheses. Keywords are case-insensitive.
 * `N of` means at least N. `them` and patterns leave out identifiers starting with `_`, as the spec says.
 */

export type ConditionNode =
  | { t: 'id'; name: string }
  | { t: 'and'; items: ConditionNode[] }
  | { t: 'or'; items: ConditionNode[] }
  | { t: 'not'; item: ConditionNode }
  | { t: 'of'; count: number | 'all'; pattern: string };

export class ConditionError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

type Token = { kind: 'word' | '(' | ')'; text: string; at: number };

export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = () => {
    const tok = tokens[pos];
    return tok?.kind === 'word' ? tok.text.toLowerCase() : undefined;
  };
  const where = () =>
    pos < tokens.length ? `at '${tokens[pos]!.text}' (offset ${tokens[pos]!.at})` : 'at the end';

  const orExpr = (): ConditionNode => {
    const items = [andExpr()];
    while (peekWord() === 'or') {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { t: 'or', items };
  };
  const andExpr = (): ConditionNode => {
    const items = [notExpr()];
    while (peekWord() === 'and') {
      pos++;
      items.push(notExpr());
    }
    return items.length === 1 ? items[0]! : { t: 'and', items };
  };
  const notExpr = (): ConditionNode => {
    if (peekWord() === 'not') {
      pos++;
      return { t: 'not', item: notExpr() };
    }
    return primary();
  };
  const primary = (): ConditionNode => {
    const tok = tokens[pos];
    if (tok === undefined) throw new ConditionError(`condition '${text}' ends too early`);
    if (tok.kind === '(') {
      pos++;
      const inner = orExpr();
      if (tokens[pos]?.kind !== ')') throw new ConditionError(`missing ')' ${where()} in '${text}'`);
      pos++;
      return inner;
    }
    if (tok.kind === ')') throw new ConditionError(`unexpected ')' ${where()} in '${text}'`);
    const word = tok.text.toLowerCase();
    if (['and', 'or', 'not', 'of', 'them'].includes(word)) {
      throw new ConditionError(`unexpected '${tok.text}' ${where()} in '${text}'`);
    }
    if (word === 'near') throw new ConditionError(`'near' (Sigma 1.0 temporal condition)`, true);
    pos++;
    if (tokens[pos]?.kind === 'word' && tokens[pos]!.text.toLowerCase() === 'of') {
      const count = word === 'all' ? 'all' : word === 'any' ? 1 : /^\d+$/.test(word) ? Number(word) : null;
      if (count === null || count === 0) {
        throw new ConditionError(`'${tok.text} of' needs 1, a number, any or all, in '${text}'`);
      }
      pos++;
      const target = tokens[pos];
      if (target?.kind !== 'word') throw new ConditionError(`'of' needs 'them' or a pattern, in '${text}'`);
      pos++;
      return { t: 'of', count, pattern: target.text.toLowerCase() === 'them' ? 'them' : target.text };
    }
    if (tok.text.includes('*')) {
      throw new ConditionError(`wildcard identifier '${tok.text}' outside 'x of', in '${text}'`);
    }
    return { t: 'id', name: tok.text };
  };

  const node = orExpr();
  if (pos < tokens.length)
    throw new ConditionError(`unexpected '${tokens[pos]!.text}' ${where()} in '${text}'`);
  return node;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, at: i });
      i++;
    } else if (c === '|') {
      throw new ConditionError(`aggregation after '|' (Sigma 1.0 syntax; use a correlation rule)`, true);
    } else {
      const start = i;
      while (i < text.length && !' \t\n\r()|'.includes(text[i]!)) i++;
      const word = text.slice(start, i);
      if (!/^[\w.*-]+$/.test(word))
        throw new ConditionError(`unexpected '${word}' at offset ${start} in '${text}'`);
      tokens.push({ kind: 'word', text: word, at: start });
    }
  }
  if (tokens.length === 0) throw new ConditionError('condition is empty');
  return tokens;
}

/**
 * The identifiers an `of` pattern names, in detection order. `_`-prefixed ones are left out of `them` and of
 * patterns alike ("same as 1/all of them, but restricted to matching search identifiers"; pySigma's selector
 * does the same), unless the pattern itself starts with `_`, which can only mean them.
 */
export function expandPattern(pattern: string, identifiers: readonly string[]): string[] {
  if (pattern === 'them') return identifiers.filter((id) => !id.startsWith('_'));
  const parts = pattern.split('*');
  const hidden = !pattern.startsWith('_');
  return identifiers.filter((id) => !(hidden && id.startsWith('_')) && wildcardMatch(parts, id));
}

function wildcardMatch(parts: string[], s: string): boolean {
  if (parts.length === 1) return parts[0] === s;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!s.startsWith(first) || s.length < first.length + last.length || !s.endsWith(last)) return false;
  let from = first.length;
  const end = s.length - last.length;
  for (const mid of parts.slice(1, -1)) {
    const at = s.indexOf(mid, from);
    if (at < 0 || at + mid.length > end) return false;
    from = at + mid.length;
  }
  return true;
}
