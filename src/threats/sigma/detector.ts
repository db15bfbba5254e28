import type { Dataset, FieldValue, ThreatEvent } from '../event.ts';
import { msOfIso } from '../parsers/time.ts';
import { compileDetection, DetectionError } from './compile-detection.ts';
import { type CorrelationCounters, type CorrelationInput, CorrelationState } from './correlation.ts';
import { DEFAULT_MAPPINGS } from './default-mappings.ts';
import { EvalContext, type FieldAccess, FieldSlots } from './eval-context.ts';
import { compileEntry, type EntryEnv, type Predicate } from './field-entry.ts';
import {
  type DatasetRoute,
  findLogsource,
  keywordFieldsOf,
  type LogsourceMapping,
  type ResolvedField,
  resolveField,
  type SigmaMappings,
} from './mappings.ts';
import { MultiNeedle } from './multi-needle.ts';
import { type Requirements, requirements } from './prefilter.ts';
import { ReorderBuffer } from './reorder-buffer.ts';
import type {
  SigmaCorrelationRule,
  SigmaDetectionRule,
  SigmaDocument,
  SigmaError,
  SigmaFilterRule,
  SigmaMatch,
} from './types.ts';

/**
 * compileRules turns loaded Sigma documents into a Detector: every rule compiled once per dataset it routes
 * to, rules indexed by dataset so an event is only shown the rules of its logsources, filters folded into
 * their rules, and correlation rules wired to the rules they reference.
 *
 * Correlation members and event order: members are held in a reorder buffer for `reorderWindowMs` of event
 * time (default 60 s) and fed to the correlations in timestamp order, so events from several files that
 * interleave within that window are correlated as if sorted. A member that arrives later than that is still
 * used, at once, and counted as `late`; one older than its group's window is dropped and counted as `expired`.
 * With `reorderWindowMs: Infinity` members wait until flush(): exact for any input order, at the cost of
 * reporting correlations only at the end.
 */

export interface CompileOptions {
  /** Values for `%name%` placeholders under the `expand` modifier. */
  placeholders?: Record<string, readonly string[]>;
  reorderWindowMs?: number;
  /**
   * Index rules on the values and texts they require (default true). False evaluates every routed rule on
   * every event of its dataset: the same matches, slower; for measuring the index or ruling it out.
   */
  prefilter?: boolean;
}

export interface DetectorStats {
  events: number;
  byDataset: Record<string, number>;
  /** Events of a dataset that no rule routes to. */
  unroutedEvents: number;
  /** Rule predicates evaluated. */
  evaluations: number;
  /** Rule matches, including those that only feed correlations. */
  detections: number;
  byRule: Record<string, number>;
  correlation: CorrelationCounters & {
    members: number;
    late: number;
    /** Members without a value for a group-by field (they cannot be placed in a group). */
    withoutGroup: number;
    badTimestamp: number;
    buffered: number;
  };
}

export interface CompiledRuleInfo {
  kind: 'rule' | 'correlation';
  ruleId: string;
  title: string;
  /** Datasets the rule sees (detection rules). */
  datasets: Dataset[];
  /** Whether its matches are reported (false for rules only a correlation uses, unless `generate`). */
  reported: boolean;
}

export interface Detector {
  readonly rules: CompiledRuleInfo[];
  /** Documents that did not compile, each naming the unsupported feature or the mistake. */
  readonly errors: SigmaError[];
  /** Rules that compiled but whose logsource no mapping routes to a dataset: they never see an event. */
  readonly unrouted: { ruleId: string; file: string; logsource: string }[];
  /**
   * Filter references to rules that were not loaded (the filter does nothing for them), and correlations that
   * group a correlation's matches by a field it does not group by (those matches are never counted).
   */
  readonly warnings: string[];
  /** The matches this event completes (and correlations it lets through); read-only, often shared. */
  process(event: ThreatEvent): readonly SigmaMatch[];
  /**
   * Stream time has reached `timeMs` (events that feed no correlation carry it too): releases the members
   * now due and judges windows that closed. A caller that closes alerts by stream time calls this first, so
   * that no match older than the watermark is still held back.
   */
  advance(timeMs: number): readonly SigmaMatch[];
  /** End of stream: releases buffered correlation members and judges open windows. */
  flush(): readonly SigmaMatch[];
  stats(): DetectorStats;
}

interface Consumer {
  state: CorrelationState;
  ruleIndex: number;
  /** Detection members: group-by and value fields resolved for the route. */
  group?: FieldAccess[];
  value?: FieldAccess[];
  /** Correlation members: names to read from the inner match's group. */
  groupNames?: string[];
  valueNames?: string[];
}

/** A detection member on its way to a correlation: the input and the consumer it is for. */
interface PendingInput extends CorrelationInput {
  consumer: Consumer;
}

/** One correlation rule as seen from its state: what to call its matches, whether to report them, who reads them. */
interface CorrelationView {
  rule: SigmaCorrelationRule;
  ruleId: string;
  reported: boolean;
  consumers: Consumer[];
}

interface RuleEntry {
  index: number;
  ruleId: string;
  rule: SigmaDetectionRule;
  reported: boolean;
  count: { ruleId: string; n: number };
}

interface RouteRule {
  /** Position among all route rules (for per-event bookkeeping). */
  id: number;
  entry: RuleEntry;
  predicate: Predicate;
  consumers: Consumer[];
  requires: Requirements;
}

/**
 * The rules of one dataset that share a `where`. Rules that require one value of the bucket's index field
 * (see prefilter.ts) are reached through `index`; rules that require one of some texts in a field are reached
 * through a multi-needle scan of that field; the rest are always evaluated.
 */
interface Bucket {
  key: string;
  where: Predicate | null;
  rules: RouteRule[];
  always: RouteRule[];
  index?: { access: FieldAccess; byValue: Map<string, RouteRule[]> };
  scans: Scan[];
}

interface Scan {
  access: FieldAccess;
  automaton: MultiNeedle;
  found: (needle: number) => void;
}

const NO_MATCHES: readonly SigmaMatch[] = Object.freeze([]);

export function ruleIdOf(doc: SigmaDocument): string {
  return doc.id ?? doc.name ?? doc.title;
}

export function compileRules(
  documents: readonly SigmaDocument[],
  mappings: SigmaMappings = DEFAULT_MAPPINGS,
  options: CompileOptions = {},
): Detector {
  return new SigmaDetector(documents, mappings, options);
}

class SigmaDetector implements Detector {
  readonly rules: CompiledRuleInfo[] = [];
  readonly errors: SigmaError[] = [];
  readonly unrouted: { ruleId: string; file: string; logsource: string }[] = [];
  readonly warnings: string[] = [];
  private readonly slots = new FieldSlots();
  private readonly accessByKey = new Map<string, FieldAccess>();
  private routeRuleCount = 0;
  private candidateGen: Int32Array = new Int32Array(0);
  private readonly scanHits: RouteRule[] = [];
  private readonly buckets = new Map<string, Bucket[]>();
  private readonly states: CorrelationState[] = [];
  /** States whose windows close with stream time (their conditions are judged at the end of a window). */
  private readonly fixedStates: CorrelationState[] = [];
  /** The correlation rules each state stands for (several when they are identical but for their names). */
  private readonly views = new Map<CorrelationState, CorrelationView[]>();
  private readonly ctx: EvalContext;
  private readonly matchedGen: Int32Array;
  private generation = 0;
  private readonly reorderWindowMs: number;
  private readonly buffer: ReorderBuffer<PendingInput>;
  /** The latest member time every state has advanced to. */
  private deliveredTime = Number.NEGATIVE_INFINITY;
  private out: SigmaMatch[] = [];
  private readonly counters: DetectorStats;
  /** Events per dataset and matches per rule entry, counted without a dictionary-mode object per event. */
  private readonly datasetCounts = new Map<string, { n: number; buckets: Bucket[] | undefined }>();
  private readonly ruleCounts: { ruleId: string; n: number }[] = [];

  constructor(documents: readonly SigmaDocument[], mappings: SigmaMappings, options: CompileOptions) {
    this.counters = {
      events: 0,
      byDataset: {},
      unroutedEvents: 0,
      evaluations: 0,
      detections: 0,
      byRule: {},
      correlation: {
        members: 0,
        late: 0,
        expired: 0,
        emitted: 0,
        withoutGroup: 0,
        badTimestamp: 0,
        buffered: 0,
      },
    };
    this.reorderWindowMs = options.reorderWindowMs ?? 60_000;
    this.buffer = new ReorderBuffer(this.reorderWindowMs);
    const placeholders = options.placeholders ?? {};

    const refs = this.indexReferences(documents);
    const correlations = this.resolveCorrelations(documents, refs);
    const referenced = new Set<SigmaDocument>();
    const generated = new Set<SigmaDocument>();
    for (const [c, members] of correlations) {
      for (const m of members) {
        referenced.add(m);
        if (c.correlation.generate) generated.add(m);
      }
    }
    const reported = (d: SigmaDocument) => !referenced.has(d) || generated.has(d);
    const filters = this.filtersByRule(documents, refs);

    // Detection rules, per route.
    const routeRules = new Map<
      SigmaDetectionRule,
      { rr: RouteRule; route: DatasetRoute; entry: LogsourceMapping }[]
    >();
    let index = 0;
    for (const doc of documents) {
      if (doc.kind !== 'rule' || !refs.valid.has(doc)) continue;
      const entry: RuleEntry = {
        index: index++,
        ruleId: ruleIdOf(doc),
        rule: doc,
        reported: reported(doc),
        count: { ruleId: ruleIdOf(doc), n: 0 },
      };
      this.ruleCounts.push(entry.count);
      const compiled = this.compileRule(doc, entry, filters.get(doc) ?? [], mappings, placeholders);
      if (compiled === null) continue;
      routeRules.set(doc, compiled);
      this.rules.push({
        kind: 'rule',
        ruleId: entry.ruleId,
        title: doc.title,
        datasets: [...new Set(compiled.map((c) => c.route.dataset))],
        reported: entry.reported,
      });
    }

    // Correlations, inner ones first so that flush() can cascade outwards.
    const stateOf = new Map<SigmaCorrelationRule, CorrelationState>();
    const viewOf = new Map<SigmaCorrelationRule, CorrelationView>();
    // Correlations that count the same members the same way share one state (e.g. a brute-force alert and
    // the same count used as a step of a longer sequence): its matches are given to each, under its name.
    const documentIndex = new Map<SigmaDocument, number>(documents.map((d, i) => [d, i]));
    const stateBySignature = new Map<string, CorrelationState>();
    for (const c of topological(correlations)) {
      const members = correlations.get(c)!;
      if (
        !members.every((m) =>
          m.kind === 'correlation' ? stateOf.has(m) : routeRules.has(m as SigmaDetectionRule),
        )
      ) {
        this.errors.push(
          error(c, 'invalid', 'a rule it references did not compile', ['correlation', 'rules']),
        );
        continue;
      }
      const view: CorrelationView = { rule: c, ruleId: ruleIdOf(c), reported: reported(c), consumers: [] };
      viewOf.set(c, view);
      this.rules.push({
        kind: 'correlation',
        ruleId: view.ruleId,
        title: c.title,
        datasets: [],
        reported: view.reported,
      });
      const signature = correlationSignature(c, members, documentIndex);
      const twin = stateBySignature.get(signature);
      if (twin !== undefined) {
        stateOf.set(c, twin);
        this.views.get(twin)!.push(view);
        continue;
      }
      const state = new CorrelationState(
        c,
        view.ruleId,
        (m) => this.emitCorrelation(state, m),
        this.counters.correlation,
      );
      stateBySignature.set(signature, state);
      stateOf.set(c, state);
      this.states.push(state);
      if (state.hasFixedWindows) this.fixedStates.push(state);
      this.views.set(state, [view]);
      const { groupBy, aliases, condition } = c.correlation;
      // Several `field`s are counted together: the distinct combinations of their values.
      const valueFields = condition?.field ?? [];
      members.forEach((m, ruleIndex) => {
        const aliased = (name: string) =>
          aliases[name]?.[m.name ?? ''] ?? aliases[name]?.[m.id ?? ''] ?? name;
        if (m.kind === 'correlation') {
          // A correlation's match carries only its own group-by values: others are absent from it.
          const carried = m.correlation.groupBy;
          for (const name of [...groupBy, ...valueFields].map(aliased)) {
            if (carried.includes(name)) continue;
            this.warnings.push(
              `${c.source.file}:${c.source.line}: correlation '${c.title}' reads '${name}' from the matches of ` +
                `'${m.name ?? m.id ?? m.title}', which only carry its group-by (${carried.join(', ') || 'none'}): ` +
                'they are not counted',
            );
          }
          viewOf.get(m)!.consumers.push({
            state,
            ruleIndex,
            groupNames: groupBy.map(aliased),
            valueNames: valueFields.map(aliased),
          });
          return;
        }
        for (const { rr, route, entry } of routeRules.get(m as SigmaDetectionRule)!) {
          const field = (name: string) =>
            this.slots.access(resolveField(aliased(name), route, entry, mappings));
          rr.consumers.push({
            state,
            ruleIndex,
            group: groupBy.map(field),
            value: valueFields.map(field),
          });
        }
      });
    }

    if (options.prefilter === false)
      for (const bucket of [...this.buckets.values()].flat()) bucket.always = bucket.rules;
    else this.buildIndexes();
    this.candidateGen = new Int32Array(this.routeRuleCount);
    this.ctx = new EvalContext(this.slots.size);
    this.matchedGen = new Int32Array(index);
  }

  process(event: ThreatEvent): readonly SigmaMatch[] {
    const c = this.counters;
    c.events++;
    const dataset = event['event.dataset'];
    // One lookup per event: the dataset's count and its buckets (set once compiling is over).
    let seen = this.datasetCounts.get(dataset);
    if (seen === undefined) {
      seen = { n: 0, buckets: this.buckets.get(dataset) };
      this.datasetCounts.set(dataset, seen);
    }
    seen.n++;
    const buckets = seen.buckets;
    if (buckets === undefined) c.unroutedEvents++;
    else {
      const ctx = this.ctx;
      ctx.reset(event);
      const gen = ++this.generation;
      for (const bucket of buckets) {
        if (bucket.where !== null && !bucket.where(ctx)) continue;
        for (const rr of bucket.always) this.evaluate(rr, event, gen);
        const index = bucket.index;
        if (index !== undefined) {
          const value = ctx.lowerText(index.access);
          if (typeof value === 'string') {
            const list = index.byValue.get(value);
            if (list !== undefined) for (const rr of list) this.evaluate(rr, event, gen);
          } else if (value !== undefined) {
            for (const v of value) for (const rr of index.byValue.get(v) ?? []) this.evaluate(rr, event, gen);
          }
        }
        for (const scan of bucket.scans) {
          const value = ctx.lowerText(scan.access);
          if (value === undefined) continue;
          const hits = this.scanHits;
          hits.length = 0;
          if (typeof value === 'string') scan.automaton.scan(value, scan.found);
          else for (const v of value) scan.automaton.scan(v, scan.found);
          if (hits.length > 1) hits.sort((a, b) => a.id - b.id);
          for (const rr of hits) this.evaluate(rr, event, gen);
        }
      }
    }
    if (this.fixedStates.length > 0) this.closeWindows(event);
    return this.take();
  }

  /**
   * Windows judged at their end close as stream time passes them, whatever events carry it; the time is
   * only read while such a window is open.
   */
  private closeWindows(event: ThreatEvent): void {
    let deadline = Number.POSITIVE_INFINITY;
    for (const s of this.fixedStates) deadline = Math.min(deadline, s.deadline);
    if (deadline === Number.POSITIVE_INFINITY) return;
    const time = msOfIso(event['@timestamp']);
    if (Number.isNaN(time) || time - this.reorderWindowMs <= deadline) return;
    for (const item of this.buffer.observe(time)) this.deliver(item);
    for (const s of this.fixedStates) s.advance(this.buffer.watermark);
  }

  private evaluate(rr: RouteRule, event: ThreatEvent, gen: number): void {
    const c = this.counters;
    c.evaluations++;
    const entry = rr.entry;
    if (this.matchedGen[entry.index] === gen || !rr.predicate(this.ctx)) return;
    this.matchedGen[entry.index] = gen;
    c.detections++;
    entry.count.n++;
    const rule = entry.rule;
    // `level` always present (undefined when the rule has none): one shape for every match.
    const match: SigmaMatch = {
      kind: 'detection',
      ruleId: entry.ruleId,
      title: rule.title,
      level: rule.level,
      tags: rule.tags,
      rule,
      timestamp: event['@timestamp'],
      event,
      events: [event],
    };
    if (entry.reported) this.out.push(match);
    if (rr.consumers.length > 0) this.feedDetection(rr.consumers, match, msOfIso(event['@timestamp']));
  }

  advance(timeMs: number): readonly SigmaMatch[] {
    if (Number.isNaN(timeMs)) return NO_MATCHES;
    for (const item of this.buffer.observe(timeMs)) this.deliver(item);
    for (const s of this.fixedStates) s.advance(this.buffer.watermark);
    return this.take();
  }

  flush(): readonly SigmaMatch[] {
    for (const item of this.buffer.drain()) this.deliver(item);
    for (const state of this.states) state.flush();
    this.deliveredTime = Number.NEGATIVE_INFINITY;
    this.counters.correlation.buffered = 0;
    return this.take();
  }

  stats(): DetectorStats {
    const c = this.counters;
    const byDataset: Record<string, number> = {};
    for (const [dataset, seen] of this.datasetCounts) byDataset[dataset] = seen.n;
    const byRule: Record<string, number> = {};
    for (const { ruleId, n } of this.ruleCounts) if (n > 0) byRule[ruleId] = (byRule[ruleId] ?? 0) + n;
    return {
      ...c,
      byDataset,
      byRule,
      correlation: { ...c.correlation, buffered: this.buffer.size },
    };
  }

  private take(): readonly SigmaMatch[] {
    if (this.out.length === 0) return NO_MATCHES;
    const out = this.out;
    this.out = [];
    return out;
  }

  private feedDetection(consumers: Consumer[], match: SigmaMatch, time: number): void {
    const cc = this.counters.correlation;
    if (Number.isNaN(time)) {
      cc.badTimestamp++;
      return;
    }
    // Consumers of one rule mostly group by the same fields (brute force and spray both by source.ip): the
    // group is read once for a run of them.
    let groupOf: FieldAccess[] | undefined;
    let group: FieldValue[] | undefined;
    for (const consumer of consumers) {
      const accesses = consumer.group!;
      if (accesses !== groupOf && !sameAccesses(accesses, groupOf)) {
        groupOf = accesses;
        group = groupValues(this.ctx, accesses);
      }
      if (group === undefined) {
        cc.withoutGroup++;
        continue;
      }
      cc.members++;
      const valueFields = consumer.value!;
      const value =
        valueFields.length === 0
          ? undefined
          : valueFields.length === 1
            ? this.ctx.value(valueFields[0]!)
            : combined(valueFields.map((a) => this.ctx.value(a)));
      // One object per member, whatever its path: it waits in the buffer and then sits in the group.
      const input: PendingInput = {
        time,
        ruleIndex: consumer.ruleIndex,
        group,
        member: match,
        value,
        consumer,
      };
      if (this.buffer.isLate(time)) {
        cc.late++;
        this.deliver(input);
        continue;
      }
      const due = this.buffer.push(time, input);
      for (let i = 0; i < due.length; i++) this.deliver(due[i]!);
    }
  }

  private deliver(input: PendingInput): void {
    // Members come mostly in time order, many at one time: other states only need to hear that time moved.
    if (input.time > this.deliveredTime) {
      this.deliveredTime = input.time;
      for (const state of this.states) state.advance(input.time);
    }
    input.consumer.state.ingest(input);
  }

  private emitCorrelation(state: CorrelationState, first: SigmaMatch): void {
    const time = msOfIso(first.timestamp);
    for (const view of this.views.get(state)!) {
      let match = first;
      if (view.rule !== state.rule) {
        this.counters.correlation.emitted++;
        match = renamed(first, view);
      }
      if (view.reported) this.out.push(match);
      this.feedCorrelation(view.consumers, match, time);
    }
  }

  private feedCorrelation(consumers: Consumer[], match: SigmaMatch, time: number): void {
    for (const consumer of consumers) {
      const inner = match.correlation!.group;
      const group = consumer.groupNames!.map((n) => inner[n]);
      if (group.some((v) => v === undefined)) {
        this.counters.correlation.withoutGroup++;
        continue;
      }
      const input: CorrelationInput = {
        time,
        ruleIndex: consumer.ruleIndex,
        group: group as FieldValue[],
        member: match,
      };
      const value = combined(consumer.valueNames!.map((n) => inner[n]));
      if (value !== undefined) input.value = value;
      consumer.state.ingest(input);
    }
  }

  /** Index by id and name; a second document claiming an id or name is an error and is left out. */
  private indexReferences(documents: readonly SigmaDocument[]) {
    const byRef = new Map<string, SigmaDocument>();
    const valid = new Set<SigmaDocument>();
    for (const doc of documents) {
      const clash = [doc.id, doc.name].find((k) => k !== undefined && byRef.has(k));
      if (clash !== undefined) {
        const first = byRef.get(clash)!;
        this.errors.push(
          error(
            doc,
            'invalid',
            `id or name '${clash}' is already used by ${first.source.file}:${first.source.line}`,
            [doc.id === clash ? 'id' : 'name'],
          ),
        );
        continue;
      }
      for (const k of [doc.id, doc.name]) if (k !== undefined) byRef.set(k, doc);
      valid.add(doc);
    }
    return { byRef, valid };
  }

  private resolveCorrelations(
    documents: readonly SigmaDocument[],
    refs: { byRef: Map<string, SigmaDocument>; valid: Set<SigmaDocument> },
  ): Map<SigmaCorrelationRule, SigmaDocument[]> {
    const out = new Map<SigmaCorrelationRule, SigmaDocument[]>();
    for (const doc of documents) {
      if (doc.kind !== 'correlation' || !refs.valid.has(doc)) continue;
      if (doc.correlation.type === 'value_percentile') {
        this.errors.push(
          error(doc, 'unsupported', 'correlation type value_percentile', ['correlation', 'type']),
        );
        continue;
      }
      const members: SigmaDocument[] = [];
      for (const [i, ref] of doc.correlation.rules.entries()) {
        const target = refs.byRef.get(ref);
        if (target === undefined || target.kind === 'filter') {
          this.errors.push(
            error(doc, 'invalid', `references '${ref}', which is not a loaded rule`, [
              'correlation',
              'rules',
              i,
            ]),
          );
          break;
        }
        members.push(target);
      }
      if (members.length !== doc.correlation.rules.length) continue;
      // An alias for a rule the correlation does not use would be silently ignored, grouping on the wrong field.
      const stray = Object.entries(doc.correlation.aliases).flatMap(([alias, perRule]) =>
        Object.keys(perRule)
          .filter((r) => !members.some((m) => m.name === r || m.id === r))
          .map((r) => [alias, r]),
      )[0];
      if (stray !== undefined) {
        this.errors.push(
          error(doc, 'invalid', `alias '${stray[0]}' names '${stray[1]}', which is not one of its rules`, [
            'correlation',
            'aliases',
            ...stray,
          ]),
        );
        continue;
      }
      out.set(doc, members);
    }
    // A correlation that (through others) references itself can never be evaluated.
    for (const c of [...out.keys()]) {
      if (reaches(c, c, out, new Set())) {
        out.delete(c);
        this.errors.push(
          error(c, 'invalid', 'correlation references itself through its rules', ['correlation', 'rules']),
        );
      }
    }
    return out;
  }

  private filtersByRule(
    documents: readonly SigmaDocument[],
    refs: { byRef: Map<string, SigmaDocument> },
  ): Map<SigmaDocument, SigmaFilterRule[]> {
    const out = new Map<SigmaDocument, SigmaFilterRule[]>();
    for (const doc of documents) {
      if (doc.kind !== 'filter') continue;
      // The spec's filters select what to suppress (`condition: selection`); pySigma instead ANDs the condition
      // into the rule, so filters written for it say `not selection`, which here would keep only those events.
      const negated = doc.filter.conditions.find((c) => /^\s*not\b/i.test(c));
      if (negated !== undefined) {
        this.warnings.push(
          `${doc.source.file}:${doc.source.line}: filter '${doc.title}' has condition '${negated.trim()}': ` +
            'Vigil suppresses the events a filter condition selects (sigma-filters-specification.md), so this ' +
            "keeps only events where it is false; a filter written for pySigma's 'rule and (condition)' needs its 'not' removed",
        );
      }
      for (const ref of doc.filter.rules) {
        const target = refs.byRef.get(ref);
        if (target === undefined || target.kind !== 'rule') {
          this.warnings.push(
            `${doc.source.file}:${doc.source.line}: filter '${doc.title}' names '${ref}', not a loaded rule`,
          );
          continue;
        }
        out.set(target, [...(out.get(target) ?? []), doc]);
      }
    }
    return out;
  }

  private compileRule(
    rule: SigmaDetectionRule,
    entry: RuleEntry,
    filters: SigmaFilterRule[],
    mappings: SigmaMappings,
    placeholders: Record<string, readonly string[]>,
  ): { rr: RouteRule; route: DatasetRoute; entry: LogsourceMapping }[] | null {
    const mapping = findLogsource(mappings, rule.logsource);
    // An unmapped logsource is still compiled (with field names as written) so its problems are reported.
    const routes: { route: DatasetRoute; mapping: LogsourceMapping; real: boolean }[] = mapping
      ? mapping.routes.map((route) => ({ route, mapping, real: true }))
      : [
          {
            route: { dataset: 'linux.syslog' },
            mapping: { logsource: rule.logsource, routes: [] },
            real: false,
          },
        ];
    const out: { rr: RouteRule; route: DatasetRoute; entry: LogsourceMapping }[] = [];
    for (const { route, mapping: m, real } of routes) {
      const env: EntryEnv = {
        placeholders,
        field: (name) =>
          name === ''
            ? this.slots.access(keywordField(keywordFieldsOf(route, m)), true)
            : this.slots.access(resolveField(name, route, m, mappings)),
      };
      let predicate: Predicate;
      let requires: Requirements;
      let current: SigmaDocument = rule;
      try {
        predicate = compileDetection(rule.detection, rule.conditions, env);
        requires = requirements(rule.detection, rule.conditions, (name) => {
          const access = env.field(name);
          this.accessByKey.set(access.key, access);
          return access.key;
        });
        for (const f of filters) {
          current = f;
          const excluded = compileDetection(f.filter.detection, f.filter.conditions, env, ['filter']);
          const base = predicate;
          predicate = (ctx) => base(ctx) && !excluded(ctx);
        }
      } catch (e) {
        if (!(e instanceof DetectionError)) throw e;
        const where = current === rule ? '' : ` (in filter '${current.title}' applied to '${entry.ruleId}')`;
        this.errors.push(
          error(current, e.unsupported ? 'unsupported' : 'invalid', e.message + where, e.path),
        );
        return null;
      }
      if (!real) {
        const ls = Object.entries(rule.logsource)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ');
        this.unrouted.push({ ruleId: entry.ruleId, file: rule.source.file, logsource: ls });
        return [];
      }
      const rr: RouteRule = { id: this.routeRuleCount++, entry, predicate, consumers: [], requires };
      this.bucketFor(route).rules.push(rr);
      out.push({ rr, route, entry: m });
    }
    return out;
  }

  /** Rules sharing a dataset and an identical `where` share one bucket, so the `where` runs once. */
  private bucketFor(route: DatasetRoute): Bucket {
    const list = this.buckets.get(route.dataset) ?? [];
    this.buckets.set(route.dataset, list);
    const key = JSON.stringify(route.where ?? null);
    let bucket = list.find((b) => b.key === key);
    if (bucket === undefined) {
      bucket = {
        key,
        where: route.where ? this.compileWhere(route.where) : null,
        rules: [],
        always: [],
        scans: [],
      };
      list.push(bucket);
    }
    return bucket;
  }

  /**
   * Per bucket: index on the exact-value field most rules require, then group the remaining rules that
   * require texts in a field into one multi-needle scan per field (see prefilter.ts).
   */
  private buildIndexes(): void {
    for (const bucket of [...this.buckets.values()].flat()) {
      let rest = bucket.rules;
      const exactField = mostShared(
        rest,
        (rr) => rr.requires.exact,
        () => 1,
        2,
      );
      if (exactField !== undefined) {
        const byValue = new Map<string, RouteRule[]>();
        rest = [];
        for (const rr of bucket.rules) {
          const values = rr.requires.exact.get(exactField);
          if (values === undefined) rest.push(rr);
          else for (const v of values) byValue.set(v, [...(byValue.get(v) ?? []), rr]);
        }
        bucket.index = { access: this.accessByKey.get(exactField)!, byValue };
      }
      for (;;) {
        const field = mostShared(
          rest,
          (rr) => rr.requires.needles,
          (v) => v.size,
          3,
        );
        if (field === undefined) break;
        const needles: string[] = [];
        const rulesOf: RouteRule[][] = [];
        const next: RouteRule[] = [];
        for (const rr of rest) {
          const wanted = rr.requires.needles.get(field);
          if (wanted === undefined) next.push(rr);
          else {
            for (const n of wanted) {
              needles.push(n);
              rulesOf.push([rr]);
            }
          }
        }
        bucket.scans.push({
          access: this.accessByKey.get(field)!,
          automaton: new MultiNeedle(needles),
          found: this.collector(rulesOf),
        });
        rest = next;
      }
      bucket.always = rest;
    }
  }

  /** The callback a scan reports needles to: gathers each candidate rule once per event. */
  private collector(rulesOf: RouteRule[][]): (needle: number) => void {
    return (needle) => {
      for (const rr of rulesOf[needle]!) {
        if (this.candidateGen[rr.id] === this.generation) continue;
        this.candidateGen[rr.id] = this.generation;
        this.scanHits.push(rr);
      }
    };
  }

  private compileWhere(where: NonNullable<DatasetRoute['where']>): Predicate {
    const env: EntryEnv = {
      placeholders: {},
      field: (name) => this.slots.access({ key: name, candidates: [{ field: name }] }),
    };
    const preds = Object.entries(where).map(([field, values]) => compileEntry(field, values, env));
    if (preds.length === 1) return preds[0]!;
    return (ctx) => {
      for (const p of preds) if (!p(ctx)) return false;
      return true;
    };
  }
}

/**
 * The field the rules' requirements weigh most on, if it weighs at least `min`: for exact values each rule
 * counts once (an index pays from two rules on), for needles each needle does (one scan replaces that many
 * searches).
 */
function mostShared(
  rules: RouteRule[],
  of: (rr: RouteRule) => Map<string, Set<string>>,
  weight: (values: Set<string>) => number,
  min: number,
): string | undefined {
  const counts = new Map<string, number>();
  for (const rr of rules) for (const [k, v] of of(rr)) counts.set(k, (counts.get(k) ?? 0) + weight(v));
  let best: [string, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best !== undefined && best[1] >= min ? best[0] : undefined;
}

/** A twin correlation's match: the shared state's, under the twin's id, title, level and tags. */
function renamed(match: SigmaMatch, view: CorrelationView): SigmaMatch {
  const rule = view.rule;
  const out: SigmaMatch = {
    kind: match.kind,
    ruleId: view.ruleId,
    title: rule.title,
    tags: rule.tags,
    rule,
    timestamp: match.timestamp,
    event: match.event,
    events: match.events,
  };
  if (rule.level !== undefined) out.level = rule.level;
  if (match.correlation !== undefined) out.correlation = match.correlation;
  return out;
}

/**
 * What makes two correlation rules count alike: type, members (by position among the documents), grouping
 * and aliases, window and condition. Names, titles, levels and tags are left out.
 */
function correlationSignature(
  c: SigmaCorrelationRule,
  members: SigmaDocument[],
  documentIndex: Map<SigmaDocument, number>,
): string {
  const { type, groupBy, aliases, timespanMs, condition } = c.correlation;
  return JSON.stringify([
    type,
    members.map((m) => documentIndex.get(m)),
    groupBy,
    aliases,
    timespanMs,
    condition ?? null,
  ]);
}

/**
 * The group-by values of the event, or undefined when one is missing. One value, the usual group, is a list
 * made at its size: an empty list takes room for 17 values at its first push, for every member.
 */
function groupValues(ctx: EvalContext, accesses: FieldAccess[]): FieldValue[] | undefined {
  if (accesses.length === 1) {
    const v = ctx.value(accesses[0]!);
    return v === undefined ? undefined : [v];
  }
  const out: FieldValue[] = [];
  for (const access of accesses) {
    const v = ctx.value(access);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function sameAccesses(a: FieldAccess[], b: FieldAccess[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One field's value as is; several fields' values as one list (undefined when any is missing). */
function combined(values: (FieldValue | undefined)[]): FieldValue | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  return values.length === 1 ? values[0] : values.map((v) => (Array.isArray(v) ? v.join(',') : String(v)));
}

function keywordField(fields: string[]): ResolvedField {
  return { key: fields.join('|'), candidates: fields.map((field) => ({ field })) };
}

function reaches(
  from: SigmaCorrelationRule,
  target: SigmaCorrelationRule,
  graph: Map<SigmaCorrelationRule, SigmaDocument[]>,
  seen: Set<SigmaDocument>,
): boolean {
  for (const m of graph.get(from) ?? []) {
    if (m === target) return true;
    if (m.kind === 'correlation' && !seen.has(m)) {
      seen.add(m);
      if (reaches(m, target, graph, seen)) return true;
    }
  }
  return false;
}

function topological(graph: Map<SigmaCorrelationRule, SigmaDocument[]>): SigmaCorrelationRule[] {
  const order: SigmaCorrelationRule[] = [];
  const done = new Set<SigmaCorrelationRule>();
  const visit = (c: SigmaCorrelationRule) => {
    if (done.has(c)) return;
    done.add(c);
    for (const m of graph.get(c) ?? []) if (m.kind === 'correlation' && graph.has(m)) visit(m);
    order.push(c);
  };
  for (const c of graph.keys()) visit(c);
  return order;
}

function error(
  doc: SigmaDocument,
  kind: SigmaError['kind'],
  message: string,
  path: readonly (string | number)[],
): SigmaError {
  return {
    kind,
    file: doc.source.file,
    line: doc.source.lineOf(path),
    path: path.join('.'),
    rule: ruleIdOf(doc),
    message,
  };
}
