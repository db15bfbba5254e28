import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFileSpec {
  name: string;
  data: Buffer | string;
  /** 0 stored, 8 deflated (default), anything else as written. */
  method?: number;
  encrypted?: boolean;
}

/** A zip archive of `files` laid out as APPNOTE.TXT describes (local headers, central directory, EOCD). */
export function zipOf(files: ZipFileSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.from(file.data);
    const method = file.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(file.name, 'utf8');
    // 2024-03-05 10:20:30 in DOS fields.
    const time = (10 << 11) | (20 << 5) | 15;
    const date = ((2024 - 1980) << 9) | (3 << 5) | 5;
    const flags = 0x800 | (file.encrypted ? 1 : 0);
    // The fields both headers hold, in the same order (APPNOTE 4.3.7 from offset 6, 4.3.12 from offset 8).
    const shared = Buffer.alloc(22);
    shared.writeUInt16LE(flags, 0);
    shared.writeUInt16LE(method, 2);
    shared.writeUInt16LE(time, 4);
    shared.writeUInt16LE(date, 6);
    shared.writeUInt32LE(crc32(data), 8);
    shared.writeUInt32LE(body.length, 12);
    shared.writeUInt32LE(data.length, 16);
    shared.writeUInt16LE(name.length, 20);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    shared.copy(local, 6);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    shared.copy(central, 8);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
