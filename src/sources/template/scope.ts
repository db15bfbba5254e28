import {
  type CompiledExpression,
  compileExpression,
  type Expr,
  ExpressionError,
  ExpressionSyntaxError,
  type FunctionRegistry,
  isExpression,
  parseExpression,
  unescapeLiteral,
} from '../../arm-expr/index.ts';
import { isArmLambda } from '../../arm-expr/lambda.ts';
import { armTypeName, findProperty, isArmObject, setOwn } from '../../arm-expr/values.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown, unknownValue } from '../../util/unknown.ts';
import type { DeploymentTarget } from './context.ts';
import { countProblem, countValue, readCopyArray } from './copy.ts';
import { type Diagnostics, type SourceRef, TemplateProblem } from './diagnostics.ts';
import { type EvalFrame, functionArgument, VARIABLES_IN_FUNCTION, withLoop } from './frame.ts';
import { childPointer } from './json-source.ts';
import { refAt, type TemplateModel } from './model.ts';
import type { ParameterTable } from './parameters.ts';
import { rewriteExpression } from './rewrite.ts';
import { UnknownInterrupt, unknownFor } from './unknowns.ts';
import type { VariableTable } from './variables.ts';

/** An expression of the form `[parameters('x').a[0]]`: it hands a value on without computing with it. */
interface PassThrough {
  section: 'parameters' | 'variables';
  name: string;
  path: (string | number)[];
}

interface CompiledOk {
  ok: true;
  compiled: CompiledExpression;
  passThrough: PassThrough | undefined;
}

type Compiled = CompiledOk | { ok: false; message: string };

/** The result of evaluating something whose value must be known to go on (a name, a condition, a count). */
export type Known<T> = { known: true; value: T } | { known: false; expression: string };

/** What a resource or deployment in this scope looks like to `resourceInfo()` and `reference()`. */
export interface ScopeSymbols {
  resourceInfo(symbolicName: string): JsonObject | undefined;
  /** A nested deployment's outputs by symbolic name, name or ID; undefined when it is not in this template. */
  deploymentOutputs(target: string): JsonObject | undefined;
  /**
   * The ID or name of element `index` of a child collection (`subnets`) that a Microsoft.Network resource
   * in this template declares inline, by symbolic name, ID or name; undefined when not known before deployment.
   */
  declaredChild(target: string, collection: string, index: number, field: 'id' | 'name'): string | undefined;
  /** That whole collection, each element as declared with its ID; undefined when not known before deployment. */
  declaredChildren(target: string, collection: string): JsonObject[] | undefined;
}

/**
 * Copy iterations one expansion may run, across all its loops and nested deployments. ARM caps a
 * template at 4 MB after its loops are expanded (templates/best-practices.md, "Template limits"); this is
 * well beyond what that allows, and stops a template of nested 800-count loops from running for hours.
 */
export const MAX_COPY_ITERATIONS = 200_000;

export interface ScopeInit {
  model: TemplateModel;
  /** What `resourceGroup()`, `subscription()` and `resourceId()` resolve against. */
  target: DeploymentTarget;
  /** `deployment()`. */
  deployment: JsonObject;
  registry: FunctionRegistry;
  diagnostics: Diagnostics;
  now: Date;
  /** Shared by every scope of one expansion. */
  budget: { iterations: number };
}

/**
 * One template's evaluation scope: its parameters, variables and functions, and the deployment it is
 * pretended to run in. Expressions are compiled once per scope (a copy loop of 800 runs each expression
 * 800 times) and evaluated with an EvalFrame that carries the loops around them.
 */
export class TemplateScope {
  readonly model: TemplateModel;
  readonly target: DeploymentTarget;
  readonly deployment: JsonObject;
  readonly registry: FunctionRegistry;
  readonly diagnostics: Diagnostics;
  readonly now: Date;
  readonly #budget: { iterations: number };
  parameters!: ParameterTable;
  variables!: VariableTable;
  symbols: ScopeSymbols | undefined;
  readonly #compiled = new Map<string, Compiled>();

  constructor(init: ScopeInit) {
    this.model = init.model;
    this.target = init.target;
    this.deployment = init.deployment;
    this.registry = init.registry;
    this.diagnostics = init.diagnostics;
    this.now = init.now;
    this.#budget = init.budget;
  }

  /** Takes `count` copy iterations from the expansion's budget; a TemplateProblem at `pointer` when it runs out. */
  spend(count: number, pointer: string): void {
    this.#budget.iterations -= count;
    if (this.#budget.iterations < 0)
      throw new TemplateProblem(
        `the template's copy loops run more than ${MAX_COPY_ITERATIONS.toLocaleString('en-US')} iterations in all; expansion stops here`,
        this.ref(pointer),
      );
  }

  ref(pointer: string): SourceRef {
    return refAt(this.model, pointer);
  }

  frame(section: EvalFrame['section']): EvalFrame {
    return { scope: this, loops: undefined, section };
  }

  /** Compiles an expression string; a syntax error, unknown function or wrong arity is a TemplateProblem at `pointer`. */
  compile(source: string, pointer: string): CompiledOk {
    let entry = this.#compiled.get(source);
    if (entry === undefined) {
      entry = this.#compileFresh(source);
      this.#compiled.set(source, entry);
    }
    if (!entry.ok) throw new TemplateProblem(entry.message, this.ref(pointer));
    return entry;
  }

  #compileFresh(source: string): Compiled {
    try {
      const expr = rewriteExpression(parseExpression(source));
      return { ok: true, compiled: compileExpression(expr, this.registry), passThrough: passThroughOf(expr) };
    } catch (error) {
      if (error instanceof ExpressionSyntaxError || error instanceof ExpressionError)
        return { ok: false, message: `${error.message} ${inExpression(source)}` };
      throw error;
    }
  }

  /** Evaluates a template value: expressions in strings, property `copy` loops in objects. */
  evaluateValue(value: JsonValue, pointer: string, frame: EvalFrame): JsonValue {
    if (typeof value === 'string') return this.evaluateString(value, pointer, frame);
    if (Array.isArray(value))
      return value.map((v, i) =>
        isLiteral(v) ? literal(v) : this.evaluateValue(v, childPointer(pointer, i), frame),
      );
    if (isJsonObject(value)) return this.#evaluateObject(value, pointer, frame);
    return value;
  }

  evaluateString(source: string, pointer: string, frame: EvalFrame): JsonValue {
    if (!isExpression(source)) return unescapeLiteral(source);
    const known = this.evaluateKnown(source, pointer, frame);
    return known.known ? known.value : unknownValue(known.expression);
  }

  /** Like evaluateValue, but says so when the value is known only at deployment. */
  evaluateKnown(value: JsonValue, pointer: string, frame: EvalFrame): Known<JsonValue> {
    if (typeof value !== 'string' || !isExpression(value)) {
      const evaluated = this.evaluateValue(value, pointer, frame);
      return isUnknown(evaluated)
        ? { known: false, expression: evaluated.$vigilUnknown }
        : { known: true, value: evaluated };
    }
    const entry = this.compile(value, pointer);
    try {
      const result = entry.passThrough
        ? this.#passThrough(entry.passThrough, frame, pointer)
        : toJson(entry.compiled.evaluate(frame), value, this.ref(pointer));
      if (isUnknown(result)) return { known: false, expression: result.$vigilUnknown };
      return { known: true, value: result };
    } catch (error) {
      if (error instanceof UnknownInterrupt)
        return {
          known: false,
          expression: (unknownFor(value, error) as { $vigilUnknown: string }).$vigilUnknown,
        };
      throw this.#problem(error, value, pointer);
    }
  }

  /** A copy count: a whole number from 0 to 800, or unknown. */
  evaluateCount(count: JsonValue, pointer: string, frame: EvalFrame): Known<number> {
    const known = this.evaluateKnown(count, pointer, frame);
    if (!known.known) return known;
    const value = countValue(known.value);
    const problem = countProblem(value);
    if (problem !== undefined) throw new TemplateProblem(problem, this.ref(pointer));
    return { known: true, value: value as number };
  }

  #evaluateObject(object: JsonObject, pointer: string, frame: EvalFrame): JsonObject {
    const out: JsonObject = {};
    for (const key of Object.keys(object)) {
      const value = object[key]!;
      // Most of a template is literals: they need no pointer, which is only for reporting problems.
      if (isLiteral(value) && !isExpression(key)) {
        setOwn(out, unescapeLiteral(key), literal(value));
        continue;
      }
      const at = childPointer(pointer, key);
      if (key.length === 4 && key.toLowerCase() === 'copy' && Array.isArray(value)) {
        for (const loop of readCopyArray(value, at)) {
          setOwn(
            out,
            loop.name,
            this.copyArray(loop.name, loop.count, loop.input!, loop.pointer, frame, 'property'),
          );
        }
      } else {
        setOwn(out, this.#propertyName(key, at, frame), this.evaluateValue(value, at, frame));
      }
    }
    return out;
  }

  /** Property names may be expressions too: `"userAssignedIdentities": {"[resourceId(…)]": {}}`. */
  #propertyName(key: string, pointer: string, frame: EvalFrame): string {
    if (!isExpression(key)) return unescapeLiteral(key);
    const known = this.evaluateKnown(key, pointer, frame);
    if (!known.known)
      throw new TemplateProblem(
        `a property name is known only at deployment (${known.expression}), so the object can't be built`,
        this.ref(pointer),
      );
    if (typeof known.value !== 'string')
      throw new TemplateProblem(
        `a property name must evaluate to a string; it is ${JSON.stringify(known.value)}`,
        this.ref(pointer),
      );
    return known.value;
  }

  /** A property or variable loop: `input` evaluated once per iteration. */
  copyArray(
    name: string,
    count: JsonValue,
    input: JsonValue,
    pointer: string,
    frame: EvalFrame,
    kind: 'property' | 'variable' | 'output',
  ): JsonValue {
    const countPointer = childPointer(pointer, 'count');
    const n = this.evaluateCount(count, countPointer, frame);
    if (!n.known) return unknownValue(n.expression);
    this.spend(n.value, countPointer);
    const items: JsonValue[] = [];
    const inputPointer = childPointer(pointer, 'input');
    for (let i = 0; i < n.value; i++)
      items.push(this.evaluateValue(input, inputPointer, withLoop(frame, name, i, kind)));
    return items;
  }

  #passThrough(pass: PassThrough, frame: EvalFrame, pointer: string): JsonValue {
    if (pass.section === 'variables' && frame.section === 'function')
      throw new TemplateProblem(VARIABLES_IN_FUNCTION, this.ref(pointer));
    let value: JsonValue =
      pass.section === 'variables'
        ? this.variables.readRaw(pass.name)
        : frame.functionArguments
          ? (functionArgument(frame, pass.name) as JsonValue)
          : this.parameters.readRaw(pass.name);
    for (const step of pass.path) {
      if (isUnknown(value)) return value;
      value = readStep(value, step, this.ref(pointer));
    }
    return value;
  }

  /** An evaluation failure as a TemplateProblem at the expression; other interrupts pass through as they are. */
  #problem(error: unknown, source: string, pointer: string): unknown {
    if (error instanceof ExpressionError || error instanceof ExpressionSyntaxError)
      return new TemplateProblem(`${error.message} ${inExpression(source)}`, this.ref(pointer));
    return error;
  }
}

function isLiteral(value: JsonValue): boolean {
  return typeof value !== 'object' || value === null
    ? typeof value !== 'string' || !isExpression(value)
    : false;
}

function literal(value: JsonValue): JsonValue {
  return typeof value === 'string' ? unescapeLiteral(value) : value;
}

function inExpression(source: string): string {
  return `(in ${source.length > 240 ? `${source.slice(0, 240)}…` : source})`;
}

/** One `.name` or `[index]` step of a pass-through, with the compiler's error wording. */
function readStep(value: JsonValue, step: string | number, at: SourceRef): JsonValue {
  if (typeof step === 'number') {
    if (!Array.isArray(value))
      throw new TemplateProblem(
        `A value of type '${armTypeName(value)}' can't be indexed by an integer.`,
        at,
      );
    if (step < 0 || step >= value.length)
      throw new TemplateProblem(
        `The language expression array index '${step}' is out of bounds (the array has ${value.length} elements).`,
        at,
      );
    return value[step]!;
  }
  if (!isArmObject(value))
    throw new TemplateProblem(
      `The language expression property '${step}' can't be read from a value of type '${armTypeName(value)}'.`,
      at,
    );
  const found = findProperty(value, step, step.toLowerCase());
  if (found === undefined)
    throw new TemplateProblem(
      `The language expression property '${step}' doesn't exist, available properties are '${Object.keys(value).join(', ')}'.`,
      at,
    );
  return found as JsonValue;
}

function passThroughOf(expr: Expr): PassThrough | undefined {
  const path: (string | number)[] = [];
  let node = expr;
  while (node.kind === 'property' || node.kind === 'index') {
    if (node.kind === 'property') path.unshift(node.name);
    else if (node.index.kind === 'literal') path.unshift(node.index.value);
    else return undefined;
    node = node.object;
  }
  if (node.kind !== 'call' || node.args.length !== 1) return undefined;
  const arg = node.args[0]!;
  if (arg.kind !== 'literal' || typeof arg.value !== 'string') return undefined;
  const lower = node.name.toLowerCase();
  if (lower !== 'parameters' && lower !== 'variables') return undefined;
  return { section: lower, name: arg.value, path };
}

/** A function result as template JSON; `undefined` (an absent value) is null, as ARM has no undefined. */
function toJson(value: unknown, source: string, at: SourceRef): JsonValue {
  if (value === undefined) return null;
  if (isArmLambda(value))
    throw new TemplateProblem(`a lambda can only be passed to a lambda function ${inExpression(source)}`, at);
  return value as JsonValue;
}
