import type { FieldValue, ThreatEvent } from '../event.ts';
import type { AlertEvidence } from './alert.ts';
import { cutText } from './cut.ts';

/** The fields an analyst reads first, copied into evidence when the event has them (the line holds the rest). */
const KEY_FIELDS = [
  'event.action',
  'event.outcome',
  'event.code',
  // Why a logon or sudo failed (a 4625's reason as Event Viewer words it, sshd's "Invalid user").
  'event.reason',
  'host.name',
  'user.name',
  'user.domain',
  'user.target.name',
  'source.ip',
  'source.port',
  'destination.ip',
  'destination.port',
  'network.transport',
  'process.name',
  'process.pid',
  'process.executable',
  'process.command_line',
  'process.parent.name',
  'process.parent.executable',
  'file.path',
  'service.name',
  'powershell.command.name',
  'winlog.event_data.ScriptBlockText',
  'winlog.logon.type',
  // A 4625's SubStatus tells a wrong password from an unknown user name.
  'winlog.logon.failure.sub_status',
  'rule.name',
  'azure.resource.id',
  'threat.indicator.ip',
  'threat.indicator.name',
  'threat.indicator.matched.field',
  'threat.feed.name',
] as const;

/** A record can be megabytes (a JSON export); evidence keeps enough of it to recognise and find it. */
const MAX_ORIGINAL = 8192;
const MAX_FIELD = 2048;

export function evidenceOf(event: ThreatEvent): AlertEvidence {
  const fields: Record<string, FieldValue> = {};
  for (const name of KEY_FIELDS) {
    const value = event[name];
    // A script block or command line can be tens of kilobytes: evidence keeps enough to read it by.
    if (value !== undefined) fields[name] = typeof value === 'string' ? cutText(value, MAX_FIELD) : value;
  }
  return {
    '@timestamp': event['@timestamp'],
    'event.dataset': event['event.dataset'],
    'log.file.path': event['log.file.path'],
    'log.file.line': event['log.file.line'],
    'log.original': cutText(event['log.original'], MAX_ORIGINAL),
    fields,
  };
}
