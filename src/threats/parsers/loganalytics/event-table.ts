import type { ThreatEvent } from '../../event.ts';
import { setResourceFields } from '../azure/resource-id.ts';
import { setFoldedUser, setUser } from '../fields.ts';
import { parseTimestamp } from '../time.ts';
import { type EventXml, parseEventXml } from '../windows/event-xml.ts';
import { eventFromXml, READ_CHANNELS, SYSMON } from '../windows/route.ts';

/**
 * A row of the Log Analytics `Event` or `WindowsEvent` table (JSON or CSV export). `Event` is where the Azure Monitor Agent and the Log
 * Analytics agent put the Windows event logs a data collection rule names, other than Security (which goes
 * to SecurityEvent): Sysmon, PowerShell, System, Application… Columns
 * (learn.microsoft.com/azure/azure-monitor/reference/tables/event): `Source` (the provider), `EventLog` (the
 * channel), `EventID`, `Computer`, `TimeGenerated`, `UserName`, `RenderedDescription` (the message), and
 * `EventData`, the event's fields as `<DataItem …><EventData …><Data Name="Image">…</Data>…</EventData>
 * </DataItem>` (what Azure-Sentinel's Sysmon parsers read with `parse_xml(EventData)`). `ParameterXml` holds
 * the same values as unnamed `<Param>`s, which only a per-version schema could name, so it is read only
 * when it holds named `<Data>`.
 *
 * `WindowsEvent` (learn.microsoft.com/azure/azure-monitor/reference/tables/windowsevent: Windows Event
 * Forwarding and Sentinel's AMA connectors) names the same things `Provider` and `Channel`, with
 * `EventRecordId`, `Keywords`, `SystemUserId`, and EventData parsed to an object of fields by name.
 *
 * The row becomes the event its channel's XML would (windows/route.ts): Sysmon rows windows.sysmon with
 * Sysmon's fields, PowerShell and System rows windows.powershell and windows.system. Rows of other channels,
 * and rows whose fields are missing, are returned as a reason, never as an event of the wrong kind.
 */
export function eventTableRow(
  r: Record<string, unknown>,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const eventId = Number(r.EventID);
  if (r.EventID === '' || r.EventID === null || !Number.isInteger(eventId)) {
    return 'Event row without a numeric EventID';
  }
  const time = text(r.TimeGenerated);
  if (time === undefined || parseTimestamp(time) === undefined)
    return 'Event row without a valid TimeGenerated';
  const provider = text(r.Source) ?? text(r.Provider);
  const channel = text(r.EventLog) ?? text(r.Channel);
  const sysmon = provider !== undefined && SYSMON[provider] !== undefined;
  const fields = eventFields(r, eventId, sysmon);
  if (sysmon && fields === undefined) {
    return 'Sysmon row without its fields: EventData (or ParameterXml) holds no <Data Name=…>, and RenderedDescription no "Name: value" lines';
  }
  const x: EventXml = {
    provider,
    eventId,
    systemTime: time,
    recordId: text(r.EventRecordId),
    channel,
    computer: text(r.Computer),
    keywords: text(r.Keywords),
    userId: text(r.SystemUserId),
    data: fields?.data ?? {},
    userData: fields?.userData,
    truncated: fields?.truncated ?? false,
  };
  const ev = eventFromXml(x, original, path, line);
  if (ev === undefined) {
    return `Event row: Windows ${channel ?? provider ?? '(no EventLog)'} events are not read (${READ_CHANNELS})`;
  }
  if (typeof ev === 'string') return `Event row: ${ev}`;
  // The account the event was logged for; Sysmon's is its own service account, its events name the user.
  if (!sysmon && ev['user.name'] === undefined && r.UserName !== 'N/A') {
    setUser(ev, r.UserName);
    setFoldedUser(ev);
  }
  setResourceFields(ev, r._ResourceId);
  return ev;
}

interface Fields {
  data: Record<string, string>;
  userData: Record<string, string> | undefined;
  truncated: boolean;
}

/** The event's named fields from EventData, else ParameterXml, else a Sysmon RenderedDescription. */
function eventFields(r: Record<string, unknown>, eventId: number, sysmon: boolean): Fields | undefined {
  const parsed = objectFields(r.EventData);
  if (parsed !== undefined) return { data: parsed, userData: undefined, truncated: false };
  for (const column of [r.EventData, r.ParameterXml]) {
    const xml = text(column);
    if (xml === undefined || xml.indexOf('<') === -1) continue;
    const parsed = parseEventXml(`<Event><System><EventID>${eventId}</EventID></System>${xml}</Event>`);
    if (typeof parsed === 'string') continue;
    const named = Object.keys(parsed.data).some((k) => !k.startsWith('param'));
    if (named || parsed.userData !== undefined || xml.indexOf('<Data') !== -1) {
      return { data: parsed.data, userData: parsed.userData, truncated: parsed.truncated };
    }
  }
  const description = text(r.RenderedDescription);
  if (sysmon && description !== undefined) {
    const data = describedFields(description);
    if (data !== undefined) return { data, userData: undefined, truncated: false };
  }
  return undefined;
}

/**
 * WindowsEvent's EventData: an object of fields by name (a JSON text in CSV exports and query responses).
 * Values that are not text (numbers, lists) are kept as their JSON text.
 */
function objectFields(value: unknown): Record<string, string> | undefined {
  let object = value;
  if (typeof value === 'string' && value.startsWith('{')) {
    try {
      object = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  const data: Record<string, string> = {};
  for (const [name, v] of Object.entries(object)) {
    data[name] = typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
  }
  return data;
}

/**
 * Sysmon's message is its event's fields, one `Name: value` per line under a title (`Process Create:`), named
 * as in EventData: the fields when a row keeps only the message. A line that does not start a field (a
 * command line with a line break) continues the one before.
 */
function describedFields(description: string): Record<string, string> | undefined {
  const data: Record<string, string> = {};
  let last: string | undefined;
  const lines = description.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    const colon = l.indexOf(': ');
    const name = colon > 0 ? l.slice(0, colon) : '';
    if (name !== '' && isFieldName(name)) {
      last = name;
      data[name] = l.slice(colon + 2);
    } else if (l.endsWith(':') && isFieldName(l.slice(0, -1))) {
      last = l.slice(0, -1);
      data[last] = '';
    } else if (last !== undefined) {
      data[last] += `\n${l}`;
    }
  }
  return last === undefined ? undefined : data;
}

function isFieldName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return name.length > 0;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}
