import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** One part of the archive as it lies in the file: still compressed. */
interface ZipEntry {
  method: number;
  data: Uint8Array;
  crc: number;
  size: number;
  /** MS-DOS time and date, kept for parts copied as they are. */
  time: number;
  date: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++)
    crc = (CRC_TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/** Why an archive cannot be read: it is cut short, damaged, encrypted or uses an unknown method. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

function dosTime(now: Date): { time: number; date: number } {
  return {
    time: (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1),
    date: ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate(),
  };
}

/**
 * A zip archive (the package an .xlsx is) read from its central directory. Parts are inflated
 * only when asked for, and a written archive copies every part it was not given anew exactly as
 * it was compressed: untouched parts keep their bytes, and cost no compression.
 */
export class ZipArchive {
  private constructor(private readonly entries: ReadonlyMap<string, ZipEntry>) {}

  /** The archive in `bytes`; throws ZipError when it cannot be read. */
  static read(bytes: Uint8Array): ZipArchive {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const u16 = (at: number) => view.getUint16(at, true);
    const u32 = (at: number) => view.getUint32(at, true);
    const inside = (at: number, length: number) => at >= 0 && at + length <= bytes.length;
    let end = -1;
    for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
      if (u32(at) === END_OF_CENTRAL_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new ZipError('no end of central directory');
    let count = u16(end + 10);
    let offset = u32(end + 16);
    if ((count === 0xffff || offset === 0xffffffff) && inside(end - 20, 20)) {
      if (u32(end - 20) !== ZIP64_LOCATOR) throw new ZipError('no zip64 locator');
      const zip64 = Number(view.getBigUint64(end - 12, true));
      if (!inside(zip64, 56) || u32(zip64) !== ZIP64_END) throw new ZipError('no zip64 end');
      count = Number(view.getBigUint64(zip64 + 32, true));
      offset = Number(view.getBigUint64(zip64 + 48, true));
    }
    const decoder = new TextDecoder();
    const entries = new Map<string, ZipEntry>();
    let at = offset;
    for (let i = 0; i < count; i++) {
      if (!inside(at, 46) || u32(at) !== CENTRAL_HEADER) throw new ZipError('bad central header');
      const flags = u16(at + 8);
      const method = u16(at + 10);
      const crc = u32(at + 16);
      const nameLength = u16(at + 28);
      const extraLength = u16(at + 30);
      const commentLength = u16(at + 32);
      let compressedSize = u32(at + 20);
      let size = u32(at + 24);
      let local = u32(at + 42);
      const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      // Zip64 sizes and offset, in that order, for the fields that overflowed.
      const extraEnd = at + 46 + nameLength + extraLength;
      for (let e = at + 46 + nameLength; e + 4 <= extraEnd; ) {
        const id = u16(e);
        const length = u16(e + 2);
        if (id === ZIP64_EXTRA) {
          let field = e + 4;
          const wide = () => {
            const value = Number(view.getBigUint64(field, true));
            field += 8;
            return value;
          };
          if (size === 0xffffffff) size = wide();
          if (compressedSize === 0xffffffff) compressedSize = wide();
          if (local === 0xffffffff) local = wide();
        }
        e += 4 + length;
      }
      at += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue;
      if (flags & 1) throw new ZipError(`${name} is encrypted`);
      if (method !== STORED && method !== DEFLATED) throw new ZipError(`${name}: method ${method}`);
      if (!inside(local, 30) || u32(local) !== LOCAL_HEADER) throw new ZipError('bad local header');
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      if (!inside(start, compressedSize)) throw new ZipError(`${name} is cut short`);
      entries.set(name, {
        method,
        data: bytes.subarray(start, start + compressedSize),
        crc,
        size,
        time: u16(local + 10),
        date: u16(local + 12),
      });
    }
    return new ZipArchive(entries);
  }

  /** An archive without parts, for a package built from nothing. */
  static empty(): ZipArchive {
    return new ZipArchive(new Map());
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A part's bytes, inflated; throws ZipError when they cannot be. */
  bytes(name: string): Uint8Array {
    const entry = this.entries.get(name);
    if (!entry) throw new ZipError(`no part ${name}`);
    if (entry.method === STORED) return entry.data;
    try {
      return inflateRawSync(entry.data);
    } catch {
      throw new ZipError(`${name} cannot be inflated`);
    }
  }

  /** A part as UTF-8 text. */
  text(name: string): string {
    const bytes = this.bytes(name);
    // A view of the inflated bytes, not a copy: a national workbook's tabs are megabytes.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  /**
   * The archive with `changes` applied, as bytes: text or bytes replace or add a part, null
   * removes one; every other part is copied as it lies in this archive.
   */
  write(changes: ReadonlyMap<string, string | Uint8Array | null>): Uint8Array {
    const stamp = dosTime(new Date());
    const parts: Array<[string, ZipEntry]> = [];
    for (const [name, entry] of this.entries) {
      if (!changes.has(name)) parts.push([name, entry]);
    }
    for (const [name, content] of changes) {
      if (content === null) continue;
      const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      parts.push([
        name,
        {
          method: DEFLATED,
          data: deflateRawSync(raw),
          crc: crc32(raw),
          size: raw.length,
          ...stamp,
        },
      ]);
    }
    const chunks: Uint8Array[] = [];
    const central: Uint8Array[] = [];
    let offset = 0;
    for (const [name, entry] of parts) {
      const encoded = Buffer.from(name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(LOCAL_HEADER, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(UTF8_NAMES, 6);
      local.writeUInt16LE(entry.method, 8);
      local.writeUInt16LE(entry.time, 10);
      local.writeUInt16LE(entry.date, 12);
      local.writeUInt32LE(entry.crc, 14);
      local.writeUInt32LE(entry.data.length, 18);
      local.writeUInt32LE(entry.size, 22);
      local.writeUInt16LE(encoded.length, 26);
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      local.copy(header, 8, 6, 28);
      header.writeUInt32LE(offset, 42);
      chunks.push(local, encoded, entry.data);
      central.push(header, encoded);
      offset += local.length + encoded.length + entry.data.length;
    }
    const directorySize = central.reduce((sum, chunk) => sum + chunk.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directorySize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...chunks, ...central, end]);
  }
}
