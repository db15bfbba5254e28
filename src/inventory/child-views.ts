import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { Resource, ResourceOrigin } from './resource.ts';
import { normalizeId, normalizeType, type ParsedResourceId, parseResourceId } from './resource-id.ts';

/**
 * Child resources that ARM also returns nested in their parent. Built-in policy definitions address both
 * forms — the parent's array (`Microsoft.Network/networkSecurityGroups/securityRules[*]`) and the child as a
 * resource of its own (`type == Microsoft.Network/networkSecurityGroups/securityRules`) — so the Inventory
 * holds both views of every such child, whichever form the snapshot had.
 */
export interface NestedChildSpec {
  parentType: string;
  childType: string;
  /** Keys from the parent resource to the array (matched case-insensitively). */
  path: readonly string[];
}

export const NESTED_CHILDREN: readonly NestedChildSpec[] = [
  {
    parentType: 'Microsoft.Network/networkSecurityGroups',
    childType: 'Microsoft.Network/networkSecurityGroups/securityRules',
    path: ['properties', 'securityRules'],
  },
  {
    parentType: 'Microsoft.Network/networkSecurityGroups',
    childType: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
    path: ['properties', 'defaultSecurityRules'],
  },
  {
    parentType: 'Microsoft.Network/virtualNetworks',
    childType: 'Microsoft.Network/virtualNetworks/subnets',
    path: ['properties', 'subnets'],
  },
  {
    parentType: 'Microsoft.Network/virtualNetworks',
    childType: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    path: ['properties', 'virtualNetworkPeerings'],
  },
  // ARM GET of a VM with $expand=instanceView (and `az vm show`) lists its extensions in `resources`.
  {
    parentType: 'Microsoft.Compute/virtualMachines',
    childType: 'Microsoft.Compute/virtualMachines/extensions',
    path: ['resources'],
  },
  // Scale-set extensions often come without an `id`; theirs is `<vmssId>/extensions/<name>`.
  {
    parentType: 'Microsoft.Compute/virtualMachineScaleSets',
    childType: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
    path: ['properties', 'virtualMachineProfile', 'extensionProfile', 'extensions'],
  },
];

/** What the Inventory keeps per resource. */
export interface Entry {
  /** The resource as it was added (never mutated), or the synthesised child view. */
  resource: Resource;
  /** The parent with separately listed children filled into its array, when that differs from `resource`. */
  view: Resource | undefined;
  key: string;
  /** `normalizeType(resource.type)`, computed once. */
  typeKey: string;
  parsed: ParsedResourceId | undefined;
  origin: ResourceOrigin | undefined;
  synthesized: boolean;
}

export interface ChildViewProblem {
  parentId: string;
  origin: ResourceOrigin | undefined;
  message: string;
}

/** A spec with what every child of it needs worked out once. */
interface CompiledSpec extends NestedChildSpec {
  childTypeKey: string;
  /** The child type's last segment (`securityRules`): IDs of nested children end in `/<segment>/<name>`. */
  segment: string;
  pointer: string;
}

const SPECS_BY_PARENT = new Map<string, CompiledSpec[]>();
const SPEC_BY_CHILD = new Map<string, CompiledSpec>();
for (const spec of NESTED_CHILDREN) {
  const compiled: CompiledSpec = {
    ...spec,
    childTypeKey: normalizeType(spec.childType),
    segment: lastSegment(spec.childType),
    pointer: `/${spec.path.join('/')}`,
  };
  const parentKey = normalizeType(spec.parentType);
  SPECS_BY_PARENT.set(parentKey, [...(SPECS_BY_PARENT.get(parentKey) ?? []), compiled]);
  SPEC_BY_CHILD.set(compiled.childTypeKey, compiled);
}

/**
 * Synthesises a child entry for every nested child that was not also listed on its own, and gives each
 * parent whose children were listed on their own a view holding them (the separate copy wins: it is what
 * the child's own GET returns). Sets `view` on parents in `entries`; returns the new child entries.
 */
export function buildChildViews(
  entries: ReadonlyMap<string, Entry>,
  report: (problem: ChildViewProblem) => void,
): Entry[] {
  const separate = groupSeparateChildren(entries);
  const synthesized: Entry[] = [];
  const seen = new Set<string>();
  for (const parent of entries.values()) {
    parent.view = undefined;
    const specs = SPECS_BY_PARENT.get(parent.typeKey);
    if (specs === undefined) continue;
    for (const spec of specs) {
      const nested = readArray(parent.resource, spec.path);
      const listed = separate.get(parent.key)?.get(spec);
      if (nested !== undefined) {
        for (const [index, element] of nested.entries()) {
          const child = synthesizeChild(parent, spec, element, index, report);
          if (child === undefined || entries.has(child.key) || seen.has(child.key)) continue;
          seen.add(child.key);
          synthesized.push(child);
        }
      }
      if (listed !== undefined) {
        const current = parent.view ?? parent.resource;
        parent.view = withArray(
          current,
          spec.path,
          mergeChildren(parent, spec, nested ?? [], listed),
        ) as Resource;
      }
    }
  }
  return synthesized;
}

/** Separately listed children, by their parent's key and the spec they belong to. */
function groupSeparateChildren(entries: ReadonlyMap<string, Entry>): Map<string, Map<CompiledSpec, Entry[]>> {
  const groups = new Map<string, Map<CompiledSpec, Entry[]>>();
  for (const entry of entries.values()) {
    const spec = SPEC_BY_CHILD.get(entry.typeKey);
    const parentId = entry.parsed?.parentId;
    if (spec === undefined || parentId === undefined) continue;
    const parentKey = normalizeId(parentId);
    if (!entries.has(parentKey)) continue;
    let bySpec = groups.get(parentKey);
    if (bySpec === undefined) {
      bySpec = new Map();
      groups.set(parentKey, bySpec);
    }
    const list = bySpec.get(spec);
    if (list === undefined) bySpec.set(spec, [entry]);
    else list.push(entry);
  }
  return groups;
}

/** The parent's array with each nested element replaced by its separately listed copy, then the rest appended. */
function mergeChildren(parent: Entry, spec: CompiledSpec, nested: JsonValue[], listed: Entry[]): JsonValue[] {
  const byKey = new Map(listed.map((entry) => [entry.key, entry]));
  const merged: JsonValue[] = [];
  for (const element of nested) {
    const id = isJsonObject(element) ? childId(parent.resource, spec, element) : undefined;
    const replacement = id === undefined ? undefined : byKey.get(normalizeId(id));
    if (replacement === undefined) {
      merged.push(element);
    } else {
      merged.push(replacement.resource);
      byKey.delete(replacement.key);
    }
  }
  for (const entry of byKey.values()) merged.push(entry.resource);
  return merged;
}

function synthesizeChild(
  parent: Entry,
  spec: CompiledSpec,
  element: JsonValue,
  index: number,
  report: (problem: ChildViewProblem) => void,
): Entry | undefined {
  if (!isJsonObject(element)) {
    const message = `${position(spec, index)} is not an object`;
    report({ parentId: parent.resource.id, origin: parent.origin, message });
    return undefined;
  }
  if (typeof element.type === 'string' && normalizeType(element.type) !== spec.childTypeKey) {
    return undefined; // `resources` may hold other child types; only the listed ones get views
  }
  const id = childId(parent.resource, spec, element);
  if (id === undefined) {
    report({
      parentId: parent.resource.id,
      origin: parent.origin,
      message: `${position(spec, index)} has neither "id" nor "name", so it cannot be a ${spec.childType} resource`,
    });
    return undefined;
  }
  const parsed = childParse(parent, spec, id) ?? parseResourceId(id);
  const name = parsed?.name ?? lastSegment(typeof element.name === 'string' ? element.name : id);
  const resource: Resource = { ...element, id, name, type: spec.childType };
  const from = parent.origin;
  const origin: ResourceOrigin = {
    file: from?.file ?? '',
    line: from?.line,
    pointer: from?.pointer === undefined ? undefined : `${from.pointer}${spec.pointer}/${index}`,
    synthesizedFrom: parent.resource.id,
  };
  return {
    resource,
    view: undefined,
    key: normalizeId(id),
    typeKey: spec.childTypeKey,
    parsed,
    origin,
    synthesized: true,
  };
}

function position(spec: CompiledSpec, index: number): string {
  return `${spec.path.join('.')}[${index}]`;
}

/** The parse of `<parentId>/<segment>/<name>` from the parent's, which saves parsing every child's ID. */
function childParse(parent: Entry, spec: CompiledSpec, id: string): ParsedResourceId | undefined {
  const parentParsed = parent.parsed;
  const base = parent.resource.id;
  const start = base.length + spec.segment.length + 2;
  if (
    parentParsed === undefined ||
    !id.startsWith(base) ||
    id.charCodeAt(base.length) !== 0x2f ||
    !id.startsWith(spec.segment, base.length + 1) ||
    id.charCodeAt(start - 1) !== 0x2f ||
    id.length === start ||
    id.indexOf('/', start) !== -1
  ) {
    return undefined;
  }
  const name = id.slice(start);
  return {
    ...parentParsed,
    fullType: spec.childType,
    names: [...parentParsed.names, name],
    name,
    parentId: base,
  };
}

function childId(parent: Resource, spec: CompiledSpec, element: JsonObject): string | undefined {
  if (typeof element.id === 'string' && element.id !== '') return element.id;
  if (typeof element.name !== 'string' || element.name === '') return undefined;
  return `${parent.id}/${spec.segment}/${lastSegment(element.name)}`;
}

function readArray(object: JsonObject, path: readonly string[]): JsonValue[] | undefined {
  let current: JsonValue | undefined = object;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    const actual = findKey(current, key);
    current = actual === undefined ? undefined : current[actual];
  }
  return Array.isArray(current) ? current : undefined;
}

/** A copy of `object` with the array at `path` replaced; only the objects along the path are copied. */
function withArray(object: JsonObject, path: readonly string[], items: JsonValue[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return object;
  const key = findKey(object, head) ?? head;
  const inner = object[key];
  return {
    ...object,
    [key]: rest.length === 0 ? items : withArray(isJsonObject(inner) ? inner : {}, rest, items),
  };
}

function findKey(object: JsonObject, key: string): string | undefined {
  if (key in object) return key;
  const lower = key.toLowerCase();
  for (const candidate in object) if (candidate.toLowerCase() === lower) return candidate;
  return undefined;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
