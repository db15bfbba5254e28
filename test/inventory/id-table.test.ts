import { describe, expect, it } from 'vitest';
import { IdTable, idHash, sameId } from '../../src/inventory/id-table.ts';
import { normalizeId } from '../../src/inventory/resource-id.ts';

const VM =
  '/subscriptions/8f3c7d2e-5a1b-4c9d-9e0f-1a2b3c4d5e6f/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-01';

describe('sameId and idHash match IDs as normalizeId does', () => {
  it.each([
    ['the same ID', VM, VM, true],
    ['another casing', VM, VM.toUpperCase(), true],
    ['a trailing slash', VM, `${VM}//`, true],
    ['another name', VM, `${VM.slice(0, -1)}2`, false],
    ['a prefix', VM, VM.slice(0, -3), false],
    ['punctuation that only differs in bit 0x20', '/a@b', '/a`b', false],
    ['a non-ASCII name in another casing', `${VM}-Ä`, `${VM}-ä`, true],
    ['a character that lower-cases to ASCII (Kelvin sign)', `${VM}-\u212a`, `${VM}-k`, true],
  ])('%s', (_name, a, b, equal) => {
    expect(normalizeId(a) === normalizeId(b)).toBe(equal);
    expect(sameId(a, b)).toBe(equal);
    expect(sameId(b, a)).toBe(equal);
    if (equal) expect(idHash(a)).toBe(idHash(b));
  });

  it('compares and hashes a prefix of an ID without making it', () => {
    const child = `${VM}/extensions/MDE.Linux`;
    expect(sameId(VM.toLowerCase(), child, VM.length)).toBe(true);
    expect(idHash(child, VM.length)).toBe(idHash(VM));
  });

  it('hashes an ASCII prefix of an ID with a non-ASCII name as the parent alone', () => {
    expect(idHash(`${VM}/extensions/Überwachung`, VM.length)).toBe(idHash(VM.toUpperCase()));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 1500])(
    'folds the case of every letter of a %i-character ID',
    (length) => {
      const upper = `/${'AZMQ'.repeat(400)}`.slice(0, length);
      expect(idHash(upper)).toBe(idHash(upper.toLowerCase()));
    },
  );

  it.each([
    ['@', '`'],
    ['[', '{'],
    ['Z', '['],
  ])('does not fold %s into %s, which differ only in bit 0x20 or follow a letter', (a, b) => {
    expect(idHash(`/x${a}`)).not.toBe(idHash(`/x${b}`));
    expect(idHash(`${VM}${a}`)).not.toBe(idHash(`${VM}${b}`));
  });
});

describe('IdTable', () => {
  it('finds every entry in any spelling, across growth, and nothing else', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `${VM}-${i}`);
    const table = new IdTable((entry) => ids[entry]!);
    for (const [entry, id] of ids.entries()) table.insert(id, entry);
    for (const [entry, id] of ids.entries()) {
      expect(table.get(id.toUpperCase())).toBe(entry);
      expect(table.find(`${id}/`)).toBe(entry);
    }
    expect(table.get(`${VM}-5000`)).toBe(-1);
    expect(table.getPrefix(`${ids[42]}/extensions/x`, ids[42]!.length)).toBe(42);
    expect(table.getPrefix(`${ids[42]!.toUpperCase()}/extensions/x`, ids[42]!.length)).toBe(42);
  });

  it('finds IDs longer than its first hashing buffer', () => {
    const ids = [`${VM}/extensions/${'x'.repeat(3000)}`, `${VM}/extensions/${'x'.repeat(2999)}y`];
    const table = new IdTable((entry) => ids[entry]!);
    for (const [entry, id] of ids.entries()) table.insert(id, entry);
    expect(table.get(ids[1]!.toUpperCase())).toBe(1);
    expect(table.find(ids[0]!)).toBe(0);
  });

  it('finds an ID inserted after a lookup that missed it, asked again at once', () => {
    const ids = [VM, `${VM}/extensions/x`];
    const table = new IdTable((entry) => ids[entry]!);
    table.insert(VM, 0);
    expect(table.get(ids[1]!)).toBe(-1);
    table.insert(ids[1]!, 1);
    expect(table.get(ids[1]!)).toBe(1);
    expect(table.get(ids[1]!.toUpperCase())).toBe(1);
    expect(table.get(VM)).toBe(0);
  });

  it('forgets everything on clear, lookups remembered as spelled included', () => {
    const ids = [VM];
    const table = new IdTable((entry) => ids[entry]!);
    table.insert(VM, 0);
    expect(table.get(VM)).toBe(0);
    table.clear();
    expect(table.get(VM)).toBe(-1);
  });
});
