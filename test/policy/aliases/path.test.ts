import { describe, expect, it } from 'vitest';
import {
  type PathSegment,
  parsePath,
  pathUnderArray,
  wildcardPrefixes,
} from '../../../src/policy/aliases/index.ts';

const p = (name: string): PathSegment => ({ kind: 'property', name });
const W: PathSegment = { kind: 'wildcard' };

describe('parsePath', () => {
  it.each([
    ['properties.access', [p('properties'), p('access')]],
    ['sku', [p('sku')]],
    [
      'properties.securityRules[*].properties.destinationPortRanges[*]',
      [p('properties'), p('securityRules'), W, p('properties'), p('destinationPortRanges'), W],
    ],
    ['properties.a[*][*].b', [p('properties'), p('a'), W, W, p('b')]],
    ['properties.#Microsoft-Media-X', [p('properties'), p('#Microsoft-Media-X')]],
  ])('%s', (path, segments) => {
    expect(parsePath(path)).toEqual(segments);
  });

  it.each([
    ['', 'it is empty'],
    ['properties..x', 'expected a property name at offset 11'],
    ['.x', 'expected a property name at offset 0'],
    ['properties.', 'it ends with a dot'],
    ["tags['a.b']", 'only [*] may appear in brackets (offset 4)'],
    ['a[0]', 'only [*] may appear in brackets (offset 1)'],
    ['a]b', "unexpected ']' at offset 1"],
    ['a[*]b', "unexpected 'b' at offset 4"],
    ['[*].a', 'expected a property name at offset 0'],
  ])('rejects %j: %s', (path, why) => {
    expect(() => parsePath(path)).toThrow(`invalid alias path '${path}': ${why}`);
  });
});

describe('wildcardPrefixes', () => {
  it.each([
    ['properties.access', []],
    ['properties.securityRules[*]', [3]],
    ['properties.securityRules[*].properties.destinationPortRanges[*]', [3, 6]],
    ['properties.a[*][*].b', [3, 4]],
  ])('%s', (path, ends) => {
    expect(wildcardPrefixes(parsePath(path))).toEqual(ends);
  });
});

describe('pathUnderArray', () => {
  const rules = parsePath('properties.securityRules[*]');
  it.each([
    ['properties.securityRules[*].properties.access', [p('properties'), p('access')]],
    ['properties.securityRules[*]', []],
    ['PROPERTIES.SecurityRules[*].properties.ports[*]', [p('properties'), p('ports'), W]],
  ])('%s lies under the rules array', (path, rest) => {
    expect(pathUnderArray(rules, parsePath(path))).toEqual(rest);
  });

  it.each([
    'properties.securityRules',
    'properties.defaultSecurityRules[*].properties.access',
    'properties.securityRulesX[*].properties.access',
  ])('%s does not', (path) => {
    expect(pathUnderArray(rules, parsePath(path))).toBeUndefined();
  });

  it('needs an array path that ends in [*]', () => {
    expect(
      pathUnderArray(parsePath('properties.securityRules'), parsePath('properties.securityRules.x')),
    ).toBe(undefined);
  });
});
