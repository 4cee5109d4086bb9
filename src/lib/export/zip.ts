/**
 * A ZIP archive written as its entries arrive (stored, not compressed: CSV and Parquet exports
 * are read by tools that unzip, and Parquet is compressed already). Sizes and CRC-32 follow each
 * entry in a data descriptor, so nothing is held back; the central directory ends the archive.
 * Used for "one file per segment" where the browser cannot write into a folder.
 */
import type { ByteSink } from './sink';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Updates a CRC-32 (start with 0) with `bytes`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** 1980-01-01, the earliest date a ZIP entry can carry: exports are not dated by their entries. */
const DOS_DATE = (1 << 5) | 1;

/** The most an entry or the archive may hold without ZIP64 (not written here). */
const LIMIT = 0xffffffff;

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

/** Writes a ZIP archive into `sink`; entries one after another. */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private open = false;

  constructor(private readonly sink: ByteSink) {}

  /** Starts an entry; write its bytes to the returned sink and close it before the next entry. */
  async entry(name: string): Promise<ByteSink> {
    if (this.open) throw new Error('the previous ZIP entry is still open');
    this.open = true;
    const entry: Entry = {
      name: new TextEncoder().encode(name),
      crc: 0,
      size: 0,
      offset: this.offset,
    };
    const header = new DataView(new ArrayBuffer(30));
    header.setUint32(0, 0x04034b50, true);
    header.setUint16(4, 20, true); // version needed
    header.setUint16(6, 0x0808, true); // data descriptor follows; names are UTF-8
    header.setUint16(12, DOS_DATE, true);
    header.setUint16(26, entry.name.length, true);
    await this.put(concat(new Uint8Array(header.buffer), entry.name));
    return {
      write: async (bytes) => {
        entry.crc = crc32(bytes, entry.crc);
        entry.size += bytes.length;
        if (entry.size > LIMIT || this.offset + bytes.length > LIMIT)
          throw new Error('the files are larger than 4 GB, more than a ZIP archive here can hold');
        await this.put(bytes);
      },
      close: async () => {
        const d = new DataView(new ArrayBuffer(16));
        d.setUint32(0, 0x08074b50, true);
        d.setUint32(4, entry.crc, true);
        d.setUint32(8, entry.size, true);
        d.setUint32(12, entry.size, true);
        await this.put(new Uint8Array(d.buffer));
        this.entries.push(entry);
        this.open = false;
      },
      abort: () => this.sink.abort(),
    };
  }

  /** Writes the central directory and closes the archive. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const h = new DataView(new ArrayBuffer(46));
      h.setUint32(0, 0x02014b50, true);
      h.setUint16(4, 20, true); // made by
      h.setUint16(6, 20, true); // needed
      h.setUint16(8, 0x0808, true);
      h.setUint16(14, DOS_DATE, true);
      h.setUint32(16, e.crc, true);
      h.setUint32(20, e.size, true);
      h.setUint32(24, e.size, true);
      h.setUint16(28, e.name.length, true);
      h.setUint32(42, e.offset, true);
      await this.put(concat(new Uint8Array(h.buffer), e.name));
    }
    const end = new DataView(new ArrayBuffer(22));
    end.setUint32(0, 0x06054b50, true);
    end.setUint16(8, this.entries.length, true);
    end.setUint16(10, this.entries.length, true);
    end.setUint32(12, this.offset - start, true);
    end.setUint32(16, start, true);
    await this.put(new Uint8Array(end.buffer));
    await this.sink.close();
  }

  private async put(bytes: Uint8Array): Promise<void> {
    this.offset += bytes.length;
    await this.sink.write(bytes);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
