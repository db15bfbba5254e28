import { getProperty, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { NsgNotFoundError, type VmNetwork } from './adapter.ts';
import { parsePrefix, prefixContains } from './address.ts';
import type { RuleRecord } from './events.ts';
import type { JitProtocol, PolicyRef } from './policy.ts';
import { isJitAllowRuleName } from './rule-names.ts';
import { coversPort, type SecurityRule, viewRule } from './security-rule.ts';
import type { Session } from './session.ts';
import { entriesForVm } from './vm-entries.ts';

/**
 * A port of a request in a snapshot's JIT policy (`properties.requests[].virtualMachines[].ports[]`,
 * JitNetworkAccessRequestPort of api-version 2020-01-01), read leniently: what cannot be read is kept as a
 * problem so the port is reported as not imported, never dropped silently.
 */
export interface DefenderRequestPort {
  /** Where in the policy, e.g. `properties.requests[0].virtualMachines[0].ports[0]`. */
  field: string;
  /** Index of the request in `properties.requests`: ports of one request become one grant. */
  request: number;
  requestor: string;
  justification: string;
  startTimeUtc: string | undefined;
  number: number | undefined;
  source: string | undefined;
  endTimeUtc: string | undefined;
  status: string | undefined;
  problem?: string;
}

export interface ImportedGrant {
  grantId: string;
  requestor: string;
  ports: { number: number; source: string; endTimeUtc: string; rules: RuleRecord[] }[];
}

export interface NotImported {
  field: string;
  port?: number;
  reason: string;
}

/** The ports of the policy's requests that are for this VM (by ID, case-insensitively). */
export function readDefenderRequests(properties: JsonObject, vmId: string): DefenderRequestPort[] {
  const requests = getProperty(properties, 'requests');
  if (!Array.isArray(requests)) return [];
  const found: DefenderRequestPort[] = [];
  for (const [i, request] of requests.entries()) {
    if (!isJsonObject(request)) continue;
    for (const [j, entry] of entriesForVm(getProperty(request, 'virtualMachines'), vmId)) {
      const ports = getProperty(entry, 'ports');
      const base = `properties.requests[${i}].virtualMachines[${j}].ports`;
      if (!Array.isArray(ports)) continue;
      for (const [k, port] of ports.entries())
        found.push(readPort(isJsonObject(port) ? port : {}, `${base}[${k}]`, i, request));
    }
  }
  return found;
}

function readPort(port: JsonObject, field: string, index: number, request: JsonObject): DefenderRequestPort {
  const number = getProperty(port, 'number');
  const single = getProperty(port, 'allowedSourceAddressPrefix');
  const plural = getProperty(port, 'allowedSourceAddressPrefixes');
  const sources = [
    ...(typeof single === 'string' && single !== '' ? [single] : []),
    ...(Array.isArray(plural) ? plural.filter((s): s is string => typeof s === 'string') : []),
  ];
  const end = utc(getProperty(port, 'endTimeUtc'));
  const status = getProperty(port, 'status');
  const read: DefenderRequestPort = {
    field,
    request: index,
    requestor: text(getProperty(request, 'requestor')) || 'defender',
    justification: text(getProperty(request, 'justification')),
    startTimeUtc: utc(getProperty(request, 'startTimeUtc')),
    number: typeof number === 'number' && Number.isInteger(number) ? number : undefined,
    source: sources.length === 1 ? sources[0] : undefined,
    endTimeUtc: end,
    status: typeof status === 'string' ? status : undefined,
  };
  const problem =
    read.number === undefined
      ? 'number: not a port number'
      : end === undefined
        ? 'endTimeUtc: not a time'
        : sources.length !== 1
          ? `allowedSourceAddressPrefix: ${sources.length === 0 ? 'no source' : `${sources.length} sources; Vigil keeps a grant for one`}`
          : undefined;
  return problem ? { ...read, problem } : read;
}

/**
 * Takes over the requests Defender still has open for the VM when Vigil puts it under JIT: each port that is
 * `Initiated`, ends after now, and whose allow rule Defender wrote is in one of the VM's NSGs becomes a grant
 * in the journal ending at the request's `endTimeUtc`, so reconcile keeps the rule until then and removes it
 * after, as Defender would ("access is revoked when the requested time ends": MicrosoftDocs/azure-docs
 * articles/defender-for-cloud/just-in-time-access-overview.md). Anything else is reported as not imported.
 */
export async function importDefenderRequests(
  session: Session,
  vm: VmNetwork,
  policy: PolicyRef,
  ports: readonly DefenderRequestPort[],
): Promise<{ imported: ImportedGrant[]; notImported: NotImported[] }> {
  const notImported: NotImported[] = [];
  const skip = (p: DefenderRequestPort, reason: string) =>
    notImported.push({ field: p.field, ...(p.number !== undefined && { port: p.number }), reason });
  const held = new Map<string, string>();
  for (const { grant, port } of session.state.activePorts())
    for (const r of port.rules) held.set(key(r.nsgId, r.rule.name), grant.id);
  const nsgRules = new Map<string, JsonObject[]>();
  for (const a of vm.attachments) {
    try {
      nsgRules.set(a.nsgId, await session.adapter.listRules(a.nsgId));
    } catch (e) {
      if (!(e instanceof NsgNotFoundError)) throw e;
    }
  }
  const byRequest = new Map<number, { first: DefenderRequestPort; ports: ImportedGrant['ports'] }>();
  for (const p of ports) {
    if (p.problem) {
      skip(p, p.problem);
      continue;
    }
    if (p.status !== 'Initiated') {
      skip(p, `status is ${p.status ?? 'missing'}, not Initiated`);
      continue;
    }
    if (Date.parse(p.endTimeUtc!) <= session.now.getTime()) {
      skip(p, `ended at ${p.endTimeUtc}`);
      continue;
    }
    const rules: RuleRecord[] = [];
    let heldBy: string | undefined;
    for (const a of vm.attachments) {
      for (const found of nsgRules.get(a.nsgId) ?? []) {
        const rule = asSecurityRule(found);
        if (!rule || !matches(rule, p.number!, p.source!, a.privateIps)) continue;
        heldBy ??= held.get(key(a.nsgId, rule.name));
        rules.push({ nsgId: a.nsgId, nsgName: a.nsgName, rule });
      }
    }
    if (heldBy !== undefined) skip(p, `its rule is already held by grant ${heldBy}`);
    else if (rules.length === 0)
      skip(p, `no JIT allow rule for port ${p.number} from ${p.source} to the VM is in its NSGs`);
    else {
      const group = byRequest.get(p.request) ?? { first: p, ports: [] };
      if (group.ports.some((g) => g.number === p.number)) {
        skip(p, `port ${p.number} is listed twice in the request`);
        continue;
      }
      group.ports.push({ number: p.number!, source: p.source!, endTimeUtc: p.endTimeUtc!, rules });
      byRequest.set(p.request, group);
    }
  }
  const imported: ImportedGrant[] = [];
  for (const { first, ports: granted } of byRequest.values()) {
    const grantId = `g${session.nextSeq}`;
    await session.record(
      {
        type: 'granted',
        grantId,
        policy,
        vm: { id: vm.id, name: vm.name },
        justification: first.justification,
        startTimeUtc: first.startTimeUtc ?? session.now.toISOString(),
        ports: granted.map((g) => ({
          number: g.number,
          protocol: jitProtocol(g.rules[0]!.rule.properties.protocol),
          allowedSourceAddressPrefix: g.source,
          endTimeUtc: g.endTimeUtc,
          rules: g.rules,
        })),
        supersedes: [],
        importedFrom: policy.id,
      },
      first.requestor,
    );
    imported.push({ grantId, requestor: first.requestor, ports: granted });
  }
  return { imported, notImported };
}

/** An inbound JIT allow rule opening the port from exactly the source to one of the VM's addresses. */
function matches(rule: SecurityRule, port: number, source: string, vmIps: readonly string[]): boolean {
  const p = rule.properties;
  if (!isJitAllowRuleName(rule.name) || p.access !== 'Allow' || p.direction !== 'Inbound') return false;
  const sources = [
    ...(p.sourceAddressPrefix ? [p.sourceAddressPrefix] : []),
    ...(p.sourceAddressPrefixes ?? []),
  ];
  if (sources.length !== 1 || sources[0]!.toLowerCase() !== source.toLowerCase()) return false;
  const ranges = viewRule(rule as unknown as JsonObject).ports;
  if (!ranges || !coversPort(ranges, port)) return false;
  const destinations = [
    ...(p.destinationAddressPrefix ? [p.destinationAddressPrefix] : []),
    ...(p.destinationAddressPrefixes ?? []),
  ];
  return destinations.some((d) => {
    const outer = parsePrefix(d);
    return (
      outer.ok &&
      vmIps.some((ip) => {
        const inner = parsePrefix(ip);
        return inner.ok && prefixContains(outer.prefix, inner.prefix);
      })
    );
  });
}

/** The NSG's rule in the shape the journal records; undefined when it is not one JIT could have written. */
function asSecurityRule(rule: JsonObject): SecurityRule | undefined {
  const view = viewRule(rule);
  const properties = getProperty(rule, 'properties');
  const p = isJsonObject(properties) ? properties : rule;
  const protocol = PROTOCOLS[text(getProperty(p, 'protocol')).toLowerCase()];
  const sourcePorts = list(p, 'sourcePortRange');
  if (
    view.priority === undefined ||
    protocol === undefined ||
    sourcePorts.length !== 1 ||
    sourcePorts[0] !== '*' ||
    view.access === undefined ||
    view.direction === undefined
  )
    return undefined;
  const sources = list(p, 'sourceAddressPrefix');
  const destinations = list(p, 'destinationAddressPrefix');
  const portRanges = list(p, 'destinationPortRange');
  return {
    name: view.name,
    properties: {
      description: text(getProperty(p, 'description')),
      protocol,
      sourcePortRange: '*',
      ...oneOrMany('destinationPortRange', 'destinationPortRanges', portRanges),
      ...oneOrMany('sourceAddressPrefix', 'sourceAddressPrefixes', sources),
      ...oneOrMany('destinationAddressPrefix', 'destinationAddressPrefixes', destinations),
      access: view.access === 'allow' ? 'Allow' : 'Deny',
      priority: view.priority,
      direction: view.direction === 'inbound' ? 'Inbound' : 'Outbound',
    },
  };
}

const PROTOCOLS: Record<string, SecurityRule['properties']['protocol']> = {
  tcp: 'Tcp',
  udp: 'Udp',
  '*': '*',
};

function jitProtocol(protocol: SecurityRule['properties']['protocol']): JitProtocol {
  return protocol === '*' ? '*' : protocol === 'Tcp' ? 'TCP' : 'UDP';
}

/** ARM's convention: one value in the singular field, several in the plural. */
function oneOrMany<S extends string, P extends string>(
  singular: S,
  plural: P,
  values: string[],
): Partial<Record<S, string> & Record<P, string[]>> {
  if (values.length === 0) return {};
  return (values.length === 1 ? { [singular]: values[0] } : { [plural]: values }) as Partial<
    Record<S, string> & Record<P, string[]>
  >;
}

/** A singular field and its plural together, ignoring ARM's empty `[]` and `""`. */
function list(p: JsonObject, singular: string): string[] {
  const one = getProperty(p, singular);
  const many = getProperty(p, `${singular}${singular.endsWith('x') ? 'es' : 's'}`);
  return [
    ...(typeof one === 'string' && one !== '' ? [one] : []),
    ...(Array.isArray(many) ? many.filter((m): m is string => typeof m === 'string' && m !== '') : []),
  ];
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Defender writes seven fractional digits (`…44.5190000Z`); the journal holds ISO UTC times. A time with no
 * zone is read as UTC, as the field's name says, not as the local time `Date.parse` would assume.
 */
function utc(value: JsonValue | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const zoned = /(?:Z|[+-][0-9]{2}:?[0-9]{2})$/i.test(value);
  const ms = Date.parse(zoned ? value : `${value}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function key(nsgId: string, ruleName: string): string {
  return `${nsgId}|${ruleName}`.toLowerCase();
}
