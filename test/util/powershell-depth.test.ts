import { describe, expect, it } from 'vitest';
import { powerShellDepthHint } from '../../src/util/powershell-depth.ts';

describe('powerShellDepthHint', () => {
  it.each([
    ['System.Collections.Hashtable', true],
    ['System.Object[]', true],
    ['Microsoft.Azure.PowerShell.Cmdlets.Policy.Models.ResourceSelector', true],
    ['eastus', false],
    ['Deny', false],
    ['westeurope.example', false],
    ['Two words.Here', false],
    ['Ends.with.', false],
    ['Double..dot', false],
    ['', false],
    ['@{value=Deny}', true],
    ['@{}', false],
    ['{value=Deny}', false],
  ])('%j reads as text ConvertTo-Json wrote for an object: %s', (text, hinted) => {
    expect(powerShellDepthHint(text) !== '').toBe(hinted);
  });

  it('gives nothing for values that are not strings', () => {
    expect(powerShellDepthHint({ kind: 'resourceLocation' })).toBe('');
    expect(powerShellDepthHint(undefined)).toBe('');
  });
});
