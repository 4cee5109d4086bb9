/**
 * Rows grouped by value into buckets of roughly equal size, so "which rows have lo < v <= hi"
 * costs about the rows in that range instead of a pass over everyone. Built once per column in
 * O(n log B); boundaries come from quantiles of a fixed sample, so skewed columns (spend) still
 * get even buckets.
 */
import type { NumericColumn } from '../segment/model';

const SAMPLE = 65_536;

/** A bucketed index over one numeric column (NaN rows are left out). */
export class ValueBuckets {
  private readonly bounds: Float64Array;
  private readonly offsets: Int32Array;
  /** Row numbers grouped by bucket, lowest values first (unordered within a bucket). */
  readonly rows: Int32Array;

  constructor(
    private readonly values: NumericColumn,
    buckets = 1024,
  ) {
    const n = values.length;
    const step = Math.max(1, Math.floor(n / SAMPLE));
    const sample: number[] = [];
    for (let i = 0; i < n; i += step) if (values[i] === values[i]) sample.push(values[i]);
    const sorted = Float64Array.from(sample).sort();
    const b = Math.max(1, Math.min(buckets, sorted.length));
    // Bucket t holds bounds[t-1] < v <= bounds[t]; the last bucket is open above.
    this.bounds = new Float64Array(b - 1);
    for (let t = 1; t < b; t++) this.bounds[t - 1] = sorted[Math.floor((t * sorted.length) / b)];
    const bucketOf = new Int32Array(n);
    const counts = new Int32Array(b + 1);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const t = v === v ? this.bucket(v) : -1;
      bucketOf[i] = t;
      if (t >= 0) counts[t + 1]++;
    }
    for (let t = 0; t < b; t++) counts[t + 1] += counts[t];
    this.offsets = counts;
    this.rows = new Int32Array(counts[b]);
    const fill = counts.slice(0, b);
    for (let i = 0; i < n; i++) if (bucketOf[i] >= 0) this.rows[fill[bucketOf[i]]++] = i;
  }

  /** The bucket of a value: the first bound >= v (binary search). */
  private bucket(v: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.bounds[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The positions in `rows` of the buckets that can hold a value in (lo, hi]: `[first, last)`.
   * The rows at the two ends may lie outside the range; callers check their values.
   */
  span(lo: number, hi: number): [number, number] {
    if (!(hi > lo)) return [0, 0];
    return [this.offsets[this.bucket(lo)], this.offsets[this.bucket(hi) + 1]];
  }

  /** Calls `visit(row)` for every row with lo < value <= hi; returns how many rows it looked at. */
  forRange(lo: number, hi: number, visit: (row: number) => void): number {
    const values = this.values;
    const [first, last] = this.span(lo, hi);
    for (let at = first; at < last; at++) {
      const row = this.rows[at];
      const v = values[row];
      if (v > lo && v <= hi) visit(row);
    }
    return last - first;
  }
}
