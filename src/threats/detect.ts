import type { InputError } from '../util/input-error.ts';
import { type Alert, AlertAggregator, type AlertOptions } from './alerts/index.ts';
import type { ThreatEvent } from './event.ts';
import { correlateIncidents, type Incident, type IncidentOptions } from './incidents/index.ts';
import { parseInputBatches } from './input/parse-inputs.ts';
import { STDIN } from './input/sources.ts';
import { SshAuditPairs } from './input/ssh-audit-pairs.ts';
import { newParseStats, type ParseStats } from './input/stats.ts';
import { parseInputsInTimeOrder } from './input/time-order.ts';
import { enrichEvent, type FeedSummary, loadIntelFeeds } from './intel/index.ts';
import { msOfIso } from './parsers/time.ts';
import { loadBuiltinRules, type ThresholdOverrides } from './rules/index.ts';
import {
  compileRules,
  DEFAULT_MAPPINGS,
  type Detector,
  type DetectorStats,
  loadSigmaRules,
  type SigmaDocument,
  type SigmaError,
} from './sigma/index.ts';

/**
 * `vigil detect` as a library function: log inputs → parsers (in batches) → optional time filter →
 * threat intelligence enrichment → Sigma detector (built-in pack and the user's rules) → alerts
 * (deduplicated) → incidents. The CLI only parses options and formats the result.
 */
export interface DetectOptions {
  /** The user's Sigma rule files or directories, compiled together with the built-in pack. */
  rules?: readonly string[];
  /** Whether to load the built-in pack (default true). */
  builtin?: boolean;
  thresholds?: ThresholdOverrides;
  /** Threat intelligence feeds: IP/CIDR lists and STIX 2.1 bundles. */
  intel?: readonly string[];
  /** Only events at or after `since` and before `until` are detected on (the rest are counted). */
  since?: Date;
  until?: Date;
  /** Syslog year handling: see ParseOptions. */
  year?: number;
  referenceDate?: Date;
  stdin?: AsyncIterable<Buffer>;
  /**
   * How far (event time) events may arrive out of order and still be correlated as if sorted: correlation
   * members wait this long in a reorder buffer. Files are merged into one stream in time order
   * (input/time-order.ts: rotated logs given newest first and exports in any order come out sorted), so the
   * buffer only absorbs small disorder within a log; default 10 minutes for files, 60 s for standard input.
   * Memory follows the members of the last window, not the length of the input.
   */
  reorderWindowMs?: number;
  alerts?: AlertOptions;
  incidents?: IncidentOptions;
  /**
   * Called with each alert when it is final: at the end of the input, or, with a finite reorder window
   * (standard input), once event time has passed its dedup window and the reorder window.
   */
  onAlert?: (alert: Alert) => void;
  /** Unparsed lines kept as samples (default 20). */
  maxSamples?: number;
}

/** Disorder within a file that is still correlated exactly: several writers to one syslog file are seconds apart. */
const FILE_REORDER_MS = 10 * 60_000;
/** A stream reports as it goes: alerts are final a dedup window plus this much after their last event. */
const STREAM_REORDER_MS = 60_000;

export interface DetectStats extends Omit<ParseStats, 'errors'> {
  /** Events outside --since/--until. */
  outsideTimeRange: number;
  /**
   * Events not detected on because they are a second view of one SSH attempt (auditd's USER_LOGIN for an sshd
   * line, or the reverse: input/ssh-audit-pairs.ts) or a copy of an audit record read from another log
   * (input/audit-copies.ts); present only when there were any.
   */
  duplicates?: number;
  /** Events whose source or destination address is on a threat intelligence feed. */
  onFeeds: number;
  rules: { builtin: number; user: number; compiled: number; failed: number };
  intel: { feeds: FeedSummary[]; indicators: number };
  detector: Pick<DetectorStats, 'events' | 'detections' | 'correlation'>;
}

export interface DetectResult {
  stats: DetectStats;
  alerts: Alert[];
  incidents: Incident[];
  /** Bad input, located: unreadable inputs, rule files (file:line), feed lines and STIX objects. */
  errors: InputError[];
  /** What still ran but deserves a look: rules that see no events, feed entries not used. */
  warnings: InputError[];
}

export async function detect(paths: readonly string[], options: DetectOptions = {}): Promise<DetectResult> {
  const errors: InputError[] = [];
  const warnings: InputError[] = [];

  const builtin = options.builtin === false ? [] : loadBuiltinRules({ thresholds: options.thresholds ?? {} });
  const user = loadUserRules(options.rules ?? [], errors);
  const streaming = paths.includes(STDIN);
  const reorderWindowMs = options.reorderWindowMs ?? (streaming ? STREAM_REORDER_MS : FILE_REORDER_MS);
  const detector = compileRules([...builtin, ...user], DEFAULT_MAPPINGS, { reorderWindowMs });
  reportDetectorProblems(detector, errors, warnings);

  const intel = options.intel && options.intel.length > 0 ? await loadIntelFeeds(options.intel) : undefined;
  if (intel) {
    errors.push(...intel.errors);
    warnings.push(...intel.warnings);
  }
  const matcher = intel && intel.matcher.size > 0 ? intel.matcher : undefined;

  const aggregator = new AlertAggregator(options.alerts, options.onAlert);
  const since = options.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const until = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
  const timeFiltered = options.since !== undefined || options.until !== undefined;
  let outsideTimeRange = 0;
  let onFeeds = 0;
  let streamTime = Number.NEGATIVE_INFINITY;
  const sshPairs = new SshAuditPairs();

  const parseStats = newParseStats();
  const batches = (streaming ? parseInputBatches : parseInputsInTimeOrder)([...paths], {
    stats: parseStats,
    ...(options.year !== undefined && { year: options.year }),
    ...(options.referenceDate && { referenceDate: options.referenceDate }),
    ...(options.stdin && { stdin: options.stdin }),
    ...(options.maxSamples !== undefined && { maxSamples: options.maxSamples }),
  });
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      let event: ThreatEvent = batch[i]!;
      if (timeFiltered) {
        const t = msOfIso(event['@timestamp']);
        if (!(t >= since && t < until)) {
          outsideTimeRange++;
          continue;
        }
      }
      if (sshPairs.isDuplicate(event)) continue;
      if (matcher) {
        const enriched = enrichEvent(matcher, event);
        if (enriched !== event) onFeeds++;
        event = enriched;
      }
      const matches = detector.process(event);
      for (let m = 0; m < matches.length; m++) aggregator.add(matches[m]!);
    }
    // Alerts are final once event time is a dedup window past them, and events may arrive up to the reorder
    // window late. Files are merged in time order and standard input is a stream, so stream time (the batch's
    // last event, which can only lag the true latest time) minus the reorder window closes alerts as the
    // input goes: an open alert costs more memory than a final one, and output can be streamed.
    if (Number.isFinite(reorderWindowMs) && batch.length > 0) {
      const last = msOfIso(batch[batch.length - 1]!['@timestamp']);
      if (last > streamTime) {
        streamTime = last;
        // Correlation members the detector still holds are released first: their matches may add to alerts
        // that would otherwise close (a jump in time to a file with no members, e.g. an export of a later day).
        for (const match of detector.advance(streamTime)) aggregator.add(match);
        aggregator.advance(streamTime - reorderWindowMs);
      }
    }
  }
  for (const match of detector.flush()) aggregator.add(match);
  const alerts = aggregator.finish();
  const incidents = correlateIncidents(alerts, options.incidents);

  for (const e of parseStats.errors) errors.push({ file: e.path, message: e.message });
  const { errors: _readErrors, ...parsed } = parseStats;
  const detectorStats = detector.stats();
  return {
    stats: {
      ...parsed,
      outsideTimeRange,
      ...(sshPairs.duplicates > 0 && { duplicates: sshPairs.duplicates }),
      onFeeds,
      rules: {
        builtin: builtin.length,
        user: user.length,
        compiled: detector.rules.length,
        failed: detector.errors.length,
      },
      intel: {
        feeds: intel?.feeds ?? [],
        indicators: intel?.matcher.size ?? 0,
      },
      detector: {
        events: detectorStats.events,
        detections: detectorStats.detections,
        correlation: detectorStats.correlation,
      },
    },
    alerts,
    incidents,
    errors,
    warnings,
  };
}

function loadUserRules(paths: readonly string[], errors: InputError[]): SigmaDocument[] {
  if (paths.length === 0) return [];
  const { rules, errors: problems } = loadSigmaRules([...paths]);
  for (const e of problems) errors.push(sigmaProblem(e));
  return rules;
}

/**
 * Rules that do not compile are errors (the rest of the pack runs); rules whose logsource routes to no
 * dataset compile but would never fire, which a user should hear about: once per logsource, since a
 * SigmaHQ tree holds hundreds of rules for logs Vigil does not read.
 */
function reportDetectorProblems(detector: Detector, errors: InputError[], warnings: InputError[]): void {
  for (const e of detector.errors) errors.push(sigmaProblem(e));
  const byLogsource = new Map<string, { ruleIds: string[]; files: string[] }>();
  for (const u of detector.unrouted) {
    let group = byLogsource.get(u.logsource);
    if (group === undefined) {
      group = { ruleIds: [], files: [] };
      byLogsource.set(u.logsource, group);
    }
    group.ruleIds.push(u.ruleId);
    group.files.push(u.file);
  }
  for (const [logsource, { ruleIds, files }] of byLogsource) {
    const n = ruleIds.length;
    const some = `${n > UNROUTED_EXAMPLES ? 'e.g. ' : ''}${ruleIds.slice(0, UNROUTED_EXAMPLES).join(', ')}`;
    warnings.push({
      file: n === 1 ? files[0]! : commonDirectory(files),
      message: `${n} ${n === 1 ? 'rule' : 'rules'} for logsource ${shortLogsource(logsource)} never ${n === 1 ? 'fires' : 'fire'}: Vigil reads no such log (${some})`,
    });
  }
  for (const w of detector.warnings) warnings.push({ file: '(rules)', message: w });
}

/** Rule ids named in a never-firing warning. */
const UNROUTED_EXAMPLES = 3;

/** `product: windows, category: registry_set` → `windows/registry_set`. */
function shortLogsource(logsource: string): string {
  if (logsource === '') return '(none)';
  return logsource
    .split(', ')
    .map((part) => part.slice(part.indexOf(': ') + 2))
    .join('/');
}

/** The directory the files share (`rules/windows/`), or `(rules)` when they share none. */
function commonDirectory(files: readonly string[]): string {
  let prefix = files[0] ?? '';
  for (const f of files) {
    let i = 0;
    while (i < prefix.length && i < f.length && prefix.charCodeAt(i) === f.charCodeAt(i)) i++;
    prefix = prefix.slice(0, i);
  }
  const slash = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
  return slash === -1 ? '(rules)' : prefix.slice(0, slash + 1);
}

function sigmaProblem(e: SigmaError): InputError {
  const path = e.path ? ` (${e.path})` : '';
  const rule = e.rule ? ` [${e.rule}]` : '';
  return {
    file: e.file,
    ...(e.line !== undefined && { line: e.line }),
    message: `${e.kind}${path}${rule}: ${e.message}`,
  };
}
