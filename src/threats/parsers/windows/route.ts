import type { ThreatEvent } from '../../event.ts';
import { setFoldedUser } from '../fields.ts';
import type { EventSink } from '../sink.ts';
import { parseTimestamp } from '../time.ts';
import { type EventXml, parseEventXml } from './event-xml.ts';
import { POWERSHELL_CHANNELS, powershellEvent } from './powershell.ts';
import { windowsSecurityEvent } from './security.ts';
import { sysmonEvent } from './sysmon.ts';
import { systemEvent } from './system.ts';

export type XmlEventKind = 'windows-xml' | 'sysmon-xml';

export const SYSMON: Record<string, 'linux.sysmon' | 'windows.sysmon'> = {
  'Linux-Sysmon': 'linux.sysmon',
  'Microsoft-Windows-Sysmon': 'windows.sysmon',
};

/** The channels read, for messages about the others. */
export const READ_CHANNELS = 'Security, Sysmon, PowerShell and System are';

/**
 * One parsed `<Event>` as an event: Security channel events (and 1102 from the Eventlog provider) become
 * windows.security events; Sysmon events linux.sysmon or windows.sysmon by provider; PowerShell's channels
 * windows.powershell and the System log windows.system. Returns why when it cannot, and undefined for a
 * channel Vigil does not read.
 */
export function eventFromXml(
  x: EventXml,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string | undefined {
  const ev = channelEvent(x, original, path, line);
  if (typeof ev === 'object') setFoldedUser(ev);
  return ev;
}

/** The event of `x`'s channel, before its account is folded. */
function channelEvent(
  x: EventXml,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string | undefined {
  const provider = x.provider ?? '';
  const sysmon = SYSMON[provider];
  if (sysmon !== undefined) return sysmonEvent(x, sysmon, original, path, line);
  if (x.channel !== undefined && POWERSHELL_CHANNELS.has(x.channel)) {
    return powershellEvent(x, original, path, line);
  }
  if (x.channel === 'System') return systemEvent(x, original, path, line);
  if (x.channel !== 'Security' && provider !== 'Microsoft-Windows-Security-Auditing') return undefined;
  const timestamp = x.systemTime === undefined ? undefined : parseTimestamp(x.systemTime);
  if (timestamp === undefined) return 'event XML without a valid TimeCreated/@SystemTime';
  const data = x.userData === undefined ? x.data : { ...x.data, ...x.userData };
  const ev = windowsSecurityEvent(
    {
      eventId: x.eventId,
      timestamp,
      computer: x.computer,
      channel: x.channel,
      provider: x.provider,
      recordId: x.recordId,
      keywords: x.keywords,
    },
    data,
    'windows.security',
    original,
    path,
    line,
  );
  if (x.truncated) ev['log.truncated'] = true;
  return ev;
}

/** One `<Event>` of an exported XML file. Events of other channels are reported unparsed, naming it. */
export function emitEventXml(xml: string, line: number, sink: EventSink): XmlEventKind | undefined {
  const x = parseEventXml(xml);
  if (typeof x === 'string') {
    sink.unparsed(line, x, xml);
    return undefined;
  }
  const ev = eventFromXml(x, xml, sink.path, line);
  if (ev === undefined) {
    sink.unparsed(line, `Windows ${x.channel ?? x.provider} events are not read (${READ_CHANNELS})`, xml);
    return undefined;
  }
  if (typeof ev === 'string') {
    sink.unparsed(line, ev, xml);
    return undefined;
  }
  sink.emit(ev);
  return SYSMON[x.provider ?? ''] === undefined ? 'windows-xml' : 'sysmon-xml';
}
