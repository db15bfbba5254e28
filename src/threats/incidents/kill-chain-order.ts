import { compareText } from '../../util/compare-text.ts';
import type { Alert } from '../alerts/index.ts';
import { TACTICS, tacticById } from '../attack/index.ts';

/**
 * An incident's alerts along the kill chain, without contradicting time: an alert is never listed before
 * one that was over before it began. Among the alerts that may come next (every alert that ended before
 * they began is listed), the earliest ATT&CK stage goes first (an alert's first tactic in matrix order;
 * alerts without a tactic last), then the earliest, then by title and id.
 *
 * Pure stage order would put a login and the account it created before the brute force that got the
 * attacker in (Initial Access and Persistence come before Credential Access in the matrix); pure time order
 * would scatter the steps of an attack logged within the same second (a web shell starting a reverse shell).
 * An alert that carries on an activity already under way goes right after that activity's stage
 * (continuedStage).
 * Alerts become eligible in first-seen order as the earliest end among unlisted alerts advances: O(n log n),
 * plus continuedStage's look at the alerts of a multi-tactic alert's other stages.
 */
export function killChainOrder(alerts: readonly Alert[]): Alert[] {
  const items = alerts.map((alert) => ({
    alert,
    stage: stageOf(alert),
    first: Date.parse(alert.firstSeen),
    last: Date.parse(alert.lastSeen),
    listed: false,
  }));
  type Item = (typeof items)[number];
  const byStage = new Map<number, Item[]>();
  for (const item of items) {
    const same = byStage.get(item.stage);
    if (same === undefined) byStage.set(item.stage, [item]);
    else same.push(item);
  }
  // Computed from the first tactics' stages alone, then applied: one alert's move does not move another.
  const stages = items.map((item) => continuedStage(item, byStage));
  items.forEach((item, i) => {
    item.stage = stages[i]!;
  });
  const byFirst = [...items].sort((a, b) => a.first - b.first);
  const unlistedEnds = new Heap<Item>((a, b) => a.last - b.last);
  for (const item of items) unlistedEnds.push(item);
  const eligible = new Heap<Item>(
    (a, b) =>
      a.stage - b.stage ||
      a.first - b.first ||
      compareText(a.alert.title, b.alert.title) ||
      compareText(a.alert.id, b.alert.id),
  );
  const out: Alert[] = [];
  let next = 0;
  while (out.length < items.length) {
    while (unlistedEnds.peek()?.listed) unlistedEnds.pop();
    const earliestEnd = unlistedEnds.peek()?.last ?? Number.POSITIVE_INFINITY;
    // The alert that ends first is always eligible (it began no later than it ended), so this never stalls.
    while (next < byFirst.length && byFirst[next]!.first <= earliestEnd) eligible.push(byFirst[next++]!);
    const chosen = eligible.pop()!;
    chosen.listed = true;
    out.push(chosen.alert);
  }
  return out;
}

interface Placed {
  alert: Alert;
  stage: number;
  first: number;
  last: number;
}

/**
 * The stage an alert is listed at: its first tactic's, unless it carries on an activity that was under way
 * when it began, an alert whose first tactic is one of its later ones (tactics are in kill-chain order). Then
 * it goes half a stage after that activity's, so after it whenever both may come next. "Successful SSH brute
 * force attack" (Initial Access, Credential Access) begins at the failed attempts that "Failed SSH brute
 * force attack" (Credential Access) reports: the story reads failed, then successful, rather than the login
 * first because Initial Access comes earlier in the matrix. Only alerts with several tactics are looked at,
 * against the alerts whose first tactic is at those stages (`byStage`).
 */
function continuedStage(y: Placed, byStage: ReadonlyMap<number, readonly Placed[]>): number {
  let stage = y.stage;
  const tactics = y.alert.tactics;
  for (let t = 1; t < tactics.length; t++) {
    const s = tacticById(tactics[t]!.id)?.order;
    if (s === undefined) continue;
    if (byStage.get(s)?.some((x) => x.first <= y.first && y.first <= x.last)) stage = s + 0.5;
  }
  return stage;
}

/** The position of an alert's first tactic in the kill chain; alerts without one go after all others. */
function stageOf(alert: Alert): number {
  const first = alert.tactics[0];
  return (first && tacticById(first.id)?.order) ?? TACTICS.length;
}

class Heap<T> {
  private readonly items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => number) {}

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.before(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < items.length && this.before(items[l]!, items[best]!) < 0) best = l;
        if (r < items.length && this.before(items[r]!, items[best]!) < 0) best = r;
        if (best === i) break;
        [items[i], items[best]] = [items[best]!, items[i]!];
        i = best;
      }
    }
    return top;
  }
}
