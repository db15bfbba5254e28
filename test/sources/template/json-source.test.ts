import { describe, expect, it } from 'vitest';
import {
  childPointer,
  JsonSourceError,
  parseJsonWithPositions,
} from '../../../src/sources/template/json-source.ts';

describe('parseJsonWithPositions', () => {
  const text = [
    '{',
    '  "resources": [',
    '    {"type": "a/b", "name": "x"},',
    '    {',
    '      "name": "y~/z"',
    '    }',
    '  ],',
    '  "a/b": {"c~d": 1}',
    '}',
  ].join('\n');
  const { value, map } = parseJsonWithPositions(text);

  it('reads the same value as JSON.parse', () => {
    expect(value).toEqual(JSON.parse(text));
  });

  it.each([
    ['', 1, 1],
    ['/resources', 2, 16],
    ['/resources/0', 3, 5],
    ['/resources/0/name', 3, 29],
    ['/resources/1', 4, 5],
    ['/resources/1/name', 5, 15],
    ['/a~1b', 8, 10],
    ['/a~1b/c~0d', 8, 18],
  ])('locates %s at line %i, column %i', (pointer, line, column) => {
    expect(map.locate(pointer)).toEqual({ line, column });
  });

  it('places a pointer that names no value at its nearest recorded ancestor', () => {
    expect(map.locate('/resources/1/properties/missing')).toEqual({ line: 4, column: 5 });
  });

  it('escapes ~ and / in pointer tokens (RFC 6901)', () => {
    expect(childPointer('', 'a/b~c')).toBe('/a~1b~0c');
    expect(childPointer('/x', 3)).toBe('/x/3');
  });

  it('accepts // and /* */ comments, as az deployment does', () => {
    const parsed = parseJsonWithPositions('{\n  // a comment\n  "a": /* inline */ 1\n}');
    expect(parsed.value).toEqual({ a: 1 });
    expect(parsed.map.locate('/a')).toEqual({ line: 3, column: 21 });
  });

  it('skips a byte order mark', () => {
    expect(parseJsonWithPositions('\ufeff{"a": 1}').value).toEqual({ a: 1 });
  });

  it('keeps "__proto__" as an own property, not the prototype', () => {
    const parsed = parseJsonWithPositions('{"__proto__": {"polluted": true}}').value as Record<
      string,
      unknown
    >;
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes escapes in strings and keys', () => {
    expect(parseJsonWithPositions('{"a\\u0062": "\\"q\\"\\n"}').value).toEqual({ ab: '"q"\n' });
  });

  it.each([
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes'],
    ['{"a" 1}', 1, 6, "expected ':'"],
    ['[1 2]', 1, 4, "expected ',' or ']'"],
    ['{\n  "a": tru\n}', 2, 8, 'expected a JSON value'],
    ['{"a": "x\ny"}', 1, 9, 'control character'],
    ['{"a": 01}', 1, 7, 'cannot start with 0'],
    ['{"a": 1} x', 1, 10, 'unexpected content'],
    ['{"a": "open', 1, 7, 'unterminated string'],
    ['/* never closed', 1, 1, 'unterminated /* comment'],
  ])('reports %j at line %i, column %i', (input, line, column, message) => {
    try {
      parseJsonWithPositions(input);
      expect.unreachable('should have failed');
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSourceError);
      expect((error as JsonSourceError).position).toEqual({ line, column });
      expect((error as JsonSourceError).message).toContain(message);
    }
  });

  it('refuses nesting deeper than 512 levels instead of overflowing the stack', () => {
    expect(() => parseJsonWithPositions(`${'['.repeat(600)}${']'.repeat(600)}`)).toThrow(
      /nested more than 512/,
    );
  });
});
