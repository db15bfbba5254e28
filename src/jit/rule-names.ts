import { createHash } from 'node:crypto';
import type { Family } from './family.ts';

/**
 * Names and descriptions of the NSG rules JIT writes, as Defender for Cloud writes them.
 *
 * Source: the Azure self-help article "Just-in-time VM access (JIT) self-help guide" (articleid
 * 7e7f21c7-129d-4a7b-8b43-153b83880c7c) gives `SecurityCenter-JITRule_-xxxxxxx-<32 hex>` for the deny rule and
 * the same "without the _" for the allow rule. NSGs exported from real subscriptions (public Bicep and ARM
 * exports) show the exact shape: the number is a signed 32-bit integer, so the deny rule is
 * `SecurityCenter-JITRule_<int32>_<32 upper-case hex>` (`…JITRule_-1105480617_9EF6…` and
 * `…JITRule_1367608472_3E84…` both occur) and the allow rule `SecurityCenter-JITRule-<int32>-<32 hex>`.
 * Vigil derives both parts from a hash of what the rule is for, so the same rule always gets the same name
 * and a rerun after a crash finds the rule it already wrote.
 */

const ALLOW_PATTERN = /^SecurityCenter-JITRule-(-?[0-9]{1,10})-[0-9A-F]{32}$/i;
const DENY_PATTERN = /^SecurityCenter-JITRule_(-?[0-9]{1,10})_[0-9A-F]{32}$/i;

export function denyRuleName(...parts: string[]): string {
  const { n, hex } = digest(['deny', ...parts]);
  return `SecurityCenter-JITRule_${n}_${hex}`;
}

export function allowRuleName(...parts: string[]): string {
  const { n, hex } = digest(['allow', ...parts]);
  return `SecurityCenter-JITRule-${n}-${hex}`;
}

/**
 * What a rule's name adds for the second address family of a dual-stack VM: nothing for the first (IPv4
 * when the VM has it), so a single-family VM's rules keep the names they always had, and `IPv6` for the
 * second, which makes a distinct name that is still Defender's shape and the same on every run.
 */
export function familyNameParts(index: number, family: Family): string[] {
  return index === 0 ? [] : [`IPv${family}`];
}

export function isJitAllowRuleName(name: string): boolean {
  return name.length <= 80 && ALLOW_PATTERN.test(name);
}

export function isJitDenyRuleName(name: string): boolean {
  return name.length <= 80 && DENY_PATTERN.test(name);
}

/**
 * Descriptions as exported NSGs show them: "ASC JIT Network Access rule for policy 'default' of VM 'dc01'."
 * on the deny rule and "ASC JIT Network Access rule created by an initiation request for policy 'default'
 * of VM 'WIN'." on the allow rule.
 */
export function denyRuleDescription(policyName: string, vmName: string): string {
  return `ASC JIT Network Access rule for policy '${policyName}' of VM '${vmName}'.`;
}

export function allowRuleDescription(policyName: string, vmName: string): string {
  return `ASC JIT Network Access rule created by an initiation request for policy '${policyName}' of VM '${vmName}'.`;
}

function digest(parts: string[]): { n: number; hex: string } {
  const hash = createHash('sha256')
    .update(parts.map((p) => p.toLowerCase()).join('\u0000'))
    .digest();
  return { n: hash.readInt32BE(0), hex: hash.subarray(4, 20).toString('hex').toUpperCase() };
}
