import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../../src/threats/sigma/reorder-buffer.ts';

describe('reorder buffer', () => {
  it('releases items in time order once the window has passed them', () => {
    const b = new ReorderBuffer<string>(10);
    expect(b.push(100, 'a')).toEqual([]);
    expect(b.push(95, 'b')).toEqual([]);
    expect(b.push(105, 'c')).toEqual(['b']);
    expect(b.push(120, 'd')).toEqual(['a', 'c']);
    expect(b.size).toBe(1);
    expect(b.drain()).toEqual(['d']);
  });

  it('keeps arrival order for equal times', () => {
    const b = new ReorderBuffer<string>(0);
    expect(b.push(5, 'x')).toEqual(['x']);
    const c = new ReorderBuffer<string>(1);
    c.push(5, 'x');
    c.push(5, 'y');
    expect(c.drain()).toEqual(['x', 'y']);
  });

  it('calls an item older than the last released one late', () => {
    const b = new ReorderBuffer<string>(10);
    b.push(100, 'a');
    b.push(200, 'b');
    expect(b.isLate(99)).toBe(true);
    expect(b.isLate(100)).toBe(false);
    expect(b.isLate(150)).toBe(false);
  });

  it('holds everything until drained with an infinite window', () => {
    const b = new ReorderBuffer<number>(Number.POSITIVE_INFINITY);
    for (const t of [30, 10, 20]) expect(b.push(t, t)).toEqual([]);
    expect(b.isLate(0)).toBe(false);
    expect(b.drain()).toEqual([10, 20, 30]);
  });

  it('merges in-order and out-of-order arrivals into one time order, ties in arrival order', () => {
    const b = new ReorderBuffer<string>(Number.POSITIVE_INFINITY);
    for (const [t, v] of [
      [10, 'a'],
      [20, 'b'],
      [15, 'c'],
      [20, 'd'],
      [5, 'e'],
      [30, 'f'],
      [15, 'g'],
    ] as const)
      b.push(t, v);
    expect(b.size).toBe(7);
    expect(b.drain()).toEqual(['e', 'a', 'c', 'g', 'b', 'd', 'f']);
    expect(b.size).toBe(0);
  });

  it('releases a long in-order stream as the window passes, across queue compaction', () => {
    const b = new ReorderBuffer<number>(100);
    const released: number[] = [];
    for (let t = 0; t < 5000; t++) released.push(...b.push(t, t));
    expect(released).toEqual(Array.from({ length: 4900 }, (_, i) => i));
    expect(b.size).toBe(100);
    expect(b.isLate(4898)).toBe(true);
    expect(b.drain()).toEqual(Array.from({ length: 100 }, (_, i) => 4900 + i));
  });
});
