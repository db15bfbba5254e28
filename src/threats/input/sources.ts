import type { Dirent } from 'node:fs';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { describeFsError } from '../../sources/snapshot/input.ts';
import { compareText } from '../../util/compare-text.ts';
import { asUtf8 } from '../../util/utf8-text.ts';
import { type ZipEntry, ZipError, zipEntries } from './zip-entries.ts';

export const STDIN = '-';

export interface InputFile {
  /** As given, or found in a directory; `-` for standard input. */
  path: string;
  /** When the file was last written (now for standard input): the reference for syslog years. */
  mtime: Date;
  chunks: () => AsyncIterable<Buffer>;
}

/**
 * The files behind `paths`, in order: a file as named, a directory's files recursively in name order
 * (symbolic links to directories are not followed, so a link cycle cannot make the walk endless), `-`
 * for standard input. A path that cannot be read is reported to `failed` and skipped.
 */
export async function* inputFiles(
  paths: string[],
  stdin: () => AsyncIterable<Buffer>,
  failed: (path: string, message: string) => void,
): AsyncGenerator<InputFile> {
  for (const path of paths) {
    if (path === STDIN) {
      yield { path, mtime: new Date(), chunks: stdin };
      continue;
    }
    const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
    if (info instanceof Error) {
      failed(path, describeFsError(info));
    } else if (info.isDirectory()) {
      let found = 0;
      for await (const file of walk(path, failed)) {
        found++;
        yield file;
      }
      if (found === 0) failed(path, 'the directory holds no files');
    } else {
      yield* fileInputs(path, info.mtime, failed);
    }
  }
}

async function* walk(
  directory: string,
  failed: (path: string, message: string) => void,
): AsyncGenerator<InputFile> {
  let entries: Dirent[];
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    failed(directory, describeFsError(error as NodeJS.ErrnoException));
    return;
  }
  entries.sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, failed);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
      if (info instanceof Error) failed(path, describeFsError(info));
      else if (info.isFile()) yield* fileInputs(path, info.mtime, failed);
      else if (info.isDirectory()) failed(path, 'a symbolic link to a directory: not followed');
    }
  }
}

/** A file, or the files in it when it is a `.zip` archive (named `<archive>/<entry>`). */
async function* fileInputs(
  path: string,
  mtime: Date,
  failed: (path: string, message: string) => void,
): AsyncGenerator<InputFile> {
  if (!/\.zip$/i.test(path)) {
    yield { path, mtime, chunks: () => createReadStream(path, { highWaterMark: 1 << 18 }) };
    return;
  }
  let entries: ZipEntry[];
  try {
    entries = await zipEntries(path);
  } catch (error) {
    if (error instanceof ZipError) failed(path, error.message);
    else failed(path, describeFsError(error as NodeJS.ErrnoException));
    return;
  }
  if (entries.length === 0) failed(path, 'the zip archive holds no files');
  for (const entry of entries) {
    const name = `${path}/${entry.name}`;
    if (entry.unreadable !== undefined) failed(name, entry.unreadable);
    else yield { path: name, mtime: entry.mtime, chunks: entry.chunks };
  }
}

export class UnreadableInput extends Error {}

/**
 * The bytes of an input as text bytes: gunzipped when they start with the gzip magic (whatever the
 * file's name; several members are read one after another, as gzip does), as UTF-8 (util/utf8-text.ts:
 * UTF-16 transcoded, a byte order mark dropped). A zip archive here (standard input, a name without
 * `.zip`) is refused with an UnreadableInput saying what to do.
 */
export async function* decodedBytes(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = raw[Symbol.asyncIterator]();
  let head: Buffer = Buffer.alloc(0);
  let done = false;
  while (head.length < EVTX_MAGIC.length && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Stopping early must close the file (or stdin) behind the iterator.
      if (!done) await iterator.return?.();
    }
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = pipeline(Readable.from(replay()), createGunzip(), new PassThrough(), () => {});
    yield* asUtf8(gunzip);
    return;
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    // Archives are opened by name (fileInputs): this one came through standard input or without `.zip`.
    throw new UnreadableInput(
      'a zip archive: name it <file>.zip, or unzip it and give the files or the directory',
    );
  }
  if (head.subarray(0, EVTX_MAGIC.length).equals(EVTX_MAGIC)) {
    throw new UnreadableInput(
      'a Windows event log file (EVTX, binary): export its events as XML, e.g. ' +
        '`wevtutil qe <file>.evtx /lf:true /f:xml > events.xml` or Event Viewer > Save All Events As > XML, and give that',
    );
  }
  yield* asUtf8(replay());
}

/**
 * An EVTX file begins "ElfFile" and a NUL (the file header signature; libyal's "Windows XML Event Log (EVTX)
 * format" documents it). Vigil reads the events as XML, which wevtutil and Event Viewer write from it.
 */
const EVTX_MAGIC = Buffer.from('ElfFile\u0000', 'latin1');
