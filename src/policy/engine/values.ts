import {
  compileExpression,
  ExpressionError,
  ExpressionSyntaxError,
  type FunctionRegistry,
  isExpression,
  parseExpression,
  unescapeLiteral,
} from '../../arm-expr/index.ts';
import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { DefinitionError, EvaluationError } from './errors.ts';
import type { Scope } from './scope.ts';

/** A value in a rule: a literal, or template expressions to evaluate per resource. */
export interface CompiledValue {
  /** The text as written, for reasons. */
  readonly source: JsonValue;
  readonly constant: boolean;
  /** Set when constant. */
  readonly value?: JsonValue | undefined;
  evaluate(scope: Scope): JsonValue | undefined;
}

/**
 * Compiles a JSON value from a policy rule. Strings in brackets are template expressions
 * (Azure evaluates them anywhere in the rule, nested arrays and objects included); `[[`
 * escapes a literal bracket. Expressions that only use parameters and pure functions are
 * folded here, so per-resource evaluation does no work for them.
 */
export function compileValue(source: JsonValue, registry: FunctionRegistry, pointer: string): CompiledValue {
  if (typeof source === 'string') {
    if (!isExpression(source)) {
      const value = source.startsWith('[[') ? unescapeLiteral(source) : source;
      return constantValue(source, value);
    }
    let compiled: ReturnType<typeof compileExpression>;
    try {
      compiled = compileExpression(parseExpression(source), registry, { missingMember: 'empty' });
    } catch (e) {
      if (e instanceof ExpressionSyntaxError || e instanceof ExpressionError) {
        throw new DefinitionError(`invalid expression ${JSON.stringify(source)}: ${e.message}`, pointer);
      }
      throw e;
    }
    if (compiled.constant) return constantValue(source, toJson(compiled.value));
    return {
      source,
      constant: false,
      evaluate(scope) {
        try {
          return toJson(compiled.evaluate(scope));
        } catch (e) {
          if (e instanceof ExpressionError) throw new EvaluationError(`${source}: ${e.message}`);
          throw e;
        }
      },
    };
  }
  if (Array.isArray(source)) {
    const items = source.map((item, i) => compileValue(item, registry, `${pointer}/${i}`));
    if (items.every((item) => item.constant))
      return constantValue(
        source,
        items.map((item) => item.value ?? null),
      );
    return {
      source,
      constant: false,
      evaluate: (scope) => items.map((item) => item.evaluate(scope) ?? null),
    };
  }
  if (isJsonObject(source)) {
    const entries = Object.entries(source).map(
      ([k, v]) => [k, compileValue(v, registry, `${pointer}/${k}`)] as const,
    );
    if (entries.every(([, v]) => v.constant)) {
      return constantValue(source, Object.fromEntries(entries.map(([k, v]) => [k, v.value ?? null])));
    }
    return {
      source,
      constant: false,
      evaluate: (scope) => Object.fromEntries(entries.map(([k, v]) => [k, v.evaluate(scope) ?? null])),
    };
  }
  return constantValue(source, source);
}

function constantValue(source: JsonValue, value: JsonValue | undefined): CompiledValue {
  return { source, constant: true, value, evaluate: () => value };
}

/** Expression results are JSON values; functions may return `undefined` for absent values. */
function toJson(value: unknown): JsonValue | undefined {
  return value as JsonValue | undefined;
}
