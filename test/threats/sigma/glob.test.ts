import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../src/threats/sigma/glob.ts';
import { parseSigmaString, toSource } from '../../../src/threats/sigma/sigma-string.ts';

const glob = (pattern: string, caseless = true) => compileGlob(parseSigmaString(pattern), caseless);

describe('Sigma string escapes (sigma-rules-specification.md, "Escape Character")', () => {
  // Each spec sentence, as (rule text, plain text it stands for, whether it has wildcards).
  it.each([
    ['C:\\Windows\\cmd.exe', 'C:\\Windows\\cmd.exe'], // a plain backslash may be single…
    ['C:\\\\Windows\\\\cmd.exe', 'C:\\Windows\\cmd.exe'], // …or double
    ['\\*', '*'], // an escaped wildcard is a plain character
    ['\\?', '?'],
    ['\\\\\\*', '\\*'], // three backslashes: plain backslash and plain star
    ['\\\\\\\\', '\\\\'], // four backslashes: two plain ones
    ['\\\\\\', '\\\\'], // three backslashes at the end: also two
  ])('%s means the plain text %s', (rule, plain) => {
    const s = parseSigmaString(rule);
    expect(s.parts).toEqual([plain]);
  });

  it('\\\\* is a backslash followed by a wildcard', () => {
    const m = glob('C:\\\\*');
    expect(m('c:\\anything')).toBe(true);
    expect(m('c:anything')).toBe(false);
  });

  it('prints values back in Sigma form', () => {
    expect(toSource(parseSigmaString('a\\*b*c?'))).toBe('a\\*b*c?');
  });
});

describe('wildcard matching', () => {
  it.each([
    ['prog?.exe', 'progA.exe', true],
    ['prog?.exe', 'prog.exe', false],
    ['prog?.exe', 'progAB.exe', false],
    ['antivirus_V*.exe', 'antivirus_V21.2.1.exe', true],
    ['antivirus_V*.exe', 'antivirus_V21.2.1.dll', false],
    ['*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe', true],
    ['adm*', 'administrator', true],
    ['*sh_history', '/root/.bash_history', true],
    ['*a*b*c*', 'xxaxxbxxcxx', true],
    ['*a*b*c*', 'xxcxxbxxaxx', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['?', 'x', true],
    ['*?x?*', 'ax', false],
    ['*?x?*', 'axb', true],
    ['a?c*e?g', 'abcdefg', true],
    ['a?c*e?g', 'abcdeg', false],
    ['x*?', 'x', false],
    ['CMD', 'cmd', true],
  ])('%s ~ %j → %s', (pattern, input, expected) => {
    expect(glob(pattern)(input.toLowerCase())).toBe(expected);
  });

  it('is case-sensitive when asked', () => {
    expect(glob('CMD*', false)('CMD.exe')).toBe(true);
    expect(glob('CMD*', false)('cmd.exe')).toBe(false);
  });

  it('matches a hostile input against many wildcards without backtracking blow-up', () => {
    // A backtracking matcher takes time exponential in the number of stars here; this completes.
    const pattern = `${'*a'.repeat(30)}*b`;
    expect(glob(pattern)('a'.repeat(200_000))).toBe(false);
    expect(glob('*a?a?a?a?a?a?b*')('a'.repeat(200_000))).toBe(false);
  });
});
