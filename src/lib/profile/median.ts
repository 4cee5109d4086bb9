/**
 * Exact medians of a column per segment, fast enough to follow every edit of a million-customer
 * segmentation. Once per column, each value gets a bin between quantiles of a sample (255 bins
 * in value order, rows listed per bin). Per assignment, one pass counts each segment's values per bin,
 * which says which bin holds each segment's middle value and its rank inside that bin; a second
 * step reads only those bins' rows (listed per bin once), and a selection among their values gives
 * the exact median.
 */
import type { NumericColumn } from '../segment/model';

/** Bin number of a missing value. */
const MISSING = 0xff;
const SAMPLE = 8192;
const MAX_EDGES = 255;

/** A column's values put in bins of increasing value: bin b holds edges[b-1] <= v < edges[b]. */
export interface Binned {
  bins: Uint8Array;
  edges: Float64Array;
  /** Row indices ordered by bin: bin b's rows are `rows[start[b]..start[b+1])`. */
  rows: Int32Array;
  start: Int32Array;
}

const binnedCache = new WeakMap<NumericColumn, Binned>();

/** The bins of a column (cached per column array). */
export function binColumn(x: NumericColumn): Binned {
  const hit = binnedCache.get(x);
  if (hit) return hit;
  const n = x.length;
  // An even stride sample is enough for edges: exactness comes from the second pass, not them.
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const sample: number[] = [];
  for (let i = 0; i < n; i += step) if (x[i] === x[i]) sample.push(x[i]);
  sample.sort((a, b) => a - b);
  const picked: number[] = [];
  const count = Math.min(MAX_EDGES, sample.length);
  for (let e = 1; e < count; e++) {
    const v = sample[Math.floor((e * sample.length) / count)];
    if (picked.length === 0 || v > picked[picked.length - 1]) picked.push(v);
  }
  const edges = Float64Array.from(picked);
  const bins = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v !== v) {
      bins[i] = MISSING;
      continue;
    }
    // Number of edges <= v (upper bound).
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    bins[i] = lo;
  }
  const B = edges.length + 1;
  const start = new Int32Array(B + 1);
  for (let i = 0; i < n; i++) if (bins[i] !== MISSING) start[bins[i] + 1]++;
  for (let b = 0; b < B; b++) start[b + 1] += start[b];
  const next = start.slice(0, B);
  const rows = new Int32Array(start[B]);
  for (let i = 0; i < n; i++) if (bins[i] !== MISSING) rows[next[bins[i]]++] = i;
  const out = { bins, edges, rows, start };
  binnedCache.set(x, out);
  return out;
}

/** Where a group's k-th smallest value is: its bin and its rank among that bin's values. */
interface Target {
  bin: number;
  rank: number;
}

/** Per-bucket sums of one column, from the same pass that counts its bins. */
export interface ColumnSums {
  /** Non-missing values per bucket. */
  cnt: Float64Array;
  /** Sums of (v - shift) and of its square per bucket (shifted to keep the variance exact). */
  s1: Float64Array;
  s2: Float64Array;
  shift: number;
  /** Median per bucket, and of all buckets together. */
  median: Float64Array;
  overallMedian: number;
}

/**
 * Counts, shifted sums and exact medians of each bucket's non-missing values (a median is the
 * mean of the two middle values for an even count, as SQL's `median` gives; NaN where there are
 * none), and the median of all buckets' values together. Rows whose assignment is outside
 * `0..buckets-1` are left out. Two passes over the rows, the second reading only flags.
 */
export function columnSums(x: NumericColumn, assignment: Int32Array, buckets: number): ColumnSums {
  const { bins, edges, rows, start } = binColumn(x);
  const B = edges.length + 1;
  const counts = new Int32Array((buckets + 1) * B);
  const all = buckets * B;
  const cnt = new Float64Array(buckets);
  const s1 = new Float64Array(buckets);
  const s2 = new Float64Array(buckets);
  let first = 0;
  while (
    first < x.length &&
    !(assignment[first] >= 0 && assignment[first] < buckets && x[first] === x[first])
  )
    first++;
  const shift = first < x.length ? x[first] : Number.NaN;
  for (let i = first; i < bins.length; i++) {
    const a = assignment[i];
    const b = bins[i];
    if (a < 0 || a >= buckets || b === MISSING) continue;
    counts[a * B + b]++;
    const d = x[i] - shift;
    s1[a] += d;
    s2[a] += d * d;
  }
  // Counts per bucket come from the bins (one store less per row in the loop above).
  for (let a = 0; a < buckets; a++)
    for (let b = 0; b < B; b++) {
      counts[all + b] += counts[a * B + b];
      cnt[a] += counts[a * B + b];
    }
  // Per group (the buckets, then everyone): the bins of the lower and upper middle values.
  const targets: ([Target, Target] | null)[] = [];
  const wanted = new Map<number, number[]>();
  const want = new Uint8Array((buckets + 1) * B);
  for (let g = 0; g <= buckets; g++) {
    let n = 0;
    for (let b = 0; b < B; b++) n += counts[g * B + b];
    const pair =
      n === 0
        ? null
        : ([locate(counts, g * B, B, (n - 1) >> 1), locate(counts, g * B, B, n >> 1)] as [
            Target,
            Target,
          ]);
    targets.push(pair);
    if (pair)
      for (const t of pair) {
        want[g * B + t.bin] = 1;
        wanted.set(g * B + t.bin, []);
      }
  }
  // Then only the rows of the bins some group's middle falls in (a few thousand, not all).
  for (let b = 0; b < B; b++) {
    let needed = want[all + b] === 1;
    for (let a = 0; a < buckets && !needed; a++) needed = want[a * B + b] === 1;
    if (!needed) continue;
    for (let p = start[b]; p < start[b + 1]; p++) {
      const i = rows[p];
      const a = assignment[i];
      if (a < 0 || a >= buckets) continue;
      if (want[a * B + b] === 1) wanted.get(a * B + b)!.push(x[i]);
      if (want[all + b] === 1) wanted.get(all + b)!.push(x[i]);
    }
  }
  const valueAt = (g: number, t: Target) => kth(wanted.get(g * B + t.bin)!, t.rank);
  const medianOf = (g: number): number => {
    const pair = targets[g];
    return pair ? (valueAt(g, pair[0]) + valueAt(g, pair[1])) / 2 : Number.NaN;
  };
  const median = new Float64Array(buckets);
  for (let g = 0; g < buckets; g++) median[g] = medianOf(g);
  return { cnt, s1, s2, shift, median, overallMedian: medianOf(buckets) };
}

/** Median of each bucket's non-missing values and of all of them (see columnSums). */
export function bucketMedians(
  x: NumericColumn,
  assignment: Int32Array,
  buckets: number,
): { perBucket: Float64Array; overall: number } {
  const s = columnSums(x, assignment, buckets);
  return { perBucket: s.median, overall: s.overallMedian };
}

/** The bin holding a group's k-th smallest value (0-based) and k's rank inside it. */
function locate(counts: Int32Array, offset: number, B: number, k: number): Target {
  let seen = 0;
  for (let b = 0; b < B; b++) {
    const c = counts[offset + b];
    if (k < seen + c) return { bin: b, rank: k - seen };
    seen += c;
  }
  throw new Error('median: rank past the end');
}

/** The k-th smallest of `values` (reordered in place). */
function kth(values: number[], k: number): number {
  const a = Float64Array.from(values);
  return selectKth(a, 0, a.length - 1, k);
}

/** Median of a[lo..hi) (reordered in place), NaN when empty. */
export function medianOfRange(a: Float64Array, lo: number, hi: number): number {
  const n = hi - lo;
  if (n <= 0) return Number.NaN;
  const mid = lo + (n >> 1);
  const upper = selectKth(a, lo, hi - 1, mid);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest value left of `mid` after the selection.
  let lower = -Infinity;
  for (let i = lo; i < mid; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** Puts the k-th smallest of a[lo..hi] at index k and returns it (Hoare, median-of-three pivot). */
function selectKth(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const m = (lo + hi) >> 1;
    // Median of three as pivot keeps sorted and constant runs from going quadratic.
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
