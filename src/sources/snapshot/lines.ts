/**
 * The most UTF-8 bytes one value may take: V8 cannot make a string longer than 2^29 - 24 UTF-16 units
 * (`ERR_STRING_TOO_LONG`), and a UTF-8 text never decodes to more units than it has bytes.
 */
export const MAX_VALUE_BYTES = 2 ** 29 - 24;

/** `512 MiB` for the real limit; tests use small ones. */
export function describeBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.round(bytes / 2 ** 20)} MiB` : `${bytes} bytes`;
}

export type LineHandler = (text: string, line: number) => void;

/**
 * Splits byte chunks into lines (LF or CRLF) and hands each to a callback as it completes, so a JSON Lines file
 * is never held whole and no promise is made per line. A line longer than `maxLineBytes` is reported to
 * `tooLong` and skipped.
 */
export class LineSplitter {
  #rest: Buffer[] = [];
  #restBytes = 0;
  #line = 0;
  #skipping = false;

  constructor(
    private readonly tooLong: (line: number) => void,
    private readonly maxLineBytes = MAX_VALUE_BYTES,
  ) {}

  push(chunk: Buffer, onLine: LineHandler): void {
    let start = 0;
    for (let end = chunk.indexOf(0x0a); end !== -1; end = chunk.indexOf(0x0a, start)) {
      this.#line++;
      if (this.#skipping) {
        this.#skipping = false;
      } else if (this.#rest.length === 0) {
        if (end - start > this.maxLineBytes) this.tooLong(this.#line);
        else onLine(decodeLine(chunk, start, end), this.#line);
      } else {
        this.#rest.push(chunk.subarray(start, end));
        this.#restBytes += end - start;
        if (this.#restBytes > this.maxLineBytes) this.tooLong(this.#line);
        else onLine(decodeLine(Buffer.concat(this.#rest), 0, this.#restBytes), this.#line);
        this.#rest = [];
        this.#restBytes = 0;
      }
      start = end + 1;
    }
    if (start < chunk.length && !this.#skipping) {
      this.#rest.push(chunk.subarray(start));
      this.#restBytes += chunk.length - start;
      if (this.#restBytes > this.maxLineBytes) {
        // Said now rather than at the line's end, so a file without newlines is not read into memory whole.
        this.tooLong(this.#line + 1);
        this.#skipping = true;
        this.#rest = [];
        this.#restBytes = 0;
      }
    }
  }

  end(onLine: LineHandler): void {
    if (this.#rest.length === 0) return;
    this.#line++;
    onLine(decodeLine(Buffer.concat(this.#rest), 0, this.#restBytes), this.#line);
    this.#rest = [];
    this.#restBytes = 0;
  }
}

function decodeLine(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
}
