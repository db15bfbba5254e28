import { describe, expect, it } from 'vitest';
import { formatPortRange, parsePortSpec } from '../../src/network/port-ranges.ts';

describe('parsePortSpec', () => {
  it.each([
    ['*', [{ from: 0, to: 65535 }]],
    ['22', [{ from: 22, to: 22 }]],
    ['10000-10005', [{ from: 10000, to: 10005 }]],
    [' 8080 ', [{ from: 8080, to: 8080 }]],
    [
      '80, 10000-10005',
      [
        { from: 80, to: 80 },
        { from: 10000, to: 10005 },
      ],
    ],
    ['0-65535', [{ from: 0, to: 65535 }]],
  ])('%j', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it.each(['25-20', '70000', 'ssh', '', '22,', '-5', '1-2-3', '022222'])('rejects %j', (spec) => {
    expect(parsePortSpec(spec)).toBeUndefined();
  });
});

describe('formatPortRange', () => {
  it('formats a range as ARM writes it', () => {
    expect(
      [
        { from: 0, to: 65535 },
        { from: 22, to: 22 },
        { from: 8000, to: 8100 },
      ].map(formatPortRange),
    ).toEqual(['*', '22', '8000-8100']);
  });
});
