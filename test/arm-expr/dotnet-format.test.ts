import { describe, expect, it } from 'vitest';
import { FormatError, formatComposite, formatNumber } from '../../src/arm-expr/dotnet-format.ts';

/** .NET invariant-culture results for the numeric format strings format() accepts. */
describe('formatNumber', () => {
  it.each([
    [8175133, 'N0', '8,175,133'],
    [1234.5678, 'N', '1,234.57'],
    [1234.5678, 'N3', '1,234.568'],
    [-1234.5, 'N1', '-1,234.5'],
    [42, 'D5', '00042'],
    [-42, 'D5', '-00042'],
    [255, 'X', 'FF'],
    [255, 'x4', '00ff'],
    [-1, 'X', 'FFFFFFFFFFFFFFFF'],
    [1.23456, 'F2', '1.23'],
    [3, 'F', '3.00'],
    [0.1234, 'P', '12.34 %'],
    [0.5, 'P0', '50 %'],
    [1234.5, 'E2', '1.23E+003'],
    [0.00012, 'e3', '1.200e-004'],
    [1234.5, 'C', '¤1,234.50'],
    // Invariant CurrencyNegativePattern 0 is "($n)" (NumberFormatInfo.CurrencyNegativePattern).
    [-1234.5, 'C', '(¤1,234.50)'],
    [-0.001, 'C', '¤0.00'],
    [123456789, 'G', '123456789'],
    [1234.5678, 'G3', '1.23E+03'],
    [0.000012345, 'G', '1.2345E-05'],
    [-0.001, 'F2', '0.00'],
    [1234567, '#,##0', '1,234,567'],
    [1234567, '#,##0,', '1,235'],
    [5, '000', '005'],
    [5.5, '0.00', '5.50'],
    [5.123, '0.0#', '5.12'],
    [5.1, '0.0#', '5.1'],
    [0.25, '0%', '25%'],
    [1234567890, '(###) ###-####', '(123) 456-7890'],
    [-5, '0;(0)', '(5)'],
    [0, '0;(0);zero', 'zero'],
    [-5, '0', '-5'],
    [12, "0' units'", '12 units'],
  ])('%d with %j -> %j', (value, spec, expected) => {
    expect(formatNumber(value, spec)).toBe(expected);
  });

  it('rejects D and X for non-integers', () => {
    expect(() => formatNumber(1.5, 'D')).toThrow(FormatError);
    expect(() => formatNumber(1.5, 'X')).toThrow(FormatError);
  });
});

describe('formatComposite', () => {
  it.each([
    ['{0}-{0}', ['a'], 'a-a'],
    ['{1}{0}', ['a', 'b'], 'ba'],
    ['{{{0}}}', ['x'], '{x}'],
    ['[{0,4}] [{0,-4}]', ['ab'], '[  ab] [ab  ]'],
    ['{0:N2}', [1234.5], '1,234.50'],
    ['{0,10:N2}', [1234.5], '  1,234.50'],
    ['{0:N2}', ['text'], 'text'], // strings ignore the format string
    ['{0}', [null], ''],
    ['{0}', [false], 'False'],
    // Whitespace may follow the index and surround the alignment, never precede the index.
    ['{0 }|{0 , 3}|{0,-3 }', ['a'], 'a|  a|a  '],
  ] as const)('%j with %j -> %j', (format, args, expected) => {
    expect(formatComposite(format, args)).toBe(expected);
  });

  it.each([
    ['{', 'not closed'],
    ['}', "lone '}'"],
    ['{x}', 'not in a correct format'],
    ['{0,a}', 'not in a correct format'],
    ['{ 0}', 'not in a correct format'],
    ['{2}', 'less than the size of the argument list'],
  ])('%j fails: %s', (format, message) => {
    expect(() => formatComposite(format, ['only'])).toThrow(message);
  });
});
