import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { compareText } from '../../util/compare-text.ts';

export const STDIN = '-';
const SNAPSHOT_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson']);
const LINE_EXTENSIONS = new Set(['.jsonl', '.ndjson']);
/** How far to look for the end of the first line when telling JSON Lines from a JSON document. */
const SNIFF_LIMIT = 1 << 20;

export type Format = 'lines' | 'document' | 'csv';

/**
 * The files to read for the given paths: a file as named (whatever its extension), a directory's
 * `*.json`, `*.jsonl` and `*.ndjson` files recursively in name order, `-` for standard input. Symbolic links
 * to directories are not followed, so a link cycle cannot make the walk endless.
 */
export async function expandPaths(
  paths: string[],
  problem: (path: string, message: string) => void,
): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      files.push(path);
      continue;
    }
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      problem(path, describeFsError(info));
    } else if (info.isDirectory()) {
      const found = await walk(path);
      if (found.length === 0) problem(path, 'the directory holds no .json, .jsonl or .ndjson files');
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  return files;
}

async function walk(directory: string): Promise<string[]> {
  const entries: Dirent[] = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => compareText(a.name, b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await walk(path)));
    } else if (SNAPSHOT_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile())) {
        files.push(path);
      }
    }
  }
  return files;
}

export function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot read: ${error.message}`;
  }
}

/**
 * JSON Lines or one JSON document? `.jsonl`/`.ndjson` say so; otherwise a first line that is a whole
 * object (`{…}`) means JSON Lines, which people also save as `.json` or pipe in. The chunks read to decide
 * are replayed.
 */
export async function detectFormat(
  path: string,
  chunks: AsyncIterable<Buffer>,
): Promise<{ format: Format; chunks: AsyncIterable<Buffer> }> {
  if (LINE_EXTENSIONS.has(extname(path).toLowerCase())) return { format: 'lines', chunks };
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let format: Format = 'document';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    head.push(next.value);
    length += next.value.length;
    const decided = firstLineFormat(Buffer.concat(head));
    if (decided !== undefined) {
      format = decided;
      break;
    }
    if (length >= SNIFF_LIMIT) break;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { format, chunks: replay() };
}

function firstLineFormat(bytes: Buffer): Format | undefined {
  let start = 0;
  while (start < bytes.length && isSpace(bytes[start]!)) start++;
  if (start === bytes.length) return undefined;
  if (bytes[start] !== 0x7b && bytes[start] !== 0x5b) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1 && bytes.length < SNIFF_LIMIT) return undefined;
    return isCsvHeader(bytes.toString('utf8', start, newline === -1 ? undefined : newline))
      ? 'csv'
      : 'document';
  }
  if (bytes[start] !== 0x7b) return 'document';
  const newline = bytes.indexOf(0x0a, start);
  if (newline === -1) return undefined;
  let end = newline - 1;
  while (end > start && isSpace(bytes[end]!)) end--;
  return bytes[end] === 0x7d ? 'lines' : 'document';
}

/**
 * A header row naming resource columns (`"id","name","type",…`), as Resource Graph Explorer's CSV download and
 * `-o tsv`-style exports begin: no JSON document begins that way, so it is told apart from invalid JSON.
 */
function isCsvHeader(line: string): boolean {
  const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
  return cells.length > 1 && (cells.includes('id') || cells.includes('type'));
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
