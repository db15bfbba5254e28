import { buildChildViews, childArrayPointer, hasChildViews } from './child-views.ts';
import { IdTable } from './id-table.ts';
import { IntColumn } from './int-column.ts';
import { mergeRows } from './merge-rows.ts';
import { describeOrigin, type Resource, type ResourceOrigin } from './resource.ts';
import {
  layoutOf,
  normalizeId,
  normalizeType,
  type ParsedResourceId,
  parseResourceId,
  RESOURCE_GROUP_TYPE,
  SUBSCRIPTION_TYPE,
} from './resource-id.ts';
import { spelledAt } from './spelled-at.ts';

export interface InventoryWarning {
  kind: 'duplicate-id' | 'child-view';
  id: string;
  message: string;
  /** The resource that was kept (for a duplicate) or the parent (for a child view). */
  origin?: ResourceOrigin;
  /** For a duplicate, the resource that was replaced. */
  previousOrigin?: ResourceOrigin;
}

const NONE = -1;
const RESOURCE_GROUP_KEY = normalizeType(RESOURCE_GROUP_TYPE);
const SUBSCRIPTION_KEY = normalizeType(SUBSCRIPTION_TYPE);

/**
 * Derived lookups, built on first use after resources were added (child views depend on every resource).
 * Lists hold entry numbers; children and extension resources are linked lists through int columns, so a
 * parent costs nothing per child beyond 4 bytes.
 */
interface Index {
  byType: number[][];
  firstChild: IntColumn;
  lastChild: IntColumn;
  nextChild: IntColumn;
  firstExtension: IntColumn;
  lastExtension: IntColumn;
  nextExtension: IntColumn;
  /** Children and extensions of IDs that are not in the inventory, by `normalizeId`. */
  orphanChildren: Map<string, number[]>;
  orphanExtensions: Map<string, number[]>;
  groups: ScopeTable;
  subscriptions: ScopeTable;
  /** Parents whose separately listed children were filled into their arrays. */
  views: Map<number, Resource>;
  /** Per entry, 1 when `views` holds its view: every lookup asks, and most entries have none. */
  hasView: Uint8Array;
  synthesized: number;
  warnings: InventoryWarning[];
  containers: Map<string, Resource>;
}

/**
 * ARM resources by ID, type and scope. IDs and types are case-insensitive, as in Azure; the resource JSON is
 * kept as given. Lookups return the resource's view: for a parent whose children were listed separately, a
 * shallow copy with them in its array (see child-views.ts); nested children also appear as resources.
 *
 * Built for estates of a million resources: each resource is an entry number, and what the Inventory keeps
 * per entry sits in parallel int columns rather than in an object of its own.
 */
export class Inventory {
  /** By entry number: resources as added, then the child views the index made; undefined once removed. */
  readonly #resources: (Resource | undefined)[] = [];
  #live = 0;
  readonly #ids = new IdTable((entry) => this.#resources[entry]!.id);
  readonly #typeKeys: string[] = [];
  readonly #typeNumbers = new Map<string, number>();
  readonly #type = new IntColumn();
  readonly #files: string[] = [];
  readonly #fileNumbers = new Map<string, number>();
  readonly #file = new IntColumn(NONE);
  readonly #line = new IntColumn();
  readonly #pointer: (string | undefined)[] = [];
  /** Origins that do not fit the columns (those naming what they were synthesised from). */
  readonly #otherOrigins = new Map<number, ResourceOrigin>();
  /** For a child view: its parent's entry, and which nested array of the parent at which position. */
  readonly #parent = new IntColumn(NONE);
  readonly #spec = new IntColumn();
  readonly #element = new IntColumn();
  readonly #warnings: InventoryWarning[] = [];
  #index: Index | undefined;

  /**
   * Adds a resource; a later resource with the same ID replaces the earlier one, with a warning, unless the
   * same file gives both and they agree on every field both have (then they are one resource, merged).
   */
  add(resource: Resource, origin?: ResourceOrigin): void {
    const type = this.#typeNumber(resource.type);
    const typeKey = this.#typeKeys[type]!;
    const index = this.#index;
    if (index !== undefined && (hasChildViews(typeKey) || isContainer(typeKey))) this.#invalidate();
    let entry = this.#ids.find(resource.id);
    if (entry !== NONE && this.#parent.get(entry) !== NONE) {
      this.#invalidate(); // a child listed after its parent's nested copy became a view
      entry = this.#ids.find(resource.id);
    }
    if (entry !== NONE) {
      const previous = this.#originOf(entry);
      // Twice in one file: rows of overlapping Resource Graph tables, one resource (merge-rows.ts).
      const merged =
        previous?.file !== undefined && previous.file === origin?.file
          ? mergeRows(this.#resources[entry]!, resource)
          : undefined;
      if (merged !== undefined) {
        this.#resources[entry] = merged as Resource;
        if (this.#index !== undefined) this.#invalidate();
        return;
      }
      this.#warnings.push({
        kind: 'duplicate-id',
        id: resource.id,
        message: `duplicate resource id ${resource.id}: ${describeOrigin(origin)} replaces ${describeOrigin(previous)}`,
        ...(origin && { origin }),
        ...(previous && { previousOrigin: previous }),
      });
      this.#resources[entry] = resource;
      this.#type.set(entry, type);
      this.#setOrigin(entry, origin);
      if (this.#index !== undefined) this.#invalidate();
      return;
    }
    entry = this.#push(resource, type);
    this.#setOrigin(entry, origin);
    if (this.#index !== undefined && !this.#indexEntry(this.#index, entry, true)) this.#invalidate();
  }

  get(id: string): Resource | undefined {
    const index = this.#ensureIndex();
    const entry = this.#ids.get(id);
    return entry === NONE ? undefined : this.#viewOf(index, entry);
  }

  has(id: string): boolean {
    this.#ensureIndex();
    return this.#ids.get(id) !== NONE;
  }

  origin(resource: Resource | string): ResourceOrigin | undefined {
    this.#ensureIndex();
    const entry = this.#ids.get(idOf(resource));
    return entry === NONE ? undefined : this.#originOf(entry);
  }

  /** The parse of the resource's ID. */
  parsedId(resource: Resource | string): ParsedResourceId | undefined {
    return parseResourceId(idOf(resource));
  }

  byType(type: string): Resource[] {
    const index = this.#ensureIndex();
    const number = this.#typeNumbers.get(normalizeType(type));
    return number === undefined ? [] : this.#views(index, index.byType[number], undefined);
  }

  /** The types the inventory holds, as lower-cased keys (`normalizeType`): `byType` of each lists its resources. */
  types(): string[] {
    const index = this.#ensureIndex();
    return this.#typeKeys.filter((_, number) => (index.byType[number]?.length ?? 0) > 0);
  }

  /** Child resources of a parent (e.g. an NSG's security rules), listed or synthesised, optionally of one type. */
  childrenOf(parent: Resource | string, childType?: string): Resource[] {
    const index = this.#ensureIndex();
    const id = idOf(parent);
    const entry = this.#ids.get(id);
    if (entry === NONE) return this.#views(index, index.orphanChildren.get(normalizeId(id)), childType);
    return this.#linked(index, index.firstChild.get(entry), index.nextChild, childType);
  }

  /** Extension resources attached to a resource (e.g. the `Microsoft.Security/assessments` of a VM). */
  extensionsOf(scope: Resource | string, type?: string): Resource[] {
    const index = this.#ensureIndex();
    const id = idOf(scope);
    const entry = this.#ids.get(id);
    if (entry === NONE) return this.#views(index, index.orphanExtensions.get(normalizeId(id)), type);
    return this.#linked(index, index.firstExtension.get(entry), index.nextExtension, type);
  }

  /** Resources in a resource group, the group itself excluded. */
  inResourceGroup(subscriptionId: string, resourceGroup: string, type?: string): Resource[] {
    const index = this.#ensureIndex();
    const key = `${subscriptionId}/resourcegroups/${resourceGroup}`.toLowerCase();
    return this.#views(index, index.groups.members(key), type);
  }

  /** Resources in a subscription (resource groups included), the subscription itself excluded. */
  inSubscription(subscriptionId: string, type?: string): Resource[] {
    const index = this.#ensureIndex();
    return this.#views(index, index.subscriptions.members(subscriptionId.toLowerCase()), type);
  }

  /**
   * The resource group that holds (or is) the resource: the snapshot's own resource group resource when it
   * has one, else the shape ARM's `Resource Groups - Get` returns, without the location it cannot know.
   */
  resourceGroupOf(resource: Resource): Resource | undefined {
    const index = this.#ensureIndex();
    // Asked for every resource of an estate: the group is found from the ID's layout, without hashing it.
    const layout = layoutOf(resource.id);
    if (layout === undefined || layout.groupStart === -1) return undefined;
    const group = index.groups.number(resource.id, layout.subscriptionStart, layout.groupEnd);
    return index.groups.container(group, () => this.#resourceGroupOf(resource));
  }

  #resourceGroupOf(resource: Resource): Resource | undefined {
    const parsed = this.parsedId(resource);
    if (parsed?.subscriptionId === undefined || parsed.resourceGroup === undefined) return undefined;
    const id = `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`;
    return this.#container(id, () => ({
      id,
      name: parsed.resourceGroup!,
      type: RESOURCE_GROUP_TYPE,
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    }));
  }

  /**
   * The subscription that holds (or is) the resource: the snapshot's own subscription resource when it has
   * one, else the shape of ARM's `Subscriptions - Get` (plus `name` and `type`, which every Inventory
   * resource has). Resource Graph rows carry `tenantId`, which is used when present.
   */
  subscriptionOf(resource: Resource): Resource | undefined {
    const index = this.#ensureIndex();
    const layout = layoutOf(resource.id);
    if (layout === undefined || layout.subscriptionStart === -1) return undefined;
    const subscription = index.subscriptions.number(
      resource.id,
      layout.subscriptionStart,
      layout.subscriptionEnd,
    );
    return index.subscriptions.container(subscription, () => this.#subscriptionOf(resource));
  }

  #subscriptionOf(resource: Resource): Resource | undefined {
    const subscriptionId = this.parsedId(resource)?.subscriptionId;
    if (subscriptionId === undefined) return undefined;
    const id = `/subscriptions/${subscriptionId}`;
    return this.#container(id, () => ({
      id,
      name: subscriptionId,
      type: SUBSCRIPTION_TYPE,
      subscriptionId,
      displayName: subscriptionId,
      state: 'Enabled',
      ...(typeof resource.tenantId === 'string' && { tenantId: resource.tenantId }),
    }));
  }

  /**
   * The subscription and the resource group (as `subscriptionOf` and `resourceGroupOf` give them) of every
   * resource, each once: in the order of the first resource in each, a subscription before a group.
   */
  containers(): Resource[] {
    const index = this.#ensureIndex();
    const firsts: { entry: number; group: boolean }[] = [];
    for (const entry of index.subscriptions.firstEntries)
      if (entry !== undefined) firsts.push({ entry, group: false });
    for (const entry of index.groups.firstEntries)
      if (entry !== undefined) firsts.push({ entry, group: true });
    firsts.sort((a, b) => a.entry - b.entry || Number(a.group) - Number(b.group));
    const found: Resource[] = [];
    for (const { entry, group } of firsts) {
      const resource = this.#viewOf(index, entry);
      const container = group ? this.resourceGroupOf(resource) : this.subscriptionOf(resource);
      if (container !== undefined) found.push(container);
    }
    return found;
  }

  /** Every resource, synthesised child views included. */
  get size(): number {
    this.#ensureIndex();
    return this.#live;
  }

  /** How many of `size` are child views synthesised from a parent's nested array. */
  get synthesizedCount(): number {
    return this.#ensureIndex().synthesized;
  }

  get warnings(): readonly InventoryWarning[] {
    return [...this.#warnings, ...this.#ensureIndex().warnings];
  }

  *[Symbol.iterator](): IterableIterator<Resource> {
    const index = this.#ensureIndex();
    const resources = this.#resources;
    for (let entry = 0; entry < resources.length; entry++) {
      if (resources[entry] !== undefined) yield this.#viewOf(index, entry);
    }
  }

  #push(resource: Resource, type: number): number {
    const entry = this.#resources.length;
    this.#resources.push(resource);
    this.#type.set(entry, type);
    this.#ids.insert(resource.id, entry);
    this.#live++;
    return entry;
  }

  #typeNumber(type: string): number {
    // Raw spellings are cached too, so the many resources of one type are not each lower-cased.
    let number = this.#typeNumbers.get(type);
    if (number !== undefined) return number;
    const key = normalizeType(type);
    number = this.#typeNumbers.get(key);
    if (number === undefined) {
      number = this.#typeKeys.length;
      this.#typeKeys.push(key);
      this.#typeNumbers.set(key, number);
    }
    this.#typeNumbers.set(type, number);
    return number;
  }

  #setOrigin(entry: number, origin: ResourceOrigin | undefined): void {
    if (this.#otherOrigins.size > 0) this.#otherOrigins.delete(entry);
    this.#file.set(entry, NONE);
    this.#line.set(entry, 0);
    this.#pointer[entry] = undefined;
    if (origin === undefined) return;
    // Columns are rare (template declarations, a few per file): kept whole rather than as a column per entry.
    if (origin.synthesizedFrom !== undefined || origin.column !== undefined) {
      this.#otherOrigins.set(entry, origin);
      return;
    }
    let file = this.#fileNumbers.get(origin.file);
    if (file === undefined) {
      file = this.#files.length;
      this.#files.push(origin.file);
      this.#fileNumbers.set(origin.file, file);
    }
    this.#file.set(entry, file);
    if (origin.line !== undefined) this.#line.set(entry, origin.line);
    this.#pointer[entry] = origin.pointer;
  }

  #originOf(entry: number): ResourceOrigin | undefined {
    const parent = this.#parent.get(entry);
    if (parent !== NONE) {
      const from = this.#originOf(parent);
      const pointer =
        from?.pointer === undefined
          ? undefined
          : `${from.pointer}${childArrayPointer(this.#spec.get(entry))}/${this.#element.get(entry)}`;
      return {
        file: from?.file ?? '',
        line: from?.line,
        pointer,
        synthesizedFrom: this.#resources[parent]!.id,
      };
    }
    const other = this.#otherOrigins.get(entry);
    if (other !== undefined) return other;
    const file = this.#file.get(entry);
    if (file === NONE) return undefined;
    const line = this.#line.get(entry);
    const pointer = this.#pointer[entry];
    return {
      file: this.#files[file]!,
      ...(line !== 0 && { line }),
      ...(pointer !== undefined && { pointer }),
    };
  }

  #viewOf(index: Index, entry: number): Resource {
    return index.hasView[entry] === 1 ? index.views.get(entry)! : this.#resources[entry]!;
  }

  #views(index: Index, entries: number[] | undefined, type: string | undefined): Resource[] {
    if (entries === undefined) return [];
    const number = type === undefined ? undefined : this.#typeNumbers.get(normalizeType(type));
    if (number === undefined && type !== undefined) return [];
    const found: Resource[] = [];
    for (const entry of entries) {
      if (number === undefined || this.#type.get(entry) === number) found.push(this.#viewOf(index, entry));
    }
    return found;
  }

  #linked(index: Index, first: number, next: IntColumn, type: string | undefined): Resource[] {
    const number = type === undefined ? undefined : this.#typeNumbers.get(normalizeType(type));
    if (number === undefined && type !== undefined) return [];
    const found: Resource[] = [];
    for (let entry = first; entry !== NONE; entry = next.get(entry)) {
      if (number === undefined || this.#type.get(entry) === number) found.push(this.#viewOf(index, entry));
    }
    return found;
  }

  #container(id: string, synthesize: () => Resource): Resource {
    const index = this.#ensureIndex();
    const entry = this.#ids.get(id);
    if (entry !== NONE) return this.#viewOf(index, entry);
    const key = normalizeId(id);
    let container = index.containers.get(key);
    if (container === undefined) {
      container = synthesize();
      index.containers.set(key, container);
    }
    return container;
  }

  /** Drops the index and the child views it made; the next lookup builds both again. */
  #invalidate(): void {
    if (this.#index === undefined) return;
    this.#index = undefined;
    const resources = this.#resources;
    let removed = 0;
    for (let entry = 0; entry < resources.length; entry++) {
      if (this.#parent.get(entry) !== NONE && resources[entry] !== undefined) {
        resources[entry] = undefined;
        this.#parent.set(entry, NONE);
        removed++;
      }
    }
    if (removed === 0) return;
    this.#live -= removed;
    this.#ids.clear();
    for (let entry = 0; entry < resources.length; entry++) {
      const resource = resources[entry];
      if (resource !== undefined) this.#ids.insert(resource.id, entry);
    }
  }

  #ensureIndex(): Index {
    if (this.#index === undefined) this.#index = this.#buildIndex();
    return this.#index;
  }

  #buildIndex(): Index {
    let synthesized = 0;
    const warnings: InventoryWarning[] = [];
    const views = buildChildViews(
      {
        count: this.#resources.length,
        resource: (entry) => this.#resources[entry],
        typeKey: (entry) => this.#typeKeys[this.#type.get(entry)]!,
        find: (id) => this.#ids.find(id),
        findPrefix: (id, end) => this.#ids.getPrefix(id, end),
        addChild: (child, parent, spec, element) => {
          const entry = this.#push(child, this.#typeNumber(child.type));
          this.#parent.set(entry, parent);
          this.#spec.set(entry, spec);
          this.#element.set(entry, element);
          synthesized++;
        },
      },
      (problem) => {
        const parent = this.#resources[problem.parent]!;
        const origin = this.#originOf(problem.parent);
        warnings.push({
          kind: 'child-view',
          id: parent.id,
          message: `${parent.id}: ${problem.message}`,
          ...(origin && { origin }),
        });
      },
    );
    // Sized for the entries there are, child views included: growing by doubling would copy, and leave up to
    // half of each column unused.
    const entries = Math.max(this.#resources.length, 1024);
    const index: Index = {
      byType: this.#typeKeys.map(() => []),
      firstChild: new IntColumn(NONE, entries),
      lastChild: new IntColumn(NONE, entries),
      nextChild: new IntColumn(NONE, entries),
      firstExtension: new IntColumn(NONE, entries),
      lastExtension: new IntColumn(NONE, entries),
      nextExtension: new IntColumn(NONE, entries),
      orphanChildren: new Map(),
      orphanExtensions: new Map(),
      groups: new ScopeTable(),
      subscriptions: new ScopeTable(),
      views,
      hasView: new Uint8Array(this.#resources.length),
      synthesized,
      warnings,
      containers: new Map(),
    };
    for (const entry of views.keys()) index.hasView[entry] = 1;
    for (let entry = 0; entry < this.#resources.length; entry++) {
      if (this.#resources[entry] !== undefined) this.#indexEntry(index, entry, false);
    }
    return index;
  }

  /**
   * Files one entry in the index. When `incremental`, refuses (returning false) an entry the index cannot take
   * without being rebuilt: one that entries already filed name as their parent or scope.
   */
  #indexEntry(index: Index, entry: number, incremental: boolean): boolean {
    const resource = this.#resources[entry]!;
    if (incremental && (index.orphanChildren.size > 0 || index.orphanExtensions.size > 0)) {
      const key = normalizeId(resource.id);
      if (index.orphanChildren.has(key) || index.orphanExtensions.has(key)) return false;
    }
    const type = this.#type.get(entry);
    while (index.byType.length <= type) index.byType.push([]);
    index.byType[type]!.push(entry);
    const layout = layoutOf(resource.id);
    if (layout === undefined) return true;
    const { parentEnd, scopeEnd, subscriptionStart, groupStart, kind } = layout;
    // Read before #link, which may parse another ID and so reuse the layout.
    const subscription =
      subscriptionStart === -1
        ? NONE
        : index.subscriptions.number(resource.id, subscriptionStart, layout.subscriptionEnd);
    const group =
      groupStart === -1 ? NONE : index.groups.number(resource.id, subscriptionStart, layout.groupEnd);
    if (parentEnd !== -1) {
      this.#link(
        resource.id,
        parentEnd,
        entry,
        index.firstChild,
        index.lastChild,
        index.nextChild,
        index.orphanChildren,
      );
    }
    if (scopeEnd !== -1) {
      this.#link(
        resource.id,
        scopeEnd,
        entry,
        index.firstExtension,
        index.lastExtension,
        index.nextExtension,
        index.orphanExtensions,
      );
    }
    index.subscriptions.noteEntry(subscription, entry);
    index.groups.noteEntry(group, entry);
    if (subscription !== NONE && kind !== 'subscription') index.subscriptions.add(subscription, entry);
    if (group !== NONE && kind !== 'resourceGroup') index.groups.add(group, entry);
    return true;
  }

  /** Appends `entry` to the list of the resource `id.slice(0, ownerEnd)`, or to the orphans when it is not here. */
  #link(
    id: string,
    ownerEnd: number,
    entry: number,
    first: IntColumn,
    last: IntColumn,
    next: IntColumn,
    orphans: Map<string, number[]>,
  ): void {
    const owner = this.#ids.getPrefix(id, ownerEnd);
    if (owner === NONE) {
      push(orphans, normalizeId(id.slice(0, ownerEnd)), entry);
      return;
    }
    const tail = last.get(owner);
    if (tail === NONE) first.set(owner, entry);
    else next.set(tail, entry);
    last.set(owner, entry);
  }
}

function push(map: Map<string, number[]>, key: string, entry: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

/**
 * Subscriptions or resource groups, numbered by their key: the lower-cased ID part from the subscription ID to
 * the end of the scope (`<subscription>` or `<subscription>/resourceGroups/<group>`). Estates list resources
 * group by group, so the last key is remembered and most resources cost no string at all.
 */
class ScopeTable {
  readonly #numbers = new Map<string, number>();
  readonly #members: number[][] = [];
  readonly #containers: (Resource | null | undefined)[] = [];
  readonly #firstEntries: (number | undefined)[] = [];
  #lastRaw = '';
  #last = NONE;

  number(id: string, start: number, end: number): number {
    const raw = this.#lastRaw;
    if (end - start === raw.length && spelledAt(id, raw, start)) return this.#last;
    const spelled = id.slice(start, end);
    const key = spelled.toLowerCase();
    let number = this.#numbers.get(key);
    if (number === undefined) {
      number = this.#members.length;
      this.#members.push([]);
      this.#numbers.set(key, number);
    }
    this.#lastRaw = spelled;
    this.#last = number;
    return number;
  }

  add(number: number, entry: number): void {
    this.#members[number]!.push(entry);
  }

  /** Records the entry as in the scope: the first one, the scope's own resource included, is kept. */
  noteEntry(number: number, entry: number): void {
    if (number !== NONE && this.#firstEntries[number] === undefined) this.#firstEntries[number] = entry;
  }

  /** Per scope with an entry in it, the first such entry. */
  get firstEntries(): readonly (number | undefined)[] {
    return this.#firstEntries;
  }

  /** The entries in the scope with this key, the scope's own resource not among them. */
  members(key: string): number[] | undefined {
    const number = this.#numbers.get(key);
    return number === undefined ? undefined : this.#members[number];
  }

  /** The scope's resource, worked out by `resolve` the first time it is asked for. */
  container(number: number, resolve: () => Resource | undefined): Resource | undefined {
    if (number === NONE) return undefined;
    let found = this.#containers[number];
    if (found === undefined) {
      found = resolve() ?? null;
      this.#containers[number] = found;
    }
    return found ?? undefined;
  }
}

function isContainer(typeKey: string): boolean {
  return typeKey === RESOURCE_GROUP_KEY || typeKey === SUBSCRIPTION_KEY;
}

function idOf(resource: Resource | string): string {
  return typeof resource === 'string' ? resource : resource.id;
}
