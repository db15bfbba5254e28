import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { Resource } from './resource.ts';
import { layoutOf, normalizeId, normalizeType, parseResourceId } from './resource-id.ts';
import { spelledAt } from './spelled-at.ts';

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

/** The Inventory as child views see it: entries by number, and a way to add the children they make. */
export interface ChildViewHost {
  /** Entries to look at: 0 to `count` - 1. */
  readonly count: number;
  /** The resource as added; undefined for a removed entry. */
  resource(entry: number): Resource | undefined;
  typeKey(entry: number): string;
  /** The entry with this ID (any casing), or -1. */
  find(id: string): number;
  /** `find(id.slice(0, end))`, without making that string. */
  findPrefix(id: string, end: number): number;
  /** Adds a child view of `parent`: the element at `element` of the array `NESTED_CHILDREN[spec]` names. */
  addChild(child: Resource, parent: number, spec: number, element: number): void;
}

export interface ChildViewProblem {
  parent: number;
  message: string;
}

/** A spec with what every child of it needs worked out once. */
interface CompiledSpec extends NestedChildSpec {
  index: number;
  childTypeKey: string;
  /** The child type's last segment (`securityRules`): IDs of nested children end in `/<segment>/<name>`. */
  segment: string;
  pointer: string;
}

const SPECS_BY_PARENT = new Map<string, CompiledSpec[]>();
const SPEC_BY_CHILD = new Map<string, CompiledSpec>();
const COMPILED: CompiledSpec[] = NESTED_CHILDREN.map((spec, index) => ({
  ...spec,
  index,
  childTypeKey: normalizeType(spec.childType),
  segment: lastSegment(spec.childType),
  pointer: `/${spec.path.join('/')}`,
}));
for (const compiled of COMPILED) {
  const parentKey = normalizeType(compiled.parentType);
  SPECS_BY_PARENT.set(parentKey, [...(SPECS_BY_PARENT.get(parentKey) ?? []), compiled]);
  SPEC_BY_CHILD.set(compiled.childTypeKey, compiled);
}

/** Whether resources of this type (a `normalizeType` key) hold nested children or are such children. */
export function hasChildViews(typeKey: string): boolean {
  return SPECS_BY_PARENT.has(typeKey) || SPEC_BY_CHILD.has(typeKey);
}

/** JSON pointer from a parent to the array its `spec` children sit in, e.g. `/properties/securityRules`. */
export function childArrayPointer(spec: number): string {
  return COMPILED[spec]!.pointer;
}

/**
 * Adds a child entry for every nested child that was not also listed on its own, and gives each parent whose
 * children were listed on their own a view holding them (the separate copy wins: it is what the child's own
 * GET returns). Returns the views by parent entry.
 */
export function buildChildViews(
  host: ChildViewHost,
  report: (problem: ChildViewProblem) => void,
): Map<number, Resource> {
  const count = host.count;
  const separate = groupSeparateChildren(host);
  const views = new Map<number, Resource>();
  for (let parent = 0; parent < count; parent++) {
    const specs = SPECS_BY_PARENT.get(host.typeKey(parent));
    const resource = host.resource(parent);
    if (specs === undefined || resource === undefined) continue;
    for (const spec of specs) {
      const nested = readArray(resource, spec.path);
      const listed = separate.get(parent)?.get(spec);
      if (nested !== undefined) {
        for (let index = 0; index < nested.length; index++) {
          const child = synthesizeChild(resource, spec, nested[index]!, index, (message) =>
            report({ parent, message }),
          );
          if (child !== undefined && host.find(child.id) === -1)
            host.addChild(child, parent, spec.index, index);
        }
      }
      if (listed !== undefined) {
        const current = views.get(parent) ?? resource;
        const merged = mergeChildren(resource, spec, nested ?? [], listed, host);
        views.set(parent, withArray(current, spec.path, merged) as Resource);
      }
    }
  }
  return views;
}

/** Separately listed children, by their parent's entry and the spec they belong to. */
function groupSeparateChildren(host: ChildViewHost): Map<number, Map<CompiledSpec, number[]>> {
  const groups = new Map<number, Map<CompiledSpec, number[]>>();
  for (let entry = 0; entry < host.count; entry++) {
    const spec = SPEC_BY_CHILD.get(host.typeKey(entry));
    const resource = host.resource(entry);
    if (spec === undefined || resource === undefined) continue;
    const parentEnd = layoutOf(resource.id)?.parentEnd ?? -1;
    const parent = parentEnd === -1 ? -1 : host.findPrefix(resource.id, parentEnd);
    if (parent === -1) continue;
    let bySpec = groups.get(parent);
    if (bySpec === undefined) {
      bySpec = new Map();
      groups.set(parent, bySpec);
    }
    const list = bySpec.get(spec);
    if (list === undefined) bySpec.set(spec, [entry]);
    else list.push(entry);
  }
  return groups;
}

/** The parent's array with each nested element replaced by its separately listed copy, then the rest appended. */
function mergeChildren(
  parent: Resource,
  spec: CompiledSpec,
  nested: JsonValue[],
  listed: number[],
  host: ChildViewHost,
): JsonValue[] {
  // Nothing to replace (a VM's extensions come only as resources): the listed children, whose IDs differ, as
  // the Inventory keeps one entry per ID.
  if (nested.length === 0) return listed.map((entry) => host.resource(entry)!);
  const byKey = new Map(listed.map((entry) => [normalizeId(host.resource(entry)!.id), entry]));
  const merged: JsonValue[] = [];
  for (const element of nested) {
    const id = isJsonObject(element) ? childId(parent, spec, element) : undefined;
    const key = id === undefined ? undefined : normalizeId(id);
    const replacement = key === undefined ? undefined : byKey.get(key);
    if (replacement === undefined) {
      merged.push(element);
    } else {
      merged.push(host.resource(replacement)!);
      byKey.delete(key!);
    }
  }
  for (const entry of byKey.values()) merged.push(host.resource(entry)!);
  return merged;
}

function synthesizeChild(
  parent: Resource,
  spec: CompiledSpec,
  element: JsonValue,
  index: number,
  report: (message: string) => void,
): Resource | undefined {
  if (!isJsonObject(element)) {
    report(`${position(spec, index)} is not an object`);
    return undefined;
  }
  if (typeof element.type === 'string' && normalizeType(element.type) !== spec.childTypeKey) {
    return undefined; // `resources` may hold other child types; only the listed ones get views
  }
  const id = childId(parent, spec, element);
  if (id === undefined) {
    report(
      `${position(spec, index)} has neither "id" nor "name", so it cannot be a ${spec.childType} resource`,
    );
    return undefined;
  }
  const name =
    childName(parent, spec, id) ?? lastSegment(typeof element.name === 'string' ? element.name : id);
  // ARM's nested elements usually carry the very id, name and type the view needs: then the element is the
  // view, which saves a copy of every NSG rule and subnet of a large estate.
  if (element.id === id && element.name === name && element.type === spec.childType)
    return element as Resource;
  return { ...element, id, name, type: spec.childType };
}

function position(spec: CompiledSpec, index: number): string {
  return `${spec.path.join('.')}[${index}]`;
}

/** The child's name when its ID is `<parentId>/<segment>/<name>`, which saves parsing every child's ID. */
function childName(parent: Resource, spec: CompiledSpec, id: string): string | undefined {
  const base = parent.id;
  const start = base.length + spec.segment.length + 2;
  if (
    spelledAt(id, base) &&
    id.charCodeAt(base.length) === 0x2f &&
    spelledAt(id, spec.segment, base.length + 1) &&
    id.charCodeAt(start - 1) === 0x2f &&
    id.length > start &&
    id.indexOf('/', start) === -1
  ) {
    return id.slice(start);
  }
  return parseResourceId(id)?.name;
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
  // Lengths first: lower-casing each key of every VM copies most of them. Lower-casing keeps the length of any
  // key that lower-cases to an ASCII key like these.
  for (const candidate in object) {
    if (candidate.length === key.length && candidate.toLowerCase() === lower) return candidate;
  }
  return undefined;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
