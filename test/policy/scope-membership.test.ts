import { describe, expect, it } from 'vitest';
import { normalizeScope, scopeCovers } from '../../src/policy/scope-membership.ts';

const S1 = '/subscriptions/00000000-0000-0000-0000-0000000000a1';
const VM = `${S1}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-1`;

describe('scopeCovers', () => {
  it.each([
    [`${S1}/`, VM, true],
    [`${S1.toUpperCase()}/resourcegroups/RG-WEB//`, VM, true],
    [`${S1}/resourceGroups/rg-we`, VM, false],
    [
      `${S1}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-1`,
      `${VM}/extensions/ama`,
      true,
    ],
    [`${S1}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-1`, `${VM}0`, false],
  ])('%s covers %s: %s', (scope, resourceId, covers) => {
    expect(scopeCovers(normalizeScope(scope), resourceId, undefined)).toBe(covers);
  });
});

describe('normalizeScope', () => {
  it('takes linear time on a long run of slashes before the end', () => {
    const hostile = `${'/'.repeat(100_000)}x`;
    const started = performance.now();
    expect(normalizeScope(`${hostile}//`)).toBe(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
