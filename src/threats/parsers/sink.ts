import type { Dataset, FieldValue, ThreatEvent } from '../event.ts';

/** Where a parser puts what it read: events, and lines or records it could not read, with the reason. */
export interface EventSink {
  /** The input's path as given (`-` for standard input); it becomes `log.file.path`. */
  readonly path: string;
  emit(event: ThreatEvent): void;
  /** `text` is the line or record (or its start); `line` is where it starts. */
  unparsed(line: number, reason: string, text: string): void;
}

/**
 * Events are made by a constructor rather than an object literal: V8 then sizes them for the fields
 * parsers go on to add (in-object slack tracking), which makes filling them markedly cheaper.
 */
class LogEvent implements ThreatEvent {
  [field: string]: FieldValue | undefined;
  declare '@timestamp': string;
  declare 'event.dataset': Dataset;
  declare 'log.original': string;
  declare 'log.file.path': string;
  declare 'log.file.line': number;

  constructor(dataset: Dataset, timestamp: string, original: string, path: string, line: number) {
    this['@timestamp'] = timestamp;
    this['event.dataset'] = dataset;
    this['log.original'] = original;
    this['log.file.path'] = path;
    this['log.file.line'] = line;
  }
}

export function newEvent(
  dataset: Dataset,
  timestamp: string,
  original: string,
  path: string,
  line: number,
): ThreatEvent {
  return new LogEvent(dataset, timestamp, original, path, line);
}

/** The part of `path` after the last `/` or `\` (Windows image paths): ECS `process.name`. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1 ? path : path.slice(cut + 1);
}
