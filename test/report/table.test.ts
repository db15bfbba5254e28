import { describe, expect, it } from 'vitest';
import { displayWidth, renderInputTable, renderTable } from '../../src/report/table.ts';

describe('displayWidth', () => {
  it.each([
    ['vm-web-01', 9],
    ['虚拟机', 6],
    ['ＷＩＤＥ', 8],
    ['🙂', 2],
    ['e\u0301', 1],
    ['a\u200bb', 2],
    ['—…×', 3],
  ])('%j takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('renderTable', () => {
  it('aligns columns by terminal width, not string length', () => {
    const text = renderTable(
      ['NAME', 'STATE'],
      [
        ['虚拟机-01', 'on'],
        ['vm-🙂', 'off'],
        ['vm-01', 'on'],
      ],
      [20, 5],
    );
    const stateAt = text
      .split('\n')
      .slice(0, 4)
      .map((l) => displayWidth(l.slice(0, l.search(/(on|off|STATE)$/))));
    expect(new Set(stateAt).size).toBe(1);
  });

  it.each([
    ['ASCII', 'abcdefghij', 5, 'abcd…'],
    ['wide characters', '虚拟机虚拟机', 5, '虚拟…'],
    ['an emoji at the cut, never split in half', 'abc🙂🙂', 5, 'abc…'],
    ['nothing when short enough', 'abc', 5, 'abc'],
  ])('cuts %s to its limit with an ellipsis', (_, cell, limit, shown) => {
    const row = renderTable(['X', 'Y'], [[cell, '.']], [limit, 1]).split('\n')[1]!;
    expect(row).toBe(`${shown}  .`);
    expect(displayWidth(shown)).toBeLessThanOrEqual(limit);
  });
});

describe('renderInputTable', () => {
  it('prints cells that quote the input inert, and lines them up as renderTable does', () => {
    const hostile = 'nsg-\u001b[1A\u001b[K\u202eevil';
    const table = renderInputTable(['NSG', 'RULE'], [[hostile, 'ssh']], [40, 10]);
    expect(table).toBe(renderTable(['NSG', 'RULE'], [['nsg-\\x1b[1A\\x1b[K\\u202eevil', 'ssh']], [40, 10]));
    expect(table).not.toContain('\u001b');
  });
});
