import type { FieldValue, ThreatEvent } from '../event.ts';
import type { CorrelationCondition, SigmaCorrelationRule, SigmaMatch } from './types.ts';

/**
 * State machines for Sigma correlation rules (sigma-correlation-rules-specification.md) over a time-ordered
 * stream of member matches, one state per group-by value.
 *
 * When a correlation fires:
 * - A condition with only lower bounds (`gt`/`gte`, the usual "at least N") can only become true by adding
 *   events, so it is checked on every arrival over a sliding window [t − timespan, t]; when it holds, the match
 *   is emitted with the window's members and the group starts afresh (like fail2ban's ban: N more events are
 *   needed for the next match).
 * - Any other condition (`lt`, `lte`, `eq`, `neq`, a range, and every value_avg) can only be judged once the
 *   window is over: a group's window opens at its first event, closes `timespan` later, and is judged when the
 *   stream passes its end (or at flush).
 * - temporal: every referenced rule (or as many as the condition asks) seen in the window; temporal_ordered:
 *   they were seen in the order listed, the first no more than `timespan` before the last.
 * Members are held only while inside their window, so memory follows the events of the last `timespan`.
 */

export interface CorrelationInput {
  /** Epoch milliseconds of the member. */
  time: number;
  /** Position of the member's rule in `correlation.rules`. */
  ruleIndex: number;
  /** Values of the group-by fields, in group-by order. */
  group: FieldValue[];
  /** value_count / value_sum / value_avg: the field's value (undefined when the member lacks it). */
  value?: FieldValue;
  member: SigmaMatch;
}

export interface CorrelationCounters {
  /** Members older than their group's window when they arrived (out of order beyond the reorder window). */
  expired: number;
  emitted: number;
}

type Emit = (match: SigmaMatch) => void;

interface Group {
  key: string;
  group: FieldValue[];
  /** Members in the window are `members[head…]`: dropping from the front is an index move, not a splice. */
  members: CorrelationInput[];
  head: number;
  /** value_count: how many members in the window carry each value (see valueKey). */
  values?: Map<string | number | boolean, number>;
  /** temporal: how many members in the window each rule has, and how many rules have any. */
  perRule?: number[];
  rulesSeen: number;
  /** Fixed windows: start of the open window. */
  start: number;
  /** temporal_ordered: per rule position, the latest-starting ordered chain ending with that rule. */
  chains?: (CorrelationInput[] | undefined)[];
}

export class CorrelationState {
  private readonly groups = new Map<string, Group>();
  private readonly span: number;
  private readonly slidingCheck: boolean;
  /** Whether windows are judged when they close (so stream time must reach this state). */
  readonly hasFixedWindows: boolean;
  private readonly condition: CorrelationCondition;
  private now = Number.NEGATIVE_INFINITY;
  private nextSweep = Number.NEGATIVE_INFINITY;
  /** Fixed windows: the earliest end among open windows (Infinity when none is open). */
  private earliestEnd = Number.POSITIVE_INFINITY;

  constructor(
    readonly rule: SigmaCorrelationRule,
    readonly ruleId: string,
    private readonly emit: Emit,
    private readonly counters: CorrelationCounters,
  ) {
    const c = rule.correlation;
    this.span = c.timespanMs;
    this.condition = c.condition ?? { gte: c.rules.length };
    const onlyLower = ['lt', 'lte', 'eq', 'neq'].every((k) => this.condition[k as 'lt'] === undefined);
    this.slidingCheck = onlyLower && c.type !== 'value_avg';
    this.hasFixedWindows = !this.slidingCheck && c.type !== 'temporal_ordered';
  }

  /** Stream time after which advance() will close a window; Infinity when nothing waits. */
  get deadline(): number {
    return this.earliestEnd;
  }

  ingest(input: CorrelationInput): void {
    if (input.time < this.now - this.span) {
      this.counters.expired++;
      return;
    }
    this.advance(input.time);
    const key = groupKey(input.group);
    let g = this.groups.get(key);
    if (g === undefined) g = this.open(key, input);
    if (this.rule.correlation.type === 'temporal_ordered') {
      this.ordered(g, input);
      return;
    }
    if (!this.slidingCheck && input.time > g.start + this.span) {
      this.closeWindow(g);
      g = this.open(key, input);
    }
    this.add(g, input);
    if (!this.slidingCheck) return;
    this.evict(g, input.time);
    const value = this.measure(g);
    if (value !== null && this.holds(value)) this.fire(g, live(g), value);
  }

  private open(key: string, input: CorrelationInput): Group {
    const g: Group = { key, group: input.group, members: [], head: 0, rulesSeen: 0, start: input.time };
    const type = this.rule.correlation.type;
    if (type === 'value_count') g.values = new Map();
    else if (type === 'temporal') g.perRule = new Array(this.rule.correlation.rules.length).fill(0);
    this.groups.set(key, g);
    if (this.hasFixedWindows) this.earliestEnd = Math.min(this.earliestEnd, g.start + this.span);
    return g;
  }

  /** Moves stream time forward: closes fixed windows that ended and forgets idle groups. */
  advance(now: number): void {
    if (now > this.now) this.now = now;
    if (this.hasFixedWindows) {
      if (this.now <= this.earliestEnd) return;
      this.earliestEnd = Number.POSITIVE_INFINITY;
      for (const g of [...this.groups.values()]) {
        if (this.now > g.start + this.span) this.closeWindow(g);
        else this.earliestEnd = Math.min(this.earliestEnd, g.start + this.span);
      }
      return;
    }
    if (this.now < this.nextSweep) return;
    this.nextSweep = this.now + Math.max(this.span, 1000);
    for (const g of [...this.groups.values()]) {
      this.evict(g, this.now);
      if (g.head === g.members.length && !g.chains?.some((c) => c !== undefined)) this.groups.delete(g.key);
    }
  }

  /** End of stream: judges every open window. */
  flush(): void {
    if (this.hasFixedWindows) for (const g of [...this.groups.values()]) this.closeWindow(g);
    this.groups.clear();
    this.now = Number.NEGATIVE_INFINITY;
    this.nextSweep = Number.NEGATIVE_INFINITY;
    this.earliestEnd = Number.POSITIVE_INFINITY;
  }

  private closeWindow(g: Group): void {
    this.groups.delete(g.key);
    const value = this.measure(g);
    if (value !== null && this.holds(value)) this.fire(g, live(g), value, false);
  }

  /** Takes a member into the window and into the running counts the condition is judged on. */
  private add(g: Group, m: CorrelationInput): void {
    const members = g.members;
    // A late member (past the reorder window) goes to its place in time: eviction stops at the first member
    // inside the window, and a match's first/last member are its firstSeen/lastSeen.
    let at = members.length;
    while (at > g.head && members[at - 1]!.time > m.time) at--;
    if (at === members.length) members.push(m);
    else members.splice(at, 0, m);
    if (g.values !== undefined && m.value !== undefined) {
      const k = valueKey(m.value);
      g.values.set(k, (g.values.get(k) ?? 0) + 1);
    } else if (g.perRule !== undefined && g.perRule[m.ruleIndex]!++ === 0) g.rulesSeen++;
  }

  private evict(g: Group, now: number): void {
    const from = now - this.span;
    const members = g.members;
    let head = g.head;
    for (; head < members.length && members[head]!.time < from; head++) {
      const m = members[head]!;
      if (g.values !== undefined && m.value !== undefined) {
        const k = valueKey(m.value);
        const n = g.values.get(k)! - 1;
        if (n === 0) g.values.delete(k);
        else g.values.set(k, n);
      } else if (g.perRule !== undefined && --g.perRule[m.ruleIndex]! === 0) g.rulesSeen--;
    }
    // Compact once the dropped part outweighs the live one: amortised constant time per member.
    if (head > 16 && head * 2 > members.length) {
      g.members = members.slice(head);
      head = 0;
    }
    g.head = head;
    if (g.chains) {
      for (let i = 0; i < g.chains.length; i++) {
        const chain = g.chains[i];
        if (chain !== undefined && chain[0]!.time < from) g.chains[i] = undefined;
      }
    }
  }

  /**
   * The number the condition is checked against, or null when nothing measurable was seen. Counts are kept
   * as members come and go, so a check costs the same however many members the window holds.
   */
  private measure(g: Group): number | null {
    const type = this.rule.correlation.type;
    switch (type) {
      case 'event_count':
        return g.members.length - g.head;
      case 'value_count':
        return g.values!.size;
      case 'temporal':
        return g.rulesSeen;
      case 'value_sum':
      case 'value_avg': {
        let sum = 0;
        let n = 0;
        for (let i = g.head; i < g.members.length; i++) {
          const m = g.members[i]!;
          const v =
            typeof m.value === 'number'
              ? m.value
              : typeof m.value === 'string'
                ? Number(m.value)
                : Number.NaN;
          if (Number.isFinite(v)) {
            sum += v;
            n++;
          }
        }
        if (n === 0) return null;
        return type === 'value_sum' ? sum : sum / n;
      }
      default:
        return null;
    }
  }

  private holds(v: number): boolean {
    const c = this.condition;
    return (
      (c.gt === undefined || v > c.gt) &&
      (c.gte === undefined || v >= c.gte) &&
      (c.lt === undefined || v < c.lt) &&
      (c.lte === undefined || v <= c.lte) &&
      (c.eq === undefined || v === c.eq) &&
      (c.neq === undefined || v !== c.neq)
    );
  }

  private ordered(g: Group, input: CorrelationInput): void {
    const n = this.rule.correlation.rules.length;
    g.chains ??= new Array(n).fill(undefined);
    this.evict(g, input.time);
    const k = input.ruleIndex;
    let chain: CorrelationInput[] | undefined;
    if (k === 0) chain = [input];
    else {
      const before = g.chains[k - 1];
      // The same event cannot stand for two steps of the sequence.
      if (before !== undefined && before[before.length - 1]!.member.event !== input.member.event) {
        chain = [...before, input];
      }
    }
    if (chain === undefined) return;
    const current = g.chains[k];
    if (current === undefined || chain[0]!.time >= current[0]!.time) g.chains[k] = chain;
    if (k + 1 >= chainTarget(this.condition, n)) {
      this.groups.delete(g.key);
      this.fire(g, chain, k + 1);
    }
  }

  private fire(g: Group, members: CorrelationInput[], value: number, reset = true): void {
    const matches: SigmaMatch[] = new Array(members.length);
    for (let i = 0; i < members.length; i++) matches[i] = members[i]!.member;
    if (reset) this.groups.delete(g.key);
    const last = matches[matches.length - 1]!;
    const events = memberEvents(matches);
    const group: Record<string, FieldValue> = {};
    const groupBy = this.rule.correlation.groupBy;
    for (let i = 0; i < groupBy.length; i++) {
      const v = g.group[i];
      if (v !== undefined) group[groupBy[i]!] = v;
    }
    this.counters.emitted++;
    const correlation = {
      type: this.rule.correlation.type,
      group,
      value,
      firstSeen: matches[0]!.correlation?.firstSeen ?? matches[0]!.timestamp,
      lastSeen: last.timestamp,
      members: matches,
    };
    const rule = this.rule;
    // `level` always present (undefined when the rule has none): one shape for every match, as detections have.
    this.emit({
      kind: 'correlation',
      ruleId: this.ruleId,
      title: rule.title,
      level: rule.level,
      tags: rule.tags,
      rule,
      timestamp: last.timestamp,
      event: last.event,
      events,
      correlation,
    });
  }
}

function live(g: Group): CorrelationInput[] {
  return g.head === 0 ? g.members : g.members.slice(g.head);
}

/**
 * A group's map key: a lone string value as itself (the usual group, one address or account), anything
 * else as JSON behind a NUL, which no log field value starts with.
 */
function groupKey(group: FieldValue[]): string {
  const only = group[0];
  return group.length === 1 && typeof only === 'string' && only.charCodeAt(0) !== 0
    ? only
    : `\u0000${JSON.stringify(group)}`;
}

/** value_count: values are told apart as JSON would tell them apart (`1` ≠ `'1'`, arrays by content). */
function valueKey(v: FieldValue): string | number | boolean {
  return Array.isArray(v) ? `\u0000${JSON.stringify(v)}` : v;
}

/** temporal_ordered fires when the chain is as long as the condition needs (all rules by default). */
function chainTarget(c: CorrelationCondition, n: number): number {
  if (c.eq !== undefined) return c.eq;
  if (c.gte !== undefined) return Math.min(c.gte, n);
  if (c.gt !== undefined) return Math.min(c.gt + 1, n);
  return n;
}

/** All events behind the members (nested correlations included), once each, in time order. */
function memberEvents(members: SigmaMatch[]): ThreatEvent[] {
  const out: ThreatEvent[] = [];
  // Most firings have a handful of members: a scan of the list beats building a set.
  const seen = members.length > 16 ? new Set<ThreatEvent>() : undefined;
  let sorted = true;
  for (const m of members) {
    for (const e of m.events) {
      if (seen === undefined ? out.includes(e) : seen.has(e)) continue;
      seen?.add(e);
      if (out.length > 0 && out[out.length - 1]!['@timestamp'] > e['@timestamp']) sorted = false;
      out.push(e);
    }
  }
  if (sorted) return out;
  return out.sort((a, b) =>
    a['@timestamp'] < b['@timestamp'] ? -1 : a['@timestamp'] > b['@timestamp'] ? 1 : 0,
  );
}
