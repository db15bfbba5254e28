import { describe, expect, it } from 'vitest';
import { compileRegex, MAX_NFA_STATES, RegexUnsupported } from '../../../src/threats/sigma/regex/index.ts';

describe('linear regex: matches like PCRE on the supported subset', () => {
  it.each([
    // SigmaHQ's own patterns (rules/linux, rules/windows)
    ['(.){200,}', 'x'.repeat(199), false],
    ['(.){200,}', 'x'.repeat(200), true],
    ['(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)', 'ls -lai /', true],
    ['(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)', 'ls -la /', false],
    ['(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)', 'ls --inode /', true],
    ['-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')', 'pnscan -W "aa bb cc" 10.0.0.0/8', true],
    ['-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')', 'pnscan -W "aa" x', false],
    ['(^|\\/)\\.[^.\\/]', '/tmp/.hidden', true],
    ['(^|\\/)\\.[^.\\/]', '.bashrc', true],
    ['(^|\\/)\\.[^.\\/]', '../up', false],
    ['^[A-Za-z0-9]{16}$', 'AbCdEfGh12345678', true],
    ['^[A-Za-z0-9]{16}$', 'AbCdEfGh123456789', false],
    ['\\s-O\\s', 'wget http://x -O /tmp/a', true],
    ['\\s-O\\s', 'wget http://x -o /tmp/a', false],
    // anchors, boundaries, flags
    ['\\bcat\\b', 'cat /etc/passwd', true],
    ['\\bcat\\b', 'concat x', false],
    ['\\Bcat', 'concat', true],
    ['a$', 'a\n', false],
    ['^$', '', true],
    ['x*', '', true],
    ['a|b|', 'zzz', true],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['[\\d.]+', 'v1.2', true],
    ['\\x41\\u0042', 'AB', true],
    ['a{,2}b', 'b', true],
    ['a{2', 'a{2', true],
    ['(?#comment)abc', 'abc', true],
    ['(?<name>ab)+c', 'ababc', true],
  ])('/%s/ on %j → %s', (pattern, input, expected) => {
    expect(compileRegex(pattern).test(input)).toBe(expected);
  });

  it.each([
    ['abc', { i: true }, 'xABCx', true],
    ['abc', {}, 'xABCx', false],
    ['[a-c]+z', { i: true }, 'ABCZ', true],
    ['[^a]', { i: true }, 'A', false],
    ['^b', {}, 'a\nb', false],
    ['^b', { m: true }, 'a\nb', true],
    ['a$', { m: true }, 'a\nb', true],
    ['a.b', {}, 'a\nb', false],
    ['a.b', { s: true }, 'a\nb', true],
  ])('/%s/ with flags %j on %j → %s', (pattern, flags, input, expected) => {
    expect(compileRegex(pattern, flags).test(input)).toBe(expected);
  });

  it('inline flags apply to the rest of their group, or only inside (?i:…)', () => {
    expect(compileRegex('(?i)select').test('SELECT')).toBe(true);
    expect(compileRegex('a(?i:b)c').test('aBc')).toBe(true);
    expect(compileRegex('a(?i:b)c').test('aBC')).toBe(false);
    expect(compileRegex('(a(?i)b)c').test('aBc')).toBe(true);
    expect(compileRegex('(a(?i)b)c').test('aBC')).toBe(false);
    expect(compileRegex('(?i-i)abc').test('ABC')).toBe(false);
  });

  it('agrees with JavaScript RegExp across a grid of patterns and inputs', () => {
    const patterns = [
      'ab*c',
      'a(b|cd)*e',
      '^(a|b)+$',
      '[a-f0-9]{2,4}-',
      'x?y+z*',
      '(ab|a)(bc|c)',
      '\\d+\\.\\d+',
      '\\w+@\\w+',
      '^\\s*#',
      '(a|b)*abb',
      'c[^d]e',
      '\\bfoo',
      'o\\b',
      '(?:x|y){3}',
      'a{2,}b',
      '.*z$',
    ];
    const inputs = [
      '',
      'abc',
      'ac',
      'abbbbc',
      'acde',
      'abcde',
      'ab',
      'ba',
      'aab',
      'abb',
      'babb',
      'ff00-',
      'f-',
      'xyz',
      'yy',
      '3.14',
      'a.b',
      'me@host',
      '  # c',
      '#',
      'cxe',
      'cde',
      'foo bar',
      'xfoo',
      'foo',
      'xyx',
      'xxy',
      'aab',
      'aaab',
      'zz',
      'az\n',
      'a\nz',
    ];
    for (const p of patterns) {
      const ours = compileRegex(p);
      const theirs = new RegExp(p);
      for (const s of inputs) expect([p, s, ours.test(s)]).toEqual([p, s, theirs.test(s)]);
    }
  });
});

describe('linear regex: hostile inputs cannot make it slow', () => {
  // Each of these takes a backtracking engine exponential or quadratic time on the input given; here they
  // complete, which is the test (no timing assertion: the automaton has no backtracking to trigger).
  it.each([
    ['(a+)+$', `${'a'.repeat(100_000)}!`],
    ['(a|aa)*c', 'a'.repeat(100_000)],
    ['(x+x+)+y', 'x'.repeat(100_000)],
    ['(a|a)*b', 'a'.repeat(100_000)],
    ['(.*a){20}b', 'a'.repeat(50_000)],
    ['^(\\w+\\s?)*$', `${'word '.repeat(20_000)}!`],
    ['(?:\\s-[^-\\s]{0,20}i|\\s--inode\\s)', ' -'.repeat(50_000)],
  ])('/%s/ on a long hostile input', (pattern, input) => {
    expect(compileRegex(pattern).test(input)).toBe(false);
  });

  it('keeps working when the lazy DFA cache overflows', () => {
    // Every position of this input reaches a new DFA state; the cache is dropped and rebuilt along the way.
    const r = compileRegex('[a-z](.){200}Z');
    const input = `${'abcdefghij'.repeat(5_000)}Z`;
    expect(r.test(input)).toBe(true);
    expect(r.test(input.slice(0, -1))).toBe(false);
  });
});

describe('linear regex: constructs that need backtracking are rejected, by name', () => {
  it.each([
    ['(a)\\1', 'backreference'],
    ['(?<n>a)\\k<n>', 'backreference'],
    ['(?=x)y', 'lookahead'],
    ['(?!x)y', 'negative lookahead'],
    ['(?<=x)y', 'lookbehind'],
    ['(?<!x)y', 'lookbehind'],
    ['(?>ab)', 'atomic group'],
    ['a*+', 'possessive quantifier'],
    ['\\p{L}', 'escape \\p'],
    ['[[:alpha:]]', 'POSIX class'],
    ['(?x) a', 'extended mode'],
    ['a**', 'quantifier on a quantifier'],
    ['*a', 'nothing to repeat'],
    ['(ab', "missing ')'"],
    ['ab)', "unbalanced ')'"],
    ['x{1001}', 'counted repetition above 1000'],
    ['^*', 'quantifier on an assertion'],
  ])('/%s/ → %s', (pattern, message) => {
    expect(() => compileRegex(pattern)).toThrow(RegexUnsupported);
    expect(() => compileRegex(pattern)).toThrow(message);
  });

  it('rejects a pattern whose automaton would exceed the state bound', () => {
    expect(() => compileRegex('((a{1000}){1000})')).toThrow(`more than ${MAX_NFA_STATES} automaton states`);
  });
});
