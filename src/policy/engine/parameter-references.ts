import { type Expr, isExpression, parseExpression } from '../../arm-expr/index.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { pointerJoin } from '../rule-json.ts';
import { DefinitionError } from './errors.ts';

/**
 * Rejects `parameters('name')` naming a parameter the definition does not declare. Azure refuses
 * such a definition when it is created; found only when evaluated, the typo would surface as an
 * `error` on every resource instead of one message naming the definition and the JSON path.
 * `then.details.deployment` is skipped: its template's `parameters()` are the template's own.
 */
export function checkParameterReferences(
  value: JsonValue,
  declared: ReadonlyMap<string, JsonValue>,
  pointer: string,
  isThen = false,
): void {
  if (typeof value === 'string') {
    if (!isExpression(value)) return;
    let expr: Expr;
    try {
      expr = parseExpression(value);
    } catch {
      return; // Syntax errors are reported, with their position, when the rule is compiled.
    }
    const missing = undeclaredParameter(expr, declared);
    if (missing !== undefined) {
      throw new DefinitionError(
        `parameters('${missing}') refers to a parameter the definition does not declare`,
        pointer,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries())
      checkParameterReferences(item, declared, pointerJoin(pointer, i));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, member] of Object.entries(value)) {
    const at = pointerJoin(pointer, key);
    if (isThen && key.toLowerCase() === 'details' && isJsonObject(member)) {
      for (const [detailKey, detail] of Object.entries(member)) {
        if (detailKey.toLowerCase() !== 'deployment')
          checkParameterReferences(detail, declared, pointerJoin(at, detailKey));
      }
    } else checkParameterReferences(member, declared, at);
  }
}

function undeclaredParameter(expr: Expr, declared: ReadonlyMap<string, JsonValue>): string | undefined {
  switch (expr.kind) {
    case 'literal':
      return undefined;
    case 'property':
      return undeclaredParameter(expr.object, declared);
    case 'index':
      return undeclaredParameter(expr.object, declared) ?? undeclaredParameter(expr.index, declared);
    case 'call': {
      const [first] = expr.args;
      if (
        expr.name.toLowerCase() === 'parameters' &&
        first?.kind === 'literal' &&
        typeof first.value === 'string' &&
        !declared.has(first.value.toLowerCase())
      ) {
        return first.value;
      }
      for (const arg of expr.args) {
        const missing = undeclaredParameter(arg, declared);
        if (missing !== undefined) return missing;
      }
      return undefined;
    }
  }
}
