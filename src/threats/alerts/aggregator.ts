import { createHash } from 'node:crypto';
import { compareText } from '../../util/compare-text.ts';
import { ATTACK_VERSION, resolveAttackTags } from '../attack/index.ts';
import type { ThreatEvent } from '../event.ts';
import { msOfIso } from '../parsers/time.ts';
import type { SigmaMatch } from '../sigma/index.ts';
import type { Alert, AlertIntel } from './alert.ts';
import { EntitySet, entityKey } from './entities.ts';
import { evidenceOf } from './evidence.ts';
import { severityOfLevel } from './severity.ts';

export interface AlertOptions {
  /**
   * The same rule on the same entities within this long of an open alert (before its first or after its
   * last match) adds to it instead of raising a new one. Default 1 hour.
   */
  dedupWindowMs?: number;
  /** Triggering events kept per alert (the earliest, in time order); the total is counted. Default 10. */
  maxEvidence?: number;
  /** Values kept per entity kind per alert. Default 50. */
  maxEntities?: number;
}

export const DEFAULT_ALERT_OPTIONS: Required<AlertOptions> = {
  dedupWindowMs: 60 * 60 * 1000,
  maxEvidence: 10,
  maxEntities: 50,
};

/** Feed matches named per alert: enough to name every feed involved without growing with the stream. */
const MAX_INTEL = 20;

type RuleFacts = Pick<
  Alert,
  | 'title'
  | 'severity'
  | 'ruleId'
  | 'kind'
  | 'description'
  | 'remediation'
  | 'falsePositives'
  | 'tactics'
  | 'techniques'
>;

interface OpenAlert {
  facts: RuleFacts;
  key: string;
  firstMs: number;
  lastMs: number;
  firstSeen: string;
  lastSeen: string;
  count: number;
  evidenceCount: number;
  evidence: Alert['evidence'];
  entities: EntitySet;
  intel: Map<string, AlertIntel>;
}

/**
 * Turns detector matches into alerts, deduplicated: a match of the same rule on the same entities
 * (entities.ts entityKey) within `dedupWindowMs` of an open alert increments its count and lastSeen.
 * An alert is final once stream time (the latest event time seen, given to `advance`) is a whole window
 * past its last match, or at `finish`; `onFinal` receives each final alert as it is decided (for
 * streaming output). Memory is bounded per alert (evidence, entities, feed matches) and open alerts are
 * only those inside their window.
 */
export class AlertAggregator {
  private readonly options: Required<AlertOptions>;
  private readonly open = new Map<string, OpenAlert[]>();
  private readonly rules = new Map<string, RuleFacts>();
  private readonly final: Alert[] = [];
  /**
   * Ids handed out. A match later than the reorder allowance can raise a second alert with the key and
   * first-seen time of one already final (a log replayed on standard input): it gets the next id of that
   * key and time, so ids stay unique (incidents list alerts by id) and the same input still gives the same ids.
   */
  private readonly ids = new Set<string>();

  constructor(
    options: AlertOptions = {},
    private readonly onFinal?: (alert: Alert) => void,
  ) {
    this.options = { ...DEFAULT_ALERT_OPTIONS, ...options };
  }

  add(match: SigmaMatch): void {
    const facts = this.factsOf(match);
    const key = `${match.ruleId}\u0001${entityKey(match.events, match.correlation?.group)}`;
    const firstSeen = match.correlation?.firstSeen ?? match.events[0]?.['@timestamp'] ?? match.timestamp;
    const lastSeen = match.correlation?.lastSeen ?? match.timestamp;
    const lastMs = msOfIso(lastSeen);
    const firstMs = firstSeen === lastSeen ? lastMs : msOfIso(firstSeen);
    const window = this.options.dedupWindowMs;
    // A key has more than one open alert only while they are over a window apart; a match inside the windows
    // of two (events out of order: an early one arriving late) joins them, so the alerts are those of the
    // events in time order.
    let list = this.open.get(key);
    let alert: OpenAlert | undefined;
    if (list !== undefined) {
      for (let i = 0; i < list.length; ) {
        const other = list[i]!;
        if (firstMs > other.lastMs + window || lastMs < other.firstMs - window) i++;
        else if (alert === undefined) {
          alert = other;
          i++;
        } else {
          list.splice(i, 1);
          alert = this.merge(alert, other, list);
        }
      }
    }
    if (!alert) {
      alert = {
        facts,
        key,
        firstMs,
        lastMs,
        firstSeen,
        lastSeen,
        count: 0,
        evidenceCount: 0,
        evidence: [],
        entities: new EntitySet(this.options.maxEntities),
        intel: new Map(),
      };
      if (list === undefined) {
        list = [];
        this.open.set(key, list);
      }
      list.push(alert);
    }
    alert.count++;
    if (firstMs < alert.firstMs) {
      alert.firstMs = firstMs;
      alert.firstSeen = firstSeen;
    }
    if (lastMs > alert.lastMs) {
      alert.lastMs = lastMs;
      alert.lastSeen = lastSeen;
    }
    for (const event of match.events) this.addEvent(alert, event);
  }

  /** Stream time moved to `timeMs`: alerts whose window closed before it are final. */
  advance(timeMs: number): void {
    const horizon = timeMs - this.options.dedupWindowMs;
    for (const [key, list] of this.open) {
      // Mostly one open alert per key, still inside its window: nothing to allocate.
      if (list.every((alert) => alert.lastMs >= horizon)) continue;
      const open = list.filter((alert) => alert.lastMs >= horizon);
      if (open.length === 0) this.open.delete(key);
      else this.open.set(key, open);
      for (const alert of list) if (alert.lastMs < horizon) this.close(alert);
    }
  }

  /** End of stream: every alert is final. Returns them all, by first-seen time. */
  finish(): Alert[] {
    for (const list of this.open.values()) for (const alert of list) this.close(alert);
    this.open.clear();
    return [...this.final].sort(
      (a, b) =>
        compareText(a.firstSeen, b.firstSeen) || compareText(a.title, b.title) || compareText(a.id, b.id),
    );
  }

  /** Two open alerts of one key become one: the earlier takes the other's matches (which leaves `list`). */
  private merge(a: OpenAlert, b: OpenAlert, list: OpenAlert[]): OpenAlert {
    const [into, from] = b.firstMs < a.firstMs ? [b, a] : [a, b];
    if (into === b) list[list.indexOf(a)] = b;
    into.count += from.count;
    into.evidenceCount += from.evidenceCount;
    if (from.firstMs < into.firstMs) {
      into.firstMs = from.firstMs;
      into.firstSeen = from.firstSeen;
    }
    if (from.lastMs > into.lastMs) {
      into.lastMs = from.lastMs;
      into.lastSeen = from.lastSeen;
    }
    for (const kept of from.evidence)
      insertEvidence(into.evidence, kept, () => kept, this.options.maxEvidence);
    into.entities.addAll(from.entities);
    for (const [id, found] of from.intel) if (into.intel.size < MAX_INTEL) into.intel.set(id, found);
    return into;
  }

  private addEvent(alert: OpenAlert, event: ThreatEvent): void {
    alert.evidenceCount++;
    insertEvidence(alert.evidence, event, evidenceOf, this.options.maxEvidence);
    alert.entities.addEvent(event);
    const feed = event['threat.feed.name'];
    if (typeof feed === 'string' && alert.intel.size < MAX_INTEL) {
      const ip = String(event['threat.indicator.ip']);
      const indicator = String(event['threat.indicator.name']);
      const id = `${feed}\u0000${indicator}\u0000${ip}`;
      if (!alert.intel.has(id)) {
        const found: AlertIntel = {
          feed,
          indicator,
          ip,
          field: String(event['threat.indicator.matched.field']),
        };
        const indicatorId = event['threat.indicator.id'];
        if (typeof indicatorId === 'string') found.indicatorId = indicatorId;
        alert.intel.set(id, found);
      }
    }
  }

  private close(open: OpenAlert): void {
    let id = alertId(open.key, open.firstSeen);
    for (let n = 2; this.ids.has(id); n++) id = alertId(open.key, `${open.firstSeen}#${n}`);
    this.ids.add(id);
    const alert: Alert = {
      id,
      title: open.facts.title,
      severity: open.facts.severity,
      status: 'active',
      ruleId: open.facts.ruleId,
      kind: open.facts.kind,
      ...(open.facts.description !== undefined && { description: open.facts.description }),
      ...(open.facts.remediation !== undefined && { remediation: open.facts.remediation }),
      ...(open.facts.falsePositives !== undefined && { falsePositives: open.facts.falsePositives }),
      tactics: open.facts.tactics,
      techniques: open.facts.techniques,
      attackVersion: ATTACK_VERSION,
      entities: open.entities.toJSON(),
      ...(open.intel.size > 0 && { threatIntel: [...open.intel.values()] }),
      firstSeen: open.firstSeen,
      lastSeen: open.lastSeen,
      count: open.count,
      evidenceCount: open.evidenceCount,
      evidence: open.evidence,
    };
    this.final.push(alert);
    this.onFinal?.(alert);
  }

  /** What an alert takes from its rule, resolved once per rule. */
  private factsOf(match: SigmaMatch): RuleFacts {
    let facts = this.rules.get(match.ruleId);
    if (facts) return facts;
    const rule = match.rule;
    const attack = resolveAttackTags(match.tags);
    const remediation = rule.raw.remediation;
    facts = {
      title: match.title,
      severity: severityOfLevel(match.level),
      ruleId: match.ruleId,
      kind: match.kind,
      ...(rule.description !== undefined && { description: rule.description }),
      ...(typeof remediation === 'string' && { remediation }),
      ...(rule.falsepositives.length > 0 && { falsePositives: rule.falsepositives }),
      tactics: attack.tactics.map((t) => ({ id: t.id, name: t.name })),
      techniques: attack.techniques,
    };
    this.rules.set(match.ruleId, facts);
    return facts;
  }
}

/**
 * Keeps the earliest `max` events in time order, whatever order they arrive in (Log Analytics exports are
 * often newest first; correlations hand over their members at the end). Events of the same time are in
 * file and line order, so the same events give the same evidence however the input files are ordered or split.
 */
function insertEvidence<T extends EvidenceOrder>(
  evidence: Alert['evidence'],
  item: T,
  toEvidence: (item: T) => Alert['evidence'][number],
  max: number,
): void {
  let at = evidence.length;
  // Once evidence is full, a later event (the usual case) stops at the first comparison.
  while (at > 0 && isAfter(evidence[at - 1]!, item)) at--;
  if (at >= max) return;
  evidence.splice(at, 0, toEvidence(item));
  if (evidence.length > max) evidence.pop();
}

/** Where an event or a kept piece of evidence is: both order by time, then file and line. */
type EvidenceOrder = Pick<ThreatEvent, '@timestamp' | 'log.file.path' | 'log.file.line'>;

function isAfter(kept: EvidenceOrder, event: EvidenceOrder): boolean {
  const time = event['@timestamp'];
  if (kept['@timestamp'] !== time) return kept['@timestamp'] > time;
  const path = event['log.file.path'];
  if (kept['log.file.path'] !== path) return kept['log.file.path'] > path;
  return kept['log.file.line'] > event['log.file.line'];
}

/** A UUID-shaped digest of what makes the alert itself: rule and entities, and when it began. */
function alertId(key: string, firstSeen: string): string {
  const hex = createHash('sha256').update(`${key}\u0002${firstSeen}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
