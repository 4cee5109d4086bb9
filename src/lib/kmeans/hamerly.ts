/**
 * Hamerly's exact acceleration of Lloyd: one lower bound per row on the distance to the
 * second-closest centre lets most rows skip the scan over all k centres. The upper bound is always
 * the freshly computed distance to the assigned centre, so the inertia and the sums are the same
 * numbers Lloyd computes, and the labels are identical (a scan happens whenever the bounds cannot
 * prove the current centre strictly closest).
 */
import { resetPartial, type ChunkPartial } from './chunks';
import { hamerlyWide, type HamerlyTally } from './hamerly-wide';
import { nearestTwoWide, padded, WIDE } from './kernels';

/** Skip only with a relative margin far above accumulated rounding, so skipping never changes a label. */
export const SAFE = 1 - 1e-9;
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

const tally: HamerlyTally = { inertia: 0, changed: 0 };
let scrLab = new Int32Array(0);
let scrBest = new Float64Array(0);
let scrSecond = new Float64Array(0);

/**
 * Nearest and second-nearest squared distances for rows [start, end) into lab/best/second at
 * i - start; rows go four at a time sharing centre loads, each row's sum in plain t order.
 */
export function nearestTwoRows(
  X: Float32Array,
  d: number,
  C: Float64Array,
  k: number,
  start: number,
  end: number,
  lab: Int32Array,
  best: Float64Array,
  second: Float64Array,
): void {
  for (let i = start; i < end; i += 4) {
    const rows = Math.min(4, end - i);
    const o0 = i * d;
    const o1 = rows > 1 ? o0 + d : o0;
    const o2 = rows > 2 ? o0 + 2 * d : o0;
    const o3 = rows > 3 ? o0 + 3 * d : o0;
    let b0 = Infinity, b1 = Infinity, b2 = Infinity, b3 = Infinity; // prettier-ignore
    let q0 = Infinity, q1 = Infinity, q2 = Infinity, q3 = Infinity; // prettier-ignore
    let j0 = 0, j1 = 0, j2 = 0, j3 = 0; // prettier-ignore
    for (let j = 0, co = 0; j < k; j++, co += d) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
      for (let t = 0; t < d; t++) {
        const c = C[co + t];
        const x0 = X[o0 + t] - c;
        const x1 = X[o1 + t] - c;
        const x2 = X[o2 + t] - c;
        const x3 = X[o3 + t] - c;
        s0 += x0 * x0;
        s1 += x1 * x1;
        s2 += x2 * x2;
        s3 += x3 * x3;
      }
      if (s0 < b0) {
        q0 = b0;
        b0 = s0;
        j0 = j;
      } else if (s0 < q0) {
        q0 = s0;
      }
      if (s1 < b1) {
        q1 = b1;
        b1 = s1;
        j1 = j;
      } else if (s1 < q1) {
        q1 = s1;
      }
      if (s2 < b2) {
        q2 = b2;
        b2 = s2;
        j2 = j;
      } else if (s2 < q2) {
        q2 = s2;
      }
      if (s3 < b3) {
        q3 = b3;
        b3 = s3;
        j3 = j;
      } else if (s3 < q3) {
        q3 = s3;
      }
    }
    const r = i - start;
    lab[r] = j0;
    best[r] = b0;
    second[r] = q0;
    if (rows > 1) {
      lab[r + 1] = j1;
      best[r + 1] = b1;
      second[r + 1] = q1;
    }
    if (rows > 2) {
      lab[r + 2] = j2;
      best[r + 2] = b2;
      second[r + 2] = q2;
    }
    if (rows > 3) {
      lab[r + 3] = j3;
      best[r + 3] = b3;
      second[r + 3] = q3;
    }
  }
}

/**
 * Hamerly E-step + M-step partials on rows [start, end). On the first iteration (`shift` null)
 * every row is scanned and its lower bound set; otherwise the bounds are first loosened by the
 * last centre shifts, and rows whose bounds prove the label unchanged skip the scan.
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
  shift: Float64Array | null,
  out: ChunkPartial,
): void {
  resetPartial(out);
  const sums = out.sums;
  const counts = out.counts;
  let inertia = 0;
  let changed = 0;
  if (!shift) {
    if (scrLab.length < end - start) {
      scrLab = new Int32Array(end - start);
      scrBest = new Float64Array(end - start);
      scrSecond = new Float64Array(end - start);
    }
    if (d <= WIDE) nearestTwoWide(X, d, padded(C, k, d), k, start, end, scrLab, scrBest, scrSecond);
    else nearestTwoRows(X, d, C, k, start, end, scrLab, scrBest, scrSecond);
    for (let i = start; i < end; i++) {
      const bj = scrLab[i - start];
      lower[i] = Math.sqrt(scrSecond[i - start]);
      if (labels[i] !== bj) {
        labels[i] = bj;
        changed++;
      }
      inertia += scrBest[i - start];
      counts[bj]++;
      const so = bj * d;
      const off = i * d;
      for (let t = 0; t < d; t++) sums[so + t] += X[off + t];
    }
    out.inertia = inertia;
    out.changed = changed;
    return;
  }
  if (d <= WIDE) {
    const P = padded(C, k, d);
    const [arg1, m1, m2] = loosening(shift);
    const bounds = { lower, halfSep, arg1, m1, m2, safe: SAFE };
    hamerlyWide(X, d, P, k, start, end, labels, bounds, sums, counts, tally);
    out.inertia = tally.inertia;
    out.changed = tally.changed;
    return;
  }
  loosenLowerBounds(lower, labels, shift, start, end);
  for (let i = start; i < end; i++) {
    const off = i * d;
    {
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

/** The centre that moved most, and the margins (with slack) by which bounds must drop. */
export function loosening(shift: Float64Array): [number, number, number] {
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
  return [arg1, max1 * SHRINK, max2 * SHRINK];
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
  const [arg1, m1, m2] = loosening(shift);
  for (let i = start; i < end; i++) lower[i] -= labels[i] === arg1 ? m2 : m1;
}
