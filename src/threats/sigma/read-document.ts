import {
  type CorrelationCondition,
  type CorrelationType,
  type DetectionMap,
  type DetectionValue,
  SIGMA_LEVELS,
  type SigmaDocument,
  type SigmaError,
  type SigmaLevel,
  type SigmaLogsource,
  type SigmaSource,
} from './types.ts';

/**
 * Checks the shape of one YAML document and turns it into a detection rule, a correlation rule or a filter
 * (sigma-rules-specification.md, sigma-correlation-rules-specification.md, sigma-filters-specification.md).
 * Only structure is checked here; whether every modifier and condition can run is the compiler's question.
 */

const CORRELATION_TYPES: readonly CorrelationType[] = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
];

const TIMESPAN_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

class Invalid extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
    readonly kind: 'invalid' | 'unsupported' = 'invalid',
  ) {
    super(message);
  }
}

export function readDocument(
  value: DetectionValue,
  source: SigmaSource,
): { document: SigmaDocument } | { error: SigmaError } {
  const label = isMap(value) ? ruleLabel(value) : undefined;
  try {
    return { document: read(value, source) };
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      error: {
        kind: e.kind,
        file: source.file,
        line: source.lineOf(e.path),
        ...(e.path.length > 0 ? { path: e.path.join('.') } : {}),
        ...(label ? { rule: label } : {}),
        message: e.message,
      },
    };
  }
}

function ruleLabel(doc: DetectionMap): string | undefined {
  for (const key of ['id', 'name', 'title']) if (typeof doc[key] === 'string') return doc[key] as string;
  return undefined;
}

function read(value: DetectionValue, source: SigmaSource): SigmaDocument {
  if (!isMap(value)) throw new Invalid([], 'a Sigma document must be a mapping');
  const doc = value;
  if (doc.action !== undefined) {
    throw new Invalid(
      ['action'],
      'rule collections (`action: global/reset/repeat`, Sigma 1.0)',
      'unsupported',
    );
  }
  const base = {
    title: requiredString(doc, 'title'),
    ...optionalStrings(doc, ['id', 'name', 'status', 'description']),
    ...(doc.author !== undefined ? { author: String(doc.author) } : {}),
    level: level(doc),
    tags: stringList(doc, ['tags']),
    references: stringList(doc, ['references']),
    falsepositives: stringList(doc, ['falsepositives']),
    raw: doc,
    source,
  };
  if (base.level === undefined) delete base.level;
  if (doc.correlation !== undefined) return { kind: 'correlation', ...base, correlation: correlation(doc) };
  if (doc.filter !== undefined && doc.detection === undefined) {
    const filter = mapAt(doc, ['filter']);
    const { detection, conditions } = detectionOf(filter, ['filter'], ['rules']);
    return {
      kind: 'filter',
      ...base,
      logsource: logsource(doc),
      filter: { rules: stringList(filter, ['filter', 'rules'], true), detection, conditions },
    };
  }
  if (doc.detection === undefined) {
    throw new Invalid([], 'not a Sigma rule: it has none of `detection`, `correlation` or `filter`');
  }
  return {
    kind: 'rule',
    ...base,
    logsource: logsource(doc),
    ...detectionOf(mapAt(doc, ['detection']), ['detection']),
  };
}

function detectionOf(
  section: DetectionMap,
  path: string[],
  skip: string[] = [],
): { detection: DetectionMap; conditions: string[] } {
  const cond = section.condition;
  if (cond === undefined) throw new Invalid(path, '`condition` is missing');
  const conditions = typeof cond === 'string' ? [cond] : Array.isArray(cond) ? cond : null;
  if (conditions === null || conditions.length === 0 || !conditions.every((c) => typeof c === 'string')) {
    throw new Invalid([...path, 'condition'], '`condition` must be a string or a list of strings');
  }
  if (section.timeframe !== undefined) {
    throw new Invalid(
      [...path, 'timeframe'],
      '`timeframe` with an aggregation condition (Sigma 1.0); use a correlation rule',
      'unsupported',
    );
  }
  const detection: DetectionMap = {};
  for (const [key, v] of Object.entries(section)) {
    if (key === 'condition' || skip.includes(key)) continue;
    if (v === null || (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0)) {
      throw new Invalid([...path, key], `search identifier '${key}' is empty`);
    }
    detection[key] = v;
  }
  return { detection, conditions: conditions as string[] };
}

function correlation(doc: DetectionMap) {
  const path = ['correlation'];
  const c = mapAt(doc, path);
  const type = c.type;
  if (typeof type !== 'string' || !CORRELATION_TYPES.includes(type as CorrelationType)) {
    throw new Invalid([...path, 'type'], `correlation type must be one of ${CORRELATION_TYPES.join(', ')}`);
  }
  const rules = stringList(c, [...path, 'rules'], true);
  const groupBy = stringList(c, [...path, 'group-by']);
  const timespan = c.timespan;
  const m = typeof timespan === 'string' ? /^(\d+)([smhd])$/.exec(timespan) : null;
  if (m === null) {
    throw new Invalid([...path, 'timespan'], '`timespan` must be a number and one of s, m, h, d (e.g. 10m)');
  }
  if (Number(m[1]) === 0) throw new Invalid([...path, 'timespan'], '`timespan` must be longer than zero');
  const condition =
    c.condition === undefined ? undefined : correlationCondition(c.condition, [...path, 'condition']);
  const needsCondition = !type.startsWith('temporal');
  if (needsCondition && condition === undefined) {
    throw new Invalid([...path], `a ${type} correlation needs a \`condition\``);
  }
  if (type.startsWith('value_') && !condition?.field) {
    throw new Invalid([...path, 'condition'], `a ${type} correlation needs \`condition.field\``);
  }
  const aliases: Record<string, Record<string, string>> = {};
  if (c.aliases !== undefined) {
    for (const [alias, perRule] of Object.entries(mapAt(c, [...path, 'aliases']))) {
      if (!isMap(perRule))
        throw new Invalid([...path, 'aliases', alias], 'an alias must map rule names to fields');
      const fields: Record<string, string> = {};
      for (const [rule, field] of Object.entries(perRule)) {
        if (typeof field !== 'string')
          throw new Invalid([...path, 'aliases', alias, rule], 'must be a field name');
        fields[rule] = field;
      }
      aliases[alias] = fields;
    }
  }
  // The spec's schema has `generate` beside `level` (sigma-correlation-rules-schema.json); pySigma reads it
  // inside `correlation`. Either place counts.
  let generate = false;
  for (const [container, at] of [
    [c, [...path, 'generate']],
    [doc, ['generate']],
  ] as const) {
    const v = container.generate;
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new Invalid(at, '`generate` must be true or false');
    generate ||= v;
  }
  return {
    type: type as CorrelationType,
    rules,
    groupBy,
    timespan: timespan as string,
    timespanMs: Number(m[1]) * TIMESPAN_UNITS[m[2]!]!,
    ...(condition ? { condition } : {}),
    aliases,
    generate,
  };
}

function correlationCondition(value: DetectionValue, path: string[]): CorrelationCondition {
  if (!isMap(value)) throw new Invalid(path, '`condition` must be a mapping such as `gte: 10`');
  const out: CorrelationCondition = {};
  let bounds = 0;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'field') {
      const fields =
        typeof v === 'string' ? [v] : Array.isArray(v) && v.every((f) => typeof f === 'string') ? v : null;
      if (fields === null || fields.length === 0)
        throw new Invalid([...path, key], '`field` must name a field');
      out.field = fields as string[];
    } else if (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(key)) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      if (!Number.isFinite(n)) throw new Invalid([...path, key], `\`${key}\` must be a number`);
      out[key as 'gt'] = n;
      bounds++;
    } else throw new Invalid([...path, key], `unknown correlation condition operator '${key}'`);
  }
  if (bounds === 0) throw new Invalid(path, '`condition` needs one of gt, gte, lt, lte, eq, neq');
  return out;
}

function logsource(doc: DetectionMap): SigmaLogsource {
  const ls = mapAt(doc, ['logsource']);
  const out: SigmaLogsource = {};
  for (const key of ['product', 'category', 'service'] as const) {
    const v = ls[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new Invalid(['logsource', key], `\`${key}\` must be a string`);
    out[key] = v.toLowerCase();
  }
  return out;
}

function level(doc: DetectionMap): SigmaLevel | undefined {
  const v = doc.level;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !SIGMA_LEVELS.includes(v.toLowerCase() as SigmaLevel)) {
    throw new Invalid(['level'], `\`level\` must be one of ${SIGMA_LEVELS.join(', ')}`);
  }
  return v.toLowerCase() as SigmaLevel;
}

function requiredString(doc: DetectionMap, key: string): string {
  const v = doc[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new Invalid([key], `\`${key}\` is required and must be text`);
  return v;
}

function optionalStrings(doc: DetectionMap, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const v = doc[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new Invalid([key], `\`${key}\` must be text`);
    out[key] = v;
  }
  return out;
}

/** A list of strings at `path` (a single string is a one-item list). */
function stringList(container: DetectionMap, path: string[], required = false): string[] {
  const v = container[path[path.length - 1]!];
  if (v === undefined || v === null) {
    if (required) throw new Invalid(path, `\`${path[path.length - 1]}\` is required`);
    return [];
  }
  const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : null;
  if (list === null || !list.every((x) => typeof x === 'string' || typeof x === 'number')) {
    throw new Invalid(path, `\`${path[path.length - 1]}\` must be a list of strings`);
  }
  if (required && list.length === 0)
    throw new Invalid(path, `\`${path[path.length - 1]}\` must not be empty`);
  return list.map(String);
}

function mapAt(container: DetectionMap, path: string[]): DetectionMap {
  const v = container[path[path.length - 1]!];
  if (!isMap(v)) throw new Invalid(path, `\`${path[path.length - 1]}\` must be a mapping`);
  return v;
}

export function isMap(v: DetectionValue | undefined): v is DetectionMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
