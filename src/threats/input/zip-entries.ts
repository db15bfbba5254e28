import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, pipeline } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { compareText } from '../../util/compare-text.ts';

/**
 * The files inside a zip archive, read in place: security datasets (OTRF's Security-Datasets among them)
 * are published as zips of logs. Only what a log archive needs from APPNOTE.TXT (PKWARE's .ZIP File Format
 * Specification): the central directory found from the end-of-central-directory record (4.3.16), each
 * entry's local header for where its data starts (4.3.7), and the methods stored (0) and deflated (8). An
 * entry is decompressed as it streams, so an archive of any size costs one read buffer.
 */
export interface ZipEntry {
  name: string;
  /** The entry's DOS modification time, read as UTC (zip stores local time without a zone). */
  mtime: Date;
  /** Why the entry cannot be read (encrypted, another compression method), else undefined. */
  unreadable: string | undefined;
  chunks: () => AsyncIterable<Buffer>;
}

export class ZipError extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
/** The EOCD record ends the file, after at most a 65,535-byte comment. */
const TAIL = EOCD_SIZE + 0xffff;

/** The archive's files (directories left out) in name order. Throws ZipError when the archive cannot be read. */
export async function zipEntries(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, TAIL);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd === -1 || eocd + EOCD_SIZE > tail.length || tail.readUInt32LE(eocd) !== EOCD_SIGNATURE)
      throw new ZipError('not a zip archive Vigil can read (no end of central directory record)');
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
      throw new ZipError('a ZIP64 archive (over 4 GiB or 65,535 files): unzip it and give the files');
    if (directoryOffset + directorySize > size) throw new ZipError('a truncated zip archive');
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE)
        throw new ZipError('a damaged zip archive (its central directory ends early)');
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const mtime = dosTime(directory.readUInt16LE(at + 12), directory.readUInt16LE(at + 14));
      const compressedSize = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localOffset = directory.readUInt32LE(at + 42);
      // Bit 11: the name is UTF-8; otherwise code page 437, whose ASCII range is what log names use.
      const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue;
      const localHeader = Buffer.alloc(30);
      await file.read(localHeader, 0, 30, localOffset);
      if (localHeader.readUInt32LE(0) !== LOCAL_SIGNATURE)
        throw new ZipError(`a damaged zip archive (no local header for ${name})`);
      const start = localOffset + 30 + localHeader.readUInt16LE(26) + localHeader.readUInt16LE(28);
      entries.push({
        name,
        mtime,
        unreadable:
          flags & 0x1
            ? 'encrypted in the zip archive: unzip it with its password and give the files'
            : method !== 0 && method !== 8
              ? `compressed with zip method ${method}, which Vigil does not read (only stored and deflated): unzip it`
              : undefined,
        chunks: () => entryChunks(path, start, compressedSize, method),
      });
    }
    return entries.sort((a, b) => compareText(a.name, b.name));
  } finally {
    await file.close();
  }
}

function entryChunks(path: string, start: number, size: number, method: number): AsyncIterable<Buffer> {
  if (size === 0) return (async function* () {})();
  const raw = createReadStream(path, { start, end: start + size - 1, highWaterMark: 1 << 18 });
  return method === 0 ? raw : pipeline(raw, createInflateRaw(), new PassThrough(), () => {});
}

/** MS-DOS date and time fields (APPNOTE 4.4.6): seconds in 2s steps, years from 1980. */
function dosTime(time: number, date: number): Date {
  return new Date(
    Date.UTC(
      1980 + (date >> 9),
      ((date >> 5) & 0xf) - 1,
      date & 0x1f,
      time >> 11,
      (time >> 5) & 0x3f,
      (time & 0x1f) * 2,
    ),
  );
}
