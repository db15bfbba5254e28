import { describe, expect, it } from 'vitest';
import {
  ExpressionSyntaxError,
  isExpression,
  parseExpression,
  unescapeLiteral,
} from '../../src/arm-expr/index.ts';

describe('isExpression', () => {
  it.each([
    ['[concat()]', true],
    ["[parameters('a')]", true],
    ['[[test value]', false], // escaped literal (template-expressions.md#escape-characters)
    ['[test] value', false], // does not end with ']'
    ['plain', false],
    ['[', false],
    ['', false],
    ['[]', true], // bracketed, so ARM parses it, and parsing then fails
  ])('%j -> %s', (text, expected) => {
    expect(isExpression(text)).toBe(expected);
  });
});

describe('unescapeLiteral', () => {
  it.each([
    ['[[test value]', '[test value]'],
    ['[[1,2,3 ]', '[1,2,3 ]'],
    ['[test] value', '[test] value'],
    ['[[no closing', '[[no closing'],
    ['plain', 'plain'],
  ])('%j -> %j', (text, expected) => {
    expect(unescapeLiteral(text)).toBe(expected);
  });
});

describe('parseExpression', () => {
  it('parses a call with string and integer arguments, with offsets into the source', () => {
    expect(parseExpression("[concat('a', -12)]")).toEqual({
      kind: 'call',
      name: 'concat',
      offset: 1,
      args: [
        { kind: 'literal', value: 'a', offset: 8 },
        { kind: 'literal', value: -12, offset: 13 },
      ],
    });
  });

  it("unescapes '' inside string literals", () => {
    expect(parseExpression("[createObject('abc', '''quoted''')]")).toMatchObject({
      args: [{ value: 'abc' }, { value: "'quoted'" }],
    });
  });

  it('chains property and index access after calls', () => {
    const expr = parseExpression("[resourceGroup().tags['x'].y]");
    expect(expr).toMatchObject({
      kind: 'property',
      name: 'y',
      object: {
        kind: 'index',
        index: { kind: 'literal', value: 'x' },
        object: { kind: 'property', name: 'tags', object: { kind: 'call', name: 'resourceGroup', args: [] } },
      },
    });
  });

  it('parses index access by an expression', () => {
    expect(parseExpression("[split(field('id'), '/')[add(1, 3)]]")).toMatchObject({
      kind: 'index',
      object: { kind: 'call', name: 'split' },
      index: { kind: 'call', name: 'add' },
    });
  });

  it('parses namespaced user-defined function calls', () => {
    expect(parseExpression("[contoso.uniqueName('x')]")).toMatchObject({
      kind: 'call',
      name: 'contoso.uniqueName',
    });
  });

  it('keeps the name as written (lookup is case-insensitive later)', () => {
    expect(parseExpression("[VARIABLES('VAR1')]")).toMatchObject({ kind: 'call', name: 'VARIABLES' });
  });

  it('tolerates whitespace and newlines between tokens', () => {
    expect(parseExpression("[ concat ( 'a' ,\n\t'b' ) . length ]")).toMatchObject({
      kind: 'property',
      name: 'length',
      object: { kind: 'call', name: 'concat', args: [{ value: 'a' }, { value: 'b' }] },
    });
  });

  it('treats Unicode spaces as whitespace, as in built-in policies that contain U+202F', () => {
    expect(parseExpression("[concat('a',\u202funiqueString('b'))]")).toMatchObject({
      args: [{ value: 'a' }, { kind: 'call', name: 'uniqueString' }],
    });
  });

  it('parses nested calls as deep as built-in policies write them', () => {
    const source =
      "[if(and(not(empty(field('a'))), contains(field('a'),'-')), and(lessOrEquals(int(first(split(field('a'), '-'))),22),greaterOrEquals(int(last(split(field('a'), '-'))),22)), 'false')]";
    expect(parseExpression(source)).toMatchObject({ kind: 'call', name: 'if' });
  });

  it.each([
    ['[]', 1, 'empty'],
    ['[concat(]', 8, 'Unexpected'],
    ["[concat('a']", 1, "Missing ')'"],
    ["[concat('a' 'b')]", 12, "Expected ',' or ')'"],
    ["[concat('abc)]", 8, 'Unterminated string'],
    ['[true]', 5, 'true()'],
    ['[null]', 5, 'null()'],
    ['[foo.bar]', 8, "Expected '('"],
    ['[add(1.5, 2)]', 5, 'decimal'],
    ["[concat('a')x]", 12, 'after the end'],
    ['[a()[]]', 5, 'index'],
    ['[a().]', 5, 'property name'],
    ['[-]', 1, 'digits'],
    ['[add(99999999999999999999, 1)]', 5, 'range'],
    ['[@]', 1, "Unexpected '@'"],
    ['plain text', 0, "must start with '['"],
  ])('rejects %j at offset %i', (source, offset, message) => {
    let caught: unknown;
    try {
      parseExpression(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionSyntaxError);
    expect((caught as ExpressionSyntaxError).offset).toBe(offset);
    expect((caught as ExpressionSyntaxError).message).toContain(message);
  });

  it('rejects absurd nesting with a syntax error rather than a stack overflow', () => {
    const source = `[${'not('.repeat(5000)}true()${')'.repeat(5000)}]`;
    expect(() => parseExpression(source)).toThrow(/nested more than/);
  });

  it('parses a long string literal in linear time', () => {
    const source = `[concat('${'x'.repeat(200_000)}')]`;
    const started = performance.now();
    parseExpression(source);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
