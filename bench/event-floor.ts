import { createReadStream } from 'node:fs';
import { LineSplitter } from '../src/sources/snapshot/lines.ts';

/**
 * A floor for any detector that hands rules an event per line: line splitting, then the least a syslog
 * parser must do before a rule can look at a line: cut the stamp, host, program, pid and message, find the
 * source address, and make one object with the fields every event carries. No sshd grammar, no time
 * arithmetic past one string per second, no rules, no correlation, no alerts. `bench/detect.ts` reports it
 * beside the line-splitting baseline, so the ratio target can be read against what is left above this floor.
 */
const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

export async function minimalEvents(path: string, year: number): Promise<number> {
  let lines = 0;
  let stamp = '';
  let iso = '';
  // Kept in reach, a batch at a time, as a real reader keeps a batch alive until the detector has seen it.
  let batch: object[] = [];
  const onLine = (text: string, line: number): void => {
    lines++;
    if (text.length < 17) return;
    const lineStamp = text.slice(0, 15);
    if (lineStamp !== stamp) {
      stamp = lineStamp;
      const day = lineStamp.charAt(4) === ' ' ? `0${lineStamp.charAt(5)}` : lineStamp.slice(4, 6);
      iso = `${year}-${MONTHS[lineStamp.slice(0, 3)] ?? '01'}-${day}T${lineStamp.slice(7)}.000Z`;
    }
    const hostEnd = text.indexOf(' ', 16);
    const colon = text.indexOf(': ', hostEnd);
    if (hostEnd === -1 || colon === -1) return;
    const bracket = text.indexOf('[', hostEnd);
    const hasPid = bracket !== -1 && bracket < colon;
    const message = text.slice(colon + 2);
    const from = message.indexOf(' from ');
    const ipEnd = from === -1 ? -1 : message.indexOf(' ', from + 6);
    batch.push({
      '@timestamp': iso,
      'event.dataset': 'syslog',
      'host.name': text.slice(16, hostEnd),
      'process.name': text.slice(hostEnd + 1, hasPid ? bracket : colon),
      'process.pid': hasPid ? Number(text.slice(bracket + 1, colon - 1)) : undefined,
      message,
      'source.ip': from === -1 ? undefined : message.slice(from + 6, ipEnd === -1 ? message.length : ipEnd),
      'log.original': text,
      'log.file.path': path,
      'log.file.line': line,
    });
    if (batch.length === 1000) batch = [];
  };
  const splitter = new LineSplitter(() => {});
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 }))
    splitter.push(chunk as Buffer, onLine);
  splitter.end(onLine);
  return lines;
}
