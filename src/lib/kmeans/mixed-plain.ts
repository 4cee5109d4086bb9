/**
 * The k-prototypes chunk kernels as plain loops: the reference the generated kernels in
 * mixed-kernels.ts must match bit for bit, and the fallback where code generation is refused.
 */

/** Row-major numbers: a matrix's Float32 block, or Float64 prototypes. */
type Numbers = Float32Array | Float64Array;

/**
 * The canonical distance between row (X at xo, Z at zo) and prototype (C at co, P at po):
 * squares added in column order in Float64, plus gamma times the integer count of differing codes.
 */
export function mixedDistance(
  X: Numbers,
  Z: Int32Array,
  xo: number,
  zo: number,
  C: Float64Array,
  P: Int32Array,
  co: number,
  po: number,
  dn: number,
  dc: number,
  gamma: number,
): number {
  let s = 0;
  for (let t = 0; t < dn; t++) {
    const q = X[xo + t] - C[co + t];
    s += q * q;
  }
  let mis = 0;
  for (let l = 0; l < dc; l++) if (Z[zo + l] !== P[po + l]) mis++;
  return s + gamma * mis;
}

/** The chunk kernels of a fit, for one shape (dn, dc, k, L). */
export interface MixedKernels {
  /** 'generated' (mixed-kernels.ts) or 'plain' (these loops). */
  readonly kind: 'generated' | 'plain';
  /** Nearest prototype (ties: lowest), its distance and the second-smallest, rows [a, b) at i - a. */
  scan(
    X: Float32Array,
    Z: Int32Array,
    C: Float64Array,
    P: Int32Array,
    gamma: number,
    a: number,
    b: number,
    lab: Int32Array,
    best: Float64Array,
    second: Float64Array,
  ): void;
  /**
   * Hamerly E-step on rows [a, b): lower bounds loosened by m1 (m2 for rows of prototype arg1); a
   * row whose bounds prove its label keeps it, else it is rescanned. Updates labels and lower,
   * adds the number of changed labels to tally[0], returns the rows' cost (row order).
   */
  hamerly(
    X: Float32Array,
    Z: Int32Array,
    C: Float64Array,
    P: Int32Array,
    gamma: number,
    a: number,
    b: number,
    labels: Int32Array,
    lower: Float64Array,
    halfSep: Float64Array,
    arg1: number,
    m1: number,
    m2: number,
    safe: number,
    tally: Int32Array,
  ): number;
  /** closest[i] = min(closest[i], distance to prototype j); cum[i] = running sum from acc. */
  tighten(
    X: Float32Array,
    Z: Int32Array,
    C: Float64Array,
    P: Int32Array,
    gamma: number,
    a: number,
    b: number,
    j: number,
    closest: Float64Array,
    cum: Float64Array,
    acc: number,
  ): number;
  /**
   * For the L candidates t: v = min(closest[i], distance to candidate t) is stored at
   * near[t * n + i] and added to pots[t], rows in order.
   */
  potentials(
    X: Float32Array,
    Z: Int32Array,
    C: Float64Array,
    P: Int32Array,
    gamma: number,
    a: number,
    b: number,
    closest: Float64Array,
    pots: Float64Array,
    near: Float64Array,
    n: number,
  ): void;
  /**
   * Adds rows [a, b) to their cluster's numeric sums (k * dn), member counts and category votes
   * (cluster j, column l, code v at j * width + offset[l] + v; missing codes do not vote).
   */
  accumulate(
    X: Float32Array,
    Z: Int32Array,
    labels: Int32Array,
    a: number,
    b: number,
    sums: Float64Array,
    counts: Float64Array,
    votes: Int32Array,
    offset: Int32Array,
    width: number,
  ): void;
}

/** Plain-loop kernels for dn numeric and dc categorical columns, k prototypes, L candidates. */
export function plainKernels(dn: number, dc: number, k: number, L: number): MixedKernels {
  type Rows = [X: Float32Array, Z: Int32Array, C: Float64Array, P: Int32Array, gamma: number];
  const dist = (r: Rows, i: number, j: number) =>
    mixedDistance(r[0], r[1], i * dn, i * dc, r[2], r[3], j * dn, j * dc, dn, dc, r[4]);
  const found = { best: 0, second: 0 };
  const scanRow = (r: Rows, i: number) => {
    let best = Infinity;
    let second = Infinity;
    let bj = 0;
    for (let j = 0; j < k; j++) {
      const s = dist(r, i, j);
      if (s < best) {
        second = best;
        best = s;
        bj = j;
      } else if (s < second) {
        second = s;
      }
    }
    found.best = best;
    found.second = second;
    return bj;
  };
  return {
    kind: 'plain',
    scan(X, Z, C, P, gamma, a, b, lab, best, second) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        lab[i - a] = scanRow(r, i);
        best[i - a] = found.best;
        second[i - a] = found.second;
      }
    },
    hamerly(X, Z, C, P, gamma, a, b, labels, lower, halfSep, arg1, m1, m2, safe, tally) {
      const r: Rows = [X, Z, C, P, gamma];
      let cost = 0;
      for (let i = a; i < b; i++) {
        const own = labels[i];
        const lb = (lower[i] -= own === arg1 ? m2 : m1);
        const u = dist(r, i, own);
        const hs = halfSep[own];
        if (Math.sqrt(u) < (hs > lb ? hs : lb) * safe) {
          cost += u;
          continue;
        }
        const bj = scanRow(r, i);
        lower[i] = Math.sqrt(found.second);
        cost += found.best;
        if (bj !== own) {
          labels[i] = bj;
          tally[0]++;
        }
      }
      return cost;
    },
    tighten(X, Z, C, P, gamma, a, b, j, closest, cum, acc) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        const s = dist(r, i, j);
        const v = s < closest[i] ? s : closest[i];
        closest[i] = v;
        cum[i] = acc += v;
      }
      return acc;
    },
    potentials(X, Z, C, P, gamma, a, b, closest, pots, near, n) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        for (let t = 0; t < L; t++) {
          const s = dist(r, i, t);
          const v = s < closest[i] ? s : closest[i];
          near[t * n + i] = v;
          pots[t] += v;
        }
      }
    },
    accumulate(X, Z, labels, a, b, sums, counts, votes, offset, width) {
      for (let i = a; i < b; i++) {
        const j = labels[i];
        counts[j]++;
        for (let q = 0; q < dn; q++) sums[j * dn + q] += X[i * dn + q];
        for (let l = 0; l < dc; l++) {
          const v = Z[i * dc + l];
          if (v >= 0) votes[j * width + offset[l] + v]++;
        }
      }
    },
  };
}
