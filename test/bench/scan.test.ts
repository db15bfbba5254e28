import { describe, expect, it } from 'vitest';
import { benchScan } from '../../bench/scan.ts';

describe('benchScan', () => {
  it('loads and scans a small generated estate in a child process and reports against both targets', async () => {
    const result = await benchScan(100);
    expect(result.name).toBe('scan');
    expect(result.detail).toMatch(/^\d+ VMs, [\d,]+ resources \([\d,]+ in the file/);
    expect(result.notes.filter((n) => n.startsWith('the scan did not finish'))).toEqual([]);
    expect(result.ratio).toBeGreaterThan(0);
    expect(Number.isFinite(result.ratio)).toBe(true);
    expect(result.target).toBe(4);
    expect(result.limits).toEqual([
      expect.objectContaining({ what: 'peak RSS', limit: 2 * 2 ** 30, value: expect.any(Number) }),
    ]);
    expect(result.limits?.[0]?.value).toBeGreaterThan(2 ** 20);
    // Both sides are the best of two runs, and the slower run's total is shown beside the best.
    const [best, other] = [
      ...result.throughput.matchAll(/total ([\d.]+) s; best of 2 runs \(the other: ([\d.]+) s\)/g),
    ][0]!
      .slice(1)
      .map(Number);
    expect(best).toBeLessThanOrEqual(other!);
  });
});
