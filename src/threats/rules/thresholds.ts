import type { SigmaCorrelationRule, SigmaDocument } from '../sigma/index.ts';

/**
 * The counting thresholds of the built-in correlation rules, as data with stated defaults. A correlation
 * rule names the threshold it uses with a `threshold:` key (a custom field, ignored by other Sigma tools);
 * its YAML carries the default values so that it reads and runs as written elsewhere, and applyThresholds
 * rewrites its condition and timespan from the values in force. README.md says why each default is what it is.
 */

/** At least `count` (events, or distinct values for value_count rules) within `windowMinutes`. */
export interface Threshold {
  count: number;
  windowMinutes: number;
}

export const THRESHOLD_NAMES = [
  'sshBruteForce',
  'rdpBruteForce',
  'passwordSpray',
  'incomingMultipleSources',
  'outgoingMultipleDestinations',
] as const;

export type ThresholdName = (typeof THRESHOLD_NAMES)[number];
export type Thresholds = Record<ThresholdName, Threshold>;
/** What a caller may override: any threshold, any of its two numbers; the rest keep their defaults. */
export type ThresholdOverrides = { [K in ThresholdName]?: Partial<Threshold> };

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  // fail2ban's sshd jail: maxretry = 5, findtime = 10m (jail.conf [DEFAULT]).
  sshBruteForce: Object.freeze({ count: 5, windowMinutes: 10 }),
  rdpBruteForce: Object.freeze({ count: 5, windowMinutes: 10 }),
  passwordSpray: Object.freeze({ count: 10, windowMinutes: 60 }),
  incomingMultipleSources: Object.freeze({ count: 20, windowMinutes: 60 }),
  outgoingMultipleDestinations: Object.freeze({ count: 20, windowMinutes: 60 }),
});

/** The longest window accepted: correlation state is kept for a whole window, so it must stay bounded. */
const MAX_WINDOW_MINUTES = 7 * 24 * 60;
const MAX_COUNT = 1_000_000;

export class ThresholdError extends Error {
  override name = 'ThresholdError';
}

/** The defaults with `overrides` applied; throws ThresholdError naming the first field that is wrong. */
export function resolveThresholds(overrides: unknown = {}): Thresholds {
  if (!isPlainObject(overrides)) {
    throw new ThresholdError(
      `thresholds must be an object keyed by threshold name (${THRESHOLD_NAMES.join(', ')})`,
    );
  }
  const out = {} as Thresholds;
  for (const name of THRESHOLD_NAMES) out[name] = { ...DEFAULT_THRESHOLDS[name] };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(THRESHOLD_NAMES as readonly string[]).includes(name)) {
      throw new ThresholdError(
        `thresholds.${name}: unknown threshold (known: ${THRESHOLD_NAMES.join(', ')})`,
      );
    }
    const key = name as ThresholdName;
    if (!isPlainObject(value)) {
      throw new ThresholdError(
        `thresholds.${name} must be an object such as { count: 5, windowMinutes: 10 }`,
      );
    }
    for (const [field, v] of Object.entries(value)) {
      if (field === 'count') {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_COUNT) {
          throw new ThresholdError(
            `thresholds.${name}.count must be a whole number from 1 to ${MAX_COUNT} (got ${show(v)})`,
          );
        }
        out[key].count = v;
      } else if (field === 'windowMinutes') {
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_WINDOW_MINUTES) {
          throw new ThresholdError(
            `thresholds.${name}.windowMinutes must be a number of minutes above 0 and at most ${MAX_WINDOW_MINUTES} (got ${show(v)})`,
          );
        }
        if (!Number.isInteger(v * 60)) {
          throw new ThresholdError(
            `thresholds.${name}.windowMinutes must be a whole number of seconds (got ${show(v)} minutes)`,
          );
        }
        out[key].windowMinutes = v;
      } else {
        throw new ThresholdError(`thresholds.${name}.${field}: unknown field (known: count, windowMinutes)`);
      }
    }
  }
  return out;
}

/**
 * The rules with every correlation that names a threshold rewritten to it: event_count and value_count
 * rules get `condition.gte = count` (other bounds dropped), every such rule gets the window as its
 * timespan (a temporal_ordered rule uses only the window: the success must follow the brute force within
 * it). Documents are copied, not changed. Throws ThresholdError for a rule that names an unknown threshold.
 */
export function applyThresholds(docs: readonly SigmaDocument[], thresholds: Thresholds): SigmaDocument[] {
  return docs.map((doc) => {
    if (doc.kind !== 'correlation' || doc.raw.threshold === undefined) return doc;
    const name = doc.raw.threshold;
    if (typeof name !== 'string' || !(THRESHOLD_NAMES as readonly string[]).includes(name)) {
      throw new ThresholdError(
        `${doc.source.file}: rule '${doc.title}' names threshold ${show(name)}, which is not one of ${THRESHOLD_NAMES.join(', ')}`,
      );
    }
    return withThreshold(doc, thresholds[name as ThresholdName]);
  });
}

function withThreshold(doc: SigmaCorrelationRule, t: Threshold): SigmaCorrelationRule {
  const seconds = Math.round(t.windowMinutes * 60);
  const timespan = seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
  const counted = doc.correlation.type === 'event_count' || doc.correlation.type === 'value_count';
  const condition = counted
    ? {
        ...(doc.correlation.condition?.field ? { field: doc.correlation.condition.field } : {}),
        gte: t.count,
      }
    : doc.correlation.condition;
  const rawCorrelation = doc.raw.correlation as Record<string, unknown>;
  const rawCondition = rawCorrelation.condition as Record<string, unknown> | undefined;
  return {
    ...doc,
    correlation: {
      ...doc.correlation,
      timespan,
      timespanMs: seconds * 1000,
      ...(condition ? { condition } : {}),
    },
    raw: {
      ...doc.raw,
      correlation: {
        ...rawCorrelation,
        timespan,
        ...(counted
          ? { condition: { ...(rawCondition?.field ? { field: rawCondition.field } : {}), gte: t.count } }
          : {}),
      },
    },
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v));
}
