import { type FunctionRegistry, isExpression } from '../../arm-expr/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { findUnknown, isUnknown, UNKNOWN_KEY } from '../../util/unknown.ts';
import { type AliasTable, parseFieldReference } from '../aliases/index.ts';
import { pointerJoin } from '../rule-json.ts';
import { fold } from './compare.ts';
import { DefinitionError, EvaluationError, UnknownValueError } from './errors.ts';
import {
  type FieldAccessor,
  fieldAccessor,
  NO_MEMBER,
  outsideTableAccessor,
  SEVERAL,
} from './field-access.ts';
import { makeTester, type OperatorName, operatorNamed, type Tester } from './operators.ts';
import { type Reason, requirement } from './reasons.ts';
import type { CountFrame, Scope } from './scope.ts';
import { type CompiledValue, compileValue } from './values.ts';

/** What a leaf condition looks at, for applicability (policy-applicability.md). */
export type LeafKind = 'type' | 'name' | 'kind' | 'location' | 'other';

export interface Condition {
  readonly pointer: string;
  test(scope: Scope): boolean;
  /** Records the leaves that made this node come out `result` (it did, for this scope). */
  explain(scope: Scope, result: boolean, out: Reason[]): void;
  /** Visits the tree for static analysis (applicability, type pre-filters). */
  readonly shape: ConditionShape;
  /**
   * A field this condition requires to equal a constant string (itself, or one member of an
   * allOf): lets anyOf pick its candidate branches by the field's value instead of trying them all.
   */
  readonly equalityKey?: EqualityKey | undefined;
  /**
   * This condition for resources of one type: leaves that only test the type are decided once
   * (`probe` is any resource of it) and folded away. Evaluating a definition's `if` for a VM then
   * never re-reads `type`, and never visits the branches written for other types.
   */
  specialize(probe: Scope): Condition;
}

export interface EqualityKey {
  accessor: FieldAccessor;
  /** The expected value, case-folded. */
  folded: string;
}

export type ConditionShape =
  | { kind: 'allOf' | 'anyOf'; children: Condition[] }
  | { kind: 'not'; child: Condition }
  | { kind: 'leaf'; leaf: LeafKind };

export interface CompileContext {
  table: AliasTable;
  registry: FunctionRegistry;
  /** Field accessors shared by every condition of a definition. */
  accessors: Map<string, FieldAccessor>;
}

const LOGICAL = new Set(['allof', 'anyof', 'not']);

export function compileCondition(node: JsonValue, ctx: CompileContext, pointer: string): Condition {
  if (!isJsonObject(node)) throw new DefinitionError('a condition must be an object', pointer);
  const keys = Object.keys(node);
  const logical = keys.filter((k) => LOGICAL.has(k.toLowerCase()));
  if (logical.length > 0) {
    if (keys.length !== 1) {
      throw new DefinitionError(
        `a logical operator must be alone in its object, found keys ${keys.map((k) => `'${k}'`).join(', ')}`,
        pointer,
      );
    }
    const key = logical[0]!;
    const at = pointerJoin(pointer, key);
    const value = node[key]!;
    if (key.toLowerCase() === 'not') return new Not(compileCondition(value, ctx, at), pointer);
    if (!Array.isArray(value)) throw new DefinitionError(`'${key}' must be an array of conditions`, at);
    const children = value.map((child, i) => compileCondition(child, ctx, pointerJoin(at, i)));
    return key.toLowerCase() === 'allof' ? new AllOf(children, pointer) : new AnyOf(children, pointer);
  }
  return compileLeaf(node, ctx, pointer);
}

function compileLeaf(node: JsonObject, ctx: CompileContext, pointer: string): Condition {
  let subjectKey: 'field' | 'value' | 'count' | undefined;
  let subject: JsonValue | undefined;
  let op: OperatorName | undefined;
  let expectedSource: JsonValue | undefined;
  let opKey = '';
  for (const [key, value] of Object.entries(node)) {
    const lower = key.toLowerCase();
    if (lower === 'field' || lower === 'value' || lower === 'count') {
      if (subjectKey)
        throw new DefinitionError(
          `a condition takes one of field, value or count, found '${subjectKey}' and '${key}'`,
          pointer,
        );
      subjectKey = lower;
      subject = value;
      continue;
    }
    const operator = operatorNamed(key);
    if (!operator) {
      throw new DefinitionError(
        `unknown condition key '${key}' (expected field, value or count with one operator, or allOf/anyOf/not)`,
        pointerJoin(pointer, key),
      );
    }
    if (op)
      throw new DefinitionError(`a condition takes one operator, found '${opKey}' and '${key}'`, pointer);
    op = operator;
    opKey = key;
    expectedSource = value;
  }
  if (!subjectKey || subject === undefined) {
    throw new DefinitionError('a condition needs field, value or count', pointer);
  }
  if (!op) throw new DefinitionError(`the ${subjectKey} condition has no operator`, pointer);
  const expectedPointer = pointerJoin(pointer, opKey);
  const expected = compileValue(expectedSource!, ctx.registry, expectedPointer);
  const subjectPointer = pointerJoin(pointer, Object.keys(node).find((k) => k.toLowerCase() === subjectKey)!);

  if (subjectKey === 'count')
    return compileCount(subject, op, expected, expectedPointer, ctx, pointer, subjectPointer);
  if (subjectKey === 'value') {
    return new ValueCondition(
      compileValue(subject, ctx.registry, subjectPointer),
      op,
      expected,
      expectedPointer,
      pointer,
    );
  }
  if (typeof subject !== 'string') throw new DefinitionError('field must be a string', subjectPointer);
  const field = compileValue(subject, ctx.registry, subjectPointer);
  if (field.constant) {
    if (typeof field.value !== 'string')
      throw new DefinitionError(
        `field evaluated to ${JSON.stringify(field.value)}, not a field name`,
        subjectPointer,
      );
    const accessor = resolveAccessor(field.value, ctx, subjectPointer);
    return new FieldCondition(
      () => accessor,
      leafKindOf(field.value),
      op,
      expected,
      expectedPointer,
      pointer,
      field.value,
      accessor,
    );
  }
  // A field named by an expression over current() or field(): resolved per evaluation, cached by name.
  return new FieldCondition(
    (scope) => {
      const name = field.evaluate(scope);
      if (typeof name !== 'string')
        throw new EvaluationError(`field ${subject} evaluated to ${JSON.stringify(name)}, not a field name`);
      return resolveAccessor(name, ctx, subjectPointer, true);
    },
    'other',
    op,
    expected,
    expectedPointer,
    pointer,
    subject,
  );
}

export function resolveAccessor(
  field: string,
  ctx: CompileContext,
  pointer: string,
  atRuntime = false,
): FieldAccessor {
  const key = field.toLowerCase();
  let accessor = ctx.accessors.get(key);
  if (!accessor) {
    const reference = parseFieldReference(field, ctx.table);
    if (reference.kind === 'unknown') {
      const namespace = uncoveredNamespace(field, ctx.table);
      if (namespace !== undefined) accessor = outsideTableAccessor(field, namespace);
      else if (atRuntime) throw new EvaluationError(reference.message);
      else throw new DefinitionError(reference.message, pointer);
    } else accessor = fieldAccessor(field, reference, ctx.table);
    ctx.accessors.set(key, accessor);
  }
  return accessor;
}

/**
 * The namespace of an alias the shipped table does not cover (e.g. Microsoft.ConnectedVMwarevSphere),
 * or undefined. Such an alias is real in Azure but unknown to Vigil: it reads as absent on other
 * namespaces' resources (an alias only applies to its own provider's types) and cannot be evaluated
 * on its own namespace's resources.
 */
function uncoveredNamespace(field: string, table: AliasTable): string | undefined {
  const slash = field.indexOf('/');
  if (slash <= 0 || field.startsWith('[')) return undefined;
  const namespace = field.slice(0, slash);
  return /^[A-Za-z][\w.]*$/.test(namespace) && !table.hasNamespace(namespace) ? namespace : undefined;
}

function leafKindOf(field: string): LeafKind {
  switch (field.toLowerCase()) {
    case 'type':
      return 'type';
    case 'name':
      return 'name';
    case 'kind':
      return 'kind';
    case 'location':
      return 'location';
    default:
      return 'other';
  }
}

/** A condition decided before evaluation (see `specialize`). */
class Constant implements Condition {
  readonly shape = { kind: 'leaf' as const, leaf: 'other' as LeafKind };
  readonly pointer = '';
  constructor(private readonly value: boolean) {}
  test(): boolean {
    return this.value;
  }
  explain(): void {}
  specialize(): Condition {
    return this;
  }
}
const TRUE: Condition = new Constant(true);
const FALSE: Condition = new Constant(false);

/**
 * Specialises a logical node's members: `decisive` (false for allOf, true for anyOf) settles the
 * node; its opposite drops out; what is left is rebuilt, or the node itself when nothing changed.
 */
function specializeAll(
  node: Condition,
  children: readonly Condition[],
  probe: Scope,
  decisive: Condition,
  rebuild: (kept: Condition[]) => Condition,
): Condition {
  const neutral = decisive === TRUE ? FALSE : TRUE;
  const kept: Condition[] = [];
  for (const child of children) {
    const s = child.specialize(probe);
    if (s === decisive) return decisive;
    if (s !== neutral) kept.push(s);
  }
  if (kept.length === 0) return neutral;
  if (kept.length === 1) return kept[0]!;
  return kept.length === children.length && kept.every((k, i) => k === children[i]) ? node : rebuild(kept);
}

class AllOf implements Condition {
  readonly shape;
  readonly equalityKey?: EqualityKey;
  constructor(
    private readonly children: Condition[],
    readonly pointer: string,
  ) {
    this.shape = { kind: 'allOf' as const, children };
    // Every member must hold, so any member's equality requirement is the whole allOf's.
    this.equalityKey = children.find((c) => c.equalityKey)?.equalityKey;
  }
  test(scope: Scope): boolean {
    for (const child of this.children) if (!child.test(scope)) return false;
    return true;
  }
  specialize(probe: Scope): Condition {
    return specializeAll(this, this.children, probe, FALSE, (kept) => new AllOf(kept, this.pointer));
  }
  explain(scope: Scope, result: boolean, out: Reason[]): void {
    // A true allOf: every member held. A false one: decided by its first false member.
    if (result) {
      for (const child of this.children) child.explain(scope, true, out);
      return;
    }
    for (const child of this.children) {
      if (!child.test(scope)) {
        child.explain(scope, false, out);
        return;
      }
    }
  }
}

/** Branches of an anyOf that each require one field to equal a constant, indexed by that constant. */
interface BranchIndex {
  accessor: FieldAccessor;
  byValue: Map<string, Condition[]>;
  all: Condition[];
}

// Below this many keyed branches a plain loop is as fast as the index.
const INDEX_THRESHOLD = 4;

class AnyOf implements Condition {
  readonly shape;
  private readonly indexes: BranchIndex[] = [];
  private readonly rest: Condition[] = [];
  constructor(
    private readonly children: Condition[],
    readonly pointer: string,
  ) {
    this.shape = { kind: 'anyOf' as const, children };
    // Built-in definitions list hundreds of image publisher/offer/SKU branches; a resource can only
    // satisfy the ones naming its own publisher, so those are the ones tried.
    const byAccessor = new Map<FieldAccessor, Condition[]>();
    for (const child of children) {
      const key = child.equalityKey;
      if (!key) continue;
      byAccessor.set(key.accessor, [...(byAccessor.get(key.accessor) ?? []), child]);
    }
    const indexed = new Set<Condition>();
    for (const [accessor, branches] of byAccessor) {
      if (branches.length < INDEX_THRESHOLD) continue;
      const byValue = new Map<string, Condition[]>();
      for (const branch of branches) {
        const folded = branch.equalityKey!.folded;
        byValue.set(folded, [...(byValue.get(folded) ?? []), branch]);
        indexed.add(branch);
      }
      this.indexes.push({ accessor, byValue, all: branches });
    }
    for (const child of children) if (!indexed.has(child)) this.rest.push(child);
  }
  test(scope: Scope): boolean {
    for (const index of this.indexes) {
      const value = index.accessor.read(scope.resource, scope.typeLower);
      // A string can only equal the branches keyed by its folded value; other values go the long way.
      const candidates = typeof value === 'string' ? index.byValue.get(fold(value)) : index.all;
      if (candidates) for (const branch of candidates) if (branch.test(scope)) return true;
    }
    for (const child of this.rest) if (child.test(scope)) return true;
    return false;
  }
  specialize(probe: Scope): Condition {
    return specializeAll(this, this.children, probe, TRUE, (kept) => new AnyOf(kept, this.pointer));
  }
  explain(scope: Scope, result: boolean, out: Reason[]): void {
    // A false anyOf: every branch failed. A true one: its true branches, which the index narrows down.
    if (!result) {
      for (const child of this.children) child.explain(scope, false, out);
      return;
    }
    for (const child of this.candidates(scope)) if (child.test(scope)) child.explain(scope, true, out);
  }

  private candidates(scope: Scope): Condition[] {
    if (this.indexes.length === 0) return this.children;
    const found: Condition[] = [];
    for (const index of this.indexes) {
      const value = index.accessor.read(scope.resource, scope.typeLower);
      const branches = typeof value === 'string' ? index.byValue.get(fold(value)) : index.all;
      if (branches) found.push(...branches);
    }
    found.push(...this.rest);
    return found;
  }
}

class Not implements Condition {
  readonly shape;
  constructor(
    private readonly child: Condition,
    readonly pointer: string,
  ) {
    this.shape = { kind: 'not' as const, child };
  }
  test(scope: Scope): boolean {
    return !this.child.test(scope);
  }
  specialize(probe: Scope): Condition {
    const s = this.child.specialize(probe);
    if (s === TRUE) return FALSE;
    if (s === FALSE) return TRUE;
    return s === this.child ? this : new Not(s, this.pointer);
  }
  explain(scope: Scope, result: boolean, out: Reason[]): void {
    this.child.explain(scope, !result, out);
  }
}

/** Operators compare against a constant most of the time: build that tester once. */
class Expectation {
  readonly fixedTester?: Tester;
  /** The operator cannot take the operand an expression folded to: every evaluation fails with this. */
  private readonly failure?: EvaluationError;
  constructor(
    readonly op: OperatorName,
    readonly expected: CompiledValue,
    pointer: string,
    private readonly normalise?: (v: JsonValue | undefined) => JsonValue | undefined,
  ) {
    if (!expected.constant) return;
    try {
      this.fixedTester = makeTester(op, normalise ? normalise(expected.value) : expected.value);
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      // A literal of the wrong kind (`"in": "eastus"`, `"exists": "yes"`) is a broken definition. An
      // expression (`[parameters('x')]`) gets its value at assignment: Azure accepts the definition
      // and the evaluation fails, so each resource that reaches the condition is an `error`.
      const source = expected.source;
      if (typeof source !== 'string' || !isExpression(source)) throw new DefinitionError(e.message, pointer);
      this.failure = new EvaluationError(`${source} at ${pointer}: ${e.message}`);
    }
  }
  tester(scope: Scope): Tester {
    if (this.fixedTester) return this.fixedTester;
    if (this.failure) throw this.failure;
    const evaluated = this.expected.evaluate(scope);
    const value = this.normalise ? this.normalise(evaluated) : evaluated;
    const unknown = findUnknown(value);
    if (unknown !== undefined) return this.partlyKnown(value, unknown);
    return makeTester(this.op, value);
  }
  value(scope: Scope): JsonValue | undefined {
    return this.expected.constant ? this.expected.value : this.expected.evaluate(scope);
  }

  /**
   * An operand holding a value nobody knows: `"notIn": ["[resourceGroup().location]", "global"]` is
   * still decided for a resource in `global`, by the members that are known; anything else is unknown.
   */
  private partlyKnown(value: JsonValue | undefined, unknown: string): Tester {
    const op = this.op;
    if ((op === 'in' || op === 'notIn') && Array.isArray(value)) {
      const found = makeTester(
        'in',
        value.filter((member) => findUnknown(member) === undefined),
      );
      return (actual) => {
        if (found(actual)) return op === 'in';
        throw new UnknownValueError(unknown);
      };
    }
    throw new UnknownValueError(unknown);
  }
}

/** Docs: location fields are normalised, so 'East US 2' equals 'eastus2'. */
function normaliseLocation(v: JsonValue | undefined): JsonValue | undefined {
  if (typeof v === 'string') return normalisedLocation(v);
  if (Array.isArray(v))
    return v.map((item) => (typeof item === 'string' ? item.replaceAll(' ', '').toLowerCase() : item));
  return v;
}

// An estate has a handful of locations, read by every location condition of every definition: each
// spelling is normalised once.
const locations = new Map<string, string>();
function normalisedLocation(location: string): string {
  let normalised = locations.get(location);
  if (normalised === undefined) {
    normalised = location.replaceAll(' ', '').toLowerCase();
    if (locations.size >= 1000) locations.clear();
    locations.set(location, normalised);
  }
  return normalised;
}

/** No value read yet: an object, so never equal to a value kept (only scalars and undefined are). */
const NOT_YET: JsonValue = {};

class FieldCondition implements Condition {
  readonly shape;
  private readonly expectation: Expectation;
  private readonly isLocation: boolean;
  constructor(
    private readonly accessorFor: (scope: Scope) => FieldAccessor,
    leaf: LeafKind,
    op: OperatorName,
    expected: CompiledValue,
    operandPointer: string,
    readonly pointer: string,
    private readonly fieldText: string,
    private readonly staticAccessor?: FieldAccessor,
  ) {
    this.shape = { kind: 'leaf' as const, leaf };
    this.isLocation = leaf === 'location';
    this.expectation = new Expectation(
      op,
      expected,
      operandPointer,
      this.isLocation ? normaliseLocation : undefined,
    );
    if (
      op === 'equals' &&
      staticAccessor &&
      !staticAccessor.collection &&
      !this.isLocation &&
      typeof expected.value === 'string' &&
      expected.constant
    ) {
      this.equalityKey = { accessor: staticAccessor, folded: fold(expected.value) };
    }
    // The common leaf — a plain field against a constant — gets a test with nothing left to decide. Its
    // answer for a string, number or boolean depends on that value alone, and resources one after another
    // mostly hold the same few (a location, an OS type, a SKU): the last answer is kept.
    const fixed = this.expectation.fixedTester;
    if (staticAccessor && !staticAccessor.collection && !this.isLocation && fixed) {
      let lastValue: JsonValue | undefined = NOT_YET;
      let lastResult = false;
      this.test = (scope) => {
        const value = staticAccessor.read(scope.resource, scope.typeLower);
        if (value === lastValue) return lastResult;
        const result = fixed(known(value));
        if (typeof value !== 'object') {
          lastValue = value;
          lastResult = result;
        }
        return result;
      };
    }
  }

  readonly equalityKey?: EqualityKey;

  private read(scope: Scope): {
    accessor: FieldAccessor;
    values: (JsonValue | undefined)[] | undefined;
    value: JsonValue | undefined;
  } {
    const accessor = this.accessorFor(scope);
    if (!accessor.collection) {
      const raw = accessor.read(scope.resource, scope.typeLower);
      return { accessor, values: undefined, value: this.isLocation ? normaliseLocation(raw) : raw };
    }
    const values: (JsonValue | undefined)[] = [];
    accessor.collect(scope.resource, scope.typeLower, scope.frames, values);
    return { accessor, values, value: undefined };
  }

  test(scope: Scope): boolean {
    const tester = this.expectation.tester(scope);
    const accessor = this.accessorFor(scope);
    if (!accessor.collection) {
      const raw = known(accessor.read(scope.resource, scope.typeLower));
      return tester(this.isLocation ? normaliseLocation(raw) : raw);
    }
    // Inside a count, a field of the member being counted selects that member's one value.
    const single = accessor.pinned(scope.resource, scope.typeLower, scope.frames);
    if (single === NO_MEMBER) return true;
    if (single !== SEVERAL) return tester(known(single));
    // `[*]` outside count: true only when every selected member satisfies the condition; an
    // empty selection is vacuously true (author-policies-for-arrays.md).
    let all = true;
    accessor.enumerate(scope.resource, scope.typeLower, scope.frames, (v) => {
      if (all && !tester(known(v))) all = false;
    });
    return all;
  }

  specialize(probe: Scope): Condition {
    // A type leaf with a constant operand gives the same answer for every resource of the type.
    // Not match/notMatch: they see case, and a snapshot may spell one type in several cases.
    const op = this.expectation.op;
    if (
      this.shape.leaf === 'type' &&
      this.expectation.fixedTester &&
      this.staticAccessor &&
      op !== 'match' &&
      op !== 'notMatch'
    ) {
      return this.test(probe) ? TRUE : FALSE;
    }
    return this;
  }

  explain(scope: Scope, result: boolean, out: Reason[]): void {
    const { accessor, values, value } = this.read(scope);
    const expected = this.expectation.value(scope);
    const { operator, message } = requirement(this.expectation.op, result, expected);
    const path = accessor.pathText(scope.typeLower);
    out.push(
      reason(
        this.pointer,
        this.fieldText,
        path,
        undefined,
        operator,
        expected,
        values ? values.map((v) => v ?? null) : value,
        message,
      ),
    );
  }
}

class ValueCondition implements Condition {
  readonly shape = { kind: 'leaf' as const, leaf: 'other' as LeafKind };
  private readonly expectation: Expectation;
  constructor(
    private readonly subject: CompiledValue,
    op: OperatorName,
    expected: CompiledValue,
    operandPointer: string,
    readonly pointer: string,
  ) {
    this.expectation = new Expectation(op, expected, operandPointer);
  }
  test(scope: Scope): boolean {
    return this.expectation.tester(scope)(known(this.subject.evaluate(scope)));
  }
  specialize(): Condition {
    return this;
  }
  explain(scope: Scope, result: boolean, out: Reason[]): void {
    const actual = this.subject.evaluate(scope);
    const expected = this.expectation.value(scope);
    const { operator, message } = requirement(this.expectation.op, result, expected);
    const text =
      typeof this.subject.source === 'string' ? this.subject.source : JSON.stringify(this.subject.source);
    out.push(reason(this.pointer, undefined, undefined, text, operator, expected, actual, message));
  }
}

/** A value a verdict may rest on; one known only at deployment stops the evaluation (see util/unknown.ts). */
export function known<T extends JsonValue | undefined>(value: T): T {
  if (typeof value === 'object' && value !== null && isUnknown(value))
    throw new UnknownValueError(value[UNKNOWN_KEY]);
  return value;
}

/** One shape for every reason (absent parts stay undefined and are left out of JSON). */
function reason(
  condition: string,
  field: string | undefined,
  path: string | undefined,
  value: string | undefined,
  operator: string,
  expected: JsonValue | undefined,
  actual: JsonValue | undefined,
  message: string,
): Reason {
  return { condition, field, path, value, operator, expected, actual, message };
}

function compileCount(
  spec: JsonValue,
  op: OperatorName,
  expected: CompiledValue,
  operandPointer: string,
  ctx: CompileContext,
  pointer: string,
  specPointer: string,
): Condition {
  if (!isJsonObject(spec))
    throw new DefinitionError('count must be an object with field or value', specPointer);
  let field: JsonValue | undefined;
  let value: JsonValue | undefined;
  let name: JsonValue | undefined;
  let where: Condition | undefined;
  for (const [key, v] of Object.entries(spec)) {
    const at = pointerJoin(specPointer, key);
    switch (key.toLowerCase()) {
      case 'field':
        field = v;
        break;
      case 'value':
        value = v;
        break;
      case 'name':
        name = v;
        break;
      case 'where':
        where = compileCondition(v, ctx, at);
        break;
      default:
        throw new DefinitionError(`unknown count key '${key}' (expected field or value, name, where)`, at);
    }
  }
  if ((field === undefined) === (value === undefined)) {
    throw new DefinitionError('count takes exactly one of field or value', specPointer);
  }
  const expectation = new Expectation(op, expected, operandPointer);
  if (field !== undefined) {
    if (name !== undefined)
      throw new DefinitionError(
        'count.name is only for value counts, not field counts',
        pointerJoin(specPointer, 'name'),
      );
    if (typeof field !== 'string')
      throw new DefinitionError('count.field must be a string', pointerJoin(specPointer, 'field'));
    const accessor = resolveAccessor(field, ctx, pointerJoin(specPointer, 'field'));
    if (!accessor.collection) {
      throw new DefinitionError(
        `count.field must be an array alias (with [*]), found '${field}'`,
        pointerJoin(specPointer, 'field'),
      );
    }
    return new FieldCount(accessor, field.toLowerCase(), where, expectation, pointer);
  }
  if (name !== undefined && (typeof name !== 'string' || !/^[A-Za-z0-9]+$/.test(name))) {
    throw new DefinitionError(
      'count.name must be English letters and digits',
      pointerJoin(specPointer, 'name'),
    );
  }
  const values = compileValue(value!, ctx.registry, pointerJoin(specPointer, 'value'));
  return new ValueCount(
    values,
    typeof name === 'string' ? name.toLowerCase() : 'default',
    where,
    expectation,
    pointer,
  );
}

abstract class CountBase implements Condition {
  readonly shape = { kind: 'leaf' as const, leaf: 'other' as LeafKind };
  constructor(
    protected readonly where: Condition | undefined,
    protected readonly expectation: Expectation,
    readonly pointer: string,
  ) {}
  protected abstract count(scope: Scope): number;
  protected abstract label(): string;
  test(scope: Scope): boolean {
    return this.expectation.tester(scope)(this.count(scope));
  }
  specialize(): Condition {
    return this;
  }
  explain(scope: Scope, result: boolean, out: Reason[]): void {
    const actual = this.count(scope);
    const expected = this.expectation.value(scope);
    const { operator, message } = requirement(this.expectation.op, result, expected);
    out.push(
      reason(
        this.pointer,
        this.label(),
        undefined,
        undefined,
        operator,
        expected,
        actual,
        message.replace('Current value', 'Count'),
      ),
    );
  }
  protected countWith(scope: Scope, frame: CountFrame): boolean {
    if (!this.where) return true;
    scope.frames.push(frame);
    try {
      return this.where.test(scope);
    } finally {
      scope.frames.pop();
    }
  }
}

class FieldCount extends CountBase {
  constructor(
    private readonly accessor: FieldAccessor,
    private readonly aliasLower: string,
    where: Condition | undefined,
    expectation: Expectation,
    pointer: string,
  ) {
    super(where, expectation, pointer);
  }
  protected label(): string {
    return `count(${this.accessor.field})`;
  }
  protected count(scope: Scope): number {
    let n = 0;
    const where = this.where;
    if (!where) {
      this.accessor.enumerate(scope.resource, scope.typeLower, scope.frames, (value) => {
        known(value);
        n++;
      });
      return n;
    }
    // One frame per count evaluation, re-pointed at each member; `indices` is the walk's own
    // array, stable while the member is being evaluated.
    const frame: CountFrame = { kind: 'field', aliasLower: this.aliasLower, indices: [], element: undefined };
    const frames = scope.frames;
    this.accessor.enumerate(scope.resource, scope.typeLower, frames, (value, indices) => {
      frame.element = known(value);
      frame.indices = indices as number[];
      frames.push(frame);
      try {
        if (where.test(scope)) n++;
      } finally {
        frames.pop();
      }
    });
    return n;
  }
}

class ValueCount extends CountBase {
  constructor(
    private readonly values: CompiledValue,
    private readonly nameLower: string,
    where: Condition | undefined,
    expectation: Expectation,
    pointer: string,
  ) {
    super(where, expectation, pointer);
  }
  protected label(): string {
    return `count(${typeof this.values.source === 'string' ? this.values.source : JSON.stringify(this.values.source)})`;
  }
  protected count(scope: Scope): number {
    const array = this.values.evaluate(scope);
    if (!Array.isArray(array))
      throw new EvaluationError(`count.value must be an array, found ${JSON.stringify(array)}`);
    let n = 0;
    for (const element of array) {
      if (this.countWith(scope, { kind: 'value', nameLower: this.nameLower, element })) n++;
    }
    return n;
  }
}
