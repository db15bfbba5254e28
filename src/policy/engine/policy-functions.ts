import { type ArmFunction, ExpressionError } from '../../arm-expr/index.ts';
import type { JsonValue } from '../../util/json.ts';
import type { CompileContext } from './conditions.ts';
import { known, resolveAccessor } from './conditions.ts';
import { EvaluationError } from './errors.ts';
import { type FieldAccessor, NO_MEMBER, SEVERAL } from './field-access.ts';
import type { CountFrame, Scope } from './scope.ts';

/**
 * The functions a policy rule has beyond ARM's (definition-structure-policy-rule.md,
 * "Policy functions"): parameters() bound to the assignment's values, field(), current(),
 * and the context functions. They read the per-resource Scope passed as the evaluation context.
 */
export function policyContextFunctions(
  parameters: ReadonlyMap<string, JsonValue>,
  ctx: CompileContext,
): ArmFunction[] {
  // field('…') is called per resource, often many times: resolve each name once, keyed as written.
  const byName = new Map<string, FieldAccessor>();
  const accessor = (name: unknown): FieldAccessor => {
    if (typeof name !== 'string')
      throw new ExpressionError(`field() takes a field name, found ${JSON.stringify(name)}`);
    const known = byName.get(name);
    if (known) return known;
    try {
      const resolved = resolveAccessor(name, ctx, '', true);
      byName.set(name, resolved);
      return resolved;
    } catch (e) {
      if (e instanceof EvaluationError) throw new ExpressionError(e.message);
      throw e;
    }
  };
  return [
    {
      name: 'parameters',
      minArgs: 1,
      maxArgs: 1,
      pure: true,
      call([name]) {
        if (typeof name !== 'string') throw new ExpressionError('parameters() takes a parameter name');
        const value = parameters.get(name.toLowerCase());
        if (value === undefined) throw new ExpressionError(`parameter '${name}' is not defined`);
        return value;
      },
    },
    {
      name: 'field',
      minArgs: 1,
      maxArgs: 1,
      call([name], scope) {
        return readField(accessor(name), scope as Scope);
      },
    },
    {
      name: 'current',
      minArgs: 0,
      maxArgs: 1,
      call(args, scope) {
        return current(args[0], scope as Scope, accessor);
      },
    },
    {
      name: 'resourceGroup',
      minArgs: 0,
      maxArgs: 0,
      call(_args, scope) {
        const s = scope as Scope;
        const rg = s.env.estate.resourceGroupOf(s.ifResource);
        if (!rg) throw new ExpressionError(`resourceGroup() has no resource group for '${s.ifResource.id}'`);
        return rg;
      },
    },
    {
      name: 'subscription',
      minArgs: 0,
      maxArgs: 0,
      call(_args, scope) {
        const s = scope as Scope;
        const sub = s.env.estate.subscriptionOf(s.ifResource);
        if (!sub) throw new ExpressionError(`subscription() has no subscription for '${s.ifResource.id}'`);
        return sub;
      },
    },
    {
      name: 'requestContext',
      minArgs: 0,
      maxArgs: 0,
      // A compliance scan is not a request: no caller identity, the latest API version.
      call: (_args, scope) => ({ apiVersion: (scope as Scope).env.apiVersion, identity: {} }),
    },
    {
      name: 'policy',
      minArgs: 0,
      maxArgs: 0,
      call: (_args, scope) => ({ ...(scope as Scope).env.policy }),
    },
    {
      name: 'utcNow',
      minArgs: 0,
      maxArgs: 0,
      call: (_args, scope) => policyTimestamp((scope as Scope).env.now),
    },
  ];
}

/**
 * field(): the literal value for plain aliases ("" when absent, as the docs' table shows), an
 * array of the selected values for `[*]` aliases (one member inside the count over that array).
 */
function readField(accessor: FieldAccessor, scope: Scope): JsonValue {
  if (!accessor.collection) return known(accessor.read(scope.ifResource, scope.ifTypeLower)) ?? '';
  const values: (JsonValue | undefined)[] = [];
  const frames = scope.ifResource === scope.resource ? scope.frames : [];
  accessor.collect(scope.ifResource, scope.ifTypeLower, frames, values);
  return values.filter((v): v is JsonValue => known(v) !== undefined);
}

function current(
  name: unknown,
  scope: Scope,
  accessor: (name: unknown) => FieldAccessor,
): JsonValue | undefined {
  const frames = scope.frames;
  if (frames.length === 0) throw new ExpressionError('current() is only available inside count.where');
  if (name === undefined) return frames[frames.length - 1]!.element ?? null;
  if (typeof name !== 'string') throw new ExpressionError('current() takes a count name or an array alias');
  const lower = lowerCased(name);
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (frame.kind === 'value' && frame.nameLower === lower) return frame.element ?? null;
    if (frame.kind === 'field' && frame.aliasLower === lower) return frame.element ?? null;
  }
  // A name that is not an array path can only be a count's name: say which ones are in scope
  // rather than failing as an unknown alias.
  if (!lower.includes('[*]')) {
    const names = frames.map((f) => (f.kind === 'value' ? f.nameLower : f.aliasLower));
    throw new ExpressionError(`current('${name}') names no enclosing count (in scope: ${names.join(', ')})`);
  }
  // current('<counted alias>[*].property'): read below the current member. A path with more `[*]`
  // than the count pins selects a collection, returned as an array as field() would.
  const field = accessor(name);
  if (!field.collection) throw new ExpressionError(`current('${name}') names no count in scope`);
  if (wildcards(lower) <= pinnedBy(lower, frames)) {
    // The member's one value, read without collecting (a rule's port is read this way several times).
    const single = field.pinned(scope.resource, scope.typeLower, frames);
    if (single === NO_MEMBER) return null;
    if (single !== SEVERAL) return single ?? null;
  }
  const values: (JsonValue | undefined)[] = [];
  field.collect(scope.resource, scope.typeLower, frames, values);
  if (wildcards(lower) <= pinnedBy(lower, frames)) return values[0] ?? null;
  return values.filter((v): v is JsonValue => v !== undefined);
}

function wildcards(alias: string): number {
  let count = 0;
  for (let at = alias.indexOf('[*]'); at !== -1; at = alias.indexOf('[*]', at + 3)) count++;
  return count;
}

// current() names are constants of a definition, asked for every member counted: each is lower-cased once.
const lowered = new Map<string, string>();
function lowerCased(name: string): string {
  let lower = lowered.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowered.size >= 1000) lowered.clear();
    lowered.set(name, lower);
  }
  return lower;
}

/** How many `[*]` of an alias the innermost count over one of its arrays fixes. */
function pinnedBy(aliasLower: string, frames: readonly CountFrame[]): number {
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    if (frame.kind === 'field' && aliasLower.startsWith(frame.aliasLower)) return wildcards(frame.aliasLower);
  }
  return 0;
}

/** Policy's utcNow(): `yyyy-MM-ddTHH:mm:ss.fffffffZ` (seven fractional digits). */
export function policyTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 23)}0000Z`;
}
