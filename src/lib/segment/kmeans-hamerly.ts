/**
 * Hamerly's exact acceleration of Lloyd: one lower bound per row on the distance to the
 * second-closest centre lets most rows skip the scan over all k centres. The upper bound is always
 * the freshly computed distance to the assigned centre, so the inertia and the sums are the same
 * numbers Lloyd computes, and the labels are identical (a scan happens whenever the bounds cannot
 * prove the current centre strictly closest).
 */
import { resetPartial, type ChunkPartial } from './kmeans-chunks';

// Skip only with a relative margin far above accumulated rounding, so skipping never changes a label.
const SAFE = 1 - 1e-9;
const SHRINK = 1 + 1e-10;

/** Half the distance from each centre to its nearest other centre (Euclidean), into `out`. */
export function halfSeparation(C: Float64Array, k: number, d: number, out: Float64Array): void {
  out.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const x = C[a * d + t] - C[b * d + t];
        s += x * x;
      }
      const h = 0.5 * Math.sqrt(s);
      if (h < out[a]) out[a] = h;
      if (h < out[b]) out[b] = h;
    }
  }
}

/**
 * Hamerly E-step + M-step partials on rows [start, end). With `first`, every row is scanned and
 * its lower bound set; otherwise rows whose bounds prove the label unchanged skip the scan.
 */
export function hamerlyChunk(
  X: Float32Array,
  d: number,
  C: Float64Array,
  k: number,
  start: number,
  end: number,
  labels: Int32Array,
  lower: Float64Array,
  halfSep: Float64Array,
  first: boolean,
  out: ChunkPartial,
): void {
  resetPartial(out);
  const sums = out.sums;
  const counts = out.counts;
  let inertia = 0;
  let changed = 0;
  for (let i = start; i < end; i++) {
    const off = i * d;
    if (!first) {
      const a = labels[i];
      const ao = a * d;
      let dd = 0;
      for (let t = 0; t < d; t++) {
        const x = X[off + t] - C[ao + t];
        dd += x * x;
      }
      const hs = halfSep[a];
      const lb = lower[i];
      const m = hs > lb ? hs : lb;
      if (Math.sqrt(dd) < m * SAFE) {
        inertia += dd;
        counts[a]++;
        for (let t = 0; t < d; t++) sums[ao + t] += X[off + t];
        continue;
      }
    }
    let best = Infinity;
    let second = Infinity;
    let bj = 0;
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const x = X[off + t] - C[co + t];
        s += x * x;
      }
      if (s < best) {
        second = best;
        best = s;
        bj = j;
      } else if (s < second) {
        second = s;
      }
    }
    lower[i] = Math.sqrt(second);
    if (labels[i] !== bj) {
      labels[i] = bj;
      changed++;
    }
    inertia += best;
    counts[bj]++;
    const so = bj * d;
    for (let t = 0; t < d; t++) sums[so + t] += X[off + t];
  }
  out.inertia = inertia;
  out.changed = changed;
}

/**
 * After centres moved by `shift` (Euclidean, per centre), loosen each row's lower bound by the
 * largest move of any centre other than its own.
 */
export function loosenLowerBounds(
  lower: Float64Array,
  labels: Int32Array,
  shift: Float64Array,
  start: number,
  end: number,
): void {
  let max1 = 0;
  let max2 = 0;
  let arg1 = -1;
  for (let j = 0; j < shift.length; j++) {
    const p = shift[j];
    if (p > max1) {
      max2 = max1;
      max1 = p;
      arg1 = j;
    } else if (p > max2) {
      max2 = p;
    }
  }
  const m1 = max1 * SHRINK;
  const m2 = max2 * SHRINK;
  for (let i = start; i < end; i++) lower[i] -= labels[i] === arg1 ? m2 : m1;
}
