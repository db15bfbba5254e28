import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/**
 * Examples and their documented outputs from
 * MicrosoftDocs/azure-docs articles/azure-resource-manager/templates/template-functions-string.md
 * (ms.date 08/01/2025) and the sample templates it includes.
 */
const documented: Example[] = [
  // base64 / base64ToString / base64ToJson (sample string/base64.json)
  { expression: "[base64('one, two, three')]", expected: 'b25lLCB0d28sIHRocmVl' },
  { expression: "[base64ToString('b25lLCB0d28sIHRocmVl')]", expected: 'one, two, three' },
  {
    expression: "[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]",
    expected: { one: 'a', two: 'b' },
  },
  // dataUri / dataUriToString
  { expression: "[dataUri('Hello')]", expected: 'data:text/plain;charset=utf8;base64,SGVsbG8=' },
  { expression: "[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", expected: 'Hello, World!' },
  // startsWith / endsWith are case-insensitive
  { expression: "[startsWith('abcdef', 'ab')]", expected: true },
  { expression: "[startsWith('abcdef', 'A')]", expected: true },
  { expression: "[startsWith('abcdef', 'e')]", expected: false },
  { expression: "[endsWith('abcdef', 'ef')]", expected: true },
  { expression: "[endsWith('abcdef', 'F')]", expected: true },
  { expression: "[endsWith('abcdef', 'e')]", expected: false },
  // format
  {
    expression:
      "[format('{0}, {1}. Formatted number: {2:N0}', parameters('greeting'), parameters('name'), parameters('numberToFormat'))]",
    ctx: { parameters: { greeting: 'Hello', name: 'User', numberToFormat: 8175133 } },
    expected: 'Hello, User. Formatted number: 8,175,133',
  },
  // join
  {
    expression: "[join(variables('arrayString'), ',')]",
    ctx: { variables: { arrayString: ['one', 'two', 'three'] } },
    expected: 'one,two,three',
  },
  {
    expression: "[join(variables('arrayString'), ';')]",
    ctx: { variables: { arrayString: ['one', 'two', 'three'] } },
    expected: 'one;two;three',
  },
  // padLeft
  {
    expression: "[padLeft(parameters('testString'),10,'0')]",
    ctx: { parameters: { testString: '123' } },
    expected: '0000000123',
  },
  // replace
  {
    expression: "[replace(parameters('testString'),'-', '')]",
    ctx: { parameters: { testString: '123-123-1234' } },
    expected: '1231231234',
  },
  {
    expression: "[replace(parameters('testString'),'1234', 'xxxx')]",
    ctx: { parameters: { testString: '123-123-1234' } },
    expected: '123-123-xxxx',
  },
  // split
  {
    expression: "[split(parameters('firstString'),',')]",
    ctx: { parameters: { firstString: 'one,two,three' } },
    expected: ['one', 'two', 'three'],
  },
  {
    expression: "[split(parameters('secondString'),variables('delimiters'))]",
    ctx: { parameters: { secondString: 'one;two,three' }, variables: { delimiters: [',', ';'] } },
    expected: ['one', 'two', 'three'],
  },
  // string
  {
    expression: "[string(parameters('testObject'))]",
    ctx: { parameters: { testObject: { valueA: 10, valueB: 'Example Text' } } },
    expected: '{"valueA":10,"valueB":"Example Text"}',
  },
  {
    expression: "[string(parameters('testArray'))]",
    ctx: { parameters: { testArray: ['a', 'b', 'c'] } },
    expected: '["a","b","c"]',
  },
  { expression: "[string(parameters('testInt'))]", ctx: { parameters: { testInt: 5 } }, expected: '5' },
  // substring
  {
    expression: "[substring(parameters('testString'), 4, 3)]",
    ctx: { parameters: { testString: 'one two three' } },
    expected: 'two',
  },
  // toLower / toUpper / trim
  { expression: "[toLower('One Two Three')]", expected: 'one two three' },
  { expression: "[toUpper('One Two Three')]", expected: 'ONE TWO THREE' },
  { expression: "[trim('    one two three   ')]", expected: 'one two three' },
  // uri / uriComponent / uriComponentToString
  {
    expression: "[uri('http://contoso.org/firstpath', 'myscript.sh')]",
    expected: 'http://contoso.org/myscript.sh',
  },
  {
    expression: "[uri('http://contoso.org/firstpath/', 'myscript.sh')]",
    expected: 'http://contoso.org/firstpath/myscript.sh',
  },
  {
    expression: "[uri('http://contoso.org/firstpath/', '/myscript.sh')]",
    expected: 'http://contoso.org/firstpath/myscript.sh',
  },
  {
    expression: "[uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')]",
    expected: 'http://contoso.org/firstpath/myscript.sh',
  },
  {
    expression: "[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]",
    expected: 'http://contoso.org/firstpath/azuredeploy.json/myscript.sh',
  },
  {
    expression: "[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]",
    expected: 'http://contoso.com/resources/nested/azuredeploy.json',
  },
  {
    expression: "[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]",
    expected: 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json',
  },
  {
    expression: "[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]",
    expected: 'http://contoso.com/resources/nested/azuredeploy.json',
  },
];

describe('string functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });
});

describe('string functions: edge cases', () => {
  it.each<Example>([
    // .NET String.Split(string[]) semantics: empty pieces kept, first matching delimiter wins.
    { expression: "[split('a,,b', ',')]", expected: ['a', '', 'b'] },
    { expression: "[split('a->b-c', createArray('-', '->'))]", expected: ['a', '>b', 'c'] },
    { expression: "[split('a->b-c', createArray('->', '-'))]", expected: ['a', 'b', 'c'] },
    { expression: "[split('abc', '')]", expected: ['abc'] },
    // Azure Policy built-ins split resource IDs and index the pieces.
    { expression: "[split('/subscriptions/s/resourceGroups/rg', '/')[4]]", expected: 'rg' },
    { expression: "[substring('abc', 1)]", expected: 'bc' },
    { expression: "[substring('abc', 3, 0)]", expected: '' },
    { expression: "[padLeft(7, 3, '0')]", expected: '007' },
    { expression: "[padLeft('abcd', 2)]", expected: 'abcd' },
    { expression: "[padLeft('a', 3)]", expected: '  a' },
    { expression: "[replace('aaa', 'a', '$&')]", expected: '$&$&$&' },
    // .NET invariant casing maps character by character, one to one (String.ToUpperInvariant).
    { expression: "[toUpper('straße')]", expected: 'STRAßE' },
    { expression: "[toUpper('ﬁle-ŉ')]", expected: 'ﬁLE-ŉ' },
    { expression: "[toLower('ΟΔΟΣ')]", expected: 'οδοσ' },
    { expression: "[toLower('İSTANBUL')]", expected: 'istanbul' },
    { expression: "[toUpper('vm-ünïcode-😀')]", expected: 'VM-ÜNÏCODE-😀' },
    { expression: '[string(true())]', expected: 'True' },
    { expression: '[string(null())]', expected: '' },
    { expression: "[uriComponent('a b!*''()~')]", expected: 'a%20b%21%2A%27%28%29~' },
    { expression: "[uri('http://contoso.org', 'x.sh')]", expected: 'http://contoso.org/x.sh' },
    { expression: "[uri('http://contoso.org/a/b/', '../c.sh')]", expected: 'http://contoso.org/a/c.sh' },
    // The base's query and fragment take no part in the merge (RFC 3986 §5.2, which …-string.md#uri cites):
    // a templateLink with a SAS token whose signature holds '/' still resolves next to the template.
    {
      expression:
        "[uri('https://st.blob.core.windows.net/t/main.json?sv=2022-11-02&sig=ab/cd%3D', 'nested/vm.json')]",
      expected: 'https://st.blob.core.windows.net/t/nested/vm.json',
    },
    {
      expression: "[uri('http://contoso.org/a/b.json#x/y', 'c.json')]",
      expected: 'http://contoso.org/a/c.json',
    },
    {
      expression: "[uri('http://contoso.org/a/b.json?x=1#top', '')]",
      expected: 'http://contoso.org/a/b.json?x=1',
    },
    {
      expression: "[uri('http://contoso.org/a/b.json?x=1', '?y=2')]",
      expected: 'http://contoso.org/a/b.json?y=2',
    },
    {
      expression: "[uri('http://contoso.org/a/', 'https://other.example/x')]",
      expected: 'https://other.example/x',
    },
    { expression: "[dataUriToString('data:text/plain,Hello%2C%20World')]", expected: 'Hello, World' },
    { expression: '[json(\'{"a": [1, 2, {"b": null}]}\')]', expected: { a: [1, 2, { b: null }] } },
    { expression: "[json('null')]", expected: null },
    { expression: "[json('{a: ''b'' /* comment */}')]", expected: { a: 'b' } },
    { expression: "[format('{0,5}|{0,-5}|{1}', 'ab', true())]", expected: '   ab|ab   |True' },
    {
      expression: "[format('{{literal}} {0:D4} {1:X} {2:F1} {3:P0}', 42, 255, float('2.25'), float('0.5'))]",
      expected: '{literal} 0042 FF 2.3 50 %',
    },
  ])('$expression', ({ expression, expected, ctx }) => {
    expect(evaluate(expression, ctx)).toEqual(expected);
  });

  it.each([
    [
      "[substring('1234567890', 0, 11)]",
      "The index parameter: '0', the length parameter: '11', the length of the string parameter: '10'",
    ],
    ["[substring('abc', 4)]", "The index parameter: '4'"],
    ["[substring('abc', -1, 1)]", "The index parameter: '-1'"],
    ["[base64ToString('not base64!')]", 'not valid base64'],
    ["[base64ToJson(base64('{oops'))]", 'not valid JSON'],
    ["[json('[1, 2')]", 'not valid JSON'],
    ["[padLeft('a', 5, 'ab')]", 'single character'],
    ["[padLeft('a', 99999999)]", 'between 0 and'],
    ["[replace('abc', '', 'x')]", 'must not be empty'],
    ["[format('{1}', 'only one')]", 'less than the size of the argument list'],
    ["[format('{0', 'x')]", 'not closed'],
    ["[format('}', 'x')]", "lone '}'"],
    ["[format('{0}', createArray(1))]", 'strings, integers and booleans'],
    ["[dataUriToString('hello')]", 'not a data URI'],
    ["[uriComponentToString('%E0%A4%A')]", 'malformed'],
    ["[join(createArray('a', createArray()), ',')]", 'every element'],
    ['[toLower(1)]', "expects its first parameter to be of type 'String'"],
    ["[uniqueString('a', 1)]", "expects its second parameter to be of type 'String'"],
    ['[guid(null())]', "The provided value is of type 'Null'"],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
