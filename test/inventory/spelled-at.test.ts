import { describe, expect, it } from 'vitest';
import { spelledAt } from '../../src/inventory/spelled-at.ts';

describe('spelledAt answers as startsWith does', () => {
  it.each([
    ['/subscriptions/a/resourceGroups/rg', 'subscriptions', 1],
    ['/subscriptions/a/resourceGroups/rg', 'resourceGroups', 17],
    ['/subscriptions/a/resourceGroups/rg', 'resourceGroups', 16],
    ['/subscriptions/a/resourceGroups/rg', 'resourcegroups', 17],
    ['/subscriptions/a/resourceGroups/rg', '/subscriptions/a', 0],
    ['/subscriptions/a', '/subscriptions/a/resourceGroups', 0],
    ['rg/rg', 'rg', 3],
    ['rg/rg', 'rg', 1],
    ['abc', '', 3],
  ])('%s has %s at %i', (text, part, at) => {
    expect(spelledAt(text, part, at)).toBe(text.startsWith(part, at));
  });
});
