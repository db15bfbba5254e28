import type { ThreatEvent } from '../../event.ts';
import { auomsEvent } from '../auditd/auoms.ts';
import { setText } from '../fields.ts';
import type { EventSink } from '../sink.ts';
import { newEvent } from '../sink.ts';
import { parseEventXml } from '../windows/event-xml.ts';
import { eventFromXml } from '../windows/route.ts';
import { interpretMessage } from './programs.ts';

/** One program message with its envelope, from a syslog line, a journald record or a Syslog table row. */
export interface ProgramMessage {
  timestamp: string;
  host: string | undefined;
  program: string | undefined;
  pid: number | undefined;
  message: string;
  original: string;
  line: number;
}

/**
 * rsyslog folds identical consecutive messages into `message repeated N times: [ <message>]`; they are
 * expanded back into N events (the same time, `log.syslog.repeated` = N), up to this many, so a forged
 * count cannot make a line into millions of events.
 */
export const MAX_REPEAT = 1000;

/**
 * Emits the events of one program message: usually one; N for an rsyslog repeat; a Sysmon or AUOMS event
 * when the message carries one of those (Sysmon for Linux and the Azure Monitor agent both log through
 * syslog). `extra` adds envelope fields (e.g. Log Analytics' HostIP).
 */
export function emitProgramMessage(
  m: ProgramMessage,
  sink: EventSink,
  extra?: (ev: ThreatEvent) => void,
): void {
  const message = m.message;
  if (message.charCodeAt(0) === 0x3c && message.startsWith('<Event')) {
    // Sysmon for Linux logs its events as XML through syslog; so do forwarders of Windows events.
    const xml = parseEventXml(message);
    const ev = typeof xml === 'string' ? xml : eventFromXml(xml, m.original, sink.path, m.line);
    if (typeof ev === 'string') {
      sink.unparsed(m.line, ev, m.original);
      return;
    }
    if (ev !== undefined) {
      sink.emit(finish(ev, m, extra));
      return;
    }
  }
  if (message.charCodeAt(0) === 0x74 && message.startsWith('type=AUOMS_')) {
    const ev = auomsEvent(message, m.original, sink.path, m.line, m.host);
    if (typeof ev === 'string') sink.unparsed(m.line, ev, m.original);
    else sink.emit(finish(ev, m, extra));
    return;
  }
  let count = 1;
  let text = message;
  if (message.charCodeAt(0) === 0x6d && message.startsWith('message repeated ')) {
    const repeat = parseRepeat(message);
    if (repeat !== undefined) [count, text] = repeat;
  }
  const ev = newEvent('linux.syslog', m.timestamp, m.original, sink.path, m.line);
  if (m.host !== undefined) ev['host.name'] = m.host;
  if (m.pid !== undefined) ev['process.pid'] = m.pid;
  ev.message = text;
  interpretMessage(m.program, text, ev);
  extra?.(ev);
  if (count === 1) {
    sink.emit(ev);
    return;
  }
  ev['log.syslog.repeated'] = count;
  for (let i = 0; i < Math.min(count, MAX_REPEAT); i++) sink.emit(i === 0 ? ev : { ...ev });
}

function finish(
  ev: ThreatEvent,
  m: ProgramMessage,
  extra: ((ev: ThreatEvent) => void) | undefined,
): ThreatEvent {
  if (ev['host.name'] === undefined) setText(ev, 'host.name', m.host);
  extra?.(ev);
  return ev;
}

/** `message repeated 3 times: [ Failed password for root …]` → [3, 'Failed password for root …']. */
function parseRepeat(message: string): [number, string] | undefined {
  const times = message.indexOf(' times: [', 17);
  if (times === -1) return undefined;
  const count = Number(message.slice(17, times));
  if (!Number.isSafeInteger(count) || count < 1) return undefined;
  let inner = message.slice(times + 9);
  if (inner.endsWith(']')) inner = inner.slice(0, -1);
  return [count, inner.trim()];
}
