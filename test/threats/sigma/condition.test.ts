import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../../src/threats/sigma/condition.ts';
import { compileErrors, event, fires, ruleOn } from './helpers.ts';

/** Search identifiers a, b, c, sel_x, sel_y, filter_1, _hidden, each true when the field of its name is 1. */
const IDS = ['a', 'b', 'c', 'sel_x', 'sel_y', 'filter_1', '_hidden'];
const detection = (condition: string) =>
  `${IDS.map((id) => `    ${id}:\n        f.${id}: 1`).join('\n')}\n    condition: ${condition}`;
const truth = (...on: string[]) => event('linux.auth', Object.fromEntries(on.map((id) => [`f.${id}`, 1])));

describe('condition grammar (sigma-rules-specification.md, "Condition")', () => {
  // condition, identifiers true in the event, expected
  it.each([
    ['a', ['a'], true],
    ['a', ['b'], false],
    ['a and b', ['a'], false],
    ['a and b', ['a', 'b'], true],
    ['a or b', ['b'], true],
    ['not a', [], true],
    ['not a', ['a'], false],
    // precedence: or < and < not
    ['a or b and c', ['a'], true],
    ['a or b and c', ['b'], false],
    ['(a or b) and c', ['a'], false],
    ['(a or b) and c', ['a', 'c'], true],
    ['not a and b', ['b'], true],
    ['not a and b', ['a', 'b'], false],
    ['not (a and b)', ['a'], true],
    ['not not a', ['a'], true],
    ['a and (b or (c and not sel_x))', ['a', 'c'], true],
    ['a and (b or (c and not sel_x))', ['a', 'c', 'sel_x'], false],
    // x of
    ['1 of sel_*', ['sel_y'], true],
    ['1 of sel_*', ['a'], false],
    ['all of sel_*', ['sel_x'], false],
    ['all of sel_*', ['sel_x', 'sel_y'], true],
    ['any of sel_*', ['sel_x'], true],
    ['1 of them', ['c'], true],
    ['1 of them', ['_hidden'], false],
    ['all of them', ['a', 'b', 'c', 'sel_x', 'sel_y', 'filter_1'], true],
    ['all of them', ['a', 'b', 'c', 'sel_x', 'sel_y'], false],
    ['2 of them', ['a'], false],
    ['2 of them', ['a', 'filter_1'], true],
    ['2 of sel_*', ['sel_x', 'sel_y'], true],
    ['1 of *_1', ['filter_1'], true],
    ['1 of s*_*', ['sel_y'], true],
    ['1 of sel_* and not 1 of filter_*', ['sel_x'], true],
    ['1 of sel_* and not 1 of filter_*', ['sel_x', 'filter_1'], false],
    ['1 of _hid*', ['_hidden'], true],
    // a pattern, like `them`, leaves out `_`-prefixed identifiers unless it starts with `_` itself (the spec's
    // "same as 1/all of them, but restricted to matching search identifiers"; pySigma's selector agrees)
    ['1 of *', ['_hidden'], false],
    ['1 of *_*', ['_hidden'], false],
    ['all of *', ['a', 'b', 'c', 'sel_x', 'sel_y', 'filter_1'], true],
    ['a AND NOT b', ['a'], true],
    ['a Or b', ['b'], true],
  ])('%s with %j → %s', (condition, on, expected) => {
    expect(fires(ruleOn(detection(condition)), truth(...on))).toBe(expected);
  });

  it('a list of conditions is their OR', () => {
    const d = ruleOn(
      `${IDS.map((id) => `    ${id}:\n        f.${id}: 1`).join('\n')}\n    condition:\n        - a and b\n        - c`,
    );
    expect(fires(d, truth('c'))).toBe(true);
    expect(fires(d, truth('a'))).toBe(false);
  });

  it('parses to a tree', () => {
    expect(parseCondition('a or not b and 1 of c*')).toEqual({
      t: 'or',
      items: [
        { t: 'id', name: 'a' },
        {
          t: 'and',
          items: [
            { t: 'not', item: { t: 'id', name: 'b' } },
            { t: 'of', count: 1, pattern: 'c*' },
          ],
        },
      ],
    });
  });
});

describe('condition errors name the problem and the line', () => {
  const rule = (condition: string) =>
    `title: t\nlogsource: {product: linux, service: auth}\ndetection:\n    sel:\n        x: 1\n    condition: ${condition}\n`;
  it.each([
    ['sel and other', 'invalid', "'other', which is not defined"],
    ['1 of filter_*', 'invalid', "'filter_*' matches no search identifier"],
    ['sel and', 'invalid', 'ends too early'],
    ['(sel', 'invalid', "missing ')'"],
    ['sel)', 'invalid', "unexpected ')'"],
    ['sel or or sel', 'invalid', "unexpected 'or'"],
    ['sel*', 'invalid', 'wildcard identifier'],
    ['0 of them', 'invalid', 'needs 1, a number, any or all'],
    ['sel | count() > 5', 'unsupported', 'aggregation'],
    ['sel near sel', 'invalid', "unexpected 'near'"],
  ])('%s', (condition, kind, message) => {
    const errors = compileErrors(rule(condition));
    expect(errors).toMatchObject([
      { kind, line: 6, path: 'detection.condition', message: expect.stringContaining(message) },
    ]);
  });
});
