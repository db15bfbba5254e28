import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { isIp } from '../ip.ts';
import type { EventSink } from '../sink.ts';
import { newEvent } from '../sink.ts';
import { isoFromMs } from '../time.ts';
import { objectAt, setResourceFields } from './resource-id.ts';

const STATES: Record<string, string> = { B: 'begin', C: 'continue', E: 'end' };

/**
 * An NSG flow log record (`records[]` of a PT1H.json blob): one event per flow tuple,
 * `ts,srcIP,dstIP,srcPort,dstPort,T|U,I|O,A|D` in version 1, plus `,B|C|E,packetsOut,bytesOut,packetsIn,
 * bytesIn` in version 2 (counts empty on B). The tuple is the event's `log.original`; the rule that
 * decided it is `rule.name`, the NSG `azure.resource.id`. Format: azure-docs
 * articles/network-watcher/nsg-flow-logs-overview.md ("Log format"). Returns the number of events, or why
 * the record is not a flow record.
 */
export function emitNsgFlows(r: Record<string, unknown>, sink: EventSink, line: number): number | string {
  const properties = objectAt(r, 'properties');
  const rules = properties?.flows;
  if (!Array.isArray(rules)) return 'NSG flow record without properties.flows';
  const version = properties?.Version;
  let emitted = 0;
  for (const rule of rules) {
    const ruleName = typeof rule?.rule === 'string' ? rule.rule : undefined;
    const groups: unknown = rule?.flows;
    if (!Array.isArray(groups)) {
      sink.unparsed(line, 'NSG flow rule entry without a flows array', JSON.stringify(rule) ?? String(rule));
      continue;
    }
    for (const group of groups) {
      const mac = typeof group?.mac === 'string' ? group.mac : undefined;
      emitted += emitFlowTuples(group, 'NSG flow', line, sink, flowEvent, (ev) => {
        if (ruleName !== undefined) ev['rule.name'] = ruleName;
        if (mac !== undefined) ev['nsgflow.mac'] = mac;
        if (typeof version === 'number') ev['nsgflow.version'] = version;
        setResourceFields(ev, r.resourceId);
        if (typeof ev['azure.resource.name'] === 'string') ev['rule.ruleset'] = ev['azure.resource.name'];
      });
    }
  }
  return emitted;
}

function flowEvent(tuple: string, path: string, line: number): ThreatEvent | undefined {
  const f = tuple.split(',');
  if (f.length < 8) return undefined;
  const timestamp = isoFromMs(Number(f[0]) * 1000);
  const src = f[1]!;
  const dst = f[2]!;
  const sport = Number(f[3]);
  const dport = Number(f[4]);
  const transport = f[5] === 'T' ? 'tcp' : f[5] === 'U' ? 'udp' : undefined;
  const direction = f[6] === 'I' ? 'ingress' : f[6] === 'O' ? 'egress' : undefined;
  const decision = f[7];
  if (
    timestamp === undefined ||
    f[0] === '' ||
    !isIp(src) ||
    !isIp(dst) ||
    !isPort(sport) ||
    !isPort(dport) ||
    transport === undefined ||
    direction === undefined ||
    (decision !== 'A' && decision !== 'D')
  ) {
    return undefined;
  }
  const ev = newEvent('azure.nsgflow', timestamp, tuple, path, line);
  ev['event.action'] = 'network_flow';
  ev['event.category'] = CATEGORY.network;
  ev['event.type'] = decision === 'A' ? TYPE.allowedConnection : TYPE.deniedConnection;
  ev['event.outcome'] = decision === 'A' ? 'success' : 'failure';
  ev['source.ip'] = src;
  ev['source.port'] = sport;
  ev['destination.ip'] = dst;
  ev['destination.port'] = dport;
  ev['network.transport'] = transport;
  ev['network.direction'] = direction;
  const state = f[8] === undefined ? undefined : STATES[f[8]];
  if (state !== undefined) ev['nsgflow.state'] = state;
  // Version 2 counts: source→destination packets and bytes, then destination→source.
  counts(ev, 'source', f[9], f[10]);
  counts(ev, 'destination', f[11], f[12]);
  return ev;
}

/**
 * One flow group's `flowTuples`, NSG or VNet flow log alike: each tuple `parse` reads becomes an event, given
 * its record's context by `tag`; a group without tuples and a tuple that does not parse are unparsed, named
 * by `what`. Returns the number of events.
 */
export function emitFlowTuples(
  group: { flowTuples?: unknown } | undefined,
  what: string,
  line: number,
  sink: EventSink,
  parse: (tuple: string, path: string, line: number) => ThreatEvent | undefined,
  tag: (ev: ThreatEvent) => void,
): number {
  const tuples = group?.flowTuples;
  if (!Array.isArray(tuples)) {
    sink.unparsed(line, `${what} group without a flowTuples array`, JSON.stringify(group) ?? String(group));
    return 0;
  }
  let emitted = 0;
  for (const tuple of tuples) {
    const ev = typeof tuple === 'string' ? parse(tuple, sink.path, line) : undefined;
    if (ev === undefined) {
      sink.unparsed(line, `malformed ${what} tuple`, String(tuple));
      continue;
    }
    tag(ev);
    sink.emit(ev);
    emitted++;
  }
  return emitted;
}

export function counts(
  ev: ThreatEvent,
  side: string,
  packets: string | undefined,
  bytes: string | undefined,
): void {
  const p = Number(packets);
  const b = Number(bytes);
  if (packets !== undefined && packets !== '' && Number.isSafeInteger(p)) ev[`${side}.packets`] = p;
  if (bytes !== undefined && bytes !== '' && Number.isSafeInteger(b)) ev[`${side}.bytes`] = b;
}

export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < 65536;
}
