import type { FieldValue, ThreatEvent } from '../event.ts';

/** Where a document came from; `lineOf` turns a YAML path (keys and indexes) into a 1-based line. */
export interface SigmaSource {
  file: string;
  /** 1-based line where the YAML document starts. */
  line: number;
  /** 0-based position of the document in a multi-document file. */
  document: number;
  lineOf(path: readonly (string | number)[]): number;
}

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';
export const SIGMA_LEVELS: readonly SigmaLevel[] = ['informational', 'low', 'medium', 'high', 'critical'];

export interface SigmaLogsource {
  product?: string;
  category?: string;
  service?: string;
}

interface SigmaDocumentBase {
  title: string;
  id?: string;
  name?: string;
  status?: string;
  description?: string;
  level?: SigmaLevel;
  tags: string[];
  author?: string;
  references: string[];
  falsepositives: string[];
  /** The whole document as read, custom fields included. */
  raw: Record<string, unknown>;
  source: SigmaSource;
}

/**
 * Detection values as YAML gave them, except that a plain number whose text is not its canonical decimal
 * form (`0x17`, `0777`, `1.50`) is kept as that text, so matching sees what the rule author wrote.
 */
export type DetectionValue = string | number | boolean | null | DetectionValue[] | DetectionMap;
export interface DetectionMap {
  [key: string]: DetectionValue;
}

export interface SigmaDetectionRule extends SigmaDocumentBase {
  kind: 'rule';
  logsource: SigmaLogsource;
  /** Search identifiers (without `condition`). */
  detection: DetectionMap;
  /** One or more conditions; a list means OR. */
  conditions: string[];
}

export type CorrelationType =
  | 'event_count'
  | 'value_count'
  | 'temporal'
  | 'temporal_ordered'
  | 'value_sum'
  | 'value_avg'
  | 'value_percentile';

export interface CorrelationCondition {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  eq?: number;
  neq?: number;
  /** value_count / value_sum / value_avg: the field(s) whose values are counted or summed. */
  field?: string[];
}

export interface SigmaCorrelationRule extends SigmaDocumentBase {
  kind: 'correlation';
  correlation: {
    type: CorrelationType;
    /** Referenced rules by id or name, in order (the order matters for temporal_ordered). */
    rules: string[];
    groupBy: string[];
    timespan: string;
    timespanMs: number;
    condition?: CorrelationCondition;
    /** alias → (rule name or id → field in that rule's events). */
    aliases: Record<string, Record<string, string>>;
    /** Whether the referenced rules also raise their own matches (Sigma default: false). */
    generate: boolean;
  };
}

export interface SigmaFilterRule extends SigmaDocumentBase {
  kind: 'filter';
  logsource: SigmaLogsource;
  filter: {
    /** Rules (by id or name) the filter suppresses matches of. */
    rules: string[];
    detection: DetectionMap;
    conditions: string[];
  };
}

export type SigmaDocument = SigmaDetectionRule | SigmaCorrelationRule | SigmaFilterRule;

export type SigmaErrorKind = 'io' | 'yaml' | 'invalid' | 'unsupported';

/** A problem with one rule file or document; never thrown from loading or compiling, always returned. */
export interface SigmaError {
  kind: SigmaErrorKind;
  file: string;
  line?: number;
  /** YAML path inside the document, e.g. `detection.selection.CommandLine|re`. */
  path?: string;
  /** The rule's id, name or title when known. */
  rule?: string;
  message: string;
}

export function formatSigmaError(e: SigmaError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}`;
  const path = e.path ? ` (${e.path})` : '';
  const rule = e.rule ? ` [${e.rule}]` : '';
  return `${where}${path}${rule}: ${e.message}`;
}

/** One detection: a rule matched an event, or a correlation matched a set of them. */
export interface SigmaMatch {
  kind: 'detection' | 'correlation';
  /** The rule's id, else its name, else its title. */
  ruleId: string;
  title: string;
  level?: SigmaLevel;
  tags: string[];
  rule: SigmaDetectionRule | SigmaCorrelationRule;
  /** `@timestamp` of the (last) triggering event. */
  timestamp: string;
  /** The matched event; for a correlation, the event that completed it. */
  event: ThreatEvent;
  /** Every triggering event, in time order (one for a detection). */
  events: ThreatEvent[];
  correlation?: {
    type: CorrelationType;
    /** group-by field → value shared by the member events. */
    group: Record<string, FieldValue>;
    /** Events counted (event_count), distinct values (value_count), sum or average, or rules seen (temporal). */
    value: number;
    firstSeen: string;
    lastSeen: string;
    /** The member matches, each a detection or a nested correlation. */
    members: SigmaMatch[];
  };
}
