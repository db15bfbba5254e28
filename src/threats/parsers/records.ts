import { activityEvent } from './azure/activity.ts';
import { emitNsgFlows } from './azure/nsgflow.ts';
import { objectAt } from './azure/resource-id.ts';
import { emitVnetFlows, isVnetFlowRecord } from './azure/vnetflow.ts';
import { emitJournaldRecord } from './journald.ts';
import { auditdRow } from './loganalytics/auditd-table.ts';
import { eventTableRow } from './loganalytics/event-table.ts';
import { securityEventRow } from './loganalytics/securityevent.ts';
import { emitSyslogRow } from './loganalytics/syslog-table.ts';
import type { EventSink } from './sink.ts';

export type RecordKind =
  | 'journald'
  | 'securityevent'
  | 'la-event'
  | 'la-syslog'
  | 'la-auditd'
  | 'activitylog'
  | 'nsgflow'
  | 'vnetflow';

/** Which format a JSON object or CSV row is, by the fields it has. */
export function classifyRecord(r: Record<string, unknown>): RecordKind | undefined {
  if ('__REALTIME_TIMESTAMP' in r && 'MESSAGE' in r) return 'journald';
  const type = r.Type;
  if (type === 'SecurityEvent') return 'securityevent';
  if (type === 'Syslog' || 'SyslogMessage' in r) return 'la-syslog';
  if (type === 'AzureActivity' || 'OperationNameValue' in r) return 'activitylog';
  if ('AuditdMessage' in r && 'mssg_id' in r) return 'la-auditd';
  // The Event and WindowsEvent tables (Sysmon, PowerShell, System… as the agents send them): `Source` and
  // `EventLog`, or `Provider` and `Channel`, are their own columns; SecurityEvent has `EventSourceName`.
  if (
    type === 'Event' ||
    type === 'WindowsEvent' ||
    ('EventID' in r &&
      (('Source' in r && ('EventLog' in r || 'RenderedDescription' in r)) ||
        ('Provider' in r && 'Channel' in r)))
  ) {
    return 'la-event';
  }
  // msticpy-style exports drop the Type column: an EventID with Computer and TimeGenerated is SecurityEvent.
  if ('EventID' in r && 'Computer' in r && 'TimeGenerated' in r) return 'securityevent';
  if (r.category === 'NetworkSecurityGroupFlowEvent' || Array.isArray(objectAt(r, 'properties')?.flows)) {
    return 'nsgflow';
  }
  if (isVnetFlowRecord(r)) return 'vnetflow';
  if ('operationName' in r && ('resourceId' in r || 'eventTimestamp' in r)) return 'activitylog';
  return undefined;
}

/** The kinds whose record is one event (or why not). */
const ROW_READERS = {
  securityevent: securityEventRow,
  'la-event': eventTableRow,
  'la-auditd': auditdRow,
  activitylog: activityEvent,
};

/** Nested `records` / `value` arrays followed inside a record (a JSON Lines file of NSG blobs). */
const MAX_NESTING = 3;

/**
 * Reads JSON values and CSV rows into events, whatever format each one is: a file may mix them (a Log
 * Analytics export of several tables). Returns the kind of the value, undefined when none (and then it
 * has been reported unparsed).
 */
export function routeRecord(
  value: unknown,
  original: string,
  line: number,
  sink: EventSink,
  depth = 0,
): RecordKind | undefined {
  if (Array.isArray(value) && depth < MAX_NESTING) {
    let kind: RecordKind | undefined;
    for (const item of value) {
      // Every item is read: `kind ??= routeRecord(…)` would stop routing after the first one with a kind.
      const itemKind = routeRecord(item, JSON.stringify(item), line, sink, depth + 1);
      kind ??= itemKind;
    }
    if (value.length === 0) sink.unparsed(line, 'empty JSON array', original);
    return kind;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    sink.unparsed(line, 'not a JSON object', original);
    return undefined;
  }
  const r = value as Record<string, unknown>;
  const kind = classifyRecord(r);
  switch (kind) {
    case 'journald':
      emitJournaldRecord(r, original, line, sink);
      return kind;
    case 'la-syslog':
      emitSyslogRow(r, original, line, sink);
      return kind;
    case 'nsgflow':
    case 'vnetflow': {
      const result = kind === 'nsgflow' ? emitNsgFlows(r, sink, line) : emitVnetFlows(r, sink, line);
      if (typeof result === 'string') sink.unparsed(line, result, original);
      return kind;
    }
    case 'securityevent':
    case 'la-event':
    case 'la-auditd':
    case 'activitylog': {
      const ev = ROW_READERS[kind](r, original, sink.path, line);
      if (typeof ev === 'string') sink.unparsed(line, ev, original);
      else sink.emit(ev);
      return kind;
    }
  }
  const nested = Array.isArray(r.records) ? r.records : Array.isArray(r.value) ? r.value : undefined;
  if (nested !== undefined && depth < MAX_NESTING)
    return routeRecord(nested, original, line, sink, depth + 1);
  const keys = Object.keys(r).slice(0, 6).join(', ');
  sink.unparsed(line, `record of no format Vigil reads (fields: ${keys})`, original);
  return undefined;
}
