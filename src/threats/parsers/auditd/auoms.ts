import type { ThreatEvent } from '../../event.ts';
import { CATEGORY, TYPE } from '../ecs.ts';
import { newEvent } from '../sink.ts';
import { isoFromMs } from '../time.ts';
import { fill } from './event.ts';

// Fields AUOMS writes unquoted and unescaped, so they run on to the next of these (or the end).
const FREE_TEXT = [' cmdline=', ' proctitle=', ' redactors=', ' containerid='];

/**
 * AUOMS, the Azure Monitor agent's audit collector, flattens an event into one record:
 * `type=AUOMS_EXECVE audit(1652292621.990:84143): … comm="bash" exe="/bin/bash" … cmdline="bash -c …"`,
 * with `path_name=["/bin/bash",…]` lists and a command line that is neither escaped nor hex-encoded.
 * Returns why when `message` is not such a record.
 */
export function auomsEvent(
  message: string,
  original: string,
  path: string,
  line: number,
  hostName: string | undefined,
): ThreatEvent | string {
  if (!message.startsWith('type=')) return 'not an AUOMS record';
  const typeEnd = message.indexOf(' ');
  const open = message.indexOf('audit(', typeEnd);
  const close = message.indexOf('):', open);
  if (typeEnd === -1 || open !== typeEnd + 1 || close === -1)
    return 'AUOMS record without audit(time:serial)';
  const type = message.slice(5, typeEnd);
  const stamp = message.slice(open + 6, close);
  const colon = stamp.indexOf(':');
  const dot = stamp.indexOf('.');
  const ms = Number(stamp.slice(0, dot)) * 1000 + Number(stamp.slice(dot + 1, colon));
  const timestamp = isoFromMs(ms);
  const serial = Number(stamp.slice(colon + 1));
  if (dot === -1 || colon === -1 || timestamp === undefined || !Number.isSafeInteger(serial)) {
    return 'malformed AUOMS audit(time:serial)';
  }
  const data = auomsFields(message.slice(close + 2));
  const ev = newEvent('linux.auditd', timestamp, original, path, line);
  ev['auditd.types'] = [type];
  ev['auditd.serial'] = serial;
  for (const key in data) ev[`auditd.data.${key}`] = data[key];
  const node = data.node;
  ev['host.name'] = typeof node === 'string' ? node : hostName;
  if (ev['host.name'] === undefined) delete ev['host.name'];
  if (data.syscall === 'execve') {
    ev['event.action'] = 'process_created';
    ev['event.category'] = CATEGORY.process;
    ev['event.type'] = TYPE.start;
  } else {
    ev['event.action'] = type.toLowerCase();
  }
  fill(ev, data, undefined);
  return ev;
}

function auomsFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  const n = body.length;
  const ends = FREE_TEXT.map((key) => body.indexOf(key));
  let i = 0;
  while (i < n) {
    while (body.charCodeAt(i) === 0x20) i++;
    const eq = body.indexOf('=', i);
    if (eq === -1) break;
    const key = body.slice(i, eq);
    if (key === 'cmdline' || key === 'proctitle') {
      const end = nextFreeTextKey(body, eq, ends);
      let value = body.slice(eq + 1, end);
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      fields[key] = value;
      i = end + 1;
      continue;
    }
    const c = body.charCodeAt(eq + 1);
    if (c === 0x5b) {
      const end = listEnd(body, eq + 1);
      try {
        const list: unknown = JSON.parse(body.slice(eq + 1, end));
        if (Array.isArray(list)) fields[key] = list.map(String);
      } catch {
        fields[key] = body.slice(eq + 1, end);
      }
      i = end + 1;
    } else if (c === 0x22) {
      const close = body.indexOf('"', eq + 2);
      const end = close === -1 ? n : close;
      fields[key] = body.slice(eq + 2, end);
      i = end + 1;
    } else {
      const space = body.indexOf(' ', eq);
      const end = space === -1 ? n : space;
      fields[key] = body.slice(eq + 1, end);
      i = end + 1;
    }
  }
  return fields;
}

/** The first of FREE_TEXT at or after `from`; `ends` caches each one's next position and only moves on. */
function nextFreeTextKey(body: string, from: number, ends: number[]): number {
  let end = body.length;
  for (let k = 0; k < FREE_TEXT.length; k++) {
    if (ends[k] !== -1 && ends[k]! < from) ends[k] = body.indexOf(FREE_TEXT[k]!, from);
    const at = ends[k]!;
    if (at !== -1 && at < end) end = at;
  }
  return end;
}

/** The index after the `]` closing the list that starts at `open`, skipping quoted strings. */
function listEnd(body: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) quoted = !quoted;
    else if (c === 0x5d && !quoted) return i + 1;
  }
  return body.length;
}
