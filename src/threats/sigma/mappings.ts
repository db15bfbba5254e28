import { DATASETS, type Dataset } from '../event.ts';
import type { SigmaLogsource } from './types.ts';

/**
 * How Sigma rules meet Vigil's events, as data: for each Sigma logsource, which datasets carry its events
 * (and, where a dataset holds more than that logsource, which events: `where`), and how the rule's field
 * names (Sysmon/Windows/auditd names such as `Image`, `TargetUserName`, `a0`) map to the flat ECS fields
 * the parsers fill. DEFAULT_MAPPINGS (default-mappings.ts) covers the logsources the parsers produce; a user
 * extends it with mergeMappings, e.g. from a JSON file of the same shape.
 *
 * Resolving field F of a rule on one route, first hit wins:
 *   route.fields[F], logsource.fields[F], mappings.fields[F]  (exact names, then `{n}` templates such as
 *   `a{n}` → `process.args[{n}]`), else `<rawPrefix>F` then F itself (so ECS names in a rule just work).
 * A target may list candidates (`["process.executable", "winlog.event_data.Image"]`): the first one the event
 * has is used. `name[3]` reads element 3 of an array field. A route's `values` names event values by what
 * Sigma rules write for them (`S-1-16-12288` is `High`): such a field reads as both, so either form matches.
 */

/** One ECS field, or candidates tried in order. */
export type FieldTarget = string | string[];
export type FieldMap = Record<string, FieldTarget>;
export type WhereValue = string | number | boolean;
/** Per event field: the event's value (matched case-insensitively) → the value Sigma rules write for it. */
export type ValueNames = Record<string, Record<string, string>>;

export interface DatasetRoute {
  dataset: Dataset;
  /** The event must have one of the listed values (case-insensitive) in each field. */
  where?: Record<string, WhereValue | WhereValue[]>;
  fields?: FieldMap;
  /** Unmapped Sigma fields are looked up as `<rawPrefix><name>` (e.g. `winlog.event_data.`), then as named. */
  rawPrefix?: string;
  /** Fields that plain keyword lists search; default `log.original`. */
  keywordFields?: string[];
  /** Event values named as rules write them: the field reads as both (4688's `S-1-16-12288` as `High`). */
  values?: ValueNames;
}

export interface LogsourceMapping {
  logsource: SigmaLogsource;
  routes: DatasetRoute[];
  fields?: FieldMap;
  rawPrefix?: string;
  keywordFields?: string[];
}

export interface SigmaMappings {
  logsources: LogsourceMapping[];
  /** Fields mapped the same way for every logsource. */
  fields?: FieldMap;
}

/** A rule's field resolved for one route: candidate ECS keys, each with an optional array index. */
export interface ResolvedField {
  /** Display and cache key, e.g. `process.args[1]` or `user.name|winlog.event_data.User`. */
  key: string;
  candidates: FieldCandidate[];
}

export interface FieldCandidate {
  field: string;
  index?: number;
  /** Upper-cased event value → the name a rule writes (route `values`); the field then reads as both. */
  names?: ReadonlyMap<string, string>;
}

export const DEFAULT_KEYWORD_FIELDS = ['log.original'];

export function sameLogsource(a: SigmaLogsource, b: SigmaLogsource): boolean {
  return (
    (a.product ?? '') === (b.product ?? '') &&
    (a.category ?? '') === (b.category ?? '') &&
    (a.service ?? '') === (b.service ?? '')
  );
}

export function findLogsource(
  mappings: SigmaMappings,
  logsource: SigmaLogsource,
): LogsourceMapping | undefined {
  return mappings.logsources.find((m) => sameLogsource(m.logsource, logsource));
}

export function resolveField(
  name: string,
  route: DatasetRoute,
  entry: LogsourceMapping,
  mappings: SigmaMappings,
): ResolvedField {
  const tables = [route.fields, entry.fields, mappings.fields];
  let target: FieldTarget | undefined;
  for (const t of tables) {
    if (t && Object.hasOwn(t, name)) {
      target = t[name];
      break;
    }
  }
  if (target === undefined) {
    for (const t of tables) {
      target = t ? fromTemplate(name, t) : undefined;
      if (target !== undefined) break;
    }
  }
  if (target === undefined) {
    const prefix = route.rawPrefix ?? entry.rawPrefix;
    target = prefix && !name.startsWith(prefix) ? [prefix + name, name] : name;
  }
  const list = typeof target === 'string' ? [target] : target;
  const candidates = list.map(parseTarget);
  const keys = list.map((t, i) => {
    const table = route.values?.[candidates[i]!.field];
    if (table === undefined) return t;
    candidates[i]!.names = new Map(Object.entries(table).map(([v, name]) => [v.toUpperCase(), name]));
    // Another route may read the same field without names: the slot key must tell them apart.
    return `${t}${JSON.stringify(table)}`;
  });
  return { key: keys.join('|'), candidates };
}

export function keywordFieldsOf(route: DatasetRoute, entry: LogsourceMapping): string[] {
  return route.keywordFields ?? entry.keywordFields ?? DEFAULT_KEYWORD_FIELDS;
}

/** `a{n}` in a table matches `a0`, `a17`…; `{n}` in its target is replaced by the digits. */
function fromTemplate(name: string, table: FieldMap): FieldTarget | undefined {
  for (const [key, target] of Object.entries(table)) {
    const at = key.indexOf('{n}');
    if (at < 0) continue;
    const head = key.slice(0, at);
    const tail = key.slice(at + 3);
    if (!name.startsWith(head) || !name.endsWith(tail) || name.length <= head.length + tail.length) continue;
    const digits = name.slice(head.length, name.length - tail.length);
    if (!/^\d+$/.test(digits)) continue;
    const fill = (t: string) => t.replaceAll('{n}', String(Number(digits)));
    return typeof target === 'string' ? fill(target) : target.map(fill);
  }
  return undefined;
}

function parseTarget(target: string): FieldCandidate {
  const m = /^(.+)\[(\d+)\]$/.exec(target);
  return m ? { field: m[1]!, index: Number(m[2]) } : { field: target };
}

/** Adds `extra` to `base`: a logsource in both gets extra's routes and fields on top of base's. */
export function mergeMappings(base: SigmaMappings, extra: SigmaMappings): SigmaMappings {
  const logsources = base.logsources.map((m) => ({ ...m }));
  for (const add of extra.logsources) {
    const i = logsources.findIndex((m) => sameLogsource(m.logsource, add.logsource));
    if (i < 0) logsources.push(add);
    else {
      const cur = logsources[i]!;
      logsources[i] = {
        ...cur,
        ...add,
        routes: [
          ...cur.routes.filter((r) => !add.routes.some((a) => a.dataset === r.dataset)),
          ...add.routes,
        ],
        fields: { ...cur.fields, ...add.fields },
      };
    }
  }
  return { logsources, fields: { ...base.fields, ...extra.fields } };
}

/** Checks a mappings object read from JSON; returns problems as text naming the place. */
export function validateMappings(value: unknown, label: string): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const checkFields = (v: unknown, where: string) => {
    if (v === undefined) return;
    if (!isObj(v)) return problems.push(`${where}: must map Sigma field names to ECS fields`);
    for (const [k, t] of Object.entries(v)) {
      const ok =
        typeof t === 'string' || (Array.isArray(t) && t.length > 0 && t.every((x) => typeof x === 'string'));
      if (!ok) problems.push(`${where}.${k}: must be a field name or a list of them`);
    }
  };
  const checkValues = (v: unknown, where: string) => {
    if (v === undefined) return;
    if (!isObj(v)) return problems.push(`${where}: must map event fields to {event value: Sigma value}`);
    for (const [field, table] of Object.entries(v)) {
      if (!isObj(table) || !Object.values(table).every((x) => typeof x === 'string')) {
        problems.push(`${where}.${field}: must map event values to the values Sigma rules write`);
      }
    }
  };
  if (!isObj(value) || !Array.isArray(value.logsources)) return [`${label}: needs a "logsources" list`];
  checkFields(value.fields, `${label}.fields`);
  value.logsources.forEach((m, i) => {
    const where = `${label}.logsources[${i}]`;
    if (!isObj(m) || !isObj(m.logsource) || !Array.isArray(m.routes)) {
      problems.push(`${where}: needs "logsource" and "routes"`);
      return;
    }
    checkFields(m.fields, `${where}.fields`);
    m.routes.forEach((r, j) => {
      if (!isObj(r) || !DATASETS.includes(r.dataset as Dataset)) {
        problems.push(`${where}.routes[${j}].dataset: must be one of ${DATASETS.join(', ')}`);
      } else {
        checkFields(r.fields, `${where}.routes[${j}].fields`);
        checkValues(r.values, `${where}.routes[${j}].values`);
      }
    });
  });
  return problems;
}
