/**
 * Cluster quality indices (scikit-learn definitions): Calinski-Harabasz and Davies-Bouldin. The
 * silhouette, computed on a fixed-seed sample, is in silhouette.ts.
 */
import { KMeansInputError, sqDist, type FeatureMatrix } from './matrix';

function labelCount(labels: Int32Array, k?: number): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) throw new KMeansInputError(`Label ${labels[i]} at row ${i} is negative.`);
    if (labels[i] > max) max = labels[i];
  }
  return Math.max(k ?? 0, max + 1);
}

/** Calinski-Harabasz and Davies-Bouldin of one labelling. */
export interface ClusterIndices {
  /**
   * Calinski-Harabasz: (between-cluster dispersion / (k - 1)) / (within-cluster dispersion /
   * (n - k)) over non-empty clusters; 1 when within dispersion is 0 (as scikit-learn). Higher is
   * better; NaN with fewer than 2 or n non-empty clusters.
   */
  calinskiHarabasz: number;
  /**
   * Davies-Bouldin: mean over clusters of max_j (S_i + S_j) / M_ij, with S the mean Euclidean
   * distance of a cluster's rows to its centroid and M the centroid distance (ratio 0 when M = 0,
   * as scikit-learn). Empty clusters are ignored. Lower is better; NaN with fewer than 2 non-empty
   * clusters.
   */
  daviesBouldin: number;
}

/**
 * Calinski-Harabasz and Davies-Bouldin from two passes over the rows (centroids and mean, then
 * squared distances to the own centroid, shared by both indices). Each sum is accumulated in row
 * order.
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
