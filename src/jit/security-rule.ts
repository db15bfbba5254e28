import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

/**
 * An NSG security rule in ARM's shape (`Microsoft.Network/networkSecurityGroups/securityRules`), as JIT
 * writes it. Singular and plural fields follow ARM: one value goes in the singular field, several in the plural.
 */
export interface SecurityRule {
  name: string;
  properties: {
    description: string;
    protocol: 'Tcp' | 'Udp' | '*';
    sourcePortRange: '*';
    destinationPortRange?: string;
    destinationPortRanges?: string[];
    sourceAddressPrefix?: string;
    sourceAddressPrefixes?: string[];
    destinationAddressPrefix?: string;
    destinationAddressPrefixes?: string[];
    access: 'Allow' | 'Deny';
    priority: number;
    direction: 'Inbound' | 'Outbound';
  };
}

export interface PortRange {
  from: number;
  to: number;
}

/** What placement needs to know of any rule an NSG holds, read leniently from whatever JSON the NSG has. */
export interface RuleView {
  name: string;
  /** Undefined when the rule's priority cannot be read. */
  priority: number | undefined;
  direction: 'inbound' | 'outbound' | undefined;
  access: 'allow' | 'deny' | undefined;
  /** Destination ports; undefined when they cannot be read. */
  ports: PortRange[] | undefined;
}

export function viewRule(rule: JsonObject): RuleView {
  const name = getProperty(rule, 'name');
  const properties = getProperty(rule, 'properties');
  const p = isJsonObject(properties) ? properties : rule;
  const priority = getProperty(p, 'priority');
  const direction = lower(getProperty(p, 'direction'));
  const access = lower(getProperty(p, 'access'));
  return {
    name: typeof name === 'string' ? name : '',
    priority: typeof priority === 'number' && Number.isInteger(priority) ? priority : undefined,
    direction: direction === 'inbound' || direction === 'outbound' ? direction : undefined,
    access: access === 'allow' || access === 'deny' ? access : undefined,
    ports: readPorts(getProperty(p, 'destinationPortRange'), getProperty(p, 'destinationPortRanges')),
  };
}

/** Port ranges of `destinationPortRange` and `destinationPortRanges` together: `*`, `22`, `1000-2000`, `80, 443`. */
function readPorts(single: JsonValue | undefined, plural: JsonValue | undefined): PortRange[] | undefined {
  const texts: string[] = [];
  if (typeof single === 'string' && single !== '') texts.push(single);
  else if (single !== undefined && single !== null && single !== '') return undefined;
  if (Array.isArray(plural)) {
    for (const item of plural) {
      if (typeof item !== 'string') return undefined;
      texts.push(item);
    }
  } else if (plural !== undefined && plural !== null) return undefined;
  if (texts.length === 0) return undefined;
  const ranges: PortRange[] = [];
  for (const text of texts) {
    for (const piece of text.split(',')) {
      const range = parsePortRange(piece.trim());
      if (range === undefined) return undefined;
      ranges.push(range);
    }
  }
  return ranges;
}

export function parsePortRange(text: string): PortRange | undefined {
  if (text === '*' || text.toLowerCase() === 'any') return { from: 0, to: 65535 };
  const dash = text.indexOf('-');
  const from = port(dash < 0 ? text : text.slice(0, dash));
  const to = dash < 0 ? from : port(text.slice(dash + 1));
  return from === undefined || to === undefined || from > to ? undefined : { from, to };
}

function port(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}

export function coversPort(ranges: readonly PortRange[], port: number): boolean {
  return ranges.some((r) => r.from <= port && port <= r.to);
}

/**
 * Whether an NSG's rule says what Vigil wrote, in every field that decides traffic (priority included, not
 * the description). Reconcile restores a rule that differs: someone widened or moved it.
 */
export function sameEffect(written: SecurityRule, found: JsonObject): boolean {
  const properties = getProperty(found, 'properties');
  const p = isJsonObject(properties) ? properties : found;
  const w = written.properties;
  return (
    lower(getProperty(p, 'access')) === w.access.toLowerCase() &&
    lower(getProperty(p, 'direction')) === w.direction.toLowerCase() &&
    lower(getProperty(p, 'protocol')) === w.protocol.toLowerCase() &&
    getProperty(p, 'priority') === w.priority &&
    sameSet(pair(p, 'sourceAddressPrefix'), [w.sourceAddressPrefix, ...(w.sourceAddressPrefixes ?? [])]) &&
    sameSet(pair(p, 'destinationAddressPrefix'), [
      w.destinationAddressPrefix,
      ...(w.destinationAddressPrefixes ?? []),
    ]) &&
    sameSet(pair(p, 'destinationPortRange'), [w.destinationPortRange, ...(w.destinationPortRanges ?? [])]) &&
    sameSet(pair(p, 'sourcePortRange'), ['*']) &&
    noGroups(p)
  );
}

/** A singular field and its plural (`…Prefix` / `…Prefixes`, `…Range` / `…Ranges`) as one list. */
function pair(p: JsonObject, singular: string): (string | undefined)[] {
  const one = getProperty(p, singular);
  const many = getProperty(p, `${singular}${singular.endsWith('x') ? 'es' : 's'}`);
  return [
    typeof one === 'string' ? one : undefined,
    ...(Array.isArray(many) ? many.map((m) => (typeof m === 'string' ? m : '\u0000')) : []),
  ];
}

function sameSet(a: readonly (string | undefined)[], b: readonly (string | undefined)[]): boolean {
  const norm = (list: readonly (string | undefined)[]) =>
    [
      ...new Set(list.filter((x): x is string => x !== undefined && x !== '').map((x) => x.toLowerCase())),
    ].sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** JIT rules never use application security groups; one added to a JIT rule changes what it matches. */
function noGroups(p: JsonObject): boolean {
  const empty = (v: JsonValue | undefined) =>
    v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  return (
    empty(getProperty(p, 'sourceApplicationSecurityGroups')) &&
    empty(getProperty(p, 'destinationApplicationSecurityGroups'))
  );
}

function lower(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}
