import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../../sources/snapshot/lines.ts';
import { AuditdReader } from '../parsers/auditd/reader.ts';
import { isBlank, type LineParser } from '../parsers/line-parser.ts';
import { forEachQueryRow } from '../parsers/loganalytics/query-response.ts';
import { type RecordKind, routeRecord } from '../parsers/records.ts';
import type { EventSink } from '../parsers/sink.ts';
import type { YearOptions } from '../parsers/syslog/clock.ts';
import { SyslogReader } from '../parsers/syslog/reader.ts';
import { emitEventXml, type XmlEventKind } from '../parsers/windows/route.ts';
import { CsvRows } from './csv.ts';
import type { Layout } from './detect.ts';
import { JsonRecordSplitter } from './json-records.ts';
import { XmlEventSplitter } from './xml-events.ts';

/** Reads one file's bytes in the layout detected for it. */
export interface FormatReader {
  push(chunk: Buffer): void;
  end(): void;
  /** The file's format for the stats: the layout, refined by the first record's kind. */
  readonly format: string;
}

export interface ReaderOptions {
  years: YearOptions;
  /** Longest line (or JSON record, CSV record, XML event) read; a longer one is reported and skipped. */
  maxLineBytes: number;
}

export function createReader(layout: Layout, sink: EventSink, options: ReaderOptions): FormatReader {
  switch (layout) {
    case 'syslog':
      return new LinesReader(new SyslogReader(sink, options.years), () => 'syslog', sink, options);
    case 'auditd':
      return new LinesReader(new AuditdReader(sink), () => 'auditd', sink, options);
    case 'json-lines': {
      const parser = new JsonLinesParser(sink);
      return new LinesReader(parser, () => recordFormat(parser.kind, 'json'), sink, options);
    }
    case 'csv': {
      const parser = new CsvParser(sink, options.maxLineBytes);
      return new LinesReader(parser, () => recordFormat(parser.kind, 'csv'), sink, options);
    }
    case 'json':
      return new JsonDocumentReader(sink, options.maxLineBytes);
    case 'xml':
      return new XmlReader(sink, options.maxLineBytes);
    default:
      return new LinesReader(new UnknownLines(sink), () => layout, sink, options);
  }
}

function recordFormat(kind: RecordKind | undefined, container: 'json' | 'csv'): string {
  if (kind === undefined) return container;
  return kind === 'journald' ? 'journald' : `${kind}-${container}`;
}

class LinesReader implements FormatReader {
  readonly #splitter: LineSplitter;
  readonly #onLine: (text: string, line: number) => void;

  constructor(
    private readonly parser: LineParser,
    private readonly describe: () => string,
    sink: EventSink,
    options: ReaderOptions,
  ) {
    this.#splitter = new LineSplitter(
      (line) => sink.unparsed(line, `line longer than ${options.maxLineBytes} bytes: skipped`, ''),
      options.maxLineBytes,
    );
    this.#onLine = (text, line) => parser.line(text, line);
  }

  get format(): string {
    return this.describe();
  }

  push(chunk: Buffer): void {
    this.#splitter.push(chunk, this.#onLine);
  }

  end(): void {
    this.#splitter.end(this.#onLine);
    this.parser.end();
  }
}

/** A JSON value read into events: a Log Analytics query API response row by row, anything else as a record. */
function routeJson(value: unknown, text: string, line: number, sink: EventSink): RecordKind | undefined {
  let kind: RecordKind | undefined;
  const isResponse = forEachQueryRow(
    value,
    (row) => {
      const rowKind = routeRecord(row, JSON.stringify(row), line, sink);
      kind ??= rowKind;
    },
    (reason, original) => sink.unparsed(line, reason, original),
  );
  return isResponse ? kind : routeRecord(value, text, line, sink);
}

class JsonLinesParser implements LineParser {
  kind: RecordKind | undefined;

  constructor(private readonly sink: EventSink) {}

  line(text: string, line: number): void {
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.sink.unparsed(line, `invalid JSON (${(error as Error).message})`, text);
      return;
    }
    const kind = routeJson(value, text, line, this.sink);
    this.kind ??= kind;
  }

  end(): void {}
}

class CsvParser implements LineParser {
  kind: RecordKind | undefined;
  readonly #rows: CsvRows;

  constructor(sink: EventSink, maxChars: number) {
    this.#rows = new CsvRows(
      (row, original, line) => {
        const kind = routeRecord(row, original, line, sink);
        this.kind ??= kind;
      },
      (line, reason, text) => sink.unparsed(line, reason, text),
      maxChars,
    );
  }

  line(text: string, line: number): void {
    this.#rows.line(text, line);
  }

  end(): void {
    this.#rows.end();
  }
}

class UnknownLines implements LineParser {
  constructor(private readonly sink: EventSink) {}

  line(text: string, line: number): void {
    if (!isBlank(text)) {
      this.sink.unparsed(line, 'not a format Vigil reads (syslog, audit.log, JSON, CSV or event XML)', text);
    }
  }

  end(): void {}
}

class JsonDocumentReader implements FormatReader {
  readonly #splitter: JsonRecordSplitter;
  #kind: RecordKind | undefined;

  constructor(sink: EventSink, maxBytes: number) {
    this.#splitter = new JsonRecordSplitter(
      (text, line) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          sink.unparsed(line, `invalid JSON (${(error as Error).message})`, text);
          return;
        }
        const kind = routeJson(value, text, line, sink);
        this.#kind ??= kind;
      },
      (line, reason, text) => sink.unparsed(line, reason, text),
      maxBytes,
    );
  }

  get format(): string {
    return recordFormat(this.#kind, 'json');
  }

  push(chunk: Buffer): void {
    this.#splitter.push(chunk);
  }

  end(): void {
    this.#splitter.end();
  }
}

class XmlReader implements FormatReader {
  readonly #decoder = new StringDecoder('utf8');
  readonly #splitter: XmlEventSplitter;
  #kind: XmlEventKind | undefined;

  constructor(sink: EventSink, maxChars: number) {
    this.#splitter = new XmlEventSplitter(
      (xml, line) => {
        const kind = emitEventXml(xml, line, sink);
        this.#kind ??= kind;
      },
      (line, reason, text) => sink.unparsed(line, reason, text),
      maxChars,
    );
  }

  get format(): string {
    return this.#kind ?? 'xml';
  }

  push(chunk: Buffer): void {
    this.#splitter.push(this.#decoder.write(chunk));
  }

  end(): void {
    this.#splitter.push(this.#decoder.end());
    this.#splitter.end();
  }
}
