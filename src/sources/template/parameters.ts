import { ExpressionError } from '../../arm-expr/index.ts';
import { deepEquals } from '../../arm-expr/values.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown, unknownValue } from '../../util/unknown.ts';
import { type SourceRef, TemplateProblem } from './diagnostics.ts';
import { childPointer } from './json-source.ts';
import type { ParameterDeclaration } from './model.ts';
import type { ProvidedParameter, ProvidedParameters } from './parameter-values.ts';
import type { TemplateScope } from './scope.ts';

interface Entry {
  declaration: ParameterDeclaration;
  state: 'pending' | 'resolving' | 'done';
  value?: JsonValue;
}

/**
 * A template's parameters (templates/parameters.md): the given value or else the default (which may be
 * an expression, and may read other parameters), checked against the declared type, allowedValues and
 * min/max constraints. A problem is reported and the parameter becomes a value known only at deployment,
 * so the rest of the template still expands and nothing that depends on it is decided by accident.
 */
export class ParameterTable {
  readonly #entries = new Map<string, Entry>();
  readonly #stack: Entry[] = [];

  constructor(
    private readonly scope: TemplateScope,
    private readonly provided: ProvidedParameters | undefined,
  ) {
    for (const [key, declaration] of scope.model.parameters)
      this.#entries.set(key, { declaration, state: 'pending' });
  }

  /** Resolves every parameter, and reports values given for parameters the template does not declare. */
  resolveAll(): void {
    for (const given of this.provided?.values.values() ?? []) {
      if (!this.#entries.has(given.name.toLowerCase()))
        this.scope.diagnostics.error(
          given.entry,
          `'${given.name}' is given a value, but the template declares no parameter of that name`,
        );
    }
    for (const entry of this.#entries.values()) this.#value(entry);
  }

  /** Each declared parameter with its resolved value (after resolveAll). */
  resolved(): Array<[ParameterDeclaration, JsonValue]> {
    return [...this.#entries.values()]
      .filter((entry) => entry.state === 'done')
      .map((entry) => [entry.declaration, entry.value!]);
  }

  /** The value, unknowns included. */
  readRaw(name: string): JsonValue {
    const entry = this.#entries.get(name.toLowerCase());
    if (entry === undefined)
      throw new ExpressionError(
        `The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`,
        { functionName: 'parameters' },
      );
    return this.#value(entry);
  }

  #value(entry: Entry): JsonValue {
    if (entry.state === 'done') return entry.value!;
    if (entry.state === 'resolving') {
      const start = this.#stack.indexOf(entry);
      const cycle = [...this.#stack.slice(start), entry].map((e) => e.declaration.name).join(' → ');
      throw new TemplateProblem(
        `circular parameter defaults: ${cycle}`,
        this.scope.ref(childPointer(entry.declaration.pointer, 'defaultValue')),
      );
    }
    entry.state = 'resolving';
    this.#stack.push(entry);
    try {
      entry.value = this.#resolve(entry.declaration);
    } catch (error) {
      if (!(error instanceof TemplateProblem)) throw error;
      this.scope.diagnostics.error(
        error.at,
        error.message + fromFileHint(error.message, entry.declaration.name),
      );
      entry.value = unknownValue(`[parameters('${entry.declaration.name}')]`);
    } finally {
      this.#stack.pop();
      entry.state = 'done';
    }
    return entry.value!;
  }

  #resolve(declaration: ParameterDeclaration): JsonValue {
    const given = this.provided?.values.get(declaration.name.toLowerCase());
    const definition = declaration.definition;
    // ARM takes a null value as no value, so the default applies: Bicep relies on it for a module's
    // optional parameter given `cfg.?x` (compiled to tryGet), per Azure/bicep PR #11532 and #11887.
    const nullForDefault = given?.kind === 'value' && given.value === null && 'defaultValue' in definition;
    if (given !== undefined && !nullForDefault) return this.#checked(declaration, given);
    if ('defaultValue' in definition) {
      const pointer = childPointer(declaration.pointer, 'defaultValue');
      const value = this.scope.evaluateValue(
        definition.defaultValue!,
        pointer,
        this.scope.frame('parameter'),
      );
      this.#check(declaration, value, this.scope.ref(pointer));
      return value;
    }
    if (declaration.type.nullable === true) return null;
    const where = this.provided
      ? `; ${this.provided.origin} does not give it`
      : '; give it in a parameters file (--parameters, or <template>.parameters.json beside the template)';
    this.scope.diagnostics.error(
      this.scope.ref(declaration.pointer),
      `parameter '${declaration.name}' has no defaultValue and no value${where}`,
    );
    return unknownValue(`[parameters('${declaration.name}')]`);
  }

  #checked(declaration: ParameterDeclaration, given: ProvidedParameter): JsonValue {
    if (given.kind === 'keyVault') return unknownValue(given.description);
    this.#check(declaration, given.value, given.at);
    return given.value;
  }

  /** Reports what is wrong with a value for this parameter (templates/parameters.md, data-types.md). */
  #check(declaration: ParameterDeclaration, value: JsonValue, at: SourceRef): void {
    const report = (message: string) =>
      this.scope.diagnostics.error(at, `parameter '${declaration.name}': ${message}`);
    checkValue(declaration.type, value, '', { report, resolve: declaration.resolveType, depth: 0 });
  }
}

interface CheckContext {
  report: (message: string) => void;
  resolve: (definition: JsonObject) => JsonObject | undefined;
  depth: number;
}

/** Deeper than any real type; a self-referencing type stops here instead of recursing forever. */
const MAX_TYPE_DEPTH = 32;

/**
 * Checks a value against a type, and a user-defined type's members against theirs: ARM validates the
 * whole value of a languageVersion 2.0 parameter (templates/definitions.md): each declared property is
 * required unless its type is nullable, `additionalProperties: false` (Bicep's `@sealed()`) refuses
 * others, `items` types each element, and a `discriminator` picks the member type by its tag.
 * `path` names the member in messages (`.rules[0].port`), empty for the parameter itself.
 */
function checkValue(definition: JsonObject, value: JsonValue, path: string, ctx: CheckContext): void {
  if (isUnknown(value) || ctx.depth > MAX_TYPE_DEPTH) return;
  const report = (message: string) =>
    ctx.report(path === '' ? message : `${path.startsWith('.') ? path.slice(1) : path}: ${message}`);
  if (value === null) {
    if (definition.nullable !== true)
      report(`the value is null, and the ${path === '' ? 'parameter' : 'property'} is not nullable`);
    return;
  }
  const type = typeof definition.type === 'string' ? definition.type.toLowerCase() : undefined;
  const expected = type === undefined ? undefined : TYPE_TESTS[type];
  if (type !== undefined && expected === undefined && !('$ref' in definition)) {
    report(
      `unknown type '${String(definition.type)}' (expected string, securestring, int, bool, object, secureObject or array)`,
    );
    return;
  }
  if (expected !== undefined && !expected(value)) {
    report(`expected a value of type '${String(definition.type)}', got ${describe(value)}`);
    return;
  }
  const secure = type === 'securestring' || type === 'secureobject';
  const allowed = definition.allowedValues;
  if (Array.isArray(allowed)) {
    // An array's elements are each one of the allowed values, or (Bicep's union of tuple literals,
    // `['fizz', 'buzz'] | ['snap', 'pop']`, in the TypeDeclarations baseline) the array is one of them whole.
    const whole = allowed.some((a) => sameAllowed(a, value));
    const tuples = allowed.every((a) => Array.isArray(a));
    const members = whole ? [] : Array.isArray(value) && type === 'array' && !tuples ? value : [value];
    for (const member of members) {
      if (!allowed.some((a) => sameAllowed(a, member)))
        report(
          // A secure value is not logged (templates/data-types.md), so not printed either.
          `${secure ? 'the value' : JSON.stringify(member)} is not one of the allowedValues ${JSON.stringify(allowed)}`,
        );
    }
  }
  if (typeof value === 'number') {
    if (typeof definition.minValue === 'number' && value < definition.minValue)
      report(`${value} is less than minValue ${definition.minValue}`);
    if (typeof definition.maxValue === 'number' && value > definition.maxValue)
      report(`${value} is greater than maxValue ${definition.maxValue}`);
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (typeof definition.minLength === 'number' && value.length < definition.minLength)
      report(`the length ${value.length} is less than minLength ${definition.minLength}`);
    if (typeof definition.maxLength === 'number' && value.length > definition.maxLength)
      report(`the length ${value.length} is greater than maxLength ${definition.maxLength}`);
  }
  if (secure) return;
  const member = (nested: JsonValue | undefined, item: JsonValue, at: string) => {
    if (!isJsonObject(nested)) return;
    const resolved = ctx.resolve(nested);
    if (resolved !== undefined) checkValue(resolved, item, at, { ...ctx, depth: ctx.depth + 1 });
  };
  if (Array.isArray(value)) {
    const prefix = Array.isArray(definition.prefixItems) ? definition.prefixItems : [];
    value.forEach((item, i) => {
      if (i < prefix.length) member(prefix[i], item, `${path}[${i}]`);
      else if (definition.items === false)
        report(`has ${value.length} elements, but the type declares only ${prefix.length}`);
      else member(definition.items, item, `${path}[${i}]`);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  const discriminator = definition.discriminator;
  if (isJsonObject(discriminator) && typeof discriminator.propertyName === 'string') {
    const tagName = discriminator.propertyName;
    const tag = value[tagName];
    const mapping = isJsonObject(discriminator.mapping) ? discriminator.mapping : {};
    if (typeof tag !== 'string' || !Object.hasOwn(mapping, tag))
      report(
        `'${tagName}' must be one of ${JSON.stringify(Object.keys(mapping))}; it is ${JSON.stringify(tag ?? null)}`,
      );
    else member(mapping[tag], value, path);
    return;
  }
  const properties = isJsonObject(definition.properties) ? definition.properties : undefined;
  const closed = definition.additionalProperties === false;
  if (properties === undefined && !closed && !isJsonObject(definition.additionalProperties)) return;
  const declared = properties ?? {};
  // Property names match without case, as everywhere in ARM's JSON.
  const given = new Map(Object.keys(value).map((key) => [key.toLowerCase(), key]));
  const declaredNames = new Set(Object.keys(declared).map((key) => key.toLowerCase()));
  for (const [key, property] of Object.entries(declared)) {
    const actual = given.get(key.toLowerCase());
    if (actual !== undefined) member(property, value[actual]!, `${path}.${actual}`);
    else if (isJsonObject(property) && ctx.resolve(property)?.nullable !== true)
      report(`the required property '${key}' is missing`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (declaredNames.has(key.toLowerCase())) continue;
    if (closed)
      report(
        `the property '${key}' is not allowed: the type declares only ${JSON.stringify(Object.keys(declared))}`,
      );
    else member(definition.additionalProperties, item, `${path}.${key}`);
  }
}

const TYPE_TESTS: Record<string, (v: JsonValue) => boolean> = {
  string: (v) => typeof v === 'string',
  securestring: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  bool: (v) => typeof v === 'boolean',
  object: (v) => isJsonObject(v),
  secureobject: (v) => isJsonObject(v),
  array: (v) => Array.isArray(v),
};

/** Strings compare without case, as ARM matches a value against allowedValues. */
function sameAllowed(allowed: JsonValue, value: JsonValue): boolean {
  if (typeof allowed === 'string' && typeof value === 'string')
    return allowed.toLowerCase() === value.toLowerCase();
  return deepEquals(allowed, value);
}

function describe(value: JsonValue): string {
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Quickstarts default `_artifactsLocation` to `deployment().properties.templateLink.uri`, which exists only
 * when the template is deployed from a URL; deployed from a file, as Vigil reads it, ARM fails the same way
 * and the remedy is a value for the parameter.
 */
function fromFileHint(message: string, parameter: string): string {
  return message.includes("property 'templateLink' doesn't exist")
    ? `; a template deployed from a file has no templateLink: give '${parameter}' a value in the parameters file, as a deployment from a file must (Vigil fetches nothing from it)`
    : '';
}
