/**
 * The part of the STIX 2.1 patterning language (STIX 2.1 §9) that names IP addresses: observation
 * expressions `[…]` joined by OR, each holding comparisons joined by OR of `ipv4-addr:value` or
 * `ipv6-addr:value` with `=`, `ISSUBSET` (a CIDR) or `IN ('…', '…')`. A value may be a CIDR network
 * (§6.4/6.5: ipv4-addr and ipv6-addr values can be CIDR blocks). Parentheses may group; under OR they
 * change nothing. `network-traffic:src_ref.value` / `dst_ref.value` name an address too, alone or with the
 * `…_ref.type = 'ipv4-addr'` test MISP exports add to it.
 *
 * Comparisons on other objects (`domain-name:value`, file hashes) cannot be matched against events that
 * carry addresses; when ORed with address comparisons the addresses still suffice for a match, so they are
 * used and the rest is reported. Anything that would need more than "one of these addresses" (AND,
 * FOLLOWEDBY, NOT, !=, qualifiers such as WITHIN or REPEATS, LIKE, MATCHES) makes the pattern unsupported,
 * with the reason.
 */
export interface IpPattern {
  /** Address and network texts, as written in the pattern (quotes removed). */
  values: string[];
  /** Object paths compared besides addresses (`domain-name:value`), which Vigil cannot match. */
  otherPaths: string[];
}

export class PatternUnsupported extends Error {}

interface Token {
  kind: 'word' | 'string' | 'punct' | 'op';
  text: string;
  start: number;
  end: number;
}

/** Paths whose value is an address: the address objects, and a connection's source or destination address. */
const IP_PATHS = new Set([
  'ipv4-addr:value',
  'ipv6-addr:value',
  'network-traffic:src_ref.value',
  'network-traffic:dst_ref.value',
]);

/** One comparison, or 'group' for a parenthesised expression (already added to the pattern). */
type Comparison = { path: string; op: string; values: string[] } | 'group';

/** `network-traffic:dst_ref.type = 'ipv4-addr'`: a test that the connection end is an address. */
function isAddressTypeTest(term: Comparison): boolean {
  if (term === 'group' || term.op !== '=' || term.values.length !== 1) return false;
  const path = term.path.toLowerCase();
  const type = term.values[0]!.toLowerCase();
  return (
    (path === 'network-traffic:src_ref.type' || path === 'network-traffic:dst_ref.type') &&
    (type === 'ipv4-addr' || type === 'ipv6-addr')
  );
}
const OBSERVATION_OPERATORS = new Set(['AND', 'FOLLOWEDBY']);
const QUALIFIERS = new Set(['WITHIN', 'REPEATS', 'START', 'STOP']);

/** Throws PatternUnsupported (with the reason) for patterns beyond an OR of address comparisons. */
export function parseIpPattern(pattern: string): IpPattern {
  const parser = new Parser(tokenize(pattern));
  const out: IpPattern = { values: [], otherPaths: [] };
  parser.observationExpression(out);
  if (!parser.done()) throw new PatternUnsupported(`unexpected '${parser.peek()!.text}'`);
  return out;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new PatternUnsupported('the pattern ends too early');
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new PatternUnsupported(`expected '${text}', found '${token.text}'`);
  }

  observationExpression(out: IpPattern): void {
    this.observation(out);
    for (let token = this.peek(); token?.kind === 'word'; token = this.peek()) {
      const word = token.text.toUpperCase();
      if (word === 'OR') {
        this.at++;
        this.observation(out);
      } else if (OBSERVATION_OPERATORS.has(word)) {
        throw new PatternUnsupported(`${word} between observations`);
      } else if (QUALIFIERS.has(word)) {
        throw new PatternUnsupported(`the ${word} qualifier`);
      } else {
        return;
      }
    }
  }

  private observation(out: IpPattern): void {
    const token = this.next();
    if (token.text === '(') {
      this.observationExpression(out);
      this.expect(')');
    } else if (token.text === '[') {
      this.comparisonExpression(out);
      this.expect(']');
    } else {
      throw new PatternUnsupported(`expected '[' or '(', found '${token.text}'`);
    }
    const after = this.peek();
    if (after?.kind === 'word' && QUALIFIERS.has(after.text.toUpperCase())) {
      throw new PatternUnsupported(`the ${after.text.toUpperCase()} qualifier`);
    }
  }

  private comparisonExpression(out: IpPattern): void {
    this.conjunction(out);
    for (let token = this.peek(); token?.kind === 'word'; token = this.peek()) {
      if (token.text.toUpperCase() !== 'OR') return;
      this.at++;
      this.conjunction(out);
    }
  }

  /**
   * Comparisons joined by AND. The only AND that still means "this address" is the one MISP and many
   * exporters write for ip-src/ip-dst, `network-traffic:dst_ref.type = 'ipv4-addr' AND
   * network-traffic:dst_ref.value = '…'`: the type test adds nothing to the address. Any other AND is
   * unsupported.
   */
  private conjunction(out: IpPattern): void {
    const terms: Comparison[] = [this.comparison(out)];
    for (
      let token = this.peek();
      token?.kind === 'word' && token.text.toUpperCase() === 'AND';
      token = this.peek()
    ) {
      this.at++;
      terms.push(this.comparison(out));
    }
    if (terms.length === 1 && terms[0] === 'group') return;
    const kept = terms.length === 1 ? terms : terms.filter((t) => !isAddressTypeTest(t));
    if (kept.length !== 1 || kept[0] === 'group') throw new PatternUnsupported('AND between comparisons');
    const term = kept[0]!;
    if (IP_PATHS.has(term.path.toLowerCase())) out.values.push(...term.values);
    else if (!out.otherPaths.includes(term.path)) out.otherPaths.push(term.path);
  }

  private comparison(out: IpPattern): Comparison {
    const first = this.next();
    if (first.text === '(') {
      const inner: IpPattern = { values: [], otherPaths: [] };
      this.comparisonExpression(inner);
      this.expect(')');
      out.values.push(...inner.values);
      for (const path of inner.otherPaths) if (!out.otherPaths.includes(path)) out.otherPaths.push(path);
      return 'group';
    }
    if (first.kind === 'word' && first.text.toUpperCase() === 'NOT') {
      throw new PatternUnsupported('NOT');
    }
    if (first.kind !== 'word' || !first.text.includes(':')) {
      throw new PatternUnsupported(`expected an object path, found '${first.text}'`);
    }
    const path = this.objectPath(first);
    const address = IP_PATHS.has(path.toLowerCase());
    const operator = this.next();
    const op = operator.text.toUpperCase();
    const values: string[] = [];
    if (op === '=' || op === 'ISSUBSET') {
      values.push(this.literal(address));
    } else if (op === 'IN') {
      this.expect('(');
      values.push(this.literal(address));
      for (let token = this.peek(); token?.text === ','; token = this.peek()) {
        this.at++;
        values.push(this.literal(address));
      }
      this.expect(')');
    } else if (op === 'NOT') {
      throw new PatternUnsupported('NOT');
    } else {
      throw new PatternUnsupported(`the ${operator.text} operator`);
    }
    return { path, op, values };
  }

  /** `ipv4-addr:value`, or `file:hashes.'SHA-256'` whose quoted part is a string token right after it. */
  private objectPath(first: Token): string {
    let path = first.text;
    let end = first.end;
    for (let token = this.peek(); token && token.start === end && token.kind !== 'op'; token = this.peek()) {
      if (token.kind === 'punct') break;
      path += token.kind === 'string' ? `'${token.text}'` : token.text;
      end = token.end;
      this.at++;
    }
    return path;
  }

  /** A quoted value; other paths may also compare numbers and booleans (`network-traffic:dst_port = 22`). */
  private literal(address: boolean): string {
    const token = this.next();
    if (token.kind !== 'string' && (address || token.kind !== 'word'))
      throw new PatternUnsupported(`expected a quoted value, found '${token.text}'`);
    return token.text;
  }
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if ('[]()'.includes(c) || c === ',') {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
    } else if (c === "'") {
      const start = i;
      let text = '';
      for (i++; ; i++) {
        if (i >= pattern.length) throw new PatternUnsupported('a quoted value is not closed');
        const d = pattern[i]!;
        if (d === '\\' && i + 1 < pattern.length) text += pattern[++i];
        else if (d === "'") break;
        else text += d;
      }
      i++;
      tokens.push({ kind: 'string', text, start, end: i });
    } else if ('=!<>'.includes(c)) {
      const two = pattern.slice(i, i + 2);
      const text = two === '!=' || two === '<=' || two === '>=' ? two : c;
      tokens.push({ kind: 'op', text, start: i, end: i + text.length });
      i += text.length;
    } else {
      const start = i;
      while (i < pattern.length && !" \t\n\r[](),'=!<>".includes(pattern[i]!)) i++;
      tokens.push({ kind: 'word', text: pattern.slice(start, i), start, end: i });
    }
  }
  return tokens;
}
