import type { ThreatEvent } from '../../../src/threats/event.ts';
import type { LineParser } from '../../../src/threats/parsers/line-parser.ts';
import type { EventSink } from '../../../src/threats/parsers/sink.ts';
import { SyslogReader } from '../../../src/threats/parsers/syslog/reader.ts';

export interface Collected {
  events: ThreatEvent[];
  unparsed: Array<{ line: number; reason: string; text: string }>;
}

export function collector(path = 'test.log'): { sink: EventSink; out: Collected } {
  const out: Collected = { events: [], unparsed: [] };
  return {
    out,
    sink: {
      path,
      emit: (event) => out.events.push(event),
      unparsed: (line, reason, text) => out.unparsed.push({ line, reason, text }),
    },
  };
}

/** Feeds `lines` to a line parser made for a collecting sink. */
export function feed(make: (sink: EventSink) => LineParser, lines: string[]): Collected {
  const { sink, out } = collector();
  const parser = make(sink);
  for (const [i, text] of lines.entries()) parser.line(text, i + 1);
  parser.end();
  return out;
}

/** The events of syslog lines, in the year 2024. */
export function syslog(...lines: string[]): Collected {
  return feed((sink) => new SyslogReader(sink, { year: 2024, reference: new Date() }), lines);
}

/** The one event of one syslog line. */
export function syslogEvent(line: string): ThreatEvent {
  const { events, unparsed } = syslog(line);
  if (unparsed.length > 0 || events.length !== 1) {
    throw new Error(`expected one event from ${line}: ${JSON.stringify({ events, unparsed })}`);
  }
  return events[0]!;
}
