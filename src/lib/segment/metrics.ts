/**
 * Cluster quality metrics (scikit-learn definitions): silhouette (overall and per cluster, on a
 * fixed-seed sample), Calinski-Harabasz, Davies-Bouldin, and the adjusted Rand index.
 */
import { createRng } from '../random';
import { createMatrix, KMeansInputError, sqDist, type FeatureMatrix } from './matrix';

/** Silhouette of a clustering: mean over rows, and mean per cluster (NaN for empty clusters). */
export interface Silhouette {
  /** Mean silhouette over the (sampled) rows, in [-1, 1]. */
  mean: number;
  /** Mean silhouette of the (sampled) rows of each cluster. */
  perCluster: Float64Array;
  /** Rows the silhouette was computed on. */
  sampleSize: number;
}

function labelCount(labels: Int32Array, k?: number): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) throw new KMeansInputError(`Label ${labels[i]} at row ${i} is negative.`);
    if (labels[i] > max) max = labels[i];
  }
  return Math.max(k ?? 0, max + 1);
}

/**
 * A fixed-seed sample of `size` distinct row indices in increasing order (all rows if n <= size),
 * by a partial Fisher-Yates shuffle.
 */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  if (n <= size) return Int32Array.from({ length: n }, (_, i) => i);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.subarray(0, size).sort();
}

/**
 * Silhouette s(i) = (b - a) / max(a, b) with Euclidean distances, where a is the mean distance to
 * the other rows of its cluster and b the lowest mean distance to another cluster; s = 0 for rows
 * alone in their cluster. With n > sampleSize the whole computation runs on a fixed-seed sample
 * (as scikit-learn's silhouette_score(sample_size=...)). O(sample^2 * d).
 */
export function silhouette(
  m: FeatureMatrix,
  labels: Int32Array,
  options: { k?: number; sampleSize?: number; seed?: number } = {},
): Silhouette {
  const k = labelCount(labels, options.k);
  const idx = sampleRows(m.n, options.sampleSize ?? 5000, options.seed ?? 0);
  const s = idx.length;
  const { data: X, d } = m;
  const lab = new Int32Array(s);
  const size = new Float64Array(k);
  for (let r = 0; r < s; r++) size[(lab[r] = labels[idx[r]])]++;
  const distSum = new Float64Array(s * k);
  for (let r = 0; r < s; r++) {
    const i = idx[r];
    for (let q = r + 1; q < s; q++) {
      const dist = Math.sqrt(sqDist(X, i, X, idx[q], d));
      distSum[r * k + lab[q]] += dist;
      distSum[q * k + lab[r]] += dist;
    }
  }
  const clusterSum = new Float64Array(k);
  let total = 0;
  for (let r = 0; r < s; r++) {
    const own = lab[r];
    let v = 0;
    if (size[own] > 1) {
      const a = distSum[r * k + own] / (size[own] - 1);
      let b = Infinity;
      for (let j = 0; j < k; j++) {
        if (j !== own && size[j] > 0) b = Math.min(b, distSum[r * k + j] / size[j]);
      }
      const den = Math.max(a, b);
      v = Number.isFinite(b) && den > 0 ? (b - a) / den : 0;
    }
    clusterSum[own] += v;
    total += v;
  }
  const perCluster = new Float64Array(k);
  for (let j = 0; j < k; j++) perCluster[j] = size[j] > 0 ? clusterSum[j] / size[j] : NaN;
  return { mean: s > 0 ? total / s : NaN, perCluster, sampleSize: s };
}

function centroidsOf(m: FeatureMatrix, labels: Int32Array, k: number) {
  const { data: X, n, d } = m;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    counts[labels[i]]++;
    for (let t = 0; t < d; t++) sums[labels[i] * d + t] += X[i * d + t];
  }
  for (let j = 0; j < k; j++) for (let t = 0; t < d; t++) sums[j * d + t] /= counts[j] || 1;
  return { centres: sums, counts };
}

/**
 * Calinski-Harabasz: (between-cluster dispersion / (k - 1)) / (within-cluster dispersion / (n - k))
 * over non-empty clusters; 1 when within dispersion is 0 (as scikit-learn). Higher is better.
 */
export function calinskiHarabasz(m: FeatureMatrix, labels: Int32Array, k?: number): number {
  const kk = labelCount(labels, k);
  const { centres, counts } = centroidsOf(m, labels, kk);
  const { data: X, n, d } = m;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += X[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n;
  let between = 0;
  let used = 0;
  for (let j = 0; j < kk; j++) {
    if (counts[j] === 0) continue;
    used++;
    between += counts[j] * sqDist(centres, j, mean, 0, d);
  }
  let within = 0;
  for (let i = 0; i < n; i++) within += sqDist(X, i, centres, labels[i], d);
  if (used < 2 || used >= n) return NaN;
  return within === 0 ? 1 : (between * (n - used)) / (within * (used - 1));
}

/**
 * Davies-Bouldin: mean over clusters of max_j (S_i + S_j) / M_ij, with S the mean Euclidean
 * distance of a cluster's rows to its centroid and M the centroid distance (ratio 0 when M = 0, as
 * scikit-learn). Empty clusters are ignored. Lower is better.
 */
export function daviesBouldin(m: FeatureMatrix, labels: Int32Array, k?: number): number {
  const kk = labelCount(labels, k);
  const { centres, counts } = centroidsOf(m, labels, kk);
  const scatter = new Float64Array(kk);
  for (let i = 0; i < m.n; i++)
    scatter[labels[i]] += Math.sqrt(sqDist(m.data, i, centres, labels[i], m.d));
  const live: number[] = [];
  for (let j = 0; j < kk; j++) if (counts[j] > 0) live.push(j);
  if (live.length < 2) return NaN;
  for (const j of live) scatter[j] /= counts[j];
  let sum = 0;
  for (const a of live) {
    let worst = 0;
    for (const b of live) {
      if (a === b) continue;
      const dist = Math.sqrt(sqDist(centres, a, centres, b, m.d));
      const r = dist > 0 ? (scatter[a] + scatter[b]) / dist : 0;
      if (r > worst) worst = r;
    }
    sum += worst;
  }
  return sum / live.length;
}

/** Adjusted Rand index between two labelings of the same rows (1 = identical up to renaming). */
export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) {
    throw new KMeansInputError(`Labelings have different lengths (${a.length} vs ${b.length}).`);
  }
  const n = a.length;
  const ka = labelCount(a);
  const kb = labelCount(b);
  const table = new Float64Array(ka * kb);
  const rows = new Float64Array(ka);
  const cols = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rows[a[i]]++;
    cols[b[i]]++;
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table) index += c2(v);
  let sa = 0;
  for (const v of rows) sa += c2(v);
  let sb = 0;
  for (const v of cols) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  // Both labelings trivial (one cluster each, or all singletons): they agree perfectly.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** Convenience: a sub-matrix of the given rows (e.g. a sample), copied. */
export function takeRows(m: FeatureMatrix, rows: Int32Array): FeatureMatrix {
  const out = new Float32Array(rows.length * m.d);
  for (let r = 0; r < rows.length; r++) {
    out.set(m.data.subarray(rows[r] * m.d, (rows[r] + 1) * m.d), r * m.d);
  }
  return createMatrix(out, rows.length, m.d, m.columns);
}
