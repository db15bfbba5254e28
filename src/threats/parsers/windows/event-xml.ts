/**
 * One `<Event>` in the Windows event schema (http://schemas.microsoft.com/win/2004/08/events/event), as
 * `wevtutil qe /f:xml`, Event Viewer's "Save as XML", Get-WinEvent's ToXml() and Sysmon for Linux write
 * it. Only the elements Vigil reads are looked at; they are found with indexOf, not a general XML parser,
 * which is enough for this machine-written schema and does a bounded amount of work per event.
 */
export interface EventXml {
  provider: string | undefined;
  eventId: number;
  /** `TimeCreated/@SystemTime` as written. */
  systemTime: string | undefined;
  recordId: string | undefined;
  channel: string | undefined;
  computer: string | undefined;
  keywords: string | undefined;
  /** `Security/@UserID`: the SID of the account the event was logged for, when the provider records one. */
  userId: string | undefined;
  /** `EventData/Data` by `@Name`; unnamed ones (classic events) as `param1`, `param2`… */
  data: Record<string, string>;
  /** The leaf elements of `UserData`'s one child (1102 and other events without EventData). */
  userData: Record<string, string> | undefined;
  /**
   * The XML ends inside EventData (syslog transports cut long messages: the Log Analytics Syslog table
   * keeps about 2 KB). The Data elements before the cut are read, the last one possibly cut short.
   */
  truncated: boolean;
}

/** Reads one event, or returns why it cannot. */
export function parseEventXml(xml: string): EventXml | string {
  const systemStart = xml.indexOf('<System>');
  const systemEnd = xml.indexOf('</System>', systemStart);
  if (systemStart === -1 || systemEnd === -1) return 'event XML without a <System> element';
  const system = xml.slice(systemStart, systemEnd);
  const idText = elementText(system, 'EventID');
  const eventId = idText === undefined ? Number.NaN : Number(idText);
  if (!Number.isInteger(eventId)) return 'event XML without a numeric <EventID>';
  return {
    provider: attribute(system, 'Provider', 'Name'),
    eventId,
    systemTime: attribute(system, 'TimeCreated', 'SystemTime'),
    recordId: elementText(system, 'EventRecordID'),
    channel: elementText(system, 'Channel'),
    computer: elementText(system, 'Computer'),
    keywords: elementText(system, 'Keywords'),
    userId: attribute(system, 'Security', 'UserID'),
    data: eventData(xml, systemEnd),
    userData: userData(xml, systemEnd),
    truncated: xml.indexOf('</EventData>', systemEnd) === -1 && xml.indexOf('<EventData', systemEnd) !== -1,
  };
}

/** The decoded text of the first `<name …>text</name>` in `xml`; undefined when absent. */
function elementText(xml: string, name: string): string | undefined {
  const open = tagStart(xml, name, 0);
  if (open === -1) return undefined;
  const close = xml.indexOf('>', open);
  if (close === -1 || xml.charCodeAt(close - 1) === 0x2f) return close === -1 ? undefined : '';
  const end = xml.indexOf(`</${name}>`, close);
  return end === -1 ? undefined : decodeXml(xml.slice(close + 1, end));
}

/** Where `<name` starts as a whole tag name (followed by space, `>` or `/`), or -1. */
function tagStart(xml: string, name: string, from: number): number {
  const needle = `<${name}`;
  for (let at = xml.indexOf(needle, from); at !== -1; at = xml.indexOf(needle, at + 1)) {
    const c = xml.charCodeAt(at + needle.length);
    if (c === 0x20 || c === 0x3e || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d) return at;
  }
  return -1;
}

/** `<element … name='value' …>`: the value of an attribute on the first such element. */
function attribute(xml: string, element: string, name: string): string | undefined {
  const open = tagStart(xml, element, 0);
  if (open === -1) return undefined;
  const end = xml.indexOf('>', open);
  return end === -1 ? undefined : attributeIn(xml, open, end, name);
}

function attributeIn(xml: string, from: number, to: number, name: string): string | undefined {
  // Searched in the tag's own text: a search of the whole event per attribute would be quadratic.
  const tag = xml.slice(from, to);
  const needle = `${name}=`;
  for (let at = tag.indexOf(needle); at !== -1; at = tag.indexOf(needle, at + 1)) {
    const before = tag.charCodeAt(at - 1);
    if (before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue;
    const quote = tag.charCodeAt(at + needle.length);
    if (quote !== 0x22 && quote !== 0x27) return undefined;
    const close = tag.indexOf(String.fromCharCode(quote), at + needle.length + 1);
    if (close === -1) return undefined;
    return decodeXml(tag.slice(at + needle.length + 1, close));
  }
  return undefined;
}

function eventData(xml: string, from: number): Record<string, string> {
  const data: Record<string, string> = {};
  const start = tagStart(xml, 'EventData', from);
  if (start === -1) return data;
  const closing = xml.indexOf('</EventData>', start);
  const end = closing === -1 ? xml.length : closing;
  let unnamed = 0;
  for (let at = tagStart(xml, 'Data', start); at !== -1 && at < end; at = tagStart(xml, 'Data', at + 5)) {
    const close = xml.indexOf('>', at);
    if (close === -1 || close > end) break;
    const name = attributeIn(xml, at, close, 'Name') ?? `param${++unnamed}`;
    if (xml.charCodeAt(close - 1) === 0x2f) {
      data[name] = '';
      continue;
    }
    const valueEnd = xml.indexOf('</Data>', close);
    data[name] = decodeXml(xml.slice(close + 1, valueEnd === -1 || valueEnd > end ? end : valueEnd));
    if (valueEnd === -1 || valueEnd > end) break;
  }
  return data;
}

function userData(xml: string, from: number): Record<string, string> | undefined {
  const start = tagStart(xml, 'UserData', from);
  if (start === -1) return undefined;
  const end = xml.indexOf('</UserData>', start);
  if (end === -1) return undefined;
  // Skip the wrapper element (e.g. <LogFileCleared xmlns=…>), then read its leaf children.
  const wrapper = xml.indexOf('>', xml.indexOf('<', xml.indexOf('>', start)));
  const fields: Record<string, string> = {};
  let at = xml.indexOf('<', wrapper + 1);
  while (at !== -1 && at < end && xml.charCodeAt(at + 1) !== 0x2f) {
    const close = xml.indexOf('>', at);
    if (close === -1) break;
    const nameEnd = Math.min(close, spaceOrEnd(xml, at + 1, close));
    const name = xml.slice(at + 1, nameEnd).replace(/\/$/, '');
    if (xml.charCodeAt(close - 1) === 0x2f) {
      fields[name] = '';
      at = xml.indexOf('<', close);
      continue;
    }
    const valueEnd = xml.indexOf(`</${name}>`, close);
    if (valueEnd === -1) break;
    fields[name] = decodeXml(xml.slice(close + 1, valueEnd));
    at = xml.indexOf('<', valueEnd + name.length + 3);
  }
  return fields;
}

function spaceOrEnd(xml: string, from: number, limit: number): number {
  const space = xml.indexOf(' ', from);
  return space === -1 || space > limit ? limit : space;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Replaces the five XML entities and numeric character references. */
export function decodeXml(text: string): string {
  if (text.indexOf('&') === -1) return text;
  let out = '';
  let last = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', last)) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi - amp > 10) break;
    const name = text.slice(amp + 1, semi);
    let replacement = ENTITIES[name];
    if (replacement === undefined && name.charCodeAt(0) === 0x23) {
      const code = name.charCodeAt(1) === 0x78 ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) replacement = String.fromCodePoint(code);
    }
    if (replacement === undefined) {
      out += text.slice(last, semi + 1);
    } else {
      out += text.slice(last, amp) + replacement;
    }
    last = semi + 1;
  }
  return out + text.slice(last);
}
