/**
 * The part of the STIX 2.1 patterning language (STIX 2.1 §9) that names IP addresses: observation
 * expressions `[…]` joined by OR, each holding comparisons joined by OR of `ipv4-addr:value` or
 * `ipv6-addr:value` with `=`, `ISSUBSET` (a CIDR) or `IN ('…', '…')`. A value may be a CIDR network
 * (§6.4/6.5: ipv4-addr and ipv6-addr values can be CIDR blocks). Parentheses may group; under OR they
 * change nothing.
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

const IP_PATHS = new Set(['ipv4-addr:value', 'ipv6-addr:value']);
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
    this.comparison(out);
    for (let token = this.peek(); token?.kind === 'word'; token = this.peek()) {
      const word = token.text.toUpperCase();
      if (word === 'AND') throw new PatternUnsupported('AND between comparisons');
      if (word !== 'OR') return;
      this.at++;
      this.comparison(out);
    }
  }

  private comparison(out: IpPattern): void {
    const first = this.next();
    if (first.text === '(') {
      this.comparisonExpression(out);
      this.expect(')');
      return;
    }
    if (first.kind === 'word' && first.text.toUpperCase() === 'NOT') {
      throw new PatternUnsupported('NOT');
    }
    if (first.kind !== 'word' || !first.text.includes(':')) {
      throw new PatternUnsupported(`expected an object path, found '${first.text}'`);
    }
    const path = this.objectPath(first);
    const operator = this.next();
    const op = operator.text.toUpperCase();
    const values: string[] = [];
    if (op === '=' || op === 'ISSUBSET') {
      values.push(this.stringValue());
    } else if (op === 'IN') {
      this.expect('(');
      values.push(this.stringValue());
      for (let token = this.peek(); token?.text === ','; token = this.peek()) {
        this.at++;
        values.push(this.stringValue());
      }
      this.expect(')');
    } else if (op === 'NOT') {
      throw new PatternUnsupported('NOT');
    } else {
      throw new PatternUnsupported(`the ${operator.text} operator`);
    }
    if (IP_PATHS.has(path.toLowerCase())) out.values.push(...values);
    else if (!out.otherPaths.includes(path)) out.otherPaths.push(path);
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

  private stringValue(): string {
    const token = this.next();
    if (token.kind !== 'string')
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
