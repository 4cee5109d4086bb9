/**
 * Arrow vectors built straight from typed arrays for the demo generator: the builder API
 * (vectorFromArray) is several times slower at 300k rows and ignores the type for typed arrays.
 */
import {
  Dictionary,
  Float64,
  Int32,
  makeData,
  makeVector,
  TimestampMicrosecond,
  Utf8,
  type Vector,
} from 'apache-arrow';

/** A Utf8 vector built directly from strings (the builder API is several times slower). */
export function utf8(values: readonly string[]): Vector<Utf8> {
  const enc = new TextEncoder();
  const offsets = new Int32Array(values.length + 1);
  let data = enc.encode(values.join(''));
  let chars = 0;
  for (let i = 0; i < values.length; i++) offsets[i + 1] = chars += values[i].length;
  if (data.length !== chars) {
    // Non-ASCII text: byte offsets differ from character offsets, so encode one by one.
    const parts = values.map((v) => enc.encode(v));
    for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i] + parts[i].length;
    data = new Uint8Array(offsets[values.length]);
    for (let i = 0; i < parts.length; i++) data.set(parts[i], offsets[i]);
  }
  return utf8FromBytes(offsets, data);
}

/** A Utf8 vector over UTF-8 `data` split at `offsets` (length + 1 entries; no copy). */
function utf8FromBytes(offsets: Int32Array, data: Uint8Array): Vector<Utf8> {
  const length = offsets.length - 1;
  return makeVector(
    makeData({ type: new Utf8(), length, nullCount: 0, valueOffsets: offsets, data }),
  );
}

/**
 * Builds a Utf8 column of ASCII strings of at most `width` characters into preallocated
 * buffers (room for `capacity` rows), with no join or TextEncoder pass over all rows.
 */
export class AsciiColumnWriter {
  private readonly offsets: Int32Array;
  private readonly data: Uint8Array;
  private rows = 0;
  private bytes = 0;

  constructor(capacity: number, width: number) {
    this.offsets = new Int32Array(capacity + 1);
    this.data = new Uint8Array(capacity * width);
  }

  /** Appends `s`, which must be ASCII and fit `width`. */
  push(s: string): void {
    for (let i = 0; i < s.length; i++) this.data[this.bytes++] = s.charCodeAt(i);
    this.offsets[++this.rows] = this.bytes;
  }

  /** The column so far (shares the buffers: push no more after this). */
  vector(): Vector<Utf8> {
    return utf8FromBytes(
      this.offsets.subarray(0, this.rows + 1),
      this.data.subarray(0, this.bytes),
    );
  }
}

/** A dictionary-encoded string vector: `codes` index into `words`; `id` unique per table. */
export function dict(id: number, codes: Int32Array, words: readonly string[]): Vector {
  const type = new Dictionary(new Utf8(), new Int32(), id);
  const dictionary = utf8(words);
  return makeVector(
    makeData({ type, length: codes.length, nullCount: 0, data: codes, dictionary }),
  );
}

/** An Int32 vector over `a` (no copy). */
export const int32 = (a: Int32Array): Vector =>
  makeVector(makeData({ type: new Int32(), length: a.length, nullCount: 0, data: a }));
/** A Float64 vector over `a` (no copy). */
export const float64 = (a: Float64Array): Vector =>
  makeVector(makeData({ type: new Float64(), length: a.length, nullCount: 0, data: a }));
/**
 * Microsecond timestamps (DuckDB's TIMESTAMP) from integer milliseconds (>= 0, < 2^53 / 1000),
 * written as little-endian 32-bit halves (every engine we target is little-endian): one BigInt
 * per value is slow at 300k rows.
 */
export function micros(ms: Float64Array): Vector {
  const data = new BigInt64Array(ms.length);
  const words = new Int32Array(data.buffer);
  for (let i = 0; i < ms.length; i++) {
    const us = ms[i] * 1000;
    words[2 * i] = (us % 4294967296) | 0;
    words[2 * i + 1] = Math.floor(us / 4294967296);
  }
  const type = new TimestampMicrosecond();
  return makeVector(makeData({ type, length: ms.length, nullCount: 0, data }));
}
