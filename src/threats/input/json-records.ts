/**
 * Splits a JSON document, read as byte chunks, into records without holding the document: the elements
 * of a top-level array, the elements of the `records` array of a top-level object (Azure diagnostic
 * exports: NSG flow log PT1H.json blobs, Activity Log archives) or of its `value` array (ARM list
 * responses, `az rest`), and otherwise each top-level object whole (pretty-printed JSON Lines). It only
 * tracks strings and nesting; each record's text is parsed by JSON.parse, which judges it.
 */
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const STREAMED_KEYS = new Set(['records', 'value']);

export type RecordHandler = (text: string, line: number) => void;
export type ErrorHandler = (line: number, reason: string, text: string) => void;

export class JsonRecordSplitter {
  #line = 1;
  #depth = 0;
  #inString = false;
  #escape = false;
  /** Depth of the array whose elements are records, -1 when not inside one. */
  #streamDepth = -1;

  // The record (or top-level object) being captured.
  #capturing = false;
  #envelope = false;
  #scalar = false;
  #discard = false;
  #base = 0;
  #from = -1;
  #parts: Buffer[] = [];
  #bytes = 0;
  #captureLine = 0;

  // Keys of the top-level object, to find its `records` / `value` array.
  #inTopObject = false;
  #expectKey = false;
  #readingKey = false;
  #key = '';
  #afterColon = false;

  constructor(
    private readonly onRecord: RecordHandler,
    private readonly onError: ErrorHandler,
    private readonly maxRecordBytes: number,
  ) {}

  push(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (this.#inString) {
        const end = this.#skipString(buf, i);
        if (this.#readingKey) this.#key += buf.toString('latin1', i, end === -1 ? n : end - 1);
        if (end === -1) break;
        if (this.#readingKey) this.#readingKey = false;
        if (this.#capturing && this.#scalar && this.#depth === this.#base) this.#emit(buf, end);
        i = end;
        continue;
      }
      const c = buf[i]!;
      switch (c) {
        case QUOTE:
          this.#inString = true;
          this.#escape = false;
          if (this.#depth === 1 && this.#inTopObject && this.#expectKey) {
            this.#readingKey = true;
            this.#expectKey = false;
            this.#key = '';
          } else {
            this.#valueStart(i, true);
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.#open(i, c);
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.#close(buf, i);
          break;
        case COMMA:
          if (this.#capturing && this.#scalar && this.#depth === this.#base) this.#emit(buf, i);
          if (this.#depth === 1 && this.#inTopObject) this.#expectKey = true;
          this.#afterColon = false;
          break;
        case COLON:
          if (this.#depth === 1 && this.#inTopObject) this.#afterColon = true;
          break;
        case LF:
          this.#line++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          break;
        default:
          if (this.#depth === 0) {
            i = this.#garbage(buf, i);
            continue;
          }
          this.#valueStart(i, true);
      }
      i++;
    }
    if (this.#capturing) {
      if (!this.#discard) {
        this.#parts.push(buf.subarray(this.#from));
        this.#bytes += n - this.#from;
        if (this.#bytes > this.maxRecordBytes) this.#tooLarge();
      }
      this.#from = 0;
    }
  }

  end(): void {
    if (this.#capturing && this.#scalar && this.#depth === this.#base && !this.#inString) {
      this.#emit(undefined, 0);
    }
    if (this.#depth !== 0 || this.#inString || this.#capturing) {
      const text = this.#discard
        ? ''
        : Buffer.concat(this.#parts).toString('utf8', 0, Math.min(this.#bytes, 200));
      this.onError(
        this.#capturing ? this.#captureLine : this.#line,
        'truncated JSON: the input ends inside a value',
        text,
      );
    }
    this.#reset();
  }

  #open(i: number, c: number): void {
    if (this.#depth === 0) {
      if (c === OPEN_BRACKET) this.#streamDepth = 1;
      else {
        this.#inTopObject = true;
        this.#expectKey = true;
        this.#start(i, true, false);
      }
    } else if (
      c === OPEN_BRACKET &&
      this.#depth === 1 &&
      this.#inTopObject &&
      this.#afterColon &&
      this.#envelope &&
      STREAMED_KEYS.has(this.#key)
    ) {
      // An envelope ({"records": [...]}) is not a record: drop what was captured of it and stream the array.
      this.#drop();
      this.#streamDepth = 2;
    } else {
      this.#valueStart(i, false);
    }
    this.#afterColon = false;
    this.#depth++;
  }

  #close(buf: Buffer, i: number): void {
    if (this.#depth === 0) {
      this.#garbage(buf, i);
      return;
    }
    this.#depth--;
    if (this.#capturing && this.#scalar && this.#depth === this.#base - 1) this.#emit(buf, i);
    if (this.#streamDepth !== -1 && this.#depth === this.#streamDepth - 1) this.#streamDepth = -1;
    else if (this.#capturing && !this.#scalar && this.#depth === this.#base) this.#emit(buf, i + 1);
    if (this.#depth === 0 && this.#inTopObject) {
      this.#inTopObject = false;
      this.#expectKey = false;
    }
  }

  /** A value starts at `i`: when it is an element of the streamed array, capture it. */
  #valueStart(i: number, scalar: boolean): void {
    if (!this.#capturing && this.#streamDepth !== -1 && this.#depth === this.#streamDepth) {
      this.#start(i, false, scalar);
    }
  }

  #start(i: number, envelope: boolean, scalar: boolean): void {
    this.#capturing = true;
    this.#envelope = envelope;
    this.#scalar = scalar;
    this.#discard = false;
    this.#base = this.#depth;
    this.#from = i;
    this.#parts = [];
    this.#bytes = 0;
    this.#captureLine = this.#line;
  }

  #emit(buf: Buffer | undefined, end: number): void {
    if (!this.#discard) {
      if (buf !== undefined) this.#parts.push(buf.subarray(this.#from, end));
      let text = Buffer.concat(this.#parts).toString('utf8');
      if (this.#scalar) text = text.trim();
      this.onRecord(text, this.#captureLine);
    }
    this.#drop();
  }

  #drop(): void {
    this.#capturing = false;
    this.#envelope = false;
    this.#scalar = false;
    this.#discard = false;
    this.#parts = [];
    this.#bytes = 0;
    this.#from = -1;
  }

  #tooLarge(): void {
    this.onError(this.#captureLine, `JSON record larger than ${this.maxRecordBytes} bytes: skipped`, '');
    this.#discard = true;
    this.#parts = [];
  }

  /** Text outside any JSON value: reported up to the end of its line. Returns where to go on. */
  #garbage(buf: Buffer, i: number): number {
    const newline = buf.indexOf(LF, i);
    const end = newline === -1 ? buf.length : newline;
    this.onError(this.#line, 'not JSON', buf.toString('utf8', i, Math.min(end, i + 200)));
    return end;
  }

  /** After the string's closing quote, or -1 when it goes on into the next chunk. */
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
        let k = n;
        while (k > i && buf[k - 1] === BACKSLASH) k--;
        this.#escape = (n - k) % 2 === 1;
        return -1;
      }
      let k = quote;
      while (k > i && buf[k - 1] === BACKSLASH) k--;
      if ((quote - k) % 2 === 0) {
        this.#inString = false;
        return quote + 1;
      }
      i = quote + 1;
    }
  }

  #reset(): void {
    this.#drop();
    this.#depth = 0;
    this.#inString = false;
    this.#streamDepth = -1;
    this.#inTopObject = false;
  }
}
