/**
 * Silhouette for mixed data on a Gower-style distance, on a fixed-seed sample. Between rows x and
 * y of a MixedMatrix:
 *
 *   d(x, y) = ( sum_j |x_j - y_j| / R_j  +  sum_l [x_l !== y_l or x_l missing] ) / (dn + dc)
 *
 * with R_j = max - min of numeric column j over all rows (a constant column adds 0), and a missing
 * code differing from every code, another missing one included, as in the clustering distance.
 * Every term is in [0, 1], so is d. The distances between the sampled rows depend only on the
 * data, so they are computed once per sample and every k of a sweep reuses them.
 */
import { sampleRows, SILHOUETTE_SAMPLE, type Silhouette } from './silhouette';
import { silhouetteFromSums } from './silhouette-sums';
import type { MixedMatrix } from './mixed';

/** A fixed-seed sample of a mixed matrix and the Gower distances between its rows. */
export interface GowerSample {
  /** Sampled row indices, increasing. */
  rows: Int32Array;
  /** Distances of pairs r < q, row by row: (0,1), (0,2), ..., (0,s-1), (1,2), ... */
  dist: Float64Array;
  /** Range (max - min) of each numeric column over all rows. */
  ranges: Float64Array;
  /** Shape of the matrix the sample was drawn from. */
  n: number;
  dn: number;
  dc: number;
  /** Requested sample size. */
  sampleSize: number;
  /** Seed of the sample. */
  seed: number;
}

/** max - min of each numeric column over all rows (0 for no rows). */
export function numericRanges(m: MixedMatrix): Float64Array {
  const { num, n, dn } = m;
  const lo = new Float64Array(dn).fill(Infinity);
  const hi = new Float64Array(dn).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dn; j++) {
      const v = num[i * dn + j];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  return hi.map((h, j) => (n > 0 ? h - lo[j] : 0));
}

/** Gower distance between rows i and q of m (see the file comment), given the column ranges. */
export function gowerDistance(m: MixedMatrix, ranges: Float64Array, i: number, q: number): number {
  const { num, cat, dn, dc } = m;
  let s = 0;
  for (let j = 0; j < dn; j++) {
    if (ranges[j] > 0) s += Math.abs(num[i * dn + j] - num[q * dn + j]) / ranges[j];
  }
  for (let l = 0; l < dc; l++) {
    const a = cat[i * dc + l];
    if (a < 0 || a !== cat[q * dc + l]) s += 1;
  }
  return s / (dn + dc);
}

/** Draws the sample (sampleRows) and computes the Gower distances between its rows. */
export function gowerSample(m: MixedMatrix, sampleSize = SILHOUETTE_SAMPLE, seed = 0): GowerSample {
  const rows = sampleRows(m.n, sampleSize, seed);
  const ranges = numericRanges(m);
  const s = rows.length;
  const dist = new Float64Array((s * (s - 1)) / 2);
  for (let r = 0, p = 0; r < s; r++) {
    for (let q = r + 1; q < s; q++) dist[p++] = gowerDistance(m, ranges, rows[r], rows[q]);
  }
  return { rows, dist, ranges, n: m.n, dn: m.dn, dc: m.dc, sampleSize, seed };
}

/** True when `sample` was drawn from a matrix of m's shape with these settings. */
export function gowerSampleFits(
  sample: GowerSample,
  m: MixedMatrix,
  sampleSize: number,
  seed: number,
): boolean {
  const sameShape = sample.n === m.n && sample.dn === m.dn && sample.dc === m.dc;
  return sameShape && sample.sampleSize === sampleSize && sample.seed === seed;
}

/**
 * Silhouette of `labels` (one per matrix row, values < k) on the sample's Gower distances, with
 * scikit-learn's definition (see silhouetteFromSums). O(sample^2) per call.
 */
export function gowerSilhouette(sample: GowerSample, labels: Int32Array, k: number): Silhouette {
  const { rows, dist } = sample;
  const s = rows.length;
  const lab = new Int32Array(s);
  const size = new Float64Array(k);
  for (let r = 0; r < s; r++) size[(lab[r] = labels[rows[r]])]++;
  const distSum = new Float64Array(s * k);
  for (let r = 0, p = 0; r < s; r++) {
    const lr = lab[r];
    const rk = r * k;
    for (let q = r + 1; q < s; q++, p++) {
      const d = dist[p];
      distSum[rk + lab[q]] += d;
      distSum[q * k + lr] += d;
    }
  }
  return silhouetteFromSums(lab, size, k, distSum);
}
