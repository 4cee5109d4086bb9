/** Exported columns: their kinds, and reading a batch of rows column by column. */
import type { RecordBatch, Vector } from 'apache-arrow';
import { columnStrings } from '../db/arrow-text';

/** A column of an export: numbers are written as numbers, everything else as text. */
export interface ExportColumn {
  name: string;
  kind: 'number' | 'text';
}

/** One batch's columns as JS values, in `columns` order (NULL as null). */
export type BatchValues = (readonly (number | null)[] | readonly (string | null)[])[];

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
