import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeFsError } from '../../sources/snapshot/input.ts';
import type { InputError } from '../../util/input-error.ts';
import type { JsonValue } from '../../util/json.ts';
import { parseJsonText } from '../../util/parse-json.ts';
import type { IpIndicator } from './indicator.ts';
import { IpMatcher } from './matcher.ts';
import { parsePlainList } from './plain-list.ts';
import { readStixBundle } from './stix.ts';
import { atLine, stixLinesAsBundle } from './stix-lines.ts';

/** What one feed file gave. */
export interface FeedSummary {
  file: string;
  format: 'list' | 'stix';
  /** Feed names its indicators carry (the file's name, or STIX identities). */
  names: string[];
  indicators: number;
  /** STIX: revoked indicators, and indicators about something other than IP addresses. */
  revoked?: number;
  notIp?: number;
}

export interface IntelFeeds {
  matcher: IpMatcher;
  feeds: FeedSummary[];
  /** Bad input: unreadable files, bad lines (file:line), malformed STIX (file and JSON pointer). */
  errors: InputError[];
  /** Indicators not used or only partly matched (unsupported STIX patterns), each naming the indicator. */
  warnings: InputError[];
}

/**
 * Reads threat intelligence feeds: files, or directories of them (recursively, in name order). A file whose
 * first character (after blanks) is `{` is a STIX bundle or TAXII envelope, or STIX objects one per line;
 * anything else is a plain list (plain-list.ts).
 * Problems are returned, never thrown: the feeds that load are used.
 */
export async function loadIntelFeeds(paths: readonly string[]): Promise<IntelFeeds> {
  const indicators: IpIndicator[] = [];
  const feeds: FeedSummary[] = [];
  const errors: InputError[] = [];
  const warnings: InputError[] = [];
  for (const file of await feedFiles(paths, errors)) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      errors.push({ file, message: describeFsError(error as NodeJS.ErrnoException) });
      continue;
    }
    const name = basename(file);
    // A byte order mark (Windows editors write one) is not part of the first entry.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trimStart().startsWith('{')) {
      const parsed = parseJsonText(text, file);
      let bundle: JsonValue;
      let lineOf: readonly number[] = [];
      if (parsed.ok) {
        bundle = parsed.value;
      } else {
        const lines = stixLinesAsBundle(text, file);
        if (!lines) {
          errors.push(parsed.error);
          continue;
        }
        ({ bundle, lineOf } = lines);
        errors.push(...lines.errors);
      }
      const read = readStixBundle(bundle, file, name);
      indicators.push(...read.indicators);
      errors.push(...read.errors.map((e) => atLine(e, lineOf)));
      warnings.push(...read.warnings.map((w) => atLine(w, lineOf)));
      feeds.push({
        file,
        format: 'stix',
        names: [...new Set(read.indicators.map((i) => i.feed))],
        indicators: read.indicators.length,
        revoked: read.revoked,
        notIp: read.notIp,
      });
    } else {
      const read = parsePlainList(text, file, name);
      indicators.push(...read.indicators);
      errors.push(...read.errors);
      // Loaded, but it can match nothing: a feed downloaded empty or cut off says so rather than passing quietly.
      if (read.indicators.length === 0 && read.errors.length === 0)
        warnings.push({ file, message: 'the feed lists no addresses: it matches nothing' });
      feeds.push({ file, format: 'list', names: [name], indicators: read.indicators.length });
    }
  }
  return { matcher: new IpMatcher(indicators), feeds, errors, warnings };
}

async function feedFiles(paths: readonly string[], errors: InputError[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    try {
      if (!(await stat(path)).isDirectory()) {
        files.push(path);
        continue;
      }
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      if (found.length === 0) errors.push({ file: path, message: 'the directory holds no feed files' });
      files.push(...found);
    } catch (error) {
      errors.push({ file: path, message: describeFsError(error as NodeJS.ErrnoException) });
    }
  }
  return files;
}
