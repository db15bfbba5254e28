/**
 * Splits a JSON document, read as byte chunks, into the texts of its resources without holding the whole
 * document: the elements of a top-level array, or of the `data` / `value` array of a top-level object (an
 * `az graph query` result or an ARM list response). A top-level object without such an array (a single
 * resource, the Resource Graph table shape) comes out whole; so does each value of a stream of several
 * top-level values. Each text is parsed by JSON.parse, which validates it; this scanner only tracks strings
 * and nesting depth, and checks the punctuation between elements itself.
 */
import { describeBytes, MAX_VALUE_BYTES } from './lines.ts';
import { PAGING_KEYS } from './paging.ts';

/** Lines and columns count from 1; columns count bytes. */
export type SplitResult =
  | { kind: 'value'; text: string; line: number; column: number; pointer: string }
  | { kind: 'error'; line: number; column: number; message: string }
  /** A list response's paging fields (see paging.ts), as JSON texts by key: its rows came out as values. */
  | { kind: 'envelope'; fields: Record<string, string>; line: number };

const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const Mode = {
  Root: 0,
  ArrayFirst: 1,
  ArrayNext: 2,
  ArrayAfter: 3,
  ObjectFirst: 4,
  ObjectKeyNext: 5,
  Key: 6,
  Colon: 7,
  ObjectValue: 8,
  ObjectAfter: 9,
  Value: 10,
} as const;
type Mode = (typeof Mode)[keyof typeof Mode];

const STREAMED_KEYS = new Set(['data', 'value']);
/** Paging fields are a token or a number; anything longer is not kept. */
const MAX_PAGING_BYTES = 1 << 16;

export class JsonSplitter {
  /** Results so far; the caller drains it after each `push`. */
  readonly results: SplitResult[] = [];

  /** `maxValueBytes`: the largest value to capture (see MAX_VALUE_BYTES); a larger one is an error. */
  constructor(private readonly maxValueBytes = MAX_VALUE_BYTES) {}

  #failed = false;
  #mode: Mode = Mode.Root;
  #offset = 0;
  #line = 1;
  #lineStart = 0;
  #sawValue = false;

  // The value being skipped.
  #bare = false;
  #depth = 0;
  #inString = false;
  #escape = false;
  #valueLine = 0;
  #valueColumn = 0;

  // The text being captured (an element, or a top-level value).
  #parts: Buffer[] = [];
  #partsBytes = 0;
  #captureFrom = -1;
  #captureLine = 0;
  #captureColumn = 0;

  // The top-level object and the array being streamed.
  #inObject = false;
  #capturingObject = false;
  #sawId = false;
  #key = '';
  #keyEscape = false;
  #inArray = false;
  #arrayPointer = '';
  #arrayIndex = 0;
  #openLine = 0;
  #openColumn = 0;
  #objectLine = 0;
  #objectColumn = 0;

  // The top-level object's paging fields, kept beside the capture: a list envelope's capture is dropped.
  #fields: Record<string, string> = {};
  #fieldKey = '';
  #fieldParts: Buffer[] = [];
  #fieldFrom = -1;
  #fieldBytes = 0;

  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n && !this.#failed) {
      if (this.#mode === Mode.Value) {
        i = this.#bare ? this.#scanBare(buf, i) : this.#scanValue(buf, i);
      } else if (this.#mode === Mode.Key) {
        i = this.#scanKey(buf, i);
      } else {
        const c = buf[i]!;
        if (c === SPACE || c === LF || c === CR || c === TAB) {
          if (c === LF) this.#newline(i);
          i++;
        } else {
          i = this.#structural(buf, i, c);
        }
      }
    }
    if (this.#fieldFrom >= 0) {
      this.#fieldParts.push(buf.subarray(this.#fieldFrom));
      this.#fieldBytes += n - this.#fieldFrom;
      this.#fieldFrom = 0;
      if (this.#fieldBytes > MAX_PAGING_BYTES) this.#fieldFrom = -1;
    }
    if (this.#captureFrom >= 0) {
      this.#parts.push(buf.subarray(this.#captureFrom));
      this.#partsBytes += n - this.#captureFrom;
      this.#captureFrom = 0;
      // Said as soon as it is known, so a document that never splits is not held in memory whole.
      if (this.#partsBytes > this.maxValueBytes) this.#tooLarge();
    }
    this.#offset += n;
  }

  end(): void {
    if (this.#failed) return;
    if (this.#mode === Mode.Value && this.#bare) {
      this.#valueDone(undefined, 0);
    }
    if (this.#mode !== Mode.Root) {
      const [what, line, column] =
        this.#mode === Mode.Value
          ? ['the value', this.#valueLine, this.#valueColumn]
          : this.#inArray
            ? ['the array', this.#openLine, this.#openColumn]
            : ['the object', this.#objectLine, this.#objectColumn];
      this.#fail(
        this.#line,
        this.#offset - this.#lineStart + 1,
        `unexpected end of input: ${what} that starts at line ${line} column ${column} is not complete`,
      );
    } else if (!this.#sawValue) {
      this.#fail(1, 1, 'no JSON value: the input is empty');
    }
  }

  #structural(buf: Buffer, i: number, c: number): number {
    switch (this.#mode) {
      case Mode.Root:
        this.#sawValue = true;
        if (c === OPEN_BRACKET) {
          this.#openArray(i, '');
          return i + 1;
        }
        this.#startCapture(i);
        if (c === OPEN_BRACE) {
          this.#inObject = true;
          this.#objectLine = this.#line;
          this.#objectColumn = this.#column(i);
          this.#capturingObject = true;
          this.#sawId = false;
          this.#mode = Mode.ObjectFirst;
          return i + 1;
        }
        return this.#startValue(i, c);
      case Mode.ArrayFirst:
      case Mode.ArrayNext:
        if (c === CLOSE_BRACKET) {
          if (this.#mode === Mode.ArrayNext) return this.#unexpected(i, c, "a value after ','");
          return this.#closeArray(i);
        }
        this.#startCapture(i);
        return this.#startValue(i, c);
      case Mode.ArrayAfter:
        if (c === COMMA) {
          this.#mode = Mode.ArrayNext;
          return i + 1;
        }
        if (c === CLOSE_BRACKET) return this.#closeArray(i);
        return this.#unexpected(i, c, "',' or ']' after an array element");
      case Mode.ObjectFirst:
      case Mode.ObjectKeyNext:
        if (c === QUOTE) {
          this.#key = '';
          this.#keyEscape = false;
          this.#mode = Mode.Key;
          return i + 1;
        }
        if (c === CLOSE_BRACE && this.#mode === Mode.ObjectFirst) return this.#closeObject(buf, i);
        return this.#unexpected(i, c, 'a double-quoted property name');
      case Mode.Colon:
        if (c !== COLON) return this.#unexpected(i, c, "':' after a property name");
        this.#mode = Mode.ObjectValue;
        return i + 1;
      case Mode.ObjectValue:
        if (c === OPEN_BRACKET && this.#capturingObject && !this.#sawId && STREAMED_KEYS.has(this.#key)) {
          // A list response: its envelope (count, nextLink, skip_token…) is not a resource; drop it.
          this.#dropCapture();
          this.#capturingObject = false;
          this.#openArray(i, `/${this.#key}`);
          return i + 1;
        }
        return this.#startValue(i, c);
      case Mode.ObjectAfter:
        if (c === COMMA) {
          this.#mode = Mode.ObjectKeyNext;
          return i + 1;
        }
        if (c === CLOSE_BRACE) return this.#closeObject(buf, i);
        return this.#unexpected(i, c, "',' or '}' after a property value");
      default:
        return i + 1; // Value and Key are scanned by push(), never dispatched here
    }
  }

  #startValue(i: number, c: number): number {
    if (c === CLOSE_BRACKET || c === CLOSE_BRACE || c === COMMA || c === COLON) {
      return this.#unexpected(i, c, 'a value');
    }
    this.#mode = Mode.Value;
    this.#valueLine = this.#line;
    this.#valueColumn = this.#column(i);
    this.#escape = false;
    if (
      this.#inObject &&
      !this.#inArray &&
      c !== OPEN_BRACE &&
      c !== OPEN_BRACKET &&
      PAGING_KEYS.has(this.#key)
    ) {
      this.#fieldKey = this.#key;
      this.#fieldParts = [];
      this.#fieldBytes = 0;
      this.#fieldFrom = i;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      this.#bare = false;
      this.#depth = 1;
      this.#inString = false;
      return i + 1;
    }
    if (c === QUOTE) {
      this.#bare = false;
      this.#depth = 0;
      this.#inString = true;
      return i + 1;
    }
    this.#bare = true; // a number or literal; JSON.parse judges it
    return i;
  }

  /**
   * The hot loop: skips one string or container value, counting lines. Strings are crossed with indexOf,
   * which is several times faster than a byte loop; a raw line feed inside a string is invalid JSON that
   * JSON.parse reports, so not counting it there only shifts the lines of later errors in that same file.
   */
  #scanValue(buf: Buffer, start: number): number {
    let depth = this.#depth;
    const n = buf.length;
    let i = start;
    if (this.#inString) {
      const end = this.#skipString(buf, i);
      if (end === -1) return n;
      if (depth === 0) {
        this.#valueDone(buf, end);
        return end;
      }
      i = end;
    }
    for (; i < n; i++) {
      const c = buf[i]!;
      if (c === QUOTE) {
        this.#inString = true;
        this.#escape = false;
        const end = this.#skipString(buf, i + 1);
        if (end === -1) {
          this.#depth = depth;
          return n;
        }
        i = end - 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === 0) {
          this.#depth = 0;
          this.#valueDone(buf, i + 1);
          return i + 1;
        }
      } else if (c === LF) this.#newline(i);
    }
    this.#depth = depth;
    return n;
  }

  /**
   * Skips the rest of a string that starts (after its opening quote, or mid-string) at `start`. Returns the
   * index after the closing quote, or -1 when the string goes on into the next chunk.
   */
  #skipString(buf: Buffer, start: number): number {
    let i = start;
    if (this.#escape) {
      this.#escape = false;
      i++;
    }
    const n = buf.length;
    for (;;) {
      const quote = buf.indexOf(QUOTE, i);
      if (quote === -1) {
        this.#escape = i < n && backslashesBefore(buf, n, i) % 2 === 1;
        return -1;
      }
      if (backslashesBefore(buf, quote, i) % 2 === 0) {
        this.#inString = false;
        return quote + 1;
      }
      i = quote + 1;
    }
  }

  #scanBare(buf: Buffer, start: number): number {
    const n = buf.length;
    for (let i = start; i < n; i++) {
      const c = buf[i]!;
      if (
        c === COMMA ||
        c === CLOSE_BRACKET ||
        c === CLOSE_BRACE ||
        c === SPACE ||
        c === LF ||
        c === CR ||
        c === TAB
      ) {
        this.#valueDone(buf, i);
        return i;
      }
    }
    return n;
  }

  #scanKey(buf: Buffer, start: number): number {
    const n = buf.length;
    for (let i = start; i < n; i++) {
      const c = buf[i]!;
      if (this.#keyEscape) this.#keyEscape = false;
      else if (c === BACKSLASH) this.#keyEscape = true;
      else if (c === QUOTE) {
        this.#key += buf.toString('latin1', start, i);
        if (this.#key === 'id') this.#sawId = true;
        this.#mode = Mode.Colon;
        return i + 1;
      } else if (c === LF) this.#newline(i);
    }
    this.#key += buf.toString('latin1', start, n);
    return n;
  }

  /** A value ended at `end` (exclusive) in `buf`; `buf` is undefined at the end of the input. */
  #valueDone(buf: Buffer | undefined, end: number): void {
    if (this.#inArray) {
      this.#emit(buf, end, `${this.#arrayPointer}/${this.#arrayIndex}`);
      this.#arrayIndex++;
      this.#mode = Mode.ArrayAfter;
    } else if (this.#inObject) {
      this.#mode = Mode.ObjectAfter;
      if (this.#fieldFrom >= 0) this.#keepField(buf, end);
    } else {
      this.#emit(buf, end, '');
      this.#mode = Mode.Root;
    }
  }

  #openArray(i: number, pointer: string): void {
    this.#inArray = true;
    this.#arrayPointer = pointer;
    this.#arrayIndex = 0;
    this.#openLine = this.#line;
    this.#openColumn = this.#column(i);
    this.#mode = Mode.ArrayFirst;
  }

  #closeArray(i: number): number {
    this.#inArray = false;
    this.#mode = this.#inObject ? Mode.ObjectAfter : Mode.Root;
    return i + 1;
  }

  #closeObject(buf: Buffer, i: number): number {
    this.#inObject = false;
    this.#mode = Mode.Root;
    if (this.#capturingObject) {
      this.#capturingObject = false;
      this.#emit(buf, i + 1, '');
    } else if (Object.keys(this.#fields).length > 0) {
      this.results.push({ kind: 'envelope', fields: this.#fields, line: this.#objectLine });
    }
    this.#fields = {};
    return i + 1;
  }

  #keepField(buf: Buffer | undefined, end: number): void {
    const tail = buf === undefined ? [] : [buf.subarray(this.#fieldFrom, end)];
    this.#fields[this.#fieldKey] = Buffer.concat([...this.#fieldParts, ...tail]).toString('utf8');
    this.#fieldParts = [];
    this.#fieldFrom = -1;
  }

  #startCapture(i: number): void {
    this.#dropCapture();
    this.#captureFrom = i;
    this.#captureLine = this.#line;
    this.#captureColumn = this.#column(i);
  }

  #emit(buf: Buffer | undefined, end: number, pointer: string): void {
    const bytes = this.#partsBytes + (buf === undefined ? 0 : end - this.#captureFrom);
    if (bytes > this.maxValueBytes) {
      this.#tooLarge();
      return;
    }
    let text: string;
    if (buf !== undefined && this.#parts.length === 0) {
      text = buf.toString('utf8', this.#captureFrom, end);
    } else {
      if (buf !== undefined) this.#parts.push(buf.subarray(this.#captureFrom, end));
      text = Buffer.concat(this.#parts).toString('utf8');
    }
    this.#dropCapture();
    this.results.push({ kind: 'value', text, line: this.#captureLine, column: this.#captureColumn, pointer });
  }

  #newline(i: number): void {
    this.#line++;
    this.#lineStart = this.#offset + i + 1;
  }

  #column(i: number): number {
    return this.#offset + i - this.#lineStart + 1;
  }

  #unexpected(i: number, c: number, expected: string): number {
    const shown = c >= 0x21 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16)}`;
    this.#fail(this.#line, this.#column(i), `unexpected ${shown}, expected ${expected}`);
    return i + 1;
  }

  #tooLarge(): void {
    this.#fail(
      this.#captureLine,
      this.#captureColumn,
      `the value that starts here is larger than ${describeBytes(this.maxValueBytes)}, the longest string ` +
        'JavaScript can hold, so it cannot be parsed. Write the snapshot as JSON Lines ' +
        '(one resource per line), or as an array, `{"data": [...]}` or `{"value": [...]}`, whose elements are ' +
        'read one at a time',
    );
  }

  #dropCapture(): void {
    this.#parts = [];
    this.#partsBytes = 0;
    this.#captureFrom = -1;
  }

  #fail(line: number, column: number, message: string): void {
    this.#failed = true;
    this.#dropCapture();
    this.results.push({ kind: 'error', line, column, message });
  }
}

/** How many backslashes directly precede `end`, looking no further back than `floor`. */
function backslashesBefore(buf: Buffer, end: number, floor: number): number {
  let k = end;
  while (k > floor && buf[k - 1] === BACKSLASH) k--;
  return end - k;
}
