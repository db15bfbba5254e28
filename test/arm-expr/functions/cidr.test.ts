import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../../src/arm-expr/index.ts';
import { type Example, evaluate } from '../evaluate.ts';

/** Examples from MicrosoftDocs/azure-docs templates/template-functions-cidr.md (ms.date 06/20/2024). */
const documented: Example[] = [
  {
    expression: "[parseCidr('10.144.0.0/20')]",
    expected: {
      network: '10.144.0.0',
      netmask: '255.255.240.0',
      broadcast: '10.144.15.255',
      firstUsable: '10.144.0.1',
      lastUsable: '10.144.15.254',
      cidr: 20,
    },
  },
  {
    expression: "[parseCidr('fdad:3236:5555::/48')]",
    expected: {
      network: 'fdad:3236:5555::',
      netmask: 'ffff:ffff:ffff::',
      firstUsable: 'fdad:3236:5555::',
      lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff',
      cidr: 48,
    },
  },
  ...[0, 1, 2, 3, 4].map((i) => ({
    expression: `[cidrSubnet('10.144.0.0/20', 24, ${i})]`,
    expected: `10.144.${i}.0/24`,
  })),
  { expression: "[cidrSubnet('fdad:3236:5555::/48', 52, 0)]", expected: 'fdad:3236:5555::/52' },
  { expression: "[cidrSubnet('fdad:3236:5555::/48', 52, 4)]", expected: 'fdad:3236:5555:4000::/52' },
  { expression: "[cidrHost('10.144.3.0/24', 0)]", expected: '10.144.3.1' },
  { expression: "[cidrHost('10.144.3.0/24', 4)]", expected: '10.144.3.5' },
  { expression: "[cidrHost('fdad:3236:5555:3000::/52', 0)]", expected: 'fdad:3236:5555:3000::1' },
  { expression: "[cidrHost('fdad:3236:5555:3000::/52', 4)]", expected: 'fdad:3236:5555:3000::5' },
];

describe('CIDR functions: documented examples', () => {
  it.each(documented)('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('CIDR functions: edge cases', () => {
  it.each<Example>([
    // Host bits in the input are cleared, as a VNet prefix written loosely would be.
    { expression: "[cidrSubnet('10.1.2.3/16', 24, 5)]", expected: '10.1.5.0/24' },
    { expression: "[cidrSubnet('10.0.0.0/16', 16, 0)]", expected: '10.0.0.0/16' },
    { expression: "[cidrSubnet('10.0.0.0/8', 32, 16777215)]", expected: '10.255.255.255/32' },
    { expression: "[parseCidr('10.0.0.7/32').firstUsable]", expected: '10.0.0.7' },
    { expression: "[parseCidr('10.0.0.6/31').lastUsable]", expected: '10.0.0.7' },
    { expression: "[parseCidr('0.0.0.0/0').netmask]", expected: '0.0.0.0' },
    { expression: "[parseCidr('2001:db8:0:1::/64').network]", expected: '2001:db8:0:1::' },
    { expression: "[cidrSubnet('2001:db8::/32', 48, 1)]", expected: '2001:db8:1::/48' },
    { expression: "[cidrHost('10.0.0.0/30', 1)]", expected: '10.0.0.2' },
  ])('$expression', ({ expression, expected }) => {
    expect(evaluate(expression)).toEqual(expected);
  });

  it.each([
    ["[parseCidr('10.0.0.0')]", 'not in CIDR notation'],
    ["[parseCidr('10.0.0.0/33')]", 'invalid prefix length'],
    ["[parseCidr('300.0.0.0/8')]", 'is not an IPv4 or IPv6 address'],
    ["[cidrSubnet('10.0.0.0/16', 8, 0)]", 'the new CIDR 8 must be from 16 to 32'],
    ["[cidrSubnet('10.0.0.0/16', 24, 256)]", 'subnet index 256 is out of range'],
    ["[cidrSubnet('10.0.0.0/16', 24, -1)]", 'subnet index -1 is out of range'],
    ["[cidrHost('10.0.0.0/30', 2)]", 'host index 2 is outside the usable addresses'],
    ["[cidrSubnet('10.0.0.0/16', '24', 0)]", "second parameter to be of type 'Integer'"],
  ])('%s fails: %s', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(ExpressionError);
    expect(() => evaluate(expression)).toThrow(message);
  });
});
