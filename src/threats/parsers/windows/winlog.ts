import type { Dataset, ThreatEvent } from '../../event.ts';
import { setText } from '../fields.ts';
import { newEvent } from '../sink.ts';
import { parseTimestamp } from '../time.ts';
import type { EventXml } from './event-xml.ts';

/**
 * What every Windows event says about itself, for the channels read without a per-event ECS translation of
 * their own (PowerShell, System): code, host, channel, provider, record id, the logging account's SID
 * (`user.id`), and every EventData and UserData field as `winlog.event_data.<Name>`, kept as Windows wrote
 * it since Sigma rules name these fields.
 */
export function winlogEvent(
  x: EventXml,
  dataset: Dataset,
  original: string,
  path: string,
  line: number,
): ThreatEvent | string {
  const timestamp = x.systemTime === undefined ? undefined : parseTimestamp(x.systemTime);
  if (timestamp === undefined) return 'event XML without a valid TimeCreated/@SystemTime';
  const ev = newEvent(dataset, timestamp, original, path, line);
  ev['event.code'] = String(x.eventId);
  ev['winlog.event_id'] = x.eventId;
  setText(ev, 'host.name', x.computer);
  setText(ev, 'winlog.computer_name', x.computer);
  setText(ev, 'winlog.channel', x.channel);
  setText(ev, 'winlog.provider_name', x.provider);
  setText(ev, 'winlog.record_id', x.recordId);
  setText(ev, 'user.id', x.userId);
  for (const name in x.data) ev[`winlog.event_data.${name}`] = x.data[name];
  if (x.userData !== undefined) {
    for (const name in x.userData) ev[`winlog.event_data.${name}`] ??= x.userData[name];
  }
  if (x.truncated) ev['log.truncated'] = true;
  return ev;
}

/**
 * `Key=Value` lines (PowerShell's classic events: `\tHostApplication=powershell.exe -nop …`) into
 * `winlog.event_data.<Key>`, where the event has no field of that name yet. Windows ends each line with CRLF;
 * a value's own line breaks (a multi-line command in HostApplication) are LF alone, so when the text has CRLF
 * only CRLF ends a line, and a command cannot pass a line of its own (`EngineVersion=5.1`) for a later key.
 * A line that names no key continues the value before it.
 */
export function keyValueLines(ev: ThreatEvent, text: string): void {
  let last: string | undefined;
  for (const line of text.split(text.indexOf('\r\n') === -1 ? '\n' : '\r\n')) {
    let from = 0;
    while (from < line.length && isBlank(line.charCodeAt(from))) from++;
    let key = from;
    while (key < line.length && isWordChar(line.charCodeAt(key))) key++;
    if (key > from && line.charCodeAt(key) === 0x3d) {
      let to = line.length;
      while (to > key + 1 && isBlank(line.charCodeAt(to - 1))) to--;
      const field = `winlog.event_data.${line.slice(from, key)}`;
      last = ev[field] === undefined ? field : undefined;
      if (last !== undefined) ev[last] = line.slice(key + 1, to);
    } else if (last !== undefined && from < line.length) {
      ev[last] += `\n${line}`;
    }
  }
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function isWordChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}
