import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/util/input-error.ts';

describe('formatInputError', () => {
  it('locates the problem by file, line, column and pointer', () => {
    expect(formatInputError({ file: 'a.json', line: 3, column: 7, pointer: '/0/id', message: 'bad' })).toBe(
      'a.json:3:7 at /0/id: bad',
    );
  });

  it('prints what it quotes from the input inert: a terminal never sees its control characters', () => {
    const line = 'Failed password for \u001b[2J\u001b]0;x\u0007root\nnext';
    expect(formatInputError({ file: 'auth\u202e.log', line: 1, message: `cannot read "${line}"` })).toBe(
      'auth\\u202e.log:1: cannot read "Failed password for \\x1b[2J\\x1b]0;x\\x07root\\nnext"',
    );
  });
});
