import { type ArmObject, setOwn } from './values.ts';

/**
 * JSON as ARM's `json()` and `base64ToJson()` read it. ARM parses with Newtonsoft.Json,
 * which also accepts single-quoted strings, unquoted property names, comments and trailing commas; the
 * docs' own base64ToJson example decodes `{'one': 'a', 'two': 'b'}`
 * (Azure/azure-docs-json-samples azure-resource-manager/functions/string/base64.json).
 * Strict JSON takes the fast path through JSON.parse.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new LenientParser(text).parseDocument();
  }
}

const MAX_DEPTH = 512;

class LenientParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    const value = this.parseValue(0);
    this.skip();
    if (this.pos < this.text.length) this.fail('unexpected content after the JSON value');
    return value;
  }

  private fail(message: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}: ${message}`);
  }

  private skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  private parseValue(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    this.skip();
    const c = this.text[this.pos];
    if (c === '{') return this.parseObject(depth);
    if (c === '[') return this.parseArray(depth);
    if (c === '"' || c === "'") return this.parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber();
    const word = this.readWord();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return this.fail(word === '' ? 'expected a value' : `unexpected '${word}'`);
  }

  private parseObject(depth: number): ArmObject {
    const result: ArmObject = {};
    this.pos++;
    this.skip();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skip();
      const c = this.text[this.pos];
      const key = c === '"' || c === "'" ? this.parseString() : this.readWord();
      if (key === '' && c !== '"' && c !== "'") this.fail('expected a property name');
      this.skip();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a property name");
      this.pos++;
      setOwn(result, key, this.parseValue(depth + 1));
      this.skip();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return result;
      if (next !== ',') this.fail("expected ',' or '}' in an object");
      if (this.trailingCommasClose('}')) return result;
    }
  }

  private parseArray(depth: number): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skip();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.parseValue(depth + 1));
      this.skip();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return result;
      if (next !== ',') this.fail("expected ',' or ']' in an array");
      if (this.trailingCommasClose(']')) return result;
    }
  }

  /**
   * After a ',': whether only more commas stand before `close`, which is then consumed. Newtonsoft.Json
   * ignores trailing commas, several of them too (dotnet/docs standard/serialization/system-text-json/
   * migrate-from-newtonsoft.md, "Trailing commas"); a comma between two values still needs a value.
   */
  private trailingCommasClose(close: string): boolean {
    const start = this.pos;
    for (;;) {
      this.skip();
      const c = this.text[this.pos];
      if (c === close) {
        this.pos++;
        return true;
      }
      if (c !== ',') {
        this.pos = start;
        return false;
      }
      this.pos++;
    }
  }

  private parseString(): string {
    const t = this.text;
    const quote = t[this.pos];
    this.pos++;
    let out = '';
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = t[this.pos];
      this.pos++;
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case undefined:
          return this.fail('unterminated string');
        default:
          out += e;
      }
    }
  }

  private parseNumber(): number {
    const start = this.pos;
    const t = this.text;
    if (t[this.pos] === '-') this.pos++;
    while (this.pos < t.length && /[0-9.eE+-]/.test(t[this.pos]!)) this.pos++;
    const value = Number(t.slice(start, this.pos));
    if (!Number.isFinite(value) || this.pos === start) this.fail('invalid number');
    return value;
  }

  private readWord(): string {
    const start = this.pos;
    while (this.pos < this.text.length && /[A-Za-z0-9_$]/.test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }
}
