/**
 * The k-prototypes distance and the assignment of rows to prototypes. The distance is compiled to
 * SQL and must be reproduced bit for bit, so its operations keep this exact order:
 * numeric = sum over j = 0..dn-1 of (x_j - c_j)^2 in Float64 (x_j the Float32 value widened,
 * c_j a Float64); mismatches = number of categorical columns l with x_l !== c_l (a missing code,
 * -1, never equals a prototype's code); distance = numeric + gamma * mismatches. Ties go to the
 * lowest prototype index.
 */
import { CHUNK_ROWS, chunkCount, chunkRange } from './chunks';
import { KMeansInputError } from './matrix';
import { catColumnName, type MixedMatrix } from './mixed';
import { mixedKernels } from './mixed-kernels';
import { mixedDistance } from './mixed-plain';

/** k prototypes: numeric part k x dn (Float64, row-major) and category codes k x dc. */
export interface Prototypes {
  /** k * dn numeric values. */
  num: Float64Array;
  /** k * dc category codes, each in 0..levels-1 (never missing). */
  cat: Int32Array;
  /** Number of prototypes. */
  k: number;
}

/**
 * Checks and copies prototypes given from outside (initial prototypes, a frozen model): lengths,
 * finite numbers, codes in 0..levels-1. Throws KMeansInputError naming the column.
 */
export function checkPrototypes(
  m: MixedMatrix,
  p: { num: ArrayLike<number>; cat: ArrayLike<number> },
  k: number,
): Prototypes {
  if (!Number.isInteger(k) || k < 1) throw new KMeansInputError(`k = ${k} must be >= 1.`);
  const { dn, dc } = m;
  if (p.num.length !== k * dn || p.cat.length !== k * dc) {
    throw new KMeansInputError(
      `Prototypes have ${p.num.length} numeric values and ${p.cat.length} codes, expected k * dn = ${k * dn} and k * dc = ${k * dc}.`,
    );
  }
  const num = Float64Array.from(p.num);
  if (!num.every(Number.isFinite)) {
    throw new KMeansInputError('Prototypes contain NaN or Infinity; pass finite values.');
  }
  const cat = Int32Array.from(p.cat);
  for (let q = 0; q < cat.length; q++) {
    const l = q % dc;
    if (cat[q] !== p.cat[q] || cat[q] < 0 || cat[q] >= m.levels[l]) {
      throw new KMeansInputError(
        `Prototype ${Math.floor(q / dc)} has code ${p.cat[q]} in ${catColumnName(m, l)}; prototypes need a code in 0..${m.levels[l] - 1}.`,
      );
    }
  }
  return { num, cat, k };
}

/** Throws unless gamma is a finite number >= 0; returns it. */
export function checkGamma(gamma: number): number {
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma < 0) {
    throw new KMeansInputError(`gamma = ${gamma} must be a finite number >= 0.`);
  }
  return gamma;
}

/** Distance from row i of m to prototype j of (C, P): the canonical definition above. */
export function rowDistance(
  m: MixedMatrix,
  i: number,
  C: Float64Array,
  P: Int32Array,
  j: number,
  gamma: number,
): number {
  const { dn, dc } = m;
  return mixedDistance(m.num, m.cat, i * dn, i * dc, C, P, j * dn, j * dc, dn, dc, gamma);
}

// Scratch of assignPrototypes: distances it does not return.
let scratch = new Float64Array(0);

/**
 * Labels every row of m with its nearest prototype under the canonical distance (ties: lowest
 * index), into `out` when given. Throws KMeansInputError for malformed prototypes or gamma.
 */
export function assignPrototypes(
  m: MixedMatrix,
  prototypes: { num: Float64Array; cat: Int32Array; k: number },
  gamma: number,
  out?: Int32Array,
): Int32Array {
  const { num: C, cat: P, k } = checkPrototypes(m, prototypes, prototypes.k);
  checkGamma(gamma);
  const labels = out ?? new Int32Array(m.n);
  if (labels.length !== m.n) {
    throw new KMeansInputError(`Output has ${labels.length} slots for ${m.n} rows.`);
  }
  if (scratch.length < 2 * CHUNK_ROWS) scratch = new Float64Array(2 * CHUNK_ROWS);
  const best = scratch.subarray(0, CHUNK_ROWS);
  const second = scratch.subarray(CHUNK_ROWS);
  const kernels = mixedKernels(m.dn, m.dc);
  for (let c = 0; c < chunkCount(m.n); c++) {
    const [a, b] = chunkRange(c, m.n);
    kernels.scan(m.num, m.cat, C, P, gamma, a, b, k, labels.subarray(a, b), best, second);
  }
  return labels;
}

/** Half the square-rooted distance from each prototype to its nearest other one, into `out`. */
export function prototypeHalfSeparation(
  C: Float64Array,
  P: Int32Array,
  k: number,
  dn: number,
  dc: number,
  gamma: number,
  out: Float64Array,
): void {
  out.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const h = 0.5 * Math.sqrt(prototypeDistance(C, P, a, C, P, b, dn, dc, gamma));
      if (h < out[a]) out[a] = h;
      if (h < out[b]) out[b] = h;
    }
  }
}

/** Distance between prototype a of (C, P) and prototype b of (D, Q), as rowDistance. */
export function prototypeDistance(
  C: Float64Array,
  P: Int32Array,
  a: number,
  D: Float64Array,
  Q: Int32Array,
  b: number,
  dn: number,
  dc: number,
  gamma: number,
): number {
  return mixedDistance(C, P, a * dn, a * dc, D, Q, b * dn, b * dc, dn, dc, gamma);
}
