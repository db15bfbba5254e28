import type { JsonObject, JsonValue } from '../../util/json.ts';

/**
 * JSON parsing that remembers where every value starts, so an expanded resource, a failing expression
 * or a missing parameter can be reported at its line and column. Templates are small (ARM caps them at
 * 4 MB), so a map from JSON pointer to offset is affordable and simple to query.
 *
 * Besides RFC 8259 it accepts `//` and `/* *\/` comments, which `az deployment` and the ARM Tools
 * accept in templates and parameter files (templates/syntax.md, "Comments and metadata").
 */

export interface Position {
  /** 1-based. */
  line: number;
  /**
   * 1-based, in UTF-16 code units (JavaScript string offsets). SARIF's default is code points (§3.14.17), so
   * the SARIF report declares `columnKind: utf16CodeUnits`.
   */
  column: number;
}

export class JsonSourceError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly position: Position,
  ) {
    super(message);
    this.name = 'JsonSourceError';
  }
}

/** Where values are in a parsed text. */
export class SourceMap {
  readonly #offsets: Map<string, number>;
  readonly #lineStarts: number[];

  constructor(offsets: Map<string, number>, lineStarts: number[]) {
    this.#offsets = offsets;
    this.#lineStarts = lineStarts;
  }

  /** Where the value at `pointer` starts, or the nearest enclosing value that was recorded. */
  locate(pointer: string): Position | undefined {
    let current = pointer;
    for (;;) {
      const offset = this.#offsets.get(current);
      if (offset !== undefined) return this.position(offset);
      if (current === '') return undefined;
      current = current.slice(0, current.lastIndexOf('/'));
    }
  }

  position(offset: number): Position {
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

export interface ParsedJson {
  value: JsonValue;
  map: SourceMap;
}

/** `~` and `/` escaped as RFC 6901 asks. */
export function pointerToken(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}

export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${pointerToken(key)}`;
}

/** Deeper than this is hostile or broken input; recursion must not exhaust the stack. */
const MAX_DEPTH = 512;

export function parseJsonWithPositions(source: string): ParsedJson {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offsets = new Map<string, number>();
  const map = new SourceMap(offsets, lineStarts);
  const parser = new Parser(text, offsets, map);
  parser.skipSpace();
  const value = parser.parseValue('', 0);
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail('unexpected content after the JSON value');
  return { value, map };
}

class Parser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly offsets: Map<string, number>,
    private readonly map: SourceMap,
  ) {}

  fail(message: string, at = this.pos): never {
    const found =
      at >= this.text.length ? 'the end of the input' : `'${this.text[at] === '\n' ? '\\n' : this.text[at]}'`;
    throw new JsonSourceError(`${message} (found ${found})`, at, this.map.position(at));
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.pos++;
      } else if (c === 0x2f) {
        const next = t.charCodeAt(this.pos + 1);
        if (next === 0x2f) {
          const end = t.indexOf('\n', this.pos);
          this.pos = end === -1 ? t.length : end;
        } else if (next === 0x2a) {
          const end = t.indexOf('*/', this.pos + 2);
          if (end === -1) this.fail('unterminated /* comment');
          this.pos = end + 2;
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }

  parseValue(pointer: string, depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`the JSON is nested more than ${MAX_DEPTH} levels deep`);
    this.offsets.set(pointer, this.pos);
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) return this.parseObject(pointer, depth);
    if (c === 0x5b) return this.parseArray(pointer, depth);
    if (c === 0x22) return this.parseString();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail('expected a JSON value');
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private parseObject(pointer: string, depth: number): JsonObject {
    const object: JsonObject = {};
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail('expected a property name in double quotes');
      const key = this.parseString();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':' after the property name");
      this.pos++;
      this.skipSpace();
      const value = this.parseValue(childPointer(pointer, key), depth + 1);
      // `__proto__` must become an own property, not the object's prototype.
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        object[key] = value;
      }
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return object;
      }
      this.fail("expected ',' or '}' after a property value");
    }
  }

  private parseArray(pointer: string, depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return array;
    }
    for (;;) {
      this.skipSpace();
      array.push(this.parseValue(childPointer(pointer, array.length), depth + 1));
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return array;
      }
      this.fail("expected ',' or ']' after an array element");
    }
  }

  private parseString(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) this.fail('unterminated string', start);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 0x20) this.fail('control character in a string (escape it)', i);
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return t.slice(start + 1, i);
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid escape sequence in a string', start);
    }
  }

  private parseNumber(): number {
    const t = this.text;
    const start = this.pos;
    let i = start;
    if (t.charCodeAt(i) === 0x2d) i++;
    const digits = i;
    while (isDigit(t.charCodeAt(i))) i++;
    if (i === digits) this.fail('expected digits', i);
    if (t.charCodeAt(digits) === 0x30 && i - digits > 1) this.fail('a number cannot start with 0', digits);
    if (t.charCodeAt(i) === 0x2e) {
      i++;
      const fraction = i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === fraction) this.fail('expected digits after the decimal point', i);
    }
    const e = t.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = t.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const exponent = i;
      while (isDigit(t.charCodeAt(i))) i++;
      if (i === exponent) this.fail('expected digits in the exponent', i);
    }
    this.pos = i;
    return Number(t.slice(start, i));
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
