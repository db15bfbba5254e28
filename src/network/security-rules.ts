import type { Resource } from '../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { findUnknown, isUnknown, UNKNOWN_KEY } from '../util/unknown.ts';
import type { AddressTerm } from './address-prefix.ts';
import { ALL_ADDRESSES } from './address-set.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import { IPV4_LAST } from './ip-address.ts';
import { ParseCache } from './parse-cache.ts';
import { ALL_PORTS, type PortRange } from './port-ranges.ts';

export type Direction = 'Inbound' | 'Outbound';
export type Access = 'Allow' | 'Deny';
export type Protocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';

/** A rule's source or destination, singular and plural fields together. */
export interface Endpoint {
  terms: AddressTerm[];
  /** The prefixes as written, for messages. */
  written: string[];
  /** Lower-cased IDs of application security groups. */
  asgs: string[];
}

/**
 * A rule field whose value is known only at deployment (a template's `reference()`; see
 * src/util/unknown.ts). The rule is read as if the field allowed anything (every address, port,
 * protocol and direction; the first priority), and it only ever *may* match: a verdict it could
 * decide is unknown, naming the expression.
 */
export interface UnknownField {
  /** The JSON path inside the NSG. */
  field: string;
  /** The rule property, e.g. `sourceAddressPrefix`, or `properties` for a whole rule. */
  property: string;
  expression: string;
}

/** Where a rule whose priority is unknown is put: before every rule (valid priorities are 100-4096 and 65000+). */
export const UNKNOWN_PRIORITY = 0;

/** One security rule, normalised: every field ARM may spell two ways is read both ways. */
export interface SecurityRule {
  id: string;
  name: string;
  /** Where the rule sits in the NSG's JSON, e.g. `properties.securityRules[2]`. */
  field: string;
  isDefault: boolean;
  priority: number;
  direction: Direction;
  access: Access;
  protocol: Protocol;
  source: Endpoint;
  destination: Endpoint;
  sourcePorts: PortRange[];
  destinationPorts: PortRange[];
  /** Fields known only at deployment; empty for a rule read from a snapshot. */
  unknowns: readonly UnknownField[];
}

/** Whether the rule's access is known only at deployment: it may allow or deny. */
export function accessUnknown(rule: SecurityRule): boolean {
  return rule.unknowns.some((u) => u.property === 'access' || u.property === 'properties');
}

/** The rule's access for messages. */
export function accessText(rule: SecurityRule): string {
  return accessUnknown(rule) ? 'Allow or Deny' : rule.access;
}

export interface RuleProblem {
  /** The JSON path of the offending field inside the NSG, e.g. `properties.securityRules[0].properties.destinationPortRange`. */
  field: string;
  message: string;
}

export interface NsgRules {
  nsg: Resource;
  /** Lowest priority number first: "once traffic matches a rule, processing stops" (network-security-groups-overview.md). */
  inbound: SecurityRule[];
  outbound: SecurityRule[];
  /** Fields that could not be read: the entry is left out of its rule, and a rule that cannot be read at all is ignored. */
  problems: RuleProblem[];
}

/** Each value by its lower-cased spelling and as Azure spells it: most rules spell it so, and need not be lower-cased. */
function byNames<T extends string>(entries: readonly (readonly [string, T])[]): ReadonlyMap<string, T> {
  return new Map([...entries, ...entries.map(([, value]) => [value, value] as const)]);
}

const PROTOCOLS = byNames<Protocol>([
  ['tcp', 'Tcp'],
  ['udp', 'Udp'],
  ['icmp', 'Icmp'],
  ['esp', 'Esp'],
  ['ah', 'Ah'],
  ['*', '*'],
  ['any', '*'],
]);
const DIRECTIONS = byNames<Direction>([
  ['inbound', 'Inbound'],
  ['outbound', 'Outbound'],
]);
const ACCESSES = byNames<Access>([
  ['allow', 'Allow'],
  ['deny', 'Deny'],
]);

/** Reads an NSG's custom and default rules; Azure's defaults are added where the JSON lacks them (ARM templates never list them). */
export function readNsgRules(nsg: Resource, cache: ParseCache = new ParseCache()): NsgRules {
  const problems: RuleProblem[] = [];
  const properties = isJsonObject(nsg.properties) ? nsg.properties : {};
  const rules: SecurityRule[] = [];
  readList(nsg, properties, 'securityRules', false, rules, problems, cache);
  readList(nsg, properties, 'defaultSecurityRules', true, rules, problems, cache);
  const present = presentDefaults(rules);
  for (const d of DEFAULT_RULES) {
    if (present.has(d.name) || present.has(d.name.toLowerCase())) continue;
    rules.push({
      id: `${nsg.id}/defaultSecurityRules/${d.name}`,
      name: d.name,
      field: `(Azure default rule ${d.name})`,
      isDefault: true,
      priority: d.priority,
      direction: d.direction,
      access: d.access,
      protocol: '*',
      source: cache.prefixEndpoint(d.source)!,
      destination: cache.prefixEndpoint(d.destination)!,
      sourcePorts: [ALL_PORTS],
      destinationPorts: [ALL_PORTS],
      unknowns: NO_UNKNOWNS,
    });
  }
  const inbound: SecurityRule[] = [];
  const outbound: SecurityRule[] = [];
  for (const rule of rules) (rule.direction === 'Inbound' ? inbound : outbound).push(rule);
  byPriority(inbound, 'Inbound', problems);
  byPriority(outbound, 'Outbound', problems);
  return { nsg, inbound, outbound, problems };
}

/**
 * The names of the default rules read, lower-cased, and as written when spelt as Azure does: then
 * they need not be lower-cased (an NSG from ARM lists all six so).
 */
function presentDefaults(rules: readonly SecurityRule[]): ReadonlySet<string> {
  const present = new Set<string>();
  for (const rule of rules) {
    if (!rule.isDefault) continue;
    present.add(DEFAULT_NAMES.has(rule.name) ? rule.name : rule.name.toLowerCase());
  }
  return present;
}

const DEFAULT_NAMES: ReadonlySet<string> = new Set(DEFAULT_RULES.map((d) => d.name));

/** Sorts one direction's rules in place, lowest priority number first, and reports priorities used twice. */
function byPriority(list: SecurityRule[], direction: Direction, problems: RuleProblem[]): void {
  // The sort is stable, so a list already in order (as ARM returns it) is left as it is.
  if (!inPriorityOrder(list)) list.sort(comparePriority);
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.priority === list[i - 1]!.priority && list[i]!.priority !== UNKNOWN_PRIORITY) {
      problems.push({
        field: list[i]!.field,
        message: `${list[i]!.field} (${list[i]!.name}) has priority ${list[i]!.priority}, as has ${list[i - 1]!.name}: Azure does not allow two ${direction.toLowerCase()} rules with one priority, so their order is unknown (Vigil keeps the order of the JSON)`,
      });
    }
  }
}

function inPriorityOrder(list: readonly SecurityRule[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i]!.priority < list[i - 1]!.priority) return false;
  return true;
}

function comparePriority(a: SecurityRule, b: SecurityRule): number {
  return a.priority - b.priority;
}

function readList(
  nsg: Resource,
  properties: JsonObject,
  key: string,
  isDefault: boolean,
  rules: SecurityRule[],
  problems: RuleProblem[],
  cache: ParseCache,
): void {
  const list = getProperty(properties, key);
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    const expression = findUnknown(list);
    if (expression !== undefined)
      unknownRule(nsg, `properties.${key}`, key, '*', isDefault, expression, rules);
    else
      problems.push({
        field: `properties.${key}`,
        message: `properties.${key} is not a list; it is ignored`,
      });
    return;
  }
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    const field = cache.field(key, index);
    if (!isJsonObject(item)) {
      problems.push({ field, message: `${field} is not an object; it is ignored` });
      continue;
    }
    const nested = getProperty(item, 'properties');
    const whole = isUnknown(item) ? item : isUnknown(nested) ? nested : undefined;
    if (whole !== undefined) {
      const name = text(item, 'name') || `#${index}`;
      unknownRule(nsg, field, key, name, isDefault, whole[UNKNOWN_KEY], rules);
      continue;
    }
    // ARM nests the fields in `properties`; `az network nsg rule list` prints them flat.
    const properties = isJsonObject(nested) ? nested : undefined;
    readRule(nsg, item, properties, field, key, isDefault, rules, problems, cache);
  }
}

/** A rule (or a list of rules) known only at deployment: it may match anything, either way. */
function unknownRule(
  nsg: Resource,
  field: string,
  key: string,
  name: string,
  isDefault: boolean,
  expression: string,
  rules: SecurityRule[],
): void {
  const everything: Endpoint = {
    terms: [{ kind: 'addresses', set: ALL_ADDRESSES }],
    written: [expression],
    asgs: [],
  };
  const rule: SecurityRule = {
    id: `${nsg.id}/${key}/${name}`,
    name,
    field,
    isDefault,
    priority: UNKNOWN_PRIORITY,
    direction: 'Inbound',
    access: 'Deny',
    protocol: '*',
    source: everything,
    destination: everything,
    sourcePorts: EVERY_PORT,
    destinationPorts: EVERY_PORT,
    unknowns: [{ field, property: 'properties', expression }],
  };
  rules.push(rule, { ...rule, direction: 'Outbound' });
}

function readRule(
  nsg: Resource,
  item: JsonObject,
  properties: JsonObject | undefined,
  field: string,
  key: string,
  isDefault: boolean,
  rules: SecurityRule[],
  problems: RuleProblem[],
  cache: ParseCache,
): void {
  const name = text(item, 'name') || `#${field.slice(field.lastIndexOf('[') + 1, -1)}`;
  const r: Reading = {
    nested: properties !== undefined,
    field,
    name,
    problems,
    unknowns: NO_UNKNOWNS,
    plain: true,
  };
  const p = fieldsOf(r, properties ?? item);
  const priorityValue = known(r, p, 'priority');
  const priority = priorityValue === DEPLOYED ? UNKNOWN_PRIORITY : numberOf(priorityValue);
  const directionValue = known(r, p, 'direction');
  // Known only at deployment, the rule is read for both directions.
  const direction = directionValue === DEPLOYED ? 'Inbound' : oneOf(directionValue, DIRECTIONS);
  const accessValue = known(r, p, 'access');
  // The placeholder never decides: a rule with an unknown field only ever may match (first-match.ts).
  const access = accessValue === DEPLOYED ? 'Deny' : oneOf(accessValue, ACCESSES);
  const protocolText = known(r, p, 'protocol');
  const protocol = protocolText === DEPLOYED ? '*' : oneOf(protocolText, PROTOCOLS);
  if (priority === undefined) problem(r, at(r, 'priority'), 'has no readable priority; the rule is ignored');
  if (direction === undefined)
    problem(r, at(r, 'direction'), 'has no direction Inbound or Outbound; the rule is ignored');
  if (access === undefined) problem(r, at(r, 'access'), 'has no access Allow or Deny; the rule is ignored');
  if (protocol === undefined)
    problem(
      r,
      at(r, 'protocol'),
      `protocol ${JSON.stringify(protocolText ?? null)} is not Tcp, Udp, Icmp, Esp, Ah or *; the rule is ignored`,
    );
  if (priority === undefined || direction === undefined || access === undefined || protocol === undefined)
    return;

  const source = endpoint(r, p, 'source', cache);
  const destination = endpoint(r, p, 'destination', cache);
  if (mixesFamilies(source, destination))
    problem(
      r,
      r.field,
      'names both IPv4 and IPv6 addresses: Azure rejects such a rule (ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies); a dual-stack rule is two rules',
    );
  const sourcePorts = ports(r, p, 'source', cache);
  const destinationPorts = ports(r, p, 'destination', cache);
  const rule: SecurityRule = {
    id: text(item, 'id') || `${nsg.id}/${key}/${name}`,
    name,
    field,
    isDefault,
    priority,
    direction,
    access,
    protocol,
    source,
    destination,
    sourcePorts,
    destinationPorts,
    unknowns: r.unknowns,
  };
  rules.push(rule);
  if (directionValue === DEPLOYED) rules.push({ ...rule, direction: 'Outbound' });
}

const NO_UNKNOWNS: readonly UnknownField[] = [];

/**
 * One rule being read: where it sits and what reading it found. Passed to plain functions rather than
 * closed over: an NSG-heavy estate reads hundreds of thousands of rules.
 */
interface Reading {
  nested: boolean;
  field: string;
  name: string;
  problems: RuleProblem[];
  /** NO_UNKNOWNS until a field known only at deployment is found. */
  unknowns: readonly UnknownField[];
  /**
   * No rule field holds an object: then none is known only at deployment, and none need be searched
   * (most rules' fields are strings and lists of strings).
   */
  plain: boolean;
}

/** The JSON path of a rule property. */
function at(r: Reading, name: string): string {
  return r.nested ? `${r.field}.properties.${name}` : `${r.field}.${name}`;
}

function problem(r: Reading, field: string, message: string): void {
  r.problems.push({ field, message: `${r.field} (${r.name}): ${message}` });
}

function noteUnknown(r: Reading, property: string, expression: string): void {
  const unknown = { field: at(r, property), property, expression };
  if (r.unknowns === NO_UNKNOWNS) r.unknowns = [unknown];
  else (r.unknowns as UnknownField[]).push(unknown);
}

/** The field's value, or DEPLOYED (and the field noted) when it is known only at deployment. */
function known(r: Reading, p: Fields, property: string): JsonValue | undefined | typeof DEPLOYED {
  const value = p[property];
  const expression = findUnknown(value);
  if (expression === undefined) return value;
  noteUnknown(r, property, expression);
  return DEPLOYED;
}

/** What `known` gives for a field known only at deployment. */
const DEPLOYED = Symbol('known at deployment');

/** The side's fields that are known only at deployment, noted; true when there are any. */
function unknownSide(r: Reading, p: Fields, names: readonly string[]): boolean {
  let found = false;
  for (const property of names) {
    const expression = findUnknown(p[property]);
    if (expression === undefined) continue;
    noteUnknown(r, property, expression);
    found = true;
  }
  return found;
}

/** A rule's fields under their canonical names: ARM property names are case-insensitive. */
type Fields = Readonly<Record<string, JsonValue | undefined>>;

const FIELD_NAMES: ReadonlyMap<string, string> = new Map(
  Object.keys(unsetFields()).map((name) => [name.toLowerCase(), name]),
);

/** Each side's field names, spelt once: a rule reads them all, and a key built per read costs more than the read. */
const NAMES = {
  source: {
    prefix: 'sourceAddressPrefix',
    prefixes: 'sourceAddressPrefixes',
    port: 'sourcePortRange',
    ports: 'sourcePortRanges',
    asgs: 'sourceApplicationSecurityGroups',
  },
  destination: {
    prefix: 'destinationAddressPrefix',
    prefixes: 'destinationAddressPrefixes',
    port: 'destinationPortRange',
    ports: 'destinationPortRanges',
    asgs: 'destinationApplicationSecurityGroups',
  },
} as const;

const ADDRESS_FIELDS = {
  source: ['sourceAddressPrefix', 'sourceAddressPrefixes', 'sourceApplicationSecurityGroups'],
  destination: [
    'destinationAddressPrefix',
    'destinationAddressPrefixes',
    'destinationApplicationSecurityGroups',
  ],
} as const;
const PORT_FIELDS = {
  source: ['sourcePortRange', 'sourcePortRanges'],
  destination: ['destinationPortRange', 'destinationPortRanges'],
} as const;

const CANONICAL: ReadonlySet<string> = new Set(FIELD_NAMES.values());

/**
 * The rule fields by canonical name, so each later read is a plain lookup: a rule names only some of
 * them, and a case-insensitive miss would walk every key again. Most rules spell every field as Azure
 * does, and are their own fields; a rule that spells one otherwise is read into a copy, where an exact
 * spelling wins over another casing, as getProperty has it. Notes in `r.plain` whether every field is
 * free of objects.
 */
function fieldsOf(r: Reading, p: JsonObject): Fields {
  let plain = true;
  let respelt = false;
  for (const key in p) {
    if (!CANONICAL.has(key)) {
      if (!respelt && canonicalName(key) !== undefined) respelt = true;
      continue;
    }
    const value = p[key]!;
    if (plain && typeof value === 'object' && value !== null) plain = isScalarList(value);
  }
  if (!respelt) {
    r.plain = plain;
    return p;
  }
  const fields = unsetFields();
  plain = true;
  for (const key in p) {
    if (!Object.hasOwn(p, key)) continue;
    const name = CANONICAL.has(key) ? key : canonicalName(key);
    // JSON values are never undefined: undefined is a field not read yet.
    if (name !== undefined && (key === name || fields[name] === undefined)) {
      const value = p[key]!;
      fields[name] = value;
      if (plain && typeof value === 'object' && value !== null) plain = isScalarList(value);
    }
  }
  r.plain = plain;
  return fields;
}

/** A list of strings, numbers… with no object or list in it (an unknown value is an object). */
function isScalarList(value: JsonValue): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item === 'object' && item !== null) return false;
  }
  return true;
}

/**
 * The rule fields read, by canonical name, all unset: one object shape for every rule (a dictionary
 * object per rule cost more to make than everything else read from the rule).
 */
function unsetFields(): Record<string, JsonValue | undefined> {
  return {
    priority: undefined,
    direction: undefined,
    access: undefined,
    protocol: undefined,
    sourceAddressPrefix: undefined,
    sourceAddressPrefixes: undefined,
    sourcePortRange: undefined,
    sourcePortRanges: undefined,
    sourceApplicationSecurityGroups: undefined,
    destinationAddressPrefix: undefined,
    destinationAddressPrefixes: undefined,
    destinationPortRange: undefined,
    destinationPortRanges: undefined,
    destinationApplicationSecurityGroups: undefined,
  };
}

// Rules carry other keys too (provisioningState, description…), spelt the same way rule after rule:
// each spelling is lower-cased once.
const spellings = new Map<string, string | null>();
function canonicalName(key: string): string | undefined {
  let name = spellings.get(key);
  if (name === undefined) {
    name = FIELD_NAMES.get(key.toLowerCase()) ?? null;
    if (spellings.size >= 10_000) spellings.clear();
    spellings.set(key, name);
  }
  return name ?? undefined;
}

/**
 * The singular field and the plural list together: ARM fills one and leaves the other empty. `index` is the
 * entry's place in the list, -1 for the singular field (see entryField).
 */
function strings(r: Reading, p: Fields, singular: string, plural: string) {
  const one = p[singular];
  // A literal, not pushes: a rule reads four of these, mostly of one entry, and a push makes room for seventeen.
  const found: { value: string; index: number }[] =
    typeof one === 'string' && one.trim() !== '' ? [{ value: one.trim(), index: -1 }] : [];
  if (typeof one !== 'string' && one !== undefined && one !== null)
    problem(r, at(r, singular), `${singular} is not a string; it is ignored`);
  const many = p[plural];
  if (Array.isArray(many)) {
    for (let i = 0; i < many.length; i++) {
      const v = many[i];
      if (typeof v === 'string' && v.trim() !== '') found.push({ value: v.trim(), index: i });
      else problem(r, `${at(r, plural)}[${i}]`, `${plural}[${i}] is not a non-empty string; it is ignored`);
    }
  } else if (many !== undefined && many !== null)
    problem(r, at(r, plural), `${plural} is not a list; it is ignored`);
  return found;
}

/** The JSON path of an entry `strings` found: only a problem needs it spelt out. */
function entryField(r: Reading, singular: string, plural: string, index: number): string {
  return index < 0 ? at(r, singular) : `${at(r, plural)}[${index}]`;
}

/** Whether a plural field lists nothing: most rules name one prefix or port in the singular field. */
function isEmptyList(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function endpoint(r: Reading, p: Fields, side: 'source' | 'destination', cache: ParseCache): Endpoint {
  if (!r.plain && unknownSide(r, p, ADDRESS_FIELDS[side])) return cache.prefixEndpoint('*')!;
  const names = NAMES[side];
  const one = p[names.prefix];
  // The common rule names one readable prefix and nothing else: read as below, it has no problem.
  if (typeof one === 'string' && isEmptyList(p[names.prefixes]) && !hasEntries(p[names.asgs])) {
    const found = cache.prefixEndpoint(one);
    if (found !== undefined) return found;
  }
  // A rule between application security groups names one group and no prefix.
  const group = onlyGroup(one, p[names.prefixes], p[names.asgs]);
  if (group !== undefined) return cache.groupEndpoint(group);
  const entries = strings(r, p, names.prefix, names.prefixes);
  // Mapped rather than pushed: arrays of the size needed.
  const terms = entries.map(({ value }) => cache.term(value));
  const written = entries.map(({ value }) => value);
  // The terms as they are unless some prefix could not be read: then both lists leave it out.
  const result: Endpoint = { terms: terms as AddressTerm[], written, asgs: [] };
  if (terms.includes(undefined)) {
    entries.forEach(({ value, index }, k) => {
      if (terms[k] === undefined)
        problem(
          r,
          entryField(r, names.prefix, names.prefixes, index),
          `${side} address prefix '${value}' is not an IP address, a CIDR block, * or a service tag; that entry is ignored`,
        );
    });
    result.terms = terms.filter((t) => t !== undefined);
    result.written = written.filter((_, k) => terms[k] !== undefined);
  }
  const asgField = names.asgs;
  const asgs = p[asgField];
  if (Array.isArray(asgs)) {
    for (let i = 0; i < asgs.length; i++) {
      const item = asgs[i];
      const id = isJsonObject(item) ? getProperty(item, 'id') : undefined;
      if (typeof id === 'string' && id !== '') result.asgs.push(id.toLowerCase());
      else problem(r, `${at(r, asgField)}[${i}]`, `${asgField}[${i}] has no id; it is ignored`);
    }
  }
  if (result.asgs.length > 0 && result.terms.length > 0) {
    // Azure takes prefixes or groups, not both; a group rule "applies only to NICs that are members", so the groups decide.
    if (!result.written.every((w) => w === '*'))
      problem(
        r,
        at(r, names.prefix),
        `names both ${side} prefixes and application security groups; the groups decide`,
      );
    result.terms = [];
    result.written = [];
  }
  if (result.terms.length === 0 && result.asgs.length === 0 && !hasProblemsFor(p, side))
    problem(r, at(r, names.prefix), `has no ${side}: the rule matches no traffic`);
  return cache.endpoint(result);
}

/** The ID of the side's one group when it names nothing else, as read below it has no problem; else undefined. */
function onlyGroup(
  prefix: JsonValue | undefined,
  prefixes: JsonValue | undefined,
  asgs: JsonValue | undefined,
): string | undefined {
  if (!Array.isArray(asgs) || asgs.length !== 1 || !isEmptyList(prefixes)) return undefined;
  if (prefix !== undefined && prefix !== null && !(typeof prefix === 'string' && prefix.trim() === ''))
    return undefined;
  const item = asgs[0];
  const id = isJsonObject(item) ? getProperty(item, 'id') : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function hasEntries(value: JsonValue | undefined): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Whether the rule's address prefixes are of both families: "All IP addresses or prefixes in the
 * resource should belong to the same address family" (the error ARM returns; azure-docs#34567).
 * `*` and service tags belong to neither.
 */
function mixesFamilies(source: Endpoint, destination: Endpoint): boolean {
  return (familiesOf(source) | familiesOf(destination)) === 3;
}

/** The address families an endpoint's prefixes belong to, as bits: 1 IPv4, 2 IPv6. */
function familiesOf(side: Endpoint): number {
  let families = 0;
  for (let t = 0; t < side.terms.length; t++) {
    const term = side.terms[t]!;
    if (term.kind !== 'addresses' || term.set === ALL_ADDRESSES) continue;
    for (let k = 0; k < term.set.length; k++) {
      const [lo, hi] = term.set[k]!;
      families |= (lo <= IPV4_LAST ? 1 : 0) | (hi > IPV4_LAST ? 2 : 0);
    }
  }
  return families;
}

/** Whether the endpoint had entries (that were reported as unreadable), so "no source" is not reported twice. */
function hasProblemsFor(p: Fields, side: 'source' | 'destination'): boolean {
  const names = NAMES[side];
  const one = p[names.prefix];
  const many = p[names.prefixes];
  const asgs = p[names.asgs];
  return (
    (typeof one === 'string' && one.trim() !== '') ||
    (Array.isArray(many) && many.length > 0) ||
    (Array.isArray(asgs) && asgs.length > 0)
  );
}

function ports(r: Reading, p: Fields, side: 'source' | 'destination', cache: ParseCache): PortRange[] {
  if (!r.plain && unknownSide(r, p, PORT_FIELDS[side])) return EVERY_PORT;
  const names = NAMES[side];
  // The common rule's ports are all readable: then they are the comma list of its entries, which
  // the cache parses once for every rule that names it (below, the same list is looked up).
  const spec = portSpec(p[names.port], p[names.ports]);
  if (spec !== undefined) {
    const ranges = cache.ports(spec);
    if (ranges !== undefined) return ranges;
  }
  const found = strings(r, p, names.port, names.ports);
  // A source port is optional in templates and means any; a destination port is required.
  if (found.length === 0 && side === 'source') return EVERY_PORT;
  if (found.length === 0) problem(r, at(r, names.port), `has no ${side} port: the rule matches no traffic`);
  const parsed: PortRange[][] = [];
  for (const { value, index } of found) {
    const ranges = cache.ports(value);
    if (ranges === undefined)
      problem(
        r,
        entryField(r, names.port, names.ports, index),
        `${side} port '${value}' is not a port, a range or '*'; that entry is ignored`,
      );
    parsed.push(ranges ?? []);
  }
  // The parsed lists are shared between rules: one entry's is used as it is, and a list of readable
  // entries is parsed as one comma list, which the cache shares too.
  if (parsed.length === 1) return parsed[0]!;
  if (parsed.every((r) => r.length > 0)) return cache.ports(found.map((f) => f.value).join(',')) ?? [];
  return parsed.flat();
}

/**
 * The entries of a side's port fields as one comma list, when `strings` would find them all without
 * a problem and there is at least one; else undefined. The list parses exactly when every entry does,
 * to the ranges of the entries in turn.
 */
function portSpec(one: JsonValue | undefined, many: JsonValue | undefined): string | undefined {
  let spec = '';
  if (typeof one === 'string') spec = one.trim();
  else if (one !== undefined && one !== null) return undefined;
  if (Array.isArray(many)) {
    for (let i = 0; i < many.length; i++) {
      const entry = many[i];
      if (typeof entry !== 'string') return undefined;
      const value = entry.trim();
      if (value === '') return undefined;
      spec = spec === '' ? value : `${spec},${value}`;
    }
  } else if (many !== undefined && many !== null) return undefined;
  return spec === '' ? undefined : spec;
}

/** `[ALL_PORTS]`, shared by every rule that names no source port. */
const EVERY_PORT: PortRange[] = [ALL_PORTS];

function text(object: JsonObject, key: string): string {
  const value = getProperty(object, key);
  return typeof value === 'string' ? value : '';
}

function numberOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,5}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The value named, its name matched case-insensitively. */
function oneOf<T extends string>(
  value: JsonValue | undefined,
  options: ReadonlyMap<string, T>,
): T | undefined {
  if (typeof value !== 'string') return undefined;
  return options.get(value) ?? options.get(value.toLowerCase());
}
