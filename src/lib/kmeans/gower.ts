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

/** Column j of the sampled rows of a row-major block of width w, into `out`. */
function sampledColumn<A extends Float64Array | Int32Array>(
  out: A,
  block: ArrayLike<number>,
  rows: Int32Array,
  w: number,
  j: number,
): A {
  for (let r = 0; r < rows.length; r++) out[r] = block[rows[r] * w + j];
  return out;
}

/**
 * Draws the sample (sampleRows) and computes the Gower distances between its rows. Column by
 * column over the later rows (tight loops over contiguous arrays); each pair adds its column
 * terms in column order.
 */
export function gowerSample(m: MixedMatrix, sampleSize = SILHOUETTE_SAMPLE, seed = 0): GowerSample {
  const rows = sampleRows(m.n, sampleSize, seed);
  const ranges = numericRanges(m);
  const { dn, dc } = m;
  const s = rows.length;
  const numCols = Array.from({ length: dn }, (_, j) =>
    sampledColumn(new Float64Array(s), m.num, rows, dn, j),
  );
  const catCols = Array.from({ length: dc }, (_, l) =>
    sampledColumn(new Int32Array(s), m.cat, rows, dc, l),
  );
  const dist = new Float64Array((s * (s - 1)) / 2);
  const acc = new Float64Array(s);
  for (let r = 0, p = 0; r < s; r++) {
    acc.fill(0, r + 1);
    for (let j = 0; j < dn; j++) {
      const col = numCols[j];
      const x = col[r];
      const range = ranges[j];
      if (range > 0) for (let q = r + 1; q < s; q++) acc[q] += Math.abs(x - col[q]) / range;
    }
    for (let l = 0; l < dc; l++) {
      const col = catCols[l];
      const z = col[r];
      for (let q = r + 1; q < s; q++) if (z < 0 || z !== col[q]) acc[q] += 1;
    }
    for (let q = r + 1; q < s; q++) dist[p++] = acc[q] / (dn + dc);
  }
  return { rows, dist, ranges, n: m.n, dn, dc, sampleSize, seed };
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
