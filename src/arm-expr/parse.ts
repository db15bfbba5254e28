import { ExpressionSyntaxError } from './errors.ts';

/**
 * ARM template expression syntax (templates/template-expressions.md): a JSON string
 * that starts with `[` and ends with `]` is an expression; `[[` escapes a literal.
 * Inside: function calls `name(args)` (or `namespace.name(args)` for user-defined
 * functions), single-quoted strings with `''` as the escaped quote, integers, and
 * `.property` / `[index]` access chained after any value. ARM has no bare `true`,
 * `false` or `null` keywords: those are the functions `true()`, `false()`, `null()`.
 */

export interface LiteralExpr {
  kind: 'literal';
  value: string | number;
  offset: number;
}

export interface CallExpr {
  kind: 'call';
  /** As written, e.g. `concat` or `myNamespace.myFunction`. */
  name: string;
  args: Expr[];
  offset: number;
}

export interface PropertyExpr {
  kind: 'property';
  object: Expr;
  name: string;
  offset: number;
}

export interface IndexExpr {
  kind: 'index';
  object: Expr;
  index: Expr;
  offset: number;
}

export type Expr = LiteralExpr | CallExpr | PropertyExpr | IndexExpr;

export function isExpression(s: string): boolean {
  return (
    s.length >= 2 &&
    s.charCodeAt(0) === OPEN_BRACKET &&
    s.charCodeAt(s.length - 1) === CLOSE_BRACKET &&
    s.charCodeAt(1) !== OPEN_BRACKET
  );
}

/** The literal a `[[...]` string stands for; other strings are returned unchanged. */
export function unescapeLiteral(s: string): string {
  return s.length >= 2 &&
    s.charCodeAt(0) === OPEN_BRACKET &&
    s.charCodeAt(1) === OPEN_BRACKET &&
    s.charCodeAt(s.length - 1) === CLOSE_BRACKET
    ? s.slice(1)
    : s;
}

/** Parses a full expression string, brackets included. Throws ExpressionSyntaxError. */
export function parseExpression(source: string): Expr {
  if (!isExpression(source)) {
    throw new ExpressionSyntaxError(
      "An expression must start with '[' and end with ']' (and not start with '[[')",
      0,
      source,
    );
  }
  const parser = new Parser(source, source.length - 1);
  parser.skipWhitespace();
  if (parser.atEnd()) throw parser.error('The expression is empty');
  const expr = parser.parseValue(0);
  parser.skipWhitespace();
  if (!parser.atEnd()) throw parser.error(`Unexpected '${parser.current()}' after the end of the expression`);
  return expr;
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const COMMA = 0x2c;
const DOT = 0x2e;
const QUOTE = 0x27;
const MINUS = 0x2d;

/** Deeper nesting than this is hostile or broken input; Azure Policy itself stops at 64. */
const MAX_DEPTH = 256;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c) || c === 0x24;
}

/**
 * .NET's char.IsWhiteSpace set: built-in policies contain U+202F (narrow no-break space)
 * between arguments, and Azure accepts them.
 */
function isWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

class Parser {
  private pos = 1;

  constructor(
    private readonly source: string,
    /** Index of the closing `]` of the whole expression: parsing never reads it. */
    private readonly end: number,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  current(): string {
    return this.source[this.pos] ?? '';
  }

  error(message: string, offset = this.pos): ExpressionSyntaxError {
    return new ExpressionSyntaxError(message, offset, this.source);
  }

  skipWhitespace(): void {
    while (this.pos < this.end && isWhitespace(this.source.charCodeAt(this.pos))) this.pos++;
  }

  private peek(): number {
    return this.pos < this.end ? this.source.charCodeAt(this.pos) : -1;
  }

  parseValue(depth: number): Expr {
    if (depth > MAX_DEPTH) throw this.error(`The expression is nested more than ${MAX_DEPTH} levels deep`);
    let expr = this.parsePrimary(depth);
    for (;;) {
      this.skipWhitespace();
      const c = this.peek();
      if (c === DOT) {
        const offset = this.pos;
        this.pos++;
        this.skipWhitespace();
        const name = this.readIdentifier("a property name after '.'");
        expr = { kind: 'property', object: expr, name, offset };
      } else if (c === OPEN_BRACKET) {
        const offset = this.pos;
        this.pos++;
        this.skipWhitespace();
        if (this.peek() === CLOSE_BRACKET) throw this.error("Expected an index between '[' and ']'");
        const index = this.parseValue(depth + 1);
        this.skipWhitespace();
        if (this.peek() !== CLOSE_BRACKET) throw this.error("Expected ']' to close the index");
        this.pos++;
        expr = { kind: 'index', object: expr, index, offset };
      } else {
        return expr;
      }
    }
  }

  private parsePrimary(depth: number): Expr {
    const c = this.peek();
    if (c === QUOTE) return this.parseString();
    if (isDigit(c) || c === MINUS) return this.parseInteger();
    if (isIdentifierStart(c)) return this.parseCall(depth);
    if (c === -1) throw this.error('Unexpected end of the expression');
    throw this.error(`Unexpected '${this.current()}'`);
  }

  private parseString(): LiteralExpr {
    const offset = this.pos;
    this.pos++;
    let value = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= this.end) throw this.error('Unterminated string literal', offset);
      if (this.source.charCodeAt(this.pos) === QUOTE) {
        value += this.source.slice(chunkStart, this.pos);
        if (this.pos + 1 < this.end && this.source.charCodeAt(this.pos + 1) === QUOTE) {
          value += "'";
          this.pos += 2;
          chunkStart = this.pos;
          continue;
        }
        this.pos++;
        return { kind: 'literal', value, offset };
      }
      this.pos++;
    }
  }

  private parseInteger(): LiteralExpr {
    const offset = this.pos;
    if (this.peek() === MINUS) this.pos++;
    const digitsStart = this.pos;
    while (isDigit(this.peek())) this.pos++;
    if (this.pos === digitsStart) throw this.error("Expected digits after '-'", offset);
    if (this.peek() === DOT && isDigit(this.source.charCodeAt(this.pos + 1))) {
      throw this.error("ARM expressions have no decimal literals; use float('1.5')", offset);
    }
    if (isIdentifierStart(this.peek())) throw this.error('Unexpected letter after a number', this.pos);
    const value = Number(this.source.slice(offset, this.pos));
    if (!Number.isSafeInteger(value)) {
      throw this.error(
        'Integer literal is outside the range this evaluator represents exactly (±2^53)',
        offset,
      );
    }
    return { kind: 'literal', value, offset };
  }

  private parseCall(depth: number): CallExpr {
    const offset = this.pos;
    let name = this.readIdentifier('a function name');
    this.skipWhitespace();
    if (this.peek() === DOT) {
      // Only a namespaced user-defined function can have a dot before its `(`.
      this.pos++;
      this.skipWhitespace();
      name = `${name}.${this.readIdentifier("a function name after the namespace '.'")}`;
      this.skipWhitespace();
    }
    if (this.peek() !== OPEN_PAREN) {
      const hint = /^(true|false|null)$/i.test(name) ? `; ARM spells it as the function ${name}()` : '';
      throw this.error(`Expected '(' after the function name '${name}'${hint}`);
    }
    this.pos++;
    const args: Expr[] = [];
    this.skipWhitespace();
    if (this.peek() === CLOSE_PAREN) {
      this.pos++;
      return { kind: 'call', name, args, offset };
    }
    for (;;) {
      this.skipWhitespace();
      args.push(this.parseValue(depth + 1));
      this.skipWhitespace();
      const c = this.peek();
      if (c === COMMA) {
        this.pos++;
        continue;
      }
      if (c === CLOSE_PAREN) {
        this.pos++;
        return { kind: 'call', name, args, offset };
      }
      if (c === -1) throw this.error(`Missing ')' to close the call to '${name}'`, offset);
      throw this.error(`Expected ',' or ')' in the arguments of '${name}'`);
    }
  }

  private readIdentifier(what: string): string {
    const start = this.pos;
    if (!isIdentifierStart(this.peek()) && !isDigit(this.peek())) throw this.error(`Expected ${what}`);
    while (isIdentifierPart(this.peek())) this.pos++;
    return this.source.slice(start, this.pos);
  }
}
