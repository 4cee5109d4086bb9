/** Reads a feature table into a row-major Float32Array for k-means. */
import type { Db } from '../db/types';
import { columnStrings } from '../db/arrow-text';
import { ident } from '../sql/quote';
import type { FeatureColumn } from './kinds';

/** A dense feature matrix: row i is customer `ids[i]`, `matrix[i * d + j]` is column j. */
export interface FeatureMatrix {
  ids: string[];
  matrix: Float32Array;
  n: number;
  d: number;
}

/**
 * Reads `columns` of `table` column by column from Arrow into a row-major Float32Array, without
 * building an object per row. NULLs become NaN. Rows come in the table's order (DuckDB keeps
 * insertion order), which computeFeatures() makes `customer_id` order; sorting again here cost
 * ~0.4 s at 1M customers.
 */
export async function featureMatrix(
  db: Db,
  table: string,
  columns: FeatureColumn[],
): Promise<FeatureMatrix> {
  const list = columns.map((c) => `CAST(${ident(c.name)} AS DOUBLE) AS ${ident(c.name)}`);
  const t = await db.query(`SELECT "customer_id", ${list.join(', ')} FROM ${ident(table)}`);
  const n = t.numRows;
  const d = columns.length;
  const matrix = new Float32Array(n * d);
  for (let j = 0; j < d; j++) {
    const vec = t.getChildAt(j + 1);
    if (!vec) continue;
    const values = vec.toArray() as Float64Array;
    const nulls = vec.nullCount > 0;
    for (let i = 0; i < n; i++) {
      matrix[i * d + j] = nulls && !vec.isValid(i) ? NaN : values[i];
    }
  }
  const idVec = t.getChildAt(0);
  // A feature table's customer_id is never NULL (computeFeatures filters them out).
  const ids = idVec ? (columnStrings(idVec) as string[]) : [];
  return { ids, matrix, n, d };
}
