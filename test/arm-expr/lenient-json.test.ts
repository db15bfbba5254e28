import { describe, expect, it } from 'vitest';
import { parseLenientJson } from '../../src/arm-expr/lenient-json.ts';

describe('parseLenientJson', () => {
  it.each([
    ['{"a": 1}', { a: 1 }],
    ["{'one': 'a', 'two': 'b'}", { one: 'a', two: 'b' }], // the docs' base64ToJson input
    ["{unquoted: 'v', $x_1: [1, 'two', true, null]}", { unquoted: 'v', $x_1: [1, 'two', true, null] }],
    ["// leading comment\n{ 'a': /* inline */ 1 }", { a: 1 }],
    ["'a\\'b\\n\\u0041'", "a'b\nA"],
    ['[]', []],
    ['-1.5e2', -150],
    ['null', null],
    // Newtonsoft.Json ignores trailing commas, several too (dotnet/docs migrate-from-newtonsoft.md#trailing-commas).
    ['{"rules": [22, 443,], "on": true,}', { rules: [22, 443], on: true }],
    ['[{"Color":"Red"},{"Color":"Green"},,]', [{ Color: 'Red' }, { Color: 'Green' }]],
    ['[1, /* c */ , ]', [1]],
  ])('%j', (text, expected) => {
    expect(parseLenientJson(text)).toEqual(expected);
  });

  it.each([
    ['{a 1}', "expected ':'"],
    ["{'a': 1", "expected ',' or '}'"],
    ['[1 2]', "expected ',' or ']'"],
    ['[1,,2]', 'expected a value'],
    ['[,]', 'expected a value'],
    ['{,}', 'expected a property name'],
    ["'open", 'unterminated string'],
    ['/* open', 'unterminated comment'],
    ['{} extra', 'unexpected content'],
    ["'it''s'", 'unexpected content'], // JSON has no doubled-quote escape, unlike ARM string literals
    ['undefined', "unexpected 'undefined'"],
    ['', 'expected a value'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseLenientJson(text)).toThrow(message);
  });

  it('keeps __proto__ as data', () => {
    const value = parseLenientJson("{'__proto__': {'x': 1}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('rejects absurd nesting instead of overflowing the stack', () => {
    expect(() => parseLenientJson(`${'['.repeat(10_000)}'x`)).toThrow('nested too deeply');
  });
});
