/** Counts for one format, or for everything. */
export interface FormatStats {
  files: number;
  lines: number;
  events: number;
  /** Lines (for line formats) or records (JSON, CSV, XML) that gave no event. */
  unparsed: number;
}

export interface UnparsedSample {
  file: string;
  line: number;
  reason: string;
  /** The line or record, cut at SAMPLE_TEXT characters. */
  text: string;
}

/** An input that could not be read at all (missing, unreadable, binary, corrupt gzip). */
export interface ReadError {
  path: string;
  message: string;
}

/**
 * What parseInputs read. Nothing is dropped silently: every line or record is an event, blank, or
 * counted in `unparsed` with its reason in `unparsedReasons` (and the first few in `samples`).
 */
export interface ParseStats extends FormatStats {
  /** By the format detected for each file (`syslog`, `auditd`, `securityevent-csv`, …). */
  byFormat: Record<string, FormatStats>;
  unparsedReasons: Record<string, number>;
  samples: UnparsedSample[];
  errors: ReadError[];
}

export const SAMPLE_TEXT = 300;

export function newParseStats(): ParseStats {
  return {
    files: 0,
    lines: 0,
    events: 0,
    unparsed: 0,
    byFormat: {},
    unparsedReasons: {},
    samples: [],
    errors: [],
  };
}

/**
 * Keeps `sample` among at most `max` samples shared fairly among the files they come from: when the list is
 * full, a file with fewer samples than the best-sampled one takes the place of that file's latest. Pointed at a
 * directory, a README or a metadata file in no log format would otherwise fill every place with its first lines
 * and hide the lines of the logs themselves that Vigil did not understand.
 */
export function keepSample(stats: ParseStats, sample: UnparsedSample, max: number): void {
  const { samples } = stats;
  if (samples.length < max) {
    samples.push(sample);
    return;
  }
  const perFile = new Map<string, number>();
  for (const kept of samples) perFile.set(kept.file, (perFile.get(kept.file) ?? 0) + 1);
  let richest: string | undefined;
  let most = 0;
  for (const [file, count] of perFile) {
    if (count > most) [richest, most] = [file, count];
  }
  if (richest === undefined || (perFile.get(sample.file) ?? 0) + 1 >= most) return;
  samples.splice(
    samples.findLastIndex((kept) => kept.file === richest),
    1,
  );
  samples.push(sample);
}

/** Adds one file's counts under its format. */
export function addFile(stats: ParseStats, format: string, file: FormatStats): void {
  stats.files += file.files;
  stats.lines += file.lines;
  stats.events += file.events;
  stats.unparsed += file.unparsed;
  stats.byFormat[format] ??= { files: 0, lines: 0, events: 0, unparsed: 0 };
  const f = stats.byFormat[format];
  f.files += file.files;
  f.lines += file.lines;
  f.events += file.events;
  f.unparsed += file.unparsed;
}
