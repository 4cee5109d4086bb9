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
    const text =
      DataType.isUtf8(chunk.type) && offsets && bytes
        ? decoder.decode(bytes.subarray(offsets[0], offsets[length]))
        : null;
    const ascii = text !== null && offsets && text.length === offsets[length] - offsets[0];
    for (let i = 0; i < length; i++, row++) {
      if (chunk.nullCount > 0 && !chunk.getValid(i)) out[row] = null;
      else if (ascii) out[row] = text.slice(offsets[i] - offsets[0], offsets[i + 1] - offsets[0]);
      else out[row] = String(vector.get(row));
    }
  }
  return out;
}
