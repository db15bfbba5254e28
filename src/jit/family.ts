import { parseAddress, parsePrefix } from './address.ts';
import type { RuleRecord } from './events.ts';
import type { SecurityRule } from './security-rule.ts';

/**
 * Address families of the rules JIT writes. ARM refuses a security rule whose prefixes mix IPv4 and IPv6
 * (`ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies`), so a dual-stack VM gets one rule
 * per family where a single-family VM gets one rule.
 */
export type Family = 4 | 6;

export interface FamilyGroup {
  family: Family;
  ips: string[];
}

/** The addresses by family, IPv4 first, in their own order; a family with no address is left out. */
export function groupByFamily(ips: readonly string[]): FamilyGroup[] {
  const groups: FamilyGroup[] = [];
  for (const family of [4, 6] as const) {
    const of = ips.filter((ip) => addressFamily(ip) === family);
    if (of.length > 0) groups.push({ family, ips: of });
  }
  return groups;
}

/** The families a source opens for: its own, or both for `*`. Undefined when it cannot be read. */
export function sourceFamilies(source: string): Family[] | undefined {
  const parsed = parsePrefix(source);
  if (!parsed.ok) return undefined;
  return parsed.prefix.kind === 'any' ? [4, 6] : [parsed.prefix.family];
}

/** The families of a rule's destination addresses (a rule written before the split may hold both). */
export function destinationFamilies(rule: SecurityRule): Family[] {
  const p = rule.properties;
  const ips = [
    ...(p.destinationAddressPrefix ? [p.destinationAddressPrefix] : []),
    ...(p.destinationAddressPrefixes ?? []),
  ];
  return groupByFamily(ips.map((ip) => ip.split('/')[0]!)).map((g) => g.family);
}

export function isMixedFamily(rule: SecurityRule): boolean {
  return destinationFamilies(rule).length > 1;
}

/** The recorded deny rule in an NSG that closes the family's addresses. */
export function denyFor(
  denyRules: readonly RuleRecord[],
  nsgId: string,
  family: Family,
): RuleRecord | undefined {
  return denyRules.find(
    (r) => r.nsgId.toLowerCase() === nsgId.toLowerCase() && destinationFamilies(r.rule).includes(family),
  );
}

/** Destination fields as ARM takes them: one address in the singular field, several in the plural. */
export function destinationFields(
  ips: readonly string[],
): Pick<SecurityRule['properties'], 'destinationAddressPrefix' | 'destinationAddressPrefixes'> {
  return ips.length === 1 ? { destinationAddressPrefix: ips[0]! } : { destinationAddressPrefixes: [...ips] };
}

function addressFamily(ip: string): Family | undefined {
  const parsed = parseAddress(ip);
  return parsed.ok ? parsed.family : undefined;
}

/**
 * How a person tells a record from the others of its NSG: `/IPv6` when the NSG holds rules of both families
 * in `records`, and a note on a rule an earlier version wrote with both; empty for a single-family VM.
 */
export function familyLabel(records: readonly RuleRecord[], record: RuleRecord): string {
  const families = destinationFamilies(record.rule);
  if (families.length > 1)
    return ' (IPv4 and IPv6 in one rule, as an earlier version wrote: split at the next reconcile)';
  const others = records.filter((r) => r !== record && r.nsgId.toLowerCase() === record.nsgId.toLowerCase());
  return others.some((r) => destinationFamilies(r.rule).some((f) => f !== families[0]))
    ? `/IPv${families[0]}`
    : '';
}
