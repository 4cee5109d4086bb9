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

/** What an E-step adds up per cluster, and its changed-label count. */
export interface Accumulators {
  /** k * dn sums of the members' numbers (row order). */
  sums: Float64Array;
  /** Members per cluster. */
  counts: Float64Array;
  /** Votes of cluster j for code v of column l at j * width + offset[l] + v (missing: none). */
  votes: Int32Array;
  offset: Int32Array;
  width: number;
  /** tally[0]: labels changed. */
  tally: Int32Array;
}

/** What every distance kernel takes first: the two blocks, the prototypes, gamma, rows [a, b). */
type Chunk = [
  X: Float32Array,
  Z: Int32Array,
  C: Float64Array,
  P: Int32Array,
  gamma: number,
  a: number,
  b: number,
];

/** The chunk kernels of a fit, for one column shape (dn, dc). */
export interface MixedKernels {
  /** 'generated' (mixed-kernels.ts) or 'plain' (these loops). */
  readonly kind: 'generated' | 'plain';
  /** Nearest prototype (ties: lowest), its distance and the second-smallest, rows [a, b) at i - a. */
  scan(
    ...args: [...Chunk, k: number, lab: Int32Array, best: Float64Array, second: Float64Array]
  ): void;
  /**
   * Lloyd E-step on rows [a, b): every row scanned, labels updated (changes added to
   * acc.tally[0]), lower[i] = sqrt(second-smallest distance) when `lower` is given, each row added
   * to its cluster in `acc`; returns the rows' cost (row order).
   */
  lloyd(
    ...args: [
      ...Chunk,
      k: number,
      labels: Int32Array,
      lower: Float64Array | null,
      acc: Accumulators,
    ]
  ): number;
  /**
   * Hamerly E-step on rows [a, b): lower bounds loosened by m1 (m2 for rows of prototype arg1); a
   * row whose bounds prove its label keeps it, else it is rescanned. Otherwise as lloyd.
   */
  hamerly(
    ...args: [
      ...Chunk,
      k: number,
      labels: Int32Array,
      lower: Float64Array,
      halfSep: Float64Array,
      arg1: number,
      m1: number,
      m2: number,
      safe: number,
      acc: Accumulators,
    ]
  ): number;
  /**
   * Seeding pass with prototype j: closest[i] = min(closest[i], distance), owner[i] = j where it
   * is strictly closer, cum[i] = running sum of closest from `acc`; returns the sum.
   */
  tighten(
    ...args: [
      ...Chunk,
      j: number,
      closest: Float64Array,
      cum: Float64Array,
      owner: Int32Array,
      acc: number,
    ]
  ): number;
  /** pots[t] += min(closest[i], distance to candidate t) for the L candidates, rows in order. */
  potentials(...args: [...Chunk, L: number, closest: Float64Array, pots: Float64Array]): void;
  /**
   * First E-step after seeding, whose last tighten left every row's nearest prototype in labels
   * and its distance in closest: adds the rows to `acc`, sets lower bounds to 0 (when given) and
   * returns the rows' cost.
   */
  seeded(
    X: Float32Array,
    Z: Int32Array,
    a: number,
    b: number,
    labels: Int32Array,
    closest: Float64Array,
    lower: Float64Array | null,
    acc: Accumulators,
  ): number;
}

/** Plain-loop kernels for dn numeric and dc categorical columns. */
export function plainKernels(dn: number, dc: number): MixedKernels {
  type Rows = [X: Float32Array, Z: Int32Array, C: Float64Array, P: Int32Array, gamma: number];
  const dist = (r: Rows, i: number, j: number) =>
    mixedDistance(r[0], r[1], i * dn, i * dc, r[2], r[3], j * dn, j * dc, dn, dc, r[4]);
  const found = { best: 0, second: 0 };
  const scanRow = (r: Rows, i: number, k: number) => {
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
  const addRow = (X: Float32Array, Z: Int32Array, i: number, j: number, acc: Accumulators) => {
    acc.counts[j] += 1;
    for (let t = 0; t < dn; t++) acc.sums[j * dn + t] += X[i * dn + t];
    for (let l = 0; l < dc; l++) {
      const v = Z[i * dc + l];
      if (v >= 0) acc.votes[j * acc.width + acc.offset[l] + v]++;
    }
  };
  return {
    kind: 'plain',
    scan(X, Z, C, P, gamma, a, b, k, lab, best, second) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        lab[i - a] = scanRow(r, i, k);
        best[i - a] = found.best;
        second[i - a] = found.second;
      }
    },
    lloyd(X, Z, C, P, gamma, a, b, k, labels, lower, acc) {
      const r: Rows = [X, Z, C, P, gamma];
      let cost = 0;
      for (let i = a; i < b; i++) {
        const bj = scanRow(r, i, k);
        if (lower) lower[i] = Math.sqrt(found.second);
        cost += found.best;
        if (bj !== labels[i]) {
          labels[i] = bj;
          acc.tally[0]++;
        }
        addRow(X, Z, i, bj, acc);
      }
      return cost;
    },
    hamerly(X, Z, C, P, gamma, a, b, k, labels, lower, halfSep, arg1, m1, m2, safe, acc) {
      const r: Rows = [X, Z, C, P, gamma];
      let cost = 0;
      for (let i = a; i < b; i++) {
        const own = labels[i];
        const lb = (lower[i] -= own === arg1 ? m2 : m1);
        const u = dist(r, i, own);
        const hs = halfSep[own];
        let bj = own;
        if (Math.sqrt(u) < (hs > lb ? hs : lb) * safe) {
          cost += u;
        } else {
          bj = scanRow(r, i, k);
          lower[i] = Math.sqrt(found.second);
          cost += found.best;
          if (bj !== own) {
            labels[i] = bj;
            acc.tally[0]++;
          }
        }
        addRow(X, Z, i, bj, acc);
      }
      return cost;
    },
    tighten(X, Z, C, P, gamma, a, b, j, closest, cum, owner, acc) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        const s = dist(r, i, j);
        if (s < closest[i]) owner[i] = j;
        const v = s < closest[i] ? s : closest[i];
        closest[i] = v;
        cum[i] = acc += v;
      }
      return acc;
    },
    potentials(X, Z, C, P, gamma, a, b, L, closest, pots) {
      const r: Rows = [X, Z, C, P, gamma];
      for (let i = a; i < b; i++) {
        for (let t = 0; t < L; t++) {
          const s = dist(r, i, t);
          pots[t] += s < closest[i] ? s : closest[i];
        }
      }
    },
    seeded(X, Z, a, b, labels, closest, lower, acc) {
      let cost = 0;
      for (let i = a; i < b; i++) {
        cost += closest[i];
        if (lower) lower[i] = 0;
        addRow(X, Z, i, labels[i], acc);
      }
      return cost;
    },
  };
}
