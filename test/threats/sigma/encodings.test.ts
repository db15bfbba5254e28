import { describe, expect, it } from 'vitest';
import { base64, base64offset, utf16, windash } from '../../../src/threats/sigma/encodings.ts';
import { literal, parseSigmaString, plainText } from '../../../src/threats/sigma/sigma-string.ts';

const texts = (values: ReturnType<typeof windash>) => values.map((v) => plainText(v));

describe('encoding modifiers (sigma-appendix-modifiers.md)', () => {
  it('base64 encodes the value', () => {
    expect(plainText(base64(literal('/bin/bash')))).toBe('L2Jpbi9iYXNo');
  });

  it('base64offset gives the three shifted forms', () => {
    // The values Sigma's documentation gives for `/bin/bash`.
    expect(texts(base64offset(literal('/bin/bash')))).toEqual(['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2']);
  });

  it('utf16le / utf16be / utf16 encode as the appendix shows (cmd → 63 00 6d 00 64 00)', () => {
    const bytes = (s: ReturnType<typeof utf16>) => [...plainText(s)!].map((c) => c.charCodeAt(0));
    expect(bytes(utf16(literal('cmd'), 'le', false))).toEqual([0x63, 0, 0x6d, 0, 0x64, 0]);
    expect(bytes(utf16(literal('cmd'), 'be', false))).toEqual([0, 0x63, 0, 0x6d, 0, 0x64]);
    expect(bytes(utf16(literal('cmd'), 'le', true))).toEqual([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]);
  });

  it('wide then base64offset finds UTF-16 text inside PowerShell -EncodedCommand payloads', () => {
    expect(texts(base64offset(utf16(literal('ping'), 'le', false)))).toEqual([
      'cABpAG4AZw',
      'AAaQBuAGcA',
      'wAGkAbgBnA',
    ]);
  });

  it('refuses to encode a value with wildcards', () => {
    expect(() => base64(parseSigmaString('a*'))).toThrow('cannot encode a value with wildcards');
  });

  it('windash varies each flag dash over - / – — ―, not dashes inside words', () => {
    expect(texts(windash(literal(' -exec-policy')))).toEqual([
      ' -exec-policy',
      ' /exec-policy',
      ' \u2013exec-policy',
      ' \u2014exec-policy',
      ' \u2015exec-policy',
    ]);
    expect(windash(literal('-a -b'))).toHaveLength(25);
  });
});
