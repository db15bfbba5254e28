import type { ErrorHandler } from './json-records.ts';

/**
 * Splits decoded text into `<Event …>…</Event>` elements: one per line, several on a line
 * (`wevtutil qe /f:xml`), or inside an `<Events>` root with an XML declaration (Event Viewer's
 * "Save as XML"), or inside the root `wevtutil qe /f:xml /e:<name>` names (the first element before any
 * event). Anything else outside events that is not whitespace, a declaration, a comment or the root's
 * tags is reported.
 */
export class XmlEventSplitter {
  #pending = '';
  #line = 1;
  #searchFrom = 0;
  /** Inside an event too long to keep: dropping text up to its `</Event>`. */
  #skipping = false;
  /** The root element's name (`Events` unless a start tag before the first event names another). */
  #root = 'Events';
  #seenEvent = false;

  constructor(
    private readonly onEvent: (xml: string, line: number) => void,
    private readonly onError: ErrorHandler,
    private readonly maxEventChars: number,
  ) {}

  push(text: string): void {
    this.#pending += text;
    this.#scan(false);
  }

  end(): void {
    this.#scan(true);
    this.#pending = '';
  }

  #scan(final: boolean): void {
    const p = this.#pending;
    let pos = 0;
    if (this.#skipping) {
      const close = p.indexOf('</Event>');
      if (close === -1) {
        const keep = final ? p.length : Math.max(0, p.length - 7);
        this.#line += countLines(p, 0, keep);
        this.#pending = p.slice(keep);
        return;
      }
      this.#skipping = false;
      pos = close + 8;
      this.#line += countLines(p, 0, pos);
    }
    for (;;) {
      const start = eventStart(p, pos);
      if (start === -1) {
        // Keep a possible `<Eve` cut at the chunk's end for the next chunk.
        const lt = p.lastIndexOf('<');
        const keep = final || lt < pos || p.indexOf('>', lt) !== -1 ? p.length : lt;
        this.#between(p, pos, keep);
        this.#pending = p.slice(keep);
        this.#searchFrom = 0;
        return;
      }
      this.#between(p, pos, start);
      const close = p.indexOf('</Event>', Math.max(start, this.#searchFrom));
      if (close === -1) {
        this.#pending = p.slice(start);
        this.#searchFrom = Math.max(0, this.#pending.length - 7);
        if (final) {
          this.onError(
            this.#line,
            'truncated <Event>: the input ends inside it',
            this.#pending.slice(0, 200),
          );
          this.#pending = '';
        } else if (this.#pending.length > this.maxEventChars) {
          this.onError(this.#line, `<Event> longer than ${this.maxEventChars} characters: skipped`, '');
          this.#line += countLines(this.#pending, 0, this.#pending.length);
          this.#pending = '';
          this.#searchFrom = 0;
          this.#skipping = true;
        }
        return;
      }
      this.#searchFrom = 0;
      this.#seenEvent = true;
      const next = eventStart(p, start + 6);
      if (next !== -1 && next < close) {
        // An event cut short and followed by the next: pass on what there is (the event reader flags
        // the cut) rather than fusing the two.
        this.onEvent(p.slice(start, next), this.#line);
        this.#line += countLines(p, start, next);
        pos = next;
        continue;
      }
      const end = close + 8;
      this.onEvent(p.slice(start, end), this.#line);
      this.#line += countLines(p, start, end);
      pos = end;
    }
  }

  /** A start or end tag of the root element; the first start tag before any event names it. */
  #isRootTag(p: string, i: number): boolean {
    if (p.charCodeAt(i) !== 0x3c) return false;
    const closing = p.charCodeAt(i + 1) === 0x2f;
    const from = closing ? i + 2 : i + 1;
    let end = from;
    while (end < p.length && isNameChar(p.charCodeAt(end))) end++;
    if (end === from || end === p.length) return false;
    const name = p.slice(from, end);
    if (name === this.#root) return true;
    if (closing || this.#seenEvent || this.#root !== 'Events') return false;
    this.#root = name;
    return true;
  }

  /** Checks the text between events, counting its lines. */
  #between(p: string, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const c = p.charCodeAt(i);
      if (c === 0x0a) {
        this.#line++;
        i++;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
      } else if (
        p.startsWith('<?', i) ||
        p.startsWith('<!--', i) ||
        this.#isRootTag(p, i) ||
        p.startsWith('<Events', i) ||
        p.startsWith('</Events>', i)
      ) {
        const comment = p.startsWith('<!--', i);
        const close = p.indexOf(comment ? '-->' : '>', i);
        const end = close === -1 || close >= to ? to : close + (comment ? 3 : 1);
        this.#line += countLines(p, i, end);
        i = end;
      } else {
        const newline = p.indexOf('\n', i);
        const end = newline === -1 || newline > to ? to : newline;
        this.onError(this.#line, 'text outside <Event> elements', p.slice(i, Math.min(end, i + 200)));
        i = end;
      }
    }
  }
}

/** Where `<Event` starts as a whole element name (not `<Events` or `<EventData`), or -1. */
function eventStart(p: string, from: number): number {
  for (let at = p.indexOf('<Event', from); at !== -1; at = p.indexOf('<Event', at + 1)) {
    const c = p.charCodeAt(at + 6);
    if (c === 0x3e || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) return at;
  }
  return -1;
}

function isNameChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x3a
  );
}

function countLines(p: string, from: number, to: number): number {
  let count = 0;
  for (let i = p.indexOf('\n', from); i !== -1 && i < to; i = p.indexOf('\n', i + 1)) count++;
  return count;
}
