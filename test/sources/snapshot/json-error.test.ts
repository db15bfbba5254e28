import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumnAt } from '../../../src/sources/snapshot/json-error.ts';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a":}', 5, "unexpected '}', expected a value"],
    ['{"a":1', 6, "unexpected end of input, expected ',' or '}' after a property value"],
    ['{"a":1,}', 7, "unexpected '}', expected a property name"],
    ['[1,]', 3, "unexpected ']', expected a value"],
    ['[1 2]', 3, "unexpected '2', expected ',' or ']' after an array element"],
    ['{"a" 1}', 5, "unexpected '1', expected ':' after the property name"],
    ["{'a':1}", 1, "unexpected ''', expected a property name or '}'"],
    ['{"a":tru}', 5, "unexpected 't', expected a value"],
    ['{"a":01}', 6, "unexpected '1', expected ',' or '}' after a property value"],
    ['{"a":1.}', 7, "unexpected '}', expected a digit after the decimal point"],
    ['{"a":-}', 6, "unexpected '}', expected a digit"],
    ['{"a":1e}', 7, "unexpected '}', expected a digit in the exponent"],
    ['{"a":"x\ny"}', 7, 'control character in a string (newlines and tabs must be escaped)'],
    ['{"a":"\\x"}', 6, 'bad escape \\x in a string'],
    ['{"a":"\\u12"}', 6, 'bad \\u escape: four hex digits must follow'],
    ['{"a":"open', 5, 'unterminated string'],
    ['{"a":1} {"b":2}', 8, "unexpected '{', expected the end of the input after the JSON value"],
    ['', 0, 'unexpected end of input, expected a value'],
    ['{"a":\u0001}', 5, 'unexpected U+0001, expected a value'],
  ])('%j fails at %i: %s', (text, offset, message) => {
    expect(JSON.parse.bind(JSON, text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ offset, message });
  });

  it.each([
    '{"id":"/subscriptions/x","tags":{},"properties":null,"zones":["1"]}',
    ' [ -0.5e+10 , true , false , null , "\\u00e9\\n\\"" , {} , [] ] ',
    '"just a string"',
    '{"nested":{"deeper":[[[{"a":[1,2,{"b":"c"}]}]]]}}',
  ])('accepts valid JSON %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });
});

describe('lineColumnAt', () => {
  it('counts lines and columns from 1', () => {
    const text = '{\n  "a": 1,\n  "b": }';
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, text.indexOf('}', 3))).toEqual({ line: 3, column: 8 });
    expect(lineColumnAt(text, text.indexOf('\n'))).toEqual({ line: 1, column: 2 });
  });
});

describe('findJsonSyntaxError against JSON.parse', () => {
  it('agrees on which of many damaged documents are valid', () => {
    const base =
      '{"id":"/subscriptions/x/resourceGroups/rg","tags":{"a":"b\\"c"},"n":[1,-2.5e3,true,null],"s":"\\u00e9"}';
    const alphabet = '{}[]",:\\ 0123456789.eE+-truefalsenull\n';
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let disagreements = 0;
    for (let round = 0; round < 3000; round++) {
      const at = random(base.length);
      const edit = random(3);
      const char = alphabet[random(alphabet.length)]!;
      const text =
        edit === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : edit === 1
            ? base.slice(0, at) + char + base.slice(at)
            : base.slice(0, at) + char + base.slice(at + 1);
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      if (valid !== (findJsonSyntaxError(text) === undefined)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });
});
