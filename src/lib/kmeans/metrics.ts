/**
 * Cluster quality metrics (scikit-learn definitions): silhouette (overall and per cluster, on a
 * fixed-seed sample), Calinski-Harabasz, Davies-Bouldin, and the adjusted Rand index.
 */
import { createMatrix, KMeansInputError, sqDist, type FeatureMatrix } from './matrix';
import {
  sampledSilhouette,
  silhouetteSample,
  SILHOUETTE_SAMPLE,
  type Silhouette,
} from './silhouette';

export { sampleRows, type Silhouette } from './silhouette';

function labelCount(labels: Int32Array, k?: number): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) throw new KMeansInputError(`Label ${labels[i]} at row ${i} is negative.`);
    if (labels[i] > max) max = labels[i];
  }
  return Math.max(k ?? 0, max + 1);
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
  const sample = silhouetteSample(m, options.sampleSize ?? SILHOUETTE_SAMPLE, options.seed ?? 0);
  return sampledSilhouette(sample, labels, labelCount(labels, options.k));
}

/** Calinski-Harabasz and Davies-Bouldin of one labelling. */
export interface ClusterIndices {
  /** Calinski-Harabasz (higher is better); NaN with fewer than 2 or n non-empty clusters. */
  calinskiHarabasz: number;
  /** Davies-Bouldin (lower is better); NaN with fewer than 2 non-empty clusters. */
  daviesBouldin: number;
}

/**
 * Calinski-Harabasz and Davies-Bouldin from two passes over the rows (centroids and mean, then
 * squared distances to the own centroid, shared by both indices). Each sum is accumulated in row
 * order, so the values equal those of the separate definitions below.
 */
export function clusterIndices(m: FeatureMatrix, labels: Int32Array, k?: number): ClusterIndices {
  const kk = labelCount(labels, k);
  const { data: X, n, d } = m;
  const centres = new Float64Array(kk * d);
  const counts = new Float64Array(kk);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const lo = labels[i] * d;
    counts[labels[i]]++;
    for (let t = 0; t < d; t++) {
      centres[lo + t] += X[o + t];
      mean[t] += X[o + t];
    }
  }
  for (let j = 0; j < kk; j++) for (let t = 0; t < d; t++) centres[j * d + t] /= counts[j] || 1;
  for (let t = 0; t < d; t++) mean[t] /= n;
  let within = 0;
  const scatter = new Float64Array(kk);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const lo = labels[i] * d;
    let acc = 0;
    for (let t = 0; t < d; t++) {
      const x = X[o + t] - centres[lo + t];
      acc += x * x;
    }
    within += acc;
    scatter[labels[i]] += Math.sqrt(acc);
  }
  return {
    calinskiHarabasz: chFrom(centres, counts, mean, within, n, d),
    daviesBouldin: dbFrom(centres, counts, scatter, d),
  };
}

function chFrom(
  centres: Float64Array,
  counts: Float64Array,
  mean: Float64Array,
  within: number,
  n: number,
  d: number,
): number {
  let between = 0;
  let used = 0;
  for (let j = 0; j < counts.length; j++) {
    if (counts[j] === 0) continue;
    used++;
    between += counts[j] * sqDist(centres, j, mean, 0, d);
  }
  if (used < 2 || used >= n) return NaN;
  return within === 0 ? 1 : (between * (n - used)) / (within * (used - 1));
}

function dbFrom(centres: Float64Array, counts: Float64Array, scatter: Float64Array, d: number) {
  const live: number[] = [];
  for (let j = 0; j < counts.length; j++) if (counts[j] > 0) live.push(j);
  if (live.length < 2) return NaN;
  for (const j of live) scatter[j] /= counts[j];
  let sum = 0;
  for (const a of live) {
    let worst = 0;
    for (const b of live) {
      if (a === b) continue;
      const dist = Math.sqrt(sqDist(centres, a, centres, b, d));
      const r = dist > 0 ? (scatter[a] + scatter[b]) / dist : 0;
      if (r > worst) worst = r;
    }
    sum += worst;
  }
  return sum / live.length;
}

/**
 * Calinski-Harabasz: (between-cluster dispersion / (k - 1)) / (within-cluster dispersion / (n - k))
 * over non-empty clusters; 1 when within dispersion is 0 (as scikit-learn). Higher is better.
 */
export function calinskiHarabasz(m: FeatureMatrix, labels: Int32Array, k?: number): number {
  return clusterIndices(m, labels, k).calinskiHarabasz;
}

/**
 * Davies-Bouldin: mean over clusters of max_j (S_i + S_j) / M_ij, with S the mean Euclidean
 * distance of a cluster's rows to its centroid and M the centroid distance (ratio 0 when M = 0, as
 * scikit-learn). Empty clusters are ignored. Lower is better.
 */
export function daviesBouldin(m: FeatureMatrix, labels: Int32Array, k?: number): number {
  return clusterIndices(m, labels, k).daviesBouldin;
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
