/**
 * Where and why text is not JSON. V8's JSON.parse messages do not always carry a position (Node 20 says
 * `Unexpected token '}', "<the input>" is not valid JSON`, echoing the input), so on failure the text is
 * scanned again by this small validator, which knows the grammar (RFC 8259) and stops at the first error.
 */
export interface JsonSyntaxError {
  /** UTF-16 index into the text. */
  offset: number;
  message: string;
}

enum State {
  Value,
  ArrayFirst,
  ObjectFirst,
  ObjectKey,
  Colon,
  After,
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: number[] = []; // 0x5b '[' or 0x7b '{'
  let state = State.Value;
  let i = 0;
  const n = text.length;
  for (;;) {
    i = skipWhitespace(text, i);
    const c = text.charCodeAt(i); // NaN at the end
    switch (state) {
      case State.Value:
      case State.ArrayFirst: {
        if (state === State.ArrayFirst && c === 0x5d) {
          stack.pop();
          i++;
          state = State.After;
          break;
        }
        if (c === 0x7b || c === 0x5b) {
          stack.push(c);
          i++;
          state = c === 0x7b ? State.ObjectFirst : State.ArrayFirst;
          break;
        }
        const end = scanScalar(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = State.After;
        break;
      }
      case State.ObjectFirst:
      case State.ObjectKey: {
        if (state === State.ObjectFirst && c === 0x7d) {
          stack.pop();
          i++;
          state = State.After;
          break;
        }
        if (c !== 0x22) {
          const expected = state === State.ObjectFirst ? `a property name or '}'` : 'a property name';
          return unexpected(text, i, expected);
        }
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        state = State.Colon;
        break;
      }
      case State.Colon:
        if (c !== 0x3a) return unexpected(text, i, `':' after the property name`);
        i++;
        state = State.Value;
        break;
      case State.After: {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          return i >= n ? undefined : unexpected(text, i, 'the end of the input after the JSON value');
        }
        const close = top === 0x7b ? 0x7d : 0x5d;
        if (c === 0x2c) {
          i++;
          state = top === 0x7b ? State.ObjectKey : State.Value;
        } else if (c === close) {
          stack.pop();
          i++;
        } else {
          const what =
            top === 0x7b ? `',' or '}' after a property value` : `',' or ']' after an array element`;
          return unexpected(text, i, what);
        }
        break;
      }
    }
  }
}

/** 1-based line and column of a UTF-16 offset. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function scanScalar(text: string, i: number): number | JsonSyntaxError {
  const c = text.charCodeAt(i);
  if (c === 0x22) return scanString(text, i);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanNumber(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  return unexpected(text, i, 'a value');
}

function scanString(text: string, start: number): number | JsonSyntaxError {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20)
      return { offset: i, message: 'control character in a string (newlines and tabs must be escaped)' };
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { offset: i, message: 'bad \\u escape: four hex digits must follow' };
        }
        i += 5;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || 'bfnrt'.includes(text.charAt(i + 1))) {
        i++;
      } else if (i + 1 >= text.length) {
        break;
      } else {
        return { offset: i, message: `bad escape \\${text.charAt(i + 1)} in a string` };
      }
    }
  }
  return { offset: start, message: 'unterminated string' };
}

function scanNumber(text: string, start: number): number | JsonSyntaxError {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (text.charCodeAt(i) === 0x30) {
    i++;
  } else {
    const digitsEnd = skipDigits(text, i);
    if (digitsEnd === i) return unexpected(text, i, 'a digit');
    i = digitsEnd;
  }
  if (text.charCodeAt(i) === 0x2e) {
    const fractionEnd = skipDigits(text, i + 1);
    if (fractionEnd === i + 1) return unexpected(text, i + 1, 'a digit after the decimal point');
    i = fractionEnd;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    const exponentEnd = skipDigits(text, i);
    if (exponentEnd === i) return unexpected(text, i, 'a digit in the exponent');
    i = exponentEnd;
  }
  return i;
}

function skipDigits(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++j));
  return j;
}

function skipWhitespace(text: string, i: number): number {
  let j = i;
  for (
    let c = text.charCodeAt(j);
    c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
    c = text.charCodeAt(++j)
  );
  return j;
}

function unexpected(text: string, i: number, expected: string): JsonSyntaxError {
  if (i >= text.length)
    return { offset: text.length, message: `unexpected end of input, expected ${expected}` };
  const c = text.codePointAt(i)!;
  const shown =
    c < 0x20 || c === 0x7f
      ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
      : `'${String.fromCodePoint(c)}'`;
  return { offset: i, message: `unexpected ${shown}, expected ${expected}` };
}
