/**
 * Mixed numeric + categorical customer matrices for k-prototypes: a row-major Float32 block of
 * numbers and a row-major Int32 block of category codes, with the checks the fit needs.
 * Pure: no DOM, runs in Node tests and in workers.
 */
import { KMeansInputError } from './matrix';

/** Code of a missing category: a mismatch with every prototype. */
export const MISSING = -1;

/**
 * n customers with dn numeric and dc categorical columns. Numeric value (i, j) is
 * `num[i * dn + j]`; category (i, l) is `cat[i * dc + l]`, a code in 0..levels[l]-1 or -1 (missing).
 */
export interface MixedMatrix {
  /** n * dn numbers, row-major (empty when dn = 0). */
  readonly num: Float32Array;
  /** n * dc category codes, row-major; -1 = missing. */
  readonly cat: Int32Array;
  /** Rows (customers). */
  readonly n: number;
  /** Numeric columns. */
  readonly dn: number;
  /** Categorical columns. */
  readonly dc: number;
  /** Number of levels of each categorical column. */
  readonly levels: readonly number[];
  /** Optional numeric column names, used only in error messages. */
  readonly numColumns?: readonly string[];
  /** Optional categorical column names, used only in error messages. */
  readonly catColumns?: readonly string[];
}

function named(kind: string, j: number, names?: readonly string[]): string {
  return names ? `${kind} column ${j} ('${names[j]}')` : `${kind} column ${j}`;
}

/** 'numeric column j ('name')' for error messages. */
function numColumnName(m: MixedMatrix, j: number): string {
  return named('numeric', j, m.numColumns);
}

/** 'categorical column l ('name')' for error messages. */
export function catColumnName(m: MixedMatrix, l: number): string {
  return named('categorical', l, m.catColumns);
}

function shapeError(message: string): never {
  throw new KMeansInputError(message);
}

/**
 * Wraps the two blocks as a MixedMatrix after checking shapes, level counts, that every code is
 * in -1..levels-1 and every number is finite. Errors name the column (and the row for values).
 */
export function createMixedMatrix(
  num: Float32Array,
  cat: Int32Array,
  n: number,
  dn: number,
  dc: number,
  levels: readonly number[],
  numColumns?: readonly string[],
  catColumns?: readonly string[],
): MixedMatrix {
  const count = (x: number) => Number.isInteger(x) && x >= 0;
  if (!count(n) || !count(dn) || !count(dc) || dn + dc < 1) {
    shapeError(`Mixed matrix shape ${n} x (${dn} + ${dc}) is invalid: need n >= 0, dn + dc >= 1.`);
  }
  if (num.length !== n * dn) {
    shapeError(`Numeric block has ${num.length} values but n * dn = ${n} * ${dn} = ${n * dn}.`);
  }
  if (cat.length !== n * dc) {
    shapeError(`Categorical block has ${cat.length} codes but n * dc = ${n} * ${dc} = ${n * dc}.`);
  }
  if (numColumns && numColumns.length !== dn) {
    shapeError(`Got ${numColumns.length} numeric column names for ${dn} numeric columns.`);
  }
  if (catColumns && catColumns.length !== dc) {
    shapeError(`Got ${catColumns.length} categorical column names for ${dc} categorical columns.`);
  }
  if (levels.length !== dc) {
    shapeError(`Got ${levels.length} level counts for ${dc} categorical columns.`);
  }
  const m: MixedMatrix = {
    ...{ num, cat, n, dn, dc, levels: levels.slice() },
    ...(numColumns ? { numColumns: numColumns.slice() } : {}),
    ...(catColumns ? { catColumns: catColumns.slice() } : {}),
  };
  for (let l = 0; l < dc; l++) {
    if (!Number.isInteger(levels[l]) || levels[l] < 1) {
      shapeError(`${catColumnName(m, l)} has ${levels[l]} levels; it needs at least 1.`);
    }
  }
  for (let p = 0; p < num.length; p++) {
    if (!Number.isFinite(num[p])) {
      const i = Math.floor(p / dn);
      shapeError(
        `Value at row ${i}, ${numColumnName(m, p - i * dn)} is ${num[p]}; k-prototypes needs finite numbers. Impute or drop missing values before clustering.`,
      );
    }
  }
  for (let p = 0; p < cat.length; p++) {
    const l = p % dc;
    if (!Number.isInteger(cat[p]) || cat[p] < MISSING || cat[p] >= levels[l]) {
      shapeError(
        `Code ${cat[p]} at row ${Math.floor(p / dc)}, ${catColumnName(m, l)} is outside -1..${levels[l] - 1} (-1 = missing).`,
      );
    }
  }
  return m;
}

/** Population variance of each numeric column (two-pass, Float64, row order). */
export function numericVariance(m: MixedMatrix): Float64Array {
  const { num, n, dn } = m;
  const mean = new Float64Array(dn);
  const sq = new Float64Array(dn);
  if (n === 0) return sq;
  for (let i = 0; i < n; i++) for (let j = 0; j < dn; j++) mean[j] += num[i * dn + j];
  for (let j = 0; j < dn; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dn; j++) {
      const t = num[i * dn + j] - mean[j];
      sq[j] += t * t;
    }
  }
  for (let j = 0; j < dn; j++) sq[j] /= n;
  return sq;
}

/**
 * Huang's default weight of a categorical mismatch: half the mean of the numeric columns'
 * population standard deviations. With no numeric columns, or when every numeric column is
 * constant, 1 (the fit is then k-modes, or nearly).
 */
export function defaultGamma(m: MixedMatrix, variance = numericVariance(m)): number {
  if (m.dn === 0) return 1;
  let sd = 0;
  for (let j = 0; j < m.dn; j++) sd += Math.sqrt(variance[j]);
  const gamma = (0.5 * sd) / m.dn;
  return gamma > 0 ? gamma : 1;
}

/**
 * The most frequent code of each categorical column over all rows (ties: lowest code; a column
 * with every value missing: 0). Seeding uses it for a seed row's missing categories.
 */
export function globalModes(m: MixedMatrix): Int32Array {
  const { cat, n, dc, levels } = m;
  const modes = new Int32Array(dc);
  for (let l = 0; l < dc; l++) {
    const counts = new Float64Array(levels[l]);
    for (let i = 0; i < n; i++) {
      const v = cat[i * dc + l];
      if (v >= 0) counts[v]++;
    }
    let best = 0;
    for (let v = 1; v < counts.length; v++) if (counts[v] > counts[best]) best = v;
    modes[l] = best;
  }
  return modes;
}

function rowsEqual(m: MixedMatrix, a: number, b: number): boolean {
  const { num, cat, dn, dc } = m;
  for (let j = 0; j < dn; j++) if (num[a * dn + j] !== num[b * dn + j]) return false;
  for (let l = 0; l < dc; l++) if (cat[a * dc + l] !== cat[b * dc + l]) return false;
  return true;
}

/** Counts distinct rows (numbers and codes), stopping as soon as `limit` are found. */
function countDistinctMixedRows(m: MixedMatrix, limit: number): number {
  const found: number[] = [];
  for (let i = 0; i < m.n && found.length < limit; i++) {
    if (!found.some((f) => rowsEqual(m, i, f))) found.push(i);
  }
  return found.length;
}

/** Checks k in [2, 50], n >= k and at least k distinct rows; throws KMeansInputError with the fix. */
export function validateForPrototypes(m: MixedMatrix, k: number): void {
  if (!Number.isInteger(k) || k < 2 || k > 50) {
    throw new KMeansInputError(`k = ${k} is out of range; choose an integer k from 2 to 50.`);
  }
  if (m.n < k) {
    throw new KMeansInputError(
      `Only ${m.n} rows for k = ${k} clusters; use more rows or a smaller k.`,
    );
  }
  const distinct = countDistinctMixedRows(m, k);
  if (distinct < k) {
    throw new KMeansInputError(
      `The data has only ${distinct} distinct rows, fewer than k = ${k}; choose k <= ${distinct} or add columns that tell customers apart.`,
    );
  }
}
