/**
 * Sampled silhouette kernel. The fixed-seed sample (row indices and a compact copy of its rows)
 * depends only on the matrix, so a sweep builds it once and scores every k against it. The pair
 * loop keeps the summation order of the straightforward version (per row and cluster, the other
 * rows in increasing order; per distance, the columns in order), so results are bit-identical.
 */
import { createRng } from '../random';
import type { FeatureMatrix } from './matrix';
import { silhouetteFromSums } from './silhouette-sums';

/**
 * Default rows of the silhouette sample. The cost grows with its square; at 2,500 rows the mean's
 * standard error is under 0.01, well inside the 0.02 tie band the k recommendation uses.
 */
export const SILHOUETTE_SAMPLE = 2500;

/** Silhouette of a clustering: mean over rows, and mean per cluster (NaN for empty clusters). */
export interface Silhouette {
  /** Mean silhouette over the (sampled) rows, in [-1, 1]. */
  mean: number;
  /** Mean silhouette of the (sampled) rows of each cluster. */
  perCluster: Float64Array;
  /** Rows the silhouette was computed on. */
  sampleSize: number;
}

/** The rows a silhouette is computed on, gathered once per matrix, sample size and seed. */
export interface SilhouetteSample {
  /** Sampled row indices of the matrix, increasing. */
  rows: Int32Array;
  /** Row-major rows.length x width copy of the sampled rows, zero-padded (values exact). */
  data: Float64Array;
  /** Columns of the matrix. */
  d: number;
  /** Columns of `data`: 4 when d <= 4, else d rounded up to a multiple of 8. */
  width: number;
  /** Rows of the matrix the sample was drawn from. */
  n: number;
  /** Requested sample size. */
  sampleSize: number;
  /** Seed of the sample. */
  seed: number;
}

/**
 * A fixed-seed sample of `size` distinct row indices in increasing order (all rows if n <= size),
 * by a partial Fisher-Yates shuffle.
 */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  // A plain loop: Int32Array.from with a callback costs ~100 ms at a million rows.
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n <= size) return idx;
  const rng = createRng(seed);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.subarray(0, size).sort();
}

/** Draws the silhouette sample of a matrix and copies its rows into one compact array. */
export function silhouetteSample(
  m: FeatureMatrix,
  sampleSize = SILHOUETTE_SAMPLE,
  seed = 0,
): SilhouetteSample {
  const rows = sampleRows(m.n, sampleSize, seed);
  const { d } = m;
  const w = d <= 4 ? 4 : Math.ceil(d / 8) * 8;
  const data = new Float64Array(rows.length * w);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * d;
    for (let t = 0; t < d; t++) data[r * w + t] = m.data[o + t];
  }
  return { rows, data, d, width: w, n: m.n, sampleSize, seed };
}

/** True when `sample` was drawn from a matrix of m's shape with these settings. */
export function sampleFits(
  sample: SilhouetteSample,
  m: FeatureMatrix,
  sampleSize: number,
  seed: number,
): boolean {
  return (
    sample.n === m.n && sample.d === m.d && sample.sampleSize === sampleSize && sample.seed === seed
  );
}

/**
 * The pair loops below run over the sample grouped by cluster (`blockStart[c]` is the first
 * position of cluster c), so row r's sum over one cluster builds up in a local variable instead
 * of a read-modify-write of memory per pair, which made each add wait for the previous one. The
 * grouping is stable and each local sum starts from the stored one, so every per-cluster sum
 * still adds the same distances in the same order as the plain loop over rows.
 */
interface Blocks {
  /** Rows of the sample grouped by cluster, row-major, padded to `width` columns. */
  X: Float64Array;
  /** Rows in the grouped order. */
  s: number;
  /** Cluster of each grouped row. */
  lab: Int32Array;
  k: number;
  /** Start of each cluster's rows, and `s` at index k. */
  blockStart: Int32Array;
  /** Row-major s x k: sum of distances from each grouped row to each cluster's rows. */
  distSum: Float64Array;
}

/** As accumulateRow8 for rows padded to four columns (RFM and other small feature sets). */
function accumulateRow4(b: Blocks, r: number): void {
  const { X, k, blockStart, distSum } = b;
  const o = r * 4;
  const a0 = X[o];
  const a1 = X[o + 1];
  const a2 = X[o + 2];
  const a3 = X[o + 3];
  const rk = r * k;
  const lr = b.lab[r];
  let q = r + 1;
  let p = o + 4;
  for (let c = lr; c < k; c++) {
    const end = blockStart[c + 1];
    if (q >= end) continue;
    let sum = distSum[rk + c];
    for (; q < end; q++, p += 4) {
      const x0 = a0 - X[p];
      const x1 = a1 - X[p + 1];
      const x2 = a2 - X[p + 2];
      const x3 = a3 - X[p + 3];
      const dist = Math.sqrt(x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3);
      sum += dist;
      distSum[q * k + lr] += dist;
    }
    distSum[rk + c] = sum;
  }
}

/**
 * Adds each distance from grouped row r to the later rows into both rows' per-cluster sums, for
 * rows padded to eight columns: the values stay in locals across the inner loop.
 */
function accumulateRow8(b: Blocks, r: number): void {
  const { X, k, blockStart, distSum } = b;
  const o = r * 8;
  const [a0, a1, a2, a3, a4, a5, a6, a7] = [
    X[o],
    X[o + 1],
    X[o + 2],
    X[o + 3],
    X[o + 4],
    X[o + 5],
    X[o + 6],
    X[o + 7],
  ];
  const rk = r * k;
  const lr = b.lab[r];
  let q = r + 1;
  let p = o + 8;
  for (let c = lr; c < k; c++) {
    const end = blockStart[c + 1];
    if (q >= end) continue;
    let sum = distSum[rk + c];
    for (; q < end; q++, p += 8) {
      const x0 = a0 - X[p];
      const x1 = a1 - X[p + 1];
      const x2 = a2 - X[p + 2];
      const x3 = a3 - X[p + 3];
      const x4 = a4 - X[p + 4];
      const x5 = a5 - X[p + 5];
      const x6 = a6 - X[p + 6];
      const x7 = a7 - X[p + 7];
      // Left to right, as a plain column loop; padding columns add exact zeros.
      const dist = Math.sqrt(
        x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4 + x5 * x5 + x6 * x6 + x7 * x7,
      );
      sum += dist;
      distSum[q * k + lr] += dist;
    }
    distSum[rk + c] = sum;
  }
}

/** As accumulateRow8 for rows padded to 16, 24, ... columns: eight columns per pass into `acc`. */
function accumulateRowWide(b: Blocks, w: number, r: number, acc: Float64Array): void {
  const { X, s, k, blockStart, distSum } = b;
  for (let t = 0; t < w; t += 8) {
    const o = r * w + t;
    const [a0, a1, a2, a3, a4, a5, a6, a7] = [
      X[o],
      X[o + 1],
      X[o + 2],
      X[o + 3],
      X[o + 4],
      X[o + 5],
      X[o + 6],
      X[o + 7],
    ];
    for (let q = r + 1, p = o + w; q < s; q++, p += w) {
      const x0 = a0 - X[p];
      const x1 = a1 - X[p + 1];
      const x2 = a2 - X[p + 2];
      const x3 = a3 - X[p + 3];
      const x4 = a4 - X[p + 4];
      const x5 = a5 - X[p + 5];
      const x6 = a6 - X[p + 6];
      const x7 = a7 - X[p + 7];
      const part = t === 0 ? 0 : acc[q];
      acc[q] = part + x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4 + x5 * x5 + x6 * x6 + x7 * x7;
    }
  }
  const rk = r * k;
  const lr = b.lab[r];
  let q = r + 1;
  for (let c = lr; c < k; c++) {
    const end = blockStart[c + 1];
    if (q >= end) continue;
    let sum = distSum[rk + c];
    for (; q < end; q++) {
      const dist = Math.sqrt(acc[q]);
      sum += dist;
      distSum[q * k + lr] += dist;
    }
    distSum[rk + c] = sum;
  }
}

/** The sample's rows grouped by cluster (stably), with an empty distance-sum table. */
function groupByCluster(
  sample: SilhouetteSample,
  lab: Int32Array,
  k: number,
): Blocks & {
  position: Int32Array;
} {
  const { data, width } = sample;
  const s = lab.length;
  const blockStart = new Int32Array(k + 1);
  for (let r = 0; r < s; r++) blockStart[lab[r] + 1]++;
  for (let c = 0; c < k; c++) blockStart[c + 1] += blockStart[c];
  const next = blockStart.slice(0, k);
  const position = new Int32Array(s);
  const X = new Float64Array(s * width);
  const grouped = new Int32Array(s);
  for (let r = 0; r < s; r++) {
    const at = next[lab[r]]++;
    position[r] = at;
    grouped[at] = lab[r];
    X.set(data.subarray(r * width, (r + 1) * width), at * width);
  }
  return { X, s, lab: grouped, k, blockStart, distSum: new Float64Array(s * k), position };
}

/**
 * Silhouette of `labels` (one per matrix row, values < k) on a prepared sample (scikit-learn's
 * silhouette_score with sample_size): s(i) = (b - a) / max(a, b) with Euclidean distances, where a
 * is the mean distance to the other sampled rows of its cluster and b the lowest mean distance to
 * another cluster; s = 0 for rows alone in their cluster. O(sample^2 * d).
 */
export function sampledSilhouette(
  sample: SilhouetteSample,
  labels: Int32Array,
  k: number,
): Silhouette {
  const { rows, width } = sample;
  const s = rows.length;
  const lab = new Int32Array(s);
  const size = new Float64Array(k);
  for (let r = 0; r < s; r++) size[(lab[r] = labels[rows[r]])]++;
  const blocks = groupByCluster(sample, lab, k);
  if (width === 4) {
    for (let r = 0; r < s; r++) accumulateRow4(blocks, r);
  } else if (width === 8) {
    for (let r = 0; r < s; r++) accumulateRow8(blocks, r);
  } else {
    const acc = new Float64Array(s);
    for (let r = 0; r < s; r++) accumulateRowWide(blocks, width, r, acc);
  }
  // The totals add up in sample order, as before grouping.
  return silhouetteFromSums(lab, size, k, blocks.distSum, blocks.position);
}
