/**
 * A segment's customers as a table: who is in it, their distance to the cluster centre, sorted
 * and paged. Pure: the Segments step's "customers" view draws what these return.
 */

/** The rows (customer indices) whose assignment is `bucket`, in row order. */
export function segmentMembers(assignment: Int32Array, bucket: number): Int32Array {
  let n = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === bucket) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < assignment.length; i++) if (assignment[i] === bucket) out[j++] = i;
  return out;
}

/**
 * Each row's Euclidean distance (in the clustering space, row-major n x d) to the nearest of
 * `centroids` (a merged cluster has several), in the order of `rows`.
 */
export function centroidDistances(
  matrix: Float32Array,
  d: number,
  rows: Int32Array,
  centroids: readonly (readonly number[])[],
): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const at = rows[i] * d;
    let best = Infinity;
    for (const c of centroids) {
      if (c.length !== d) continue;
      let s = 0;
      for (let j = 0; j < d; j++) s += (matrix[at + j] - c[j]) ** 2;
      best = Math.min(best, s);
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

/** A sortable cell value: numbers compare as numbers (NaN last), text as text. */
export type CellValue = number | string;

/**
 * `rows` sorted by `value` (ascending for dir 1, descending for -1); missing values (NaN or '')
 * go last either way; ties keep row order.
 */
export function sortMembers(
  rows: Int32Array,
  value: (row: number) => CellValue,
  dir: 1 | -1,
): Int32Array {
  const keyed = Array.from(rows, (row, i) => ({ row, i, v: value(row) }));
  const missing = (v: CellValue) => v === '' || (typeof v === 'number' && Number.isNaN(v));
  keyed.sort((a, b) => {
    const ma = missing(a.v);
    const mb = missing(b.v);
    if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
    const c =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : String(a.v).localeCompare(String(b.v), 'en', { numeric: true });
    return c === 0 ? a.i - b.i : c * dir;
  });
  return Int32Array.from(keyed, (k) => k.row);
}

/** Page `page` (0-based, clamped) of `size` rows, and how many pages there are (at least 1). */
export function pageOf(
  rows: Int32Array,
  page: number,
  size: number,
): { rows: Int32Array; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { rows: rows.subarray(p * size, (p + 1) * size), page: p, pages };
}
