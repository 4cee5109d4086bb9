/**
 * Row-major Float32 feature matrices (n rows x d features) and the input checks k-means needs.
 * Pure: no DOM, runs in Node tests and in workers.
 */

/** Thrown when the data cannot be clustered as given; the message names the problem and the fix. */
export class KMeansInputError extends Error {
  /** @param message what is wrong and how to fix it */
  constructor(message: string) {
    super(message);
    this.name = 'KMeansInputError';
  }
}

/** A dense row-major matrix: value (row i, feature j) is `data[i * d + j]`. */
export interface FeatureMatrix {
  /** n * d values, row-major. */
  readonly data: Float32Array;
  /** Number of rows (customers). */
  readonly n: number;
  /** Number of features (columns). */
  readonly d: number;
  /** Optional feature names, used only in error messages. */
  readonly columns?: readonly string[];
}

/** Wraps a Float32Array as a matrix, checking that its length is n * d. */
export function createMatrix(
  data: Float32Array,
  n: number,
  d: number,
  columns?: readonly string[],
): FeatureMatrix {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1) {
    throw new KMeansInputError(`Matrix shape ${n} x ${d} is invalid: need n >= 0 rows, d >= 1.`);
  }
  if (data.length !== n * d) {
    throw new KMeansInputError(
      `Matrix data has ${data.length} values but n * d = ${n} * ${d} = ${n * d}; pass a row-major Float32Array of length n * d.`,
    );
  }
  if (columns && columns.length !== d) {
    throw new KMeansInputError(`Got ${columns.length} column names for ${d} features.`);
  }
  return columns ? { data, n, d, columns } : { data, n, d };
}

/** Converts a matrix to plain nested arrays (for libraries that take number[][]). */
export function matrixToRows(m: FeatureMatrix): number[][] {
  const rows: number[][] = new Array(m.n);
  for (let i = 0; i < m.n; i++) rows[i] = Array.from(m.data.subarray(i * m.d, (i + 1) * m.d));
  return rows;
}

/** Per-feature mean and (population) variance, two-pass in Float64 in row order. */
export function columnStats(m: FeatureMatrix): { mean: Float64Array; variance: Float64Array } {
  const { data, n, d } = m;
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += data[i * d + j];
  for (let j = 0; j < d; j++) mean[j] = n > 0 ? mean[j] / n : 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const t = data[i * d + j] - mean[j];
      variance[j] += t * t;
    }
  }
  for (let j = 0; j < d; j++) variance[j] = n > 0 ? variance[j] / n : 0;
  return { mean, variance };
}

/** Squared Euclidean distance between row i of `a` (stride d) and row j of `b` (stride d). */
export function sqDist(
  a: ArrayLike<number>,
  i: number,
  b: ArrayLike<number>,
  j: number,
  d: number,
): number {
  let s = 0;
  const ao = i * d;
  const bo = j * d;
  for (let t = 0; t < d; t++) {
    const x = a[ao + t] - b[bo + t];
    s += x * x;
  }
  return s;
}

function columnName(m: FeatureMatrix, j: number): string {
  return m.columns ? `column ${j} ('${m.columns[j]}')` : `column ${j}`;
}

/** Throws KMeansInputError if any value is NaN or +-Infinity, naming the first bad cell. */
export function assertFinite(m: FeatureMatrix): void {
  const { data, d } = m;
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p])) {
      const i = Math.floor(p / d);
      throw new KMeansInputError(
        `Value at row ${i}, ${columnName(m, p - i * d)} is ${data[p]}; k-means needs finite numbers. Impute or drop missing values (and clip infinities) before clustering.`,
      );
    }
  }
}

/** Indices of columns whose values are all equal. */
export function constantColumns(m: FeatureMatrix): number[] {
  const { data, n, d } = m;
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    let constant = true;
    for (let i = 1; i < n && constant; i++) constant = data[i * d + j] === data[j];
    if (constant) out.push(j);
  }
  return out;
}

/** Counts distinct rows, stopping as soon as `limit` are found (cheap when data is varied). */
export function countDistinctRows(m: FeatureMatrix, limit: number): number {
  const { data, n, d } = m;
  const found: number[] = [];
  for (let i = 0; i < n && found.length < limit; i++) {
    let seen = false;
    for (let f = 0; f < found.length && !seen; f++) seen = sqDist(data, i, data, found[f], d) === 0;
    if (!seen) found.push(i);
  }
  return found.length;
}

/**
 * All checks k-means needs before fitting: k in [2, 50], finite values, no constant column
 * (unless allowed), at least k distinct rows. Throws KMeansInputError with the fix.
 */
export function validateForKMeans(m: FeatureMatrix, k: number, allowConstantColumns = false) {
  if (!Number.isInteger(k) || k < 2 || k > 50) {
    throw new KMeansInputError(`k = ${k} is out of range; choose an integer k from 2 to 50.`);
  }
  if (m.n < k) {
    throw new KMeansInputError(
      `Only ${m.n} rows for k = ${k} clusters; use more rows or a smaller k.`,
    );
  }
  assertFinite(m);
  if (!allowConstantColumns && m.n > 1) {
    const cc = constantColumns(m);
    if (cc.length > 0) {
      throw new KMeansInputError(
        `${cc.map((j) => columnName(m, j)).join(', ')} ${cc.length > 1 ? 'are' : 'is'} constant and cannot separate customers; remove ${cc.length > 1 ? 'them' : 'it'} from the features (or pass allowConstantColumns: true).`,
      );
    }
  }
  const distinct = countDistinctRows(m, k);
  if (distinct < k) {
    throw new KMeansInputError(
      `The data has only ${distinct} distinct rows, fewer than k = ${k}; choose k <= ${distinct} or add features that tell customers apart.`,
    );
  }
}
