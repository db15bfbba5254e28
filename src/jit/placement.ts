import { isJitAllowRuleName, isJitDenyRuleName } from './rule-names.ts';
import { coversPort, type RuleView } from './security-rule.ts';

/**
 * Where JIT's rules go in an NSG. Priorities run 100 to 4096, lower first, and "no two rules may share the
 * same priority and direction" (MicrosoftDocs/azure-docs@0088bfa7
 * articles/virtual-network/network-security-groups-overview.md). Every choice is the lowest free number
 * that satisfies the constraints, so the same NSG always gives the same answer.
 */
export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;

/**
 * Where a deny goes when no existing rule opens the policy's ports. Defender gives the new deny "top
 * priority" in that case, and places it "usually > 1000" (self-help article 7e7f21c7); exported NSGs show
 * JIT denies at 1000, 1001, 1002 and above. Starting at 1000 keeps 100–999 for the allow rules that must
 * precede it.
 */
export const DENY_BASE_PRIORITY = 1000;

/** Priorities taken in one direction (default rules sit at 65000+ and never collide). */
export function takenPriorities(rules: readonly RuleView[], direction: 'inbound' | 'outbound'): Set<number> {
  const taken = new Set<number>();
  for (const rule of rules) {
    if (rule.priority !== undefined && rule.direction !== (direction === 'inbound' ? 'outbound' : 'inbound'))
      taken.add(rule.priority);
  }
  return taken;
}

export type DenyPlacement =
  | { ok: true; priority: number; openedBefore: RuleView[] }
  | { ok: false; message: string; openedBefore: RuleView[] };

/**
 * The deny rule's priority. Defender: "If other rules already exist for those ports, those existing rules
 * take priority over the new deny"; if none exist, "the new rules take top priority"
 * (MicrosoftDocs/azure-docs@02d00dc8 articles/defender-for-cloud/just-in-time-access-overview.md). Only
 * existing *allow* rules change what the deny decides, so the deny goes after the last inbound allow rule
 * that covers one of the ports (`openedBefore`: those ports stay open to what they allow, which the caller
 * reports), else at the first free priority from 1000. JIT's own rules do not count: allows are meant to
 * precede the deny. A rule whose ports cannot be read counts as covering them.
 */
export function placeDeny(
  rules: readonly RuleView[],
  ports: readonly number[],
  ownName: string,
): DenyPlacement {
  const others = rules.filter((r) => r.name.toLowerCase() !== ownName.toLowerCase());
  const taken = takenPriorities(others, 'inbound');
  const openedBefore = others.filter(
    (r) =>
      r.direction !== 'outbound' &&
      r.access !== 'deny' &&
      r.priority !== undefined &&
      r.priority <= MAX_PRIORITY &&
      !isJitAllowRuleName(r.name) &&
      !isJitDenyRuleName(r.name) &&
      (r.ports === undefined || ports.some((p) => coversPort(r.ports!, p))),
  );
  const after = Math.max(DENY_BASE_PRIORITY - 1, ...openedBefore.map((r) => r.priority!));
  const priority = lowestFree(taken, after + 1, MAX_PRIORITY);
  if (priority === undefined) {
    return {
      ok: false,
      message: `no free inbound priority between ${after + 1} and ${MAX_PRIORITY}`,
      openedBefore,
    };
  }
  return { ok: true, priority, openedBefore };
}

/**
 * An allow rule's priority: the lowest free inbound priority from 100 up, before the deny it opens (Defender
 * puts allows "usually at 100–110", self-help article 7e7f21c7). `reserved` holds priorities this request
 * already chose. Undefined when nothing is free before the deny.
 */
export function placeAllow(
  rules: readonly RuleView[],
  denyPriority: number,
  reserved: ReadonlySet<number> = new Set(),
): number | undefined {
  const taken = takenPriorities(rules, 'inbound');
  for (const p of reserved) taken.add(p);
  return lowestFree(taken, MIN_PRIORITY, denyPriority - 1);
}

/** Inbound deny rules (not JIT's) that come before `priority` and cover `port`: they would block the grant. */
export function blockedBy(rules: readonly RuleView[], priority: number, port: number): RuleView[] {
  return rules.filter(
    (r) =>
      r.direction !== 'outbound' &&
      r.access === 'deny' &&
      r.priority !== undefined &&
      r.priority < priority &&
      !isJitDenyRuleName(r.name) &&
      (r.ports === undefined || coversPort(r.ports, port)),
  );
}

function lowestFree(taken: ReadonlySet<number>, from: number, to: number): number | undefined {
  for (let p = Math.max(from, MIN_PRIORITY); p <= to; p++) if (!taken.has(p)) return p;
  return undefined;
}
