import { describe, expect, it } from 'vitest';
import {
  allowRuleDescription,
  allowRuleName,
  denyRuleDescription,
  denyRuleName,
  isJitAllowRuleName,
  isJitDenyRuleName,
} from '../../src/jit/rule-names.ts';

describe("Defender's JIT rule names", () => {
  // Names from NSGs exported out of real subscriptions (public Bicep and ARM exports).
  it.each([
    ['SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370', true, false],
    ['SecurityCenter-JITRule--1170687618-8C18BF8921F041989344B4F1E3A0C370', true, false],
    ['SecurityCenter-JITRule_-1105480617_9EF6964FE766478B9EC568B32FB82045', false, true],
    ['SecurityCenter-JITRule_1367608472_3E84A3AD00BA4D50AA30466EBB1BBC48', false, true],
    ['securitycenter-jitrule_1367608472_3e84a3ad00ba4d50aa30466ebb1bbc48', false, true],
    ['SecurityCenter-JITRule-3389-1234567890', false, false],
    ['SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C37', false, false],
    ['SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370-x', false, false],
    ['AllowSSH', false, false],
  ])('%s: allow %s, deny %s', (name, allow, deny) => {
    expect([isJitAllowRuleName(name), isJitDenyRuleName(name)]).toEqual([allow, deny]);
  });

  it('makes names of the same shape, the same for the same parts and different for others', () => {
    const allow = allowRuleName('g3', 'nsg', '22');
    const deny = denyRuleName('policy', 'vm', 'nsg');
    expect(isJitAllowRuleName(allow)).toBe(true);
    expect(isJitDenyRuleName(deny)).toBe(true);
    expect(isJitDenyRuleName(allow) || isJitAllowRuleName(deny)).toBe(false);
    expect(allowRuleName('g3', 'NSG', '22')).toBe(allow);
    expect(allowRuleName('g3', 'nsg', '3389')).not.toBe(allow);
    expect(allow.length).toBeLessThanOrEqual(80);
  });

  it('describes the rules as exported NSGs show them', () => {
    expect(denyRuleDescription('default', 'dc01')).toBe(
      "ASC JIT Network Access rule for policy 'default' of VM 'dc01'.",
    );
    expect(allowRuleDescription('default', 'WIN')).toBe(
      "ASC JIT Network Access rule created by an initiation request for policy 'default' of VM 'WIN'.",
    );
  });
});
