import type { Dataset, ThreatEvent } from '../../event.ts';
import { CATEGORY, type EventAction, TYPE } from '../ecs.ts';
import { setNumber, setText, setUser } from '../fields.ts';
import { isIp, sourceAddress } from '../ip.ts';
import { baseName, newEvent } from '../sink.ts';
import { parseTimestamp } from '../time.ts';
import type { EventXml } from './event-xml.ts';

interface Kind {
  action: EventAction;
  category: string[];
  type: string[];
}

// Sysmon event ids (the same on Windows and Linux): https://learn.microsoft.com/sysinternals/downloads/sysmon
const KINDS: Record<number, Kind> = {
  1: { action: 'process_created', category: CATEGORY.process, type: TYPE.start },
  2: { action: 'file_time_changed', category: CATEGORY.file, type: TYPE.change },
  3: { action: 'network_connection', category: CATEGORY.network, type: TYPE.connection },
  4: { action: 'sysmon_state_changed', category: CATEGORY.configuration, type: TYPE.change },
  5: { action: 'process_terminated', category: CATEGORY.process, type: TYPE.end },
  6: { action: 'driver_loaded', category: CATEGORY.driver, type: TYPE.start },
  7: { action: 'image_loaded', category: CATEGORY.process, type: TYPE.change },
  8: { action: 'remote_thread_created', category: CATEGORY.process, type: TYPE.change },
  9: { action: 'raw_disk_read', category: CATEGORY.file, type: TYPE.access },
  10: { action: 'process_accessed', category: CATEGORY.process, type: TYPE.access },
  11: { action: 'file_created', category: CATEGORY.file, type: TYPE.creation },
  12: { action: 'registry_changed', category: CATEGORY.registry, type: TYPE.change },
  13: { action: 'registry_changed', category: CATEGORY.registry, type: TYPE.change },
  14: { action: 'registry_changed', category: CATEGORY.registry, type: TYPE.change },
  15: { action: 'file_created', category: CATEGORY.file, type: TYPE.creation },
  16: { action: 'sysmon_state_changed', category: CATEGORY.configuration, type: TYPE.change },
  17: { action: 'pipe_event', category: CATEGORY.file, type: TYPE.creation },
  18: { action: 'pipe_event', category: CATEGORY.file, type: TYPE.access },
  22: { action: 'dns_query', category: CATEGORY.network, type: TYPE.info },
  23: { action: 'file_deleted', category: CATEGORY.file, type: TYPE.deletion },
  25: { action: 'process_tampering', category: CATEGORY.process, type: TYPE.change },
  26: { action: 'file_deleted', category: CATEGORY.file, type: TYPE.deletion },
};

/**
 * A Sysmon event (Linux or Windows) to ECS: `process.*` from Image/ProcessId/CommandLine and the Parent*
 * fields, `source.*` / `destination.*` for network connections, `file.path` for file events. Every
 * EventData field is also kept as `sysmon.<Name>`, so rules written against Sysmon's own names work.
 */
export function sysmonEvent(
  x: EventXml,
  dataset: Dataset,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const d = x.data;
  const timestamp =
    (d.UtcTime === undefined ? undefined : parseTimestamp(d.UtcTime)) ??
    (x.systemTime === undefined ? undefined : parseTimestamp(x.systemTime));
  if (timestamp === undefined) return 'Sysmon event without UtcTime or TimeCreated';
  const ev = newEvent(dataset, timestamp, original, path, line);
  ev['event.code'] = String(x.eventId);
  if (x.computer !== undefined) ev['host.name'] = x.computer;
  const kind = KINDS[x.eventId];
  if (kind !== undefined) {
    ev['event.action'] = kind.action;
    ev['event.category'] = kind.category;
    ev['event.type'] = kind.type;
  }
  for (const name in d) ev[`sysmon.${name}`] = d[name];
  if (x.truncated) ev['log.truncated'] = true;

  const image = d.Image ?? d.SourceImage;
  if (image !== undefined && image !== '' && image !== '-') {
    ev['process.executable'] = image;
    ev['process.name'] = baseName(image);
  }
  setNumber(ev, 'process.pid', d.ProcessId ?? d.SourceProcessId);
  setText(ev, 'process.entity_id', d.ProcessGuid ?? d.SourceProcessGuid);
  setText(ev, 'process.command_line', d.CommandLine);
  setText(ev, 'process.working_directory', d.CurrentDirectory);
  if (d.ParentImage !== undefined && d.ParentImage !== '' && d.ParentImage !== '-') {
    ev['process.parent.executable'] = d.ParentImage;
    ev['process.parent.name'] = baseName(d.ParentImage);
  }
  setNumber(ev, 'process.parent.pid', d.ParentProcessId);
  setText(ev, 'process.parent.command_line', d.ParentCommandLine);
  setText(ev, 'process.parent.entity_id', d.ParentProcessGuid);
  setUser(ev, d.User);
  // Event 1 hashes the process image; 6, 7, 15, 23 and 26 hash the file they are about.
  hashes(ev, x.eventId === 1 ? 'process' : 'file', d.Hashes ?? d.Hash);

  switch (x.eventId) {
    case 3:
      network(ev, d);
      break;
    case 6:
    case 7:
      setText(ev, 'file.path', d.ImageLoaded);
      break;
    case 9:
      setText(ev, 'file.path', d.Device);
      break;
    case 8:
    case 10:
      setText(ev, 'process.target.executable', d.TargetImage);
      break;
    case 12:
    case 13:
    case 14:
      setText(ev, 'registry.path', d.TargetObject);
      setText(ev, 'registry.data.strings', d.Details);
      break;
    case 17:
    case 18:
      setText(ev, 'file.path', d.PipeName);
      break;
    case 22:
      setText(ev, 'dns.question.name', d.QueryName);
      break;
    default:
      setText(ev, 'file.path', d.TargetFilename);
  }
  return ev;
}

function network(ev: ThreatEvent, d: Record<string, string>): void {
  setText(ev, 'network.transport', d.Protocol?.toLowerCase());
  if (d.Initiated !== undefined) ev['network.direction'] = d.Initiated === 'true' ? 'egress' : 'ingress';
  // `sysmon.SourceIp` keeps the address as written (an IPv4-mapped one too: sourceAddress).
  const source = d.SourceIp === undefined ? undefined : sourceAddress(d.SourceIp);
  if (source !== undefined) ev['source.ip'] = source;
  setNumber(ev, 'source.port', d.SourcePort);
  setText(ev, 'source.domain', d.SourceHostname);
  if (d.DestinationIp !== undefined && isIp(d.DestinationIp)) ev['destination.ip'] = d.DestinationIp;
  setNumber(ev, 'destination.port', d.DestinationPort);
  setText(ev, 'destination.domain', d.DestinationHostname);
}

/** `SHA256=AB…,MD5=CD…` → `<prefix>.hash.sha256`, `<prefix>.hash.md5`. */
function hashes(ev: ThreatEvent, prefix: string, text: string | undefined): void {
  if (text === undefined || text === '' || text === '-') return;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) ev[`${prefix}.hash.${part.slice(0, eq).toLowerCase()}`] = part.slice(eq + 1);
  }
}
