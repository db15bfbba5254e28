import { describe, expect, it } from 'vitest';
import { styleFor } from '../../src/report/style.ts';
import { printable } from '../../src/util/printable.ts';

describe('printable', () => {
  it.each([
    [
      'plain ASCII and Unicode stay as they are',
      'vm-web-01 虚拟机 é 🙂 | ` <b>',
      'vm-web-01 虚拟机 é 🙂 | ` <b>',
    ],
    ['clear screen and cursor home', 'vm\x1b[2J\x1b[H', 'vm\\x1b[2J\\x1b[H'],
    ['a window title (OSC 0, BEL)', '\x1b]0;owned\x07', '\\x1b]0;owned\\x07'],
    [
      'a hyperlink (OSC 8, ST)',
      '\x1b]8;;http://evil.example\x1b\\x\x1b]8;;\x1b\\',
      '\\x1b]8;;http://evil.example\\x1b\\x\\x1b]8;;\\x1b\\',
    ],
    ['cursor up and erase line', 'nsg\x1b[1A\x1b[K', 'nsg\\x1b[1A\\x1b[K'],
    ['C1 CSI, NEL and DEL', 'a\u009b31mb\u0085c\u007f', 'a\\x9b31mb\\x85c\\x7f'],
    ['line breaks, carriage return and tab', 'one\ntwo\r\tthree', 'one\\ntwo\\r\\tthree'],
    ['NUL and backspace', 'a\u0000b\bc', 'a\\x00b\\x08c'],
    [
      'bidi override and isolate (Trojan Source)',
      'vm-\u202eexe.txt\u2066x\u2069',
      'vm-\\u202eexe.txt\\u2066x\\u2069',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ])('%s', (_, input, output) => {
    expect(printable(input)).toBe(output);
  });
});

describe('styleFor', () => {
  it.each([
    ['a terminal', { isTTY: true }, {}, true],
    ['a terminal with NO_COLOR=1', { isTTY: true }, { NO_COLOR: '1' }, false],
    // no-color.org: NO_COLOR set to an empty string does not disable colour.
    ['a terminal with NO_COLOR empty', { isTTY: true }, { NO_COLOR: '' }, true],
    ['a pipe', { isTTY: false }, {}, false],
    ['no stream', {}, {}, false],
  ])('%s', (_, stream, env, coloured) => {
    expect(styleFor(stream, env).red('x') !== 'x').toBe(coloured);
  });
});
