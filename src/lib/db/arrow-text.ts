/** Reading Arrow text columns into JS strings quickly. */
import { DataType, type Vector } from 'apache-arrow';

const decoder = new TextDecoder();

/**
 * The values of a column as strings (NULL as `null`; non-text values through String()).
 * A Utf8 chunk is decoded with one TextDecoder call and cut at its offsets when it is ASCII,
 * which is several times faster than Arrow's per-value iterator at 20k+ rows.
 */
export function columnStrings(vector: Vector): (string | null)[] {
  const out: (string | null)[] = new Array<string | null>(vector.length);
  let row = 0;
  for (const chunk of vector.data) {
    const {
      valueOffsets: offsets,
      values: bytes,
      length,
    } = chunk as {
      valueOffsets?: Int32Array;
      values?: Uint8Array;
      length: number;
    };
    const isNull = (i: number) => chunk.nullCount > 0 && !chunk.getValid(i);
    if (DataType.isUtf8(chunk.type) && offsets && bytes) {
      decodeUtf8(offsets, bytes, length, isNull, out, row);
      row += length;
    } else
      for (let i = 0; i < length; i++, row++) out[row] = isNull(i) ? null : String(vector.get(row));
  }
  return out;
}

/**
 * Writes the `length` strings of Utf8 `bytes` cut at `offsets` (which may start past 0, as a
 * sliced chunk's do) into `out` from `start`; `isNull(i)` marks NULLs. ASCII text is decoded
 * once and sliced; other text value by value.
 */
export function decodeUtf8(
  offsets: Int32Array,
  bytes: Uint8Array,
  length: number,
  isNull: (i: number) => boolean,
  out: (string | null)[],
  start = 0,
): void {
  const base = offsets[0]!;
  const text = decoder.decode(bytes.subarray(base, offsets[length]));
  const ascii = text.length === offsets[length]! - base;
  for (let i = 0; i < length; i++) {
    const a = offsets[i]!;
    const b = offsets[i + 1]!;
    out[start + i] = isNull(i)
      ? null
      : ascii
        ? text.slice(a - base, b - base)
        : decoder.decode(bytes.subarray(a, b));
  }
}
