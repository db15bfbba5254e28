import type { Resource } from '../../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonValue } from '../../util/json.ts';
import { isUnknown } from '../../util/unknown.ts';
import type { AliasTable, FieldReference, PathSegment } from '../aliases/index.ts';
import { EvaluationError } from './errors.ts';
import type { CountFrame } from './scope.ts';

/**
 * Reads one `field` reference (built-in field, tag or alias) from a resource. Aliases resolve per
 * resource type — the same alias can map to different paths on different types — so the path is
 * looked up once per type and cached.
 */
export interface FieldAccessor {
  readonly field: string;
  /** True for aliases with `[*]`: the field selects a collection of values (docs: author-policies-for-arrays.md). */
  readonly collection: boolean;
  /** The field's single value, `undefined` when absent (JSON null counts as absent, as Azure treats it). */
  read(resource: Resource, typeLower: string): JsonValue | undefined;
  /**
   * The selected values of a `[*]` alias. Members of a count iteration in `frames` are pinned to
   * the current element, so inside `count.where` the counted alias selects one member. A missing
   * array is an empty collection (docs: "missingArray[*] → an empty collection of values").
   */
  collect(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
    out: (JsonValue | undefined)[],
  ): void;
  /** Like collect, but also reports each member's array indices (used by `count` to enumerate). */
  enumerate(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
    visit: (value: JsonValue | undefined, indices: readonly number[]) => void,
  ): void;
  /**
   * What `enumerate` would visit when the counts in `frames` pin every array of the path (a field of the
   * member being counted): its one value, NO_MEMBER when it visits none, or SEVERAL when not every array
   * is pinned (then `enumerate` is the way).
   */
  pinned(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
  ): JsonValue | undefined | typeof NO_MEMBER | typeof SEVERAL;
  /** The ARM path read for a type, for reasons (`properties.securityRules[*].properties.access`). */
  pathText(typeLower: string): string | undefined;
}

export const NO_MEMBER = Symbol('no member');
export const SEVERAL = Symbol('several');

export function fieldAccessor(field: string, reference: FieldReference, table: AliasTable): FieldAccessor {
  switch (reference.kind) {
    case 'builtin':
      return builtinAccessor(field, reference.name);
    case 'tag':
      return tagAccessor(field, reference.tagName);
    case 'alias':
      // A few aliases name no [*] but map to an array path (Microsoft.Insights/diagnosticSettings/logs.enabled
      // → properties.logs[*].enabled); they select a collection like a [*] alias.
      return new AliasAccessor(
        field,
        reference.alias,
        reference.wildcardCount > 0 || pathHasWildcard(reference.alias, table),
        table,
      );
    case 'unknown':
      throw new Error(`internal: unknown field '${field}' reached the accessor`);
  }
}

/** See conditions.ts `uncoveredNamespace`: absent outside the alias's namespace, an error inside it. */
export function outsideTableAccessor(field: string, namespace: string): FieldAccessor {
  const prefix = `${namespace.toLowerCase()}/`;
  const check = (typeLower: string) => {
    if (typeLower.startsWith(prefix)) {
      throw new EvaluationError(
        `alias '${field}' is not in Vigil's alias table (the ${namespace} namespace is not covered), so a ${typeLower} resource cannot be evaluated`,
      );
    }
  };
  return {
    field,
    collection: field.includes('[*]'),
    read: (_r, t) => {
      check(t);
      return undefined;
    },
    collect: (_r, t) => check(t),
    enumerate: (_r, t) => check(t),
    pinned: () => SEVERAL,
    pathText: () => undefined,
  };
}

function simpleAccessor(
  field: string,
  path: string,
  read: (r: Resource) => JsonValue | undefined,
): FieldAccessor {
  return {
    field,
    collection: false,
    read: (r) => present(read(r)),
    collect: (r, _t, _f, out) => {
      out.push(present(read(r)));
    },
    enumerate: (r, _t, _f, visit) => visit(present(read(r)), []),
    pinned: () => SEVERAL,
    pathText: () => path,
  };
}

function builtinAccessor(field: string, name: string): FieldAccessor {
  switch (name) {
    case 'fullName':
      return simpleAccessor(field, 'fullName', fullName);
    case 'identity.type':
      return simpleAccessor(field, 'identity.type', (r) => readPath(r, IDENTITY_TYPE));
    case 'identity.userAssignedIdentities':
      return simpleAccessor(field, 'identity.userAssignedIdentities', (r) => readPath(r, IDENTITY_UAI));
    // Every resource in an Inventory has id, name and type: read them directly, they are on every path.
    case 'type':
      return simpleAccessor(field, name, (r) =>
        r.type.length === ARM_RESOURCE_GROUP.length && r.type.toLowerCase() === ARM_RESOURCE_GROUP
          ? POLICY_RESOURCE_GROUP
          : r.type,
      );
    case 'name':
      return simpleAccessor(field, name, (r) => policyName(r.name));
    case 'id':
      return simpleAccessor(field, name, (r) => r.id);
    default:
      return simpleAccessor(field, name, (r) => getProperty(r, name));
  }
}

// A resource group as ARM GET spells its type, and as Azure Policy's `type` field reads it.
const ARM_RESOURCE_GROUP = 'microsoft.resources/resourcegroups';
const POLICY_RESOURCE_GROUP = 'Microsoft.Resources/subscriptions/resourceGroups';

const IDENTITY_TYPE = [prop('identity'), prop('type')];
const IDENTITY_UAI = [prop('identity'), prop('userAssignedIdentities')];

function prop(name: string): PathSegment {
  return { kind: 'property', name };
}

function tagAccessor(field: string, tagName: string): FieldAccessor {
  return simpleAccessor(field, `tags['${tagName}']`, (r) => {
    const tags = getProperty(r, 'tags');
    // Tag names are case-insensitive in Azure; getProperty falls back to a case-insensitive match.
    return isJsonObject(tags) ? getProperty(tags, tagName) : undefined;
  });
}

/**
 * The `name` field: the resource's own name, never its parents' (definition-structure-policy-rule.md
 * gives "myServer/myDatabase" as the `fullName`, so `name` is "myDatabase"). `az resource list` and
 * ARM's generic resource list spell a child's name with its parents (`vm1/AzureMonitorLinuxAgent`).
 */
export function policyName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

/** `parent/child` names, as `fullName` returns them: the resource names that follow the provider in its id. */
export function fullName(resource: Resource): string | undefined {
  let known = fullNames.get(resource);
  if (known === undefined) {
    known = computeFullName(resource) ?? null;
    fullNames.set(resource, known);
  }
  return known ?? undefined;
}
const fullNames = new WeakMap<Resource, string | null>();

function computeFullName(resource: Resource): string | undefined {
  const id = typeof resource.id === 'string' ? resource.id : '';
  const at = id.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return typeof resource.name === 'string' ? resource.name : undefined;
  const parts = id.slice(at + '/providers/'.length).split('/');
  // namespace, type, name, childType, childName, ...
  const names: string[] = [];
  for (let i = 2; i < parts.length; i += 2) names.push(parts[i]!);
  return names.length > 0 ? names.join('/') : (resource.name as string | undefined);
}

let readPass = 0;
/**
 * Starts an evaluation pass: values remembered by accessors in an earlier pass are not trusted,
 * since a caller may have changed a resource between passes.
 */
export function startReadPass(): void {
  readPass++;
}

class AliasAccessor implements FieldAccessor {
  private readonly paths = new Map<string, readonly PathSegment[] | null>();
  private readonly aliasLower: string;

  constructor(
    readonly field: string,
    private readonly alias: string,
    readonly collection: boolean,
    private readonly table: AliasTable,
  ) {
    this.aliasLower = alias.toLowerCase();
  }

  private path(typeLower: string): readonly PathSegment[] | null {
    let path = this.paths.get(typeLower);
    if (path === undefined) {
      // An alias that exists but is not defined for this type reads as absent, as Azure does.
      path = this.table.pathFor(this.alias, typeLower) ?? null;
      this.paths.set(typeLower, path);
    }
    return path;
  }

  // A rule reads the same alias many times for one resource (image lists run to hundreds of
  // conditions), and definitions share accessors: the last read is remembered for as long as the
  // same resource is asked about within one evaluation pass (see startReadPass).
  private lastResource: Resource | undefined;
  private lastType = '';
  private lastPass = 0;
  private lastValue: JsonValue | undefined;

  read(resource: Resource, typeLower: string): JsonValue | undefined {
    if (resource === this.lastResource && typeLower === this.lastType && this.lastPass === readPass)
      return this.lastValue;
    const path = this.path(typeLower);
    const value = path ? readPath(resource, path) : undefined;
    this.lastResource = resource;
    this.lastType = typeLower;
    this.lastPass = readPass;
    this.lastValue = value;
    return value;
  }

  collect(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
    out: (JsonValue | undefined)[],
  ): void {
    this.enumerate(resource, typeLower, frames, (value) => {
      out.push(value);
    });
  }

  enumerate(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
    visit: (value: JsonValue | undefined, indices: readonly number[]) => void,
  ): void {
    const path = this.path(typeLower);
    if (!path) return;
    walk(resource, path, 0, this.pins(frames), 0, [], visit);
  }

  pinned(
    resource: Resource,
    typeLower: string,
    frames: readonly CountFrame[],
  ): JsonValue | undefined | typeof NO_MEMBER | typeof SEVERAL {
    const path = this.path(typeLower);
    if (!path) return NO_MEMBER;
    return readPinned(resource, path, this.pins(frames));
  }

  /** Indices fixed by the innermost count over an array this alias lies in. */
  private pins(frames: readonly CountFrame[]): readonly number[] {
    for (let i = frames.length - 1; i >= 0; i--) {
      const frame = frames[i]!;
      if (frame.kind !== 'field') continue;
      if (this.liesIn(frame.aliasLower)) return frame.indices;
    }
    return NO_PINS;
  }

  // Inside a count, every member's read asks about the same counted alias: the last answer is kept.
  private lastCounted: string | undefined;
  private lastLiesIn = false;

  /** Whether this alias lies in the array of the counted alias `countedLower`. */
  private liesIn(countedLower: string): boolean {
    if (countedLower === this.lastCounted) return this.lastLiesIn;
    let liesIn = false;
    if (this.aliasLower.startsWith(countedLower)) {
      const next = this.aliasLower.charCodeAt(countedLower.length);
      // Only a whole-segment prefix pins: `rules[*]` pins `rules[*].name`, not `rules[*]x`.
      liesIn = Number.isNaN(next) || next === 0x2e || next === 0x5b;
    }
    this.lastCounted = countedLower;
    this.lastLiesIn = liesIn;
    return liesIn;
  }

  // Every non-compliant result names the path it read: spell it once per type.
  private readonly texts = new Map<string, string | undefined>();
  pathText(typeLower: string): string | undefined {
    if (this.texts.has(typeLower)) return this.texts.get(typeLower);
    const path = this.path(typeLower);
    const text = path ? pathToText(path) : undefined;
    this.texts.set(typeLower, text);
    return text;
  }
}

const NO_PINS: readonly number[] = [];

function pathHasWildcard(alias: string, table: AliasTable): boolean {
  return table.typesOf(alias).some((type) => table.pathFor(alias, type)?.some((s) => s.kind === 'wildcard'));
}

function present(v: JsonValue | undefined): JsonValue | undefined {
  return v === null ? undefined : v;
}

export function readPath(root: JsonValue, path: readonly PathSegment[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const segment of path) {
    if (segment.kind === 'wildcard') return Array.isArray(node) || isUnknown(node) ? node : undefined;
    if (!isJsonObject(node)) return undefined;
    const next: JsonValue | undefined = getProperty(node, segment.name);
    // A value known only at deployment stands for everything below it.
    if (next === null || next === undefined) return isUnknown(node) ? node : undefined;
    node = next;
  }
  return node;
}

function walk(
  node: JsonValue | undefined,
  path: readonly PathSegment[],
  from: number,
  pins: readonly number[],
  pinAt: number,
  indices: number[],
  visit: (value: JsonValue | undefined, indices: readonly number[]) => void,
): void {
  for (let i = from; i < path.length; i++) {
    const segment = path[i]!;
    if (segment.kind === 'property') {
      const parent: JsonValue | undefined = node;
      node = isJsonObject(node) ? present(getProperty(node, segment.name)) : undefined;
      if (node === undefined && isUnknown(parent)) {
        visit(parent, indices);
        return;
      }
      if (node === undefined) {
        // Below the last [*] a missing property is a member whose value is absent; above it the
        // array itself is missing, which selects nothing.
        if (!hasWildcardFrom(path, i)) visit(undefined, indices);
        return;
      }
      continue;
    }
    if (!Array.isArray(node)) {
      if (isUnknown(node)) visit(node, indices);
      return;
    }
    if (pinAt < pins.length) {
      const index = pins[pinAt]!;
      indices.push(index);
      walk(node[index], path, i + 1, pins, pinAt + 1, indices, visit);
      indices.pop();
      return;
    }
    for (let k = 0; k < node.length; k++) {
      indices.push(k);
      walk(node[k], path, i + 1, pins, pinAt, indices, visit);
      indices.pop();
    }
    return;
  }
  visit(present(node), indices);
}

/** `walk` from the root for a path whose arrays `pins` all fix: one value or none, without recursion. */
function readPinned(
  root: JsonValue,
  path: readonly PathSegment[],
  pins: readonly number[],
): JsonValue | undefined | typeof NO_MEMBER | typeof SEVERAL {
  let node: JsonValue | undefined = root;
  let pinAt = 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (segment.kind === 'property') {
      const parent: JsonValue | undefined = node;
      node = isJsonObject(node) ? present(getProperty(node, segment.name)) : undefined;
      if (node === undefined && isUnknown(parent)) return parent;
      if (node === undefined) return hasWildcardFrom(path, i) ? NO_MEMBER : undefined;
      continue;
    }
    if (!Array.isArray(node)) return isUnknown(node) ? node : NO_MEMBER;
    if (pinAt === pins.length) return SEVERAL;
    node = node[pins[pinAt++]!];
  }
  return present(node);
}

function hasWildcardFrom(path: readonly PathSegment[], from: number): boolean {
  for (let i = from; i < path.length; i++) if (path[i]!.kind === 'wildcard') return true;
  return false;
}

export function pathToText(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (segment.kind === 'wildcard') text += '[*]';
    else text += text === '' ? segment.name : `.${segment.name}`;
  }
  return text;
}
