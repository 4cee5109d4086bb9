/**
 * Exact medians of a column per segment in linear time: the rows are grouped by segment once per
 * assignment (a counting sort), then each feature's values are gathered in that order and the
 * middle of each group is selected (quickselect), with no full sort.
 */
import type { NumericColumn } from '../segment/model';

/** Row indices grouped by segment: rows of bucket b are `order[start[b]..start[b+1])`. */
export interface Grouping {
  order: Int32Array;
  start: Int32Array;
}

/** Groups rows by bucket `0..buckets-1`; other values (unassigned) are left out. */
export function groupRows(assignment: Int32Array, buckets: number): Grouping {
  const start = new Int32Array(buckets + 1);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < buckets) start[a + 1]++;
  }
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const next = start.slice(0, buckets);
  const order = new Int32Array(start[buckets]);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < buckets) order[next[a]++] = i;
  }
  return { order, start };
}

/**
 * Median of each bucket's non-missing values (the mean of the two middle ones for an even count,
 * as SQL's `median` gives) and of all of them together; NaN where there are none.
 */
export function bucketMedians(
  x: NumericColumn,
  g: Grouping,
  scratch: Float64Array = new Float64Array(g.order.length),
): { perBucket: Float64Array; overall: number } {
  const buckets = g.start.length - 1;
  const perBucket = new Float64Array(buckets);
  const bounds = new Int32Array(buckets + 1);
  let w = 0;
  for (let b = 0; b < buckets; b++) {
    bounds[b] = w;
    for (let p = g.start[b]; p < g.start[b + 1]; p++) {
      const v = x[g.order[p]];
      if (v === v) scratch[w++] = v;
    }
  }
  bounds[buckets] = w;
  for (let b = 0; b < buckets; b++) perBucket[b] = medianOfRange(scratch, bounds[b], bounds[b + 1]);
  // Selection within each bucket only reorders inside it, so all values are still in scratch.
  const overall = medianOfRange(scratch, 0, w);
  return { perBucket, overall };
}

/** Median of a[lo..hi) (reordered in place), NaN when empty. */
export function medianOfRange(a: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  if (n <= 0) return Number.NaN;
  const mid = lo + (n >> 1);
  const upper = select(a, lo, hi - 1, mid);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest value left of `mid` after the selection.
  let lower = -Infinity;
  for (let i = lo; i < mid; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Puts the k-th smallest of a[lo..hi] at index k (Hoare partition, median-of-three pivot). */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    // Median of three as pivot, which keeps sorted and constant runs from going quadratic.
    if (a[m] < a[lo]) swap(a, m, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[m]) swap(a, hi, m);
    const pivot = a[m];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
