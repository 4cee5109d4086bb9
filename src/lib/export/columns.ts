/** Exported columns: their kinds, and reading a batch of rows column by column. */
import { DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { columnStrings, decodeUtf8 } from '../db/arrow-text';

/** A column of an export: numbers are written as numbers, everything else as text. */
export interface ExportColumn {
  name: string;
  kind: 'number' | 'text';
  /**
   * Text with few distinct values (segment names, categories): the Parquet worker takes it as
   * strings, whose dictionary it builds faster than one of bytes. Speed only: the file is the same.
   */
  repeats?: boolean;
}

/**
 * One batch's columns as JS values, in `columns` order (NULL as null); a number column with no
 * NULL may be a Float64Array.
 */
export type BatchValues = (
  readonly (number | null)[] | Float64Array | readonly (string | null)[]
)[];

/** What the Parquet writer takes: batch values, where text may also be UTF-8 bytes. */
export type ParquetValues = (BatchValues[number] | readonly (Uint8Array | null)[])[];

/** Reads a batch into one array per column: numbers as doubles, text as strings. */
export function batchValues(batch: RecordBatch, columns: readonly ExportColumn[]): BatchValues {
  return columns.map((c, j) => {
    const vec = batch.getChildAt(j);
    if (!vec) return new Array<null>(batch.numRows).fill(null);
    return c.kind === 'number' ? numbers(vec) : columnStrings(vec);
  });
}

function numbers(vec: Vector): (number | null)[] {
  const n = vec.length;
  const out = new Array<number | null>(n);
  const values = vec.toArray() as ArrayLike<number | bigint>;
  const nulls = vec.nullCount > 0;
  for (let i = 0; i < n; i++) out[i] = nulls && !vec.isValid(i) ? null : Number(values[i]);
  return out;
}

/**
 * A batch's column as plain buffers, to cross to a worker by transfer: doubles as one
 * Float64Array (not a million boxed numbers to clone), text as its UTF-8 bytes and offsets.
 * `nulls` marks NULL rows with 1 (null when there are none).
 */
export type PackedColumn =
  | { kind: 'number'; values: Float64Array; nulls: Uint8Array | null }
  | { kind: 'utf8'; offsets: Int32Array; bytes: Uint8Array; nulls: Uint8Array | null }
  | { kind: 'strings'; values: (string | null)[] };

/** Packs a batch's columns; `transfer` lists the buffers to hand over with them. */
export function packBatch(
  batch: RecordBatch,
  columns: readonly ExportColumn[],
): { packed: PackedColumn[]; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const keep = <T extends { buffer: ArrayBufferLike }>(a: T): T => {
    transfer.push(a.buffer as ArrayBuffer);
    return a;
  };
  const packed = columns.map((c, j): PackedColumn => {
    const vec = batch.getChildAt(j);
    const n = batch.numRows;
    if (!vec) return { kind: 'strings', values: new Array<null>(n).fill(null) };
    const nulls = vec.nullCount > 0 ? keep(nullMask(vec)) : null;
    if (c.kind === 'number') return { kind: 'number', values: keep(doubles(vec)), nulls };
    const chunk = vec.data.length === 1 ? vec.data[0]! : null;
    const { valueOffsets, values } = (chunk ?? {}) as {
      valueOffsets?: Int32Array;
      values?: Uint8Array;
    };
    if (!chunk || !DataType.isUtf8(chunk.type) || !valueOffsets || !values)
      return { kind: 'strings', values: columnStrings(vec) };
    const base = valueOffsets[0]!;
    const offsets = valueOffsets.slice(0, n + 1).map((o) => o - base);
    return {
      kind: 'utf8',
      offsets: keep(offsets),
      bytes: keep(values.slice(base, valueOffsets[n])),
      nulls,
    };
  });
  return { packed, transfer };
}

/**
 * The values of packed columns, as the Parquet writer takes them: UTF-8 text as views of its
 * bytes (the writer stores bytes, so decoding to strings only to encode them again is skipped).
 */
export function unpackBatch(
  packed: readonly PackedColumn[],
  rows: number,
  columns: readonly ExportColumn[],
): ParquetValues {
  return packed.map((p, j) => {
    if (p.kind === 'strings') return p.values;
    const nulls = p.nulls;
    if (p.kind === 'number') {
      if (!nulls) return p.values;
      return Array.from(p.values, (v, i) => (nulls[i] ? null : v));
    }
    const { offsets, bytes } = p;
    const isNull = (i: number) => nulls !== null && nulls[i] === 1;
    if (columns[j]?.repeats) {
      const text = new Array<string | null>(rows);
      decodeUtf8(offsets, bytes, rows, isNull, text);
      return text;
    }
    const out = new Array<Uint8Array | null>(rows);
    for (let i = 0; i < rows; i++)
      out[i] = nulls?.[i] ? null : bytes.subarray(offsets[i], offsets[i + 1]);
    return out;
  });
}

function doubles(vec: Vector): Float64Array {
  const values = vec.toArray() as ArrayLike<number | bigint>;
  if (values instanceof Float64Array) return values.slice();
  const out = new Float64Array(vec.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(values[i] ?? NaN);
  return out;
}

function nullMask(vec: Vector): Uint8Array {
  const out = new Uint8Array(vec.length);
  for (let i = 0; i < out.length; i++) out[i] = vec.isValid(i) ? 0 : 1;
  return out;
}
