import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { isIp } from '../ip.ts';
import type { EventSink } from '../sink.ts';
import { newEvent } from '../sink.ts';
import { isoFromMs } from '../time.ts';
import { counts, emitFlowTuples, isPort } from './nsgflow.ts';
import { objectAt, setResourceFields } from './resource-id.ts';

const STATES: Record<string, string> = { B: 'begin', C: 'continue', E: 'end' };
const TRANSPORTS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp' };
/** Epoch values above this are milliseconds (as seconds it would be the year 5138). */
const MS_EPOCH = 1e11;

/** A virtual network flow log record (`category: FlowLogFlowEvent`, `flowRecords.flows[]`). */
export function isVnetFlowRecord(r: Record<string, unknown>): boolean {
  return r.category === 'FlowLogFlowEvent' || Array.isArray(objectAt(r, 'flowRecords')?.flows);
}

/**
 * A virtual network flow log record (flowLogVersion 4, the successor of NSG flow logs): one event per
 * flow tuple `ts,srcIP,dstIP,srcPort,dstPort,protocol,I|O,B|C|E|D,encryption,packetsOut,bytesOut,
 * packetsIn,bytesIn`, as azure.nsgflow events so the same rules read both. Unlike NSG flow logs the
 * protocol is an IANA number, the decision is the state (`D`: denied, anything else allowed), and Azure's
 * sample writes the time in milliseconds (its bandwidth example in seconds: both are read). Format:
 * azure-docs articles/network-watcher/vnet-flow-logs-overview.md ("Log format"). Returns the number of
 * events, or why the record is not a flow record.
 */
export function emitVnetFlows(r: Record<string, unknown>, sink: EventSink, line: number): number | string {
  const acls = objectAt(r, 'flowRecords')?.flows;
  if (!Array.isArray(acls)) return 'virtual network flow record without flowRecords.flows';
  const version = r.flowLogVersion;
  const mac = typeof r.macAddress === 'string' ? r.macAddress : undefined;
  let emitted = 0;
  for (const acl of acls) {
    const groups: unknown = acl?.flowGroups;
    if (!Array.isArray(groups)) {
      sink.unparsed(line, 'virtual network flow entry without a flowGroups array', JSON.stringify(acl) ?? '');
      continue;
    }
    for (const group of groups) {
      const ruleName = typeof group?.rule === 'string' ? group.rule : undefined;
      emitted += emitFlowTuples(group, 'virtual network flow', line, sink, flowEvent, (ev) => {
        if (ruleName !== undefined) ev['rule.name'] = ruleName;
        if (mac !== undefined) ev['nsgflow.mac'] = mac;
        if (typeof version === 'number') ev['nsgflow.version'] = version;
        setResourceFields(ev, r.targetResourceID);
      });
    }
  }
  return emitted;
}

function flowEvent(tuple: string, path: string, line: number): ThreatEvent | undefined {
  const f = tuple.split(',');
  if (f.length < 8) return undefined;
  const epoch = Number(f[0]);
  const timestamp = f[0] === '' ? undefined : isoFromMs(epoch > MS_EPOCH ? epoch : epoch * 1000);
  const src = f[1]!;
  const dst = f[2]!;
  const sport = Number(f[3]);
  const dport = Number(f[4]);
  const protocol = f[5]!;
  const direction = f[6] === 'I' ? 'ingress' : f[6] === 'O' ? 'egress' : undefined;
  const state = f[7]!;
  if (
    timestamp === undefined ||
    !isIp(src) ||
    !isIp(dst) ||
    !isPort(sport) ||
    !isPort(dport) ||
    !/^\d{1,3}$/.test(protocol) ||
    direction === undefined ||
    (state !== 'D' && STATES[state] === undefined)
  ) {
    return undefined;
  }
  const allowed = state !== 'D';
  const ev = newEvent('azure.nsgflow', timestamp, tuple, path, line);
  ev['event.action'] = 'network_flow';
  ev['event.category'] = CATEGORY.network;
  ev['event.type'] = allowed ? TYPE.allowedConnection : TYPE.deniedConnection;
  ev['event.outcome'] = allowed ? 'success' : 'failure';
  ev['source.ip'] = src;
  ev['source.port'] = sport;
  ev['destination.ip'] = dst;
  ev['destination.port'] = dport;
  ev['network.iana_number'] = protocol;
  const transport = TRANSPORTS[protocol];
  if (transport !== undefined) ev['network.transport'] = transport;
  ev['network.direction'] = direction;
  if (allowed) ev['nsgflow.state'] = STATES[state]!;
  if (f[8] !== undefined && f[8] !== '') ev['nsgflow.encryption'] = f[8];
  counts(ev, 'source', f[9], f[10]);
  counts(ev, 'destination', f[11], f[12]);
  return ev;
}
