/**
 * Hamerly's bounded E-step for rows of up to 8 features: row values in locals, centres from the
 * zero-padded stride-8 copy (see kernels.ts), bounds loosened in the same pass.
 */

// The padded stride (WIDE in kernels.ts) as a local: imported bindings can compile to getter
// calls (CommonJS transforms such as tsx), which must stay out of the hot loops.
const W = 8;

/** Per-chunk Hamerly results the wide kernel reports back. */
export interface HamerlyTally {
  /** Sum of squared distances to the assigned centre, in row order. */
  inertia: number;
  /** Rows whose label changed. */
  changed: number;
}

/** Hamerly's per-row bounds and this iteration's loosening of them. */
export interface HamerlyBounds {
  /** Lower bound per row on the distance to its second-nearest centre. */
  lower: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  halfSep: Float64Array;
  /** The centre that moved most; its rows' bounds drop by m2, all others by m1. */
  arg1: number;
  /** Largest centre shift (with slack). */
  m1: number;
  /** Second-largest centre shift (with slack). */
  m2: number;
  /** Relative skip margin. */
  safe: number;
}

/**
 * Hamerly's bounded E-step plus M-step sums on rows [start, end) of d <= 8 features: bounds are
 * loosened by the last shifts, then a row keeps its label when
 * `sqrt(dist to it) < max(halfSep, lower) * safe`, otherwise all k centres are scanned. Same arithmetic, row order and skip rule as the generic loop.
 */
export function hamerlyWide(
  X: Float32Array,
  d: number,
  P: Float64Array,
  k: number,
  start: number,
  end: number,
  labels: Int32Array,
  bounds: HamerlyBounds,
  sums: Float64Array,
  counts: Float64Array,
  tally: HamerlyTally,
): void {
  const { lower, halfSep, arg1, m1, m2, safe } = bounds;
  let inertia = 0;
  let changed = 0;
  for (let i = start; i < end; i++) {
    const o = i * d;
    const x0 = X[o];
    const x1 = d > 1 ? X[o + 1] : 0;
    const x2 = d > 2 ? X[o + 2] : 0;
    const x3 = d > 3 ? X[o + 3] : 0;
    const x4 = d > 4 ? X[o + 4] : 0;
    const x5 = d > 5 ? X[o + 5] : 0;
    const x6 = d > 6 ? X[o + 6] : 0;
    const x7 = d > 7 ? X[o + 7] : 0;
    let a = labels[i];
    let ao = a * W;
    let q = x0 - P[ao];
    let dd = q * q;
    q = x1 - P[ao + 1];
    dd += q * q; // prettier-ignore
    q = x2 - P[ao + 2];
    dd += q * q; // prettier-ignore
    q = x3 - P[ao + 3];
    dd += q * q; // prettier-ignore
    q = x4 - P[ao + 4];
    dd += q * q; // prettier-ignore
    q = x5 - P[ao + 5];
    dd += q * q; // prettier-ignore
    q = x6 - P[ao + 6];
    dd += q * q; // prettier-ignore
    q = x7 - P[ao + 7];
    dd += q * q; // prettier-ignore
    const hs = halfSep[a];
    const lb = lower[i] - (a === arg1 ? m2 : m1);
    lower[i] = lb;
    if (!(Math.sqrt(dd) < (hs > lb ? hs : lb) * safe)) {
      let b = Infinity, q2 = Infinity, bj = 0; // prettier-ignore
      for (let j = 0, co = 0; j < k; j++, co += W) {
        q = x0 - P[co];
        let s = q * q;
        q = x1 - P[co + 1];
        s += q * q; // prettier-ignore
        q = x2 - P[co + 2];
        s += q * q; // prettier-ignore
        q = x3 - P[co + 3];
        s += q * q; // prettier-ignore
        q = x4 - P[co + 4];
        s += q * q; // prettier-ignore
        q = x5 - P[co + 5];
        s += q * q; // prettier-ignore
        q = x6 - P[co + 6];
        s += q * q; // prettier-ignore
        q = x7 - P[co + 7];
        s += q * q; // prettier-ignore
        if (s < b) {
          q2 = b;
          b = s;
          bj = j;
        } else if (s < q2) {
          q2 = s;
        }
      }
      lower[i] = Math.sqrt(q2);
      if (a !== bj) {
        labels[i] = a = bj;
        changed++;
      }
      dd = b;
    }
    inertia += dd;
    counts[a]++;
    ao = a * d;
    sums[ao] += x0;
    if (d > 1) sums[ao + 1] += x1;
    if (d > 2) sums[ao + 2] += x2;
    if (d > 3) sums[ao + 3] += x3;
    if (d > 4) sums[ao + 4] += x4;
    if (d > 5) sums[ao + 5] += x5;
    if (d > 6) sums[ao + 6] += x6;
    if (d > 7) sums[ao + 7] += x7;
  }
  tally.inertia = inertia;
  tally.changed = changed;
}
