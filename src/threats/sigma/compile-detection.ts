import { ConditionError, type ConditionNode, expandPattern, parseCondition } from './condition.ts';
import { CompileError, compileEntry, type EntryEnv, type Predicate } from './field-entry.ts';
import { isMap } from './read-document.ts';
import type { DetectionMap, DetectionValue } from './types.ts';

/**
 * A detection section (search identifiers + conditions) compiled to one predicate. A map is the AND of its
 * entries; a list is the OR of its items, where plain values are keywords searched in the keyword fields;
 * a list of conditions is their OR. Errors carry the YAML path of the offending piece.
 */
export class DetectionError extends CompileError {
  constructor(
    message: string,
    unsupported: boolean,
    readonly path: (string | number)[],
  ) {
    super(message, unsupported);
  }
}

export function compileDetection(
  detection: DetectionMap,
  conditions: readonly string[],
  env: EntryEnv,
  section: string[] = ['detection'],
): Predicate {
  const identifiers = Object.keys(detection);
  const compiled = new Map<string, Predicate>();
  for (const id of identifiers) compiled.set(id, searchIdentifier(detection[id]!, env, [...section, id]));

  const branches = conditions.map((text, i) => {
    const path = conditions.length === 1 ? [...section, 'condition'] : [...section, 'condition', i];
    let ast: ConditionNode;
    try {
      ast = parseCondition(text);
    } catch (e) {
      if (e instanceof ConditionError) throw new DetectionError(e.message, e.unsupported, path);
      throw e;
    }
    return conditionPredicate(ast, compiled, identifiers, path);
  });
  return branches.length === 1 ? branches[0]! : anyOf(branches);
}

function searchIdentifier(value: DetectionValue, env: EntryEnv, path: (string | number)[]): Predicate {
  if (isMap(value)) return mapPredicate(value, env, path);
  if (Array.isArray(value)) {
    const keywords = value.filter((v) => !isMap(v) && !Array.isArray(v));
    const parts: Predicate[] = [];
    if (keywords.length > 0) parts.push(entry('', keywords, env, path));
    value.forEach((v, i) => {
      // An empty map is the AND of nothing, so it would match every event.
      if (isMap(v) && Object.keys(v).length === 0)
        throw new DetectionError('an empty map in a list would match every event', false, [...path, i]);
      if (isMap(v)) parts.push(mapPredicate(v, env, [...path, i]));
      else if (Array.isArray(v))
        throw new DetectionError('a list inside a list is not a selection', false, [...path, i]);
    });
    return anyOf(parts);
  }
  return entry('', [value], env, path);
}

function mapPredicate(map: DetectionMap, env: EntryEnv, path: (string | number)[]): Predicate {
  const entries = Object.entries(map);
  // Regexes cost more than string tests: let the cheap tests reject the event first.
  entries.sort(([a], [b]) => Number(a.includes('|re')) - Number(b.includes('|re')));
  return allOf(entries.map(([key, v]) => entry(key, v, env, [...path, key])));
}

function entry(key: string, value: DetectionValue, env: EntryEnv, path: (string | number)[]): Predicate {
  try {
    return compileEntry(key, value, env);
  } catch (e) {
    if (e instanceof DetectionError) throw e;
    if (e instanceof CompileError) throw new DetectionError(e.message, e.unsupported, path);
    throw e;
  }
}

function conditionPredicate(
  node: ConditionNode,
  compiled: Map<string, Predicate>,
  identifiers: string[],
  path: (string | number)[],
): Predicate {
  const rec = (n: ConditionNode) => conditionPredicate(n, compiled, identifiers, path);
  switch (node.t) {
    case 'id': {
      const p = compiled.get(node.name);
      if (p === undefined)
        throw new DetectionError(`condition names '${node.name}', which is not defined`, false, path);
      return p;
    }
    case 'and':
      return allOf(node.items.map(rec));
    case 'or':
      return anyOf(node.items.map(rec));
    case 'not': {
      const inner = rec(node.item);
      return (ctx) => !inner(ctx);
    }
    case 'of': {
      const names = expandPattern(node.pattern, identifiers);
      if (names.length === 0) {
        throw new DetectionError(`'${node.pattern}' matches no search identifier`, false, path);
      }
      const preds = names.map((n) => compiled.get(n)!);
      if (node.count === 'all') return allOf(preds);
      if (node.count === 1) return anyOf(preds);
      const need = node.count;
      return (ctx) => {
        let hits = 0;
        for (const p of preds) if (p(ctx) && ++hits >= need) return true;
        return false;
      };
    }
  }
}

function allOf(preds: Predicate[]): Predicate {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (ctx) => a(ctx) && b(ctx);
  }
  return (ctx) => {
    for (const p of preds) if (!p(ctx)) return false;
    return true;
  };
}

function anyOf(preds: Predicate[]): Predicate {
  if (preds.length === 1) return preds[0]!;
  if (preds.length === 2) {
    const [a, b] = preds as [Predicate, Predicate];
    return (ctx) => a(ctx) || b(ctx);
  }
  return (ctx) => {
    for (const p of preds) if (p(ctx)) return true;
    return false;
  };
}
