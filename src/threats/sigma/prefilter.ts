import { type ConditionNode, expandPattern, parseCondition } from './condition.ts';
import { isMap } from './read-document.ts';
import { parseSigmaString, plainText } from './sigma-string.ts';
import type { DetectionMap, DetectionValue } from './types.ts';

/**
 * What a rule's detection implies about single fields, so the detector can skip rules that cannot match
 * an event without running them:
 * - `exact`: "if the rule matches, field K equals one of these values" (case-insensitive);
 * - `needles`: "if the rule matches, field K contains one of these texts" (lower-cased).
 * The detector indexes a dataset's rules on the exact field most of them share (typically `event.action` or
 * `event.code`) and scans keyword/`contains` fields once for all rules' needles (multi-needle.ts). Anything
 * not provably required (`not`, regexes, encodings, `cased`) contributes nothing, so skipping never hides a
 * possible match.
 */
export interface Requirements {
  exact: Map<string, Set<string>>;
  needles: Map<string, Set<string>>;
}

const EMPTY = (): Requirements => ({ exact: new Map(), needles: new Map() });

/** `fieldKey` maps a Sigma field name ('' for keywords) to the resolved field's cache key. */
export function requirements(
  detection: DetectionMap,
  conditions: readonly string[],
  fieldKey: (name: string) => string,
): Requirements {
  const ids = Object.keys(detection);
  const perId = new Map<string, Requirements>();
  const of = (id: string): Requirements => {
    let r = perId.get(id);
    if (r === undefined) {
      r = identifier(detection[id]!, fieldKey);
      perId.set(id, r);
    }
    return r;
  };
  const node = (n: ConditionNode): Requirements => {
    switch (n.t) {
      case 'id':
        return detection[n.name] === undefined ? EMPTY() : of(n.name);
      case 'and':
        return allOf(n.items.map(node));
      case 'or':
        return anyOf(n.items.map(node));
      case 'not':
        return EMPTY();
      case 'of': {
        const parts = expandPattern(n.pattern, ids).map(of);
        return n.count === 'all' ? allOf(parts) : n.count === 1 ? anyOf(parts) : EMPTY();
      }
    }
  };
  return anyOf(conditions.map((c) => node(parseCondition(c))));
}

function identifier(value: DetectionValue, fieldKey: (name: string) => string): Requirements {
  if (isMap(value)) return mapRequirements(value, fieldKey);
  if (Array.isArray(value)) {
    const keywords = value.filter((v) => !isMap(v));
    const parts = value.filter(isMap).map((m) => mapRequirements(m as DetectionMap, fieldKey));
    if (keywords.length > 0) parts.push(entryRequirements('', keywords, fieldKey));
    return anyOf(parts);
  }
  return entryRequirements('', [value], fieldKey);
}

function mapRequirements(map: DetectionMap, fieldKey: (name: string) => string): Requirements {
  return allOf(
    Object.entries(map).map(([key, v]) => entryRequirements(key, Array.isArray(v) ? v : [v], fieldKey)),
  );
}

const SHAPES = new Set(['contains', 'startswith', 'endswith', 'all']);

function entryRequirements(
  key: string,
  values: DetectionValue[],
  fieldKey: (name: string) => string,
): Requirements {
  const [field = '', ...mods] = key.split('|');
  const out = EMPTY();
  if (values.length === 0 || !mods.every((m) => SHAPES.has(m))) return out;
  const texts: string[][] = [];
  for (const v of values) {
    if (typeof v === 'string') texts.push(literalRuns(v));
    else if (typeof v === 'number' || typeof v === 'boolean') texts.push([String(v).toLowerCase()]);
    else return out;
  }
  const k = fieldKey(field);
  if (field !== '' && mods.length === 0) {
    const exact = values.map((v) => (typeof v === 'string' ? plainText(parseSigmaString(v)) : String(v)));
    if (exact.every((t) => t !== null)) out.exact.set(k, new Set(exact.map((t) => t!.toLowerCase())));
  }
  // Each value needs its longest literal run to occur; under `all` one value's run is enough to require.
  const longest = texts.map((runs) => runs.reduce((a, b) => (b.length > a.length ? b : a), ''));
  if (mods.includes('all')) {
    const best = longest.reduce((a, b) => (b.length > a.length ? b : a), '');
    if (best !== '') out.needles.set(k, new Set([best]));
  } else if (longest.every((t) => t !== '')) out.needles.set(k, new Set(longest));
  return out;
}

/** The lower-cased literal stretches of a Sigma value, between its wildcards. */
function literalRuns(value: string): string[] {
  return parseSigmaString(value)
    .parts.filter((p): p is string => typeof p === 'string')
    .map((p) => p.toLowerCase());
}

function allOf(parts: Requirements[]): Requirements {
  const out = EMPTY();
  for (const p of parts) {
    for (const [k, values] of p.exact) {
      const cur = out.exact.get(k);
      out.exact.set(k, cur === undefined ? new Set(values) : new Set([...cur].filter((v) => values.has(v))));
    }
    // For needles any one requirement per field is valid; keep the one whose shortest needle is longest.
    for (const [k, values] of p.needles) {
      const cur = out.needles.get(k);
      if (cur === undefined || minLength(values) > minLength(cur)) out.needles.set(k, values);
    }
  }
  return out;
}

function anyOf(parts: Requirements[]): Requirements {
  const out = EMPTY();
  const [first] = parts;
  if (first === undefined) return out;
  for (const kind of ['exact', 'needles'] as const) {
    for (const k of first[kind].keys()) {
      if (parts.every((p) => p[kind].has(k)))
        out[kind].set(k, new Set(parts.flatMap((p) => [...p[kind].get(k)!])));
    }
  }
  return out;
}

function minLength(values: Set<string>): number {
  let min = Number.POSITIVE_INFINITY;
  for (const v of values) min = Math.min(min, v.length);
  return min;
}
