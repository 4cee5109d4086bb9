/**
 * 2-D PCA for the cluster scatter. Covariance (d x d, population) of the row-major matrix, then a
 * cyclic Jacobi eigen-decomposition (exact and deterministic for the small d used here). Signs are
 * fixed so each component's largest-magnitude loading is positive (first such on ties), so the
 * picture does not flip between runs. NaN entries are treated as the column mean (projected to 0).
 */

/** The fitted projection. */
export interface Pca {
  d: number;
  mean: Float64Array;
  /** Row-major 2 x d: components[c * d + j]. */
  components: Float64Array;
  /** Eigenvalues of the two components (variance along them). */
  variance: [number, number];
  /** Their share of the total variance. */
  explained: [number, number];
}

/** Eigenvalues (descending) and eigenvectors (columns of a row-major d x d) of a symmetric matrix. */
export function jacobiEigen(
  sym: Float64Array,
  d: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j] - a[i * d + i]);
  const values = Float64Array.from(order, (i) => a[i * d + i]);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => {
    for (let k = 0; k < d; k++) vectors[k * d + dst] = v[k * d + src];
  });
  return { values, vectors };
}

/** Fits a 2-component PCA to `matrix` (n rows x d columns, row-major). */
export function fitPca(matrix: Float32Array | Float64Array, n: number, d: number): Pca {
  if (matrix.length !== n * d) throw new Error(`fitPca: matrix length ${matrix.length} != n*d`);
  if (d < 1 || d > 200) throw new Error(`fitPca: d must be in 1..200, got ${d}`);
  const mean = new Float64Array(d);
  const cnt = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const x = matrix[i * d + j];
      if (x === x) {
        mean[j] += x;
        cnt[j]++;
      }
    }
  for (let j = 0; j < d; j++) mean[j] = cnt[j] > 0 ? mean[j] / cnt[j] : 0;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const x = matrix[i * d + j];
      row[j] = x === x ? x - mean[j] : 0;
    }
    for (let p = 0; p < d; p++) {
      const rp = row[p];
      if (rp === 0) continue;
      for (let q = p; q < d; q++) cov[p * d + q] += rp * row[q];
    }
  }
  for (let p = 0; p < d; p++)
    for (let q = p; q < d; q++) {
      const c = n > 0 ? cov[p * d + q] / n : 0;
      cov[p * d + q] = c;
      cov[q * d + p] = c;
    }
  const { values, vectors } = jacobiEigen(cov, d);
  const components = new Float64Array(2 * d);
  for (let c = 0; c < Math.min(2, d); c++) {
    let big = 0;
    for (let j = 0; j < d; j++) {
      const w = vectors[j * d + c];
      if (Math.abs(w) > Math.abs(big) + 1e-12) big = w;
    }
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors[j * d + c];
  }
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(0, values[j]);
  const l1 = Math.max(0, values[0]);
  const l2 = d > 1 ? Math.max(0, values[1]) : 0;
  return {
    d,
    mean,
    components,
    variance: [l1, l2],
    explained: total > 0 ? [l1 / total, l2 / total] : [0, 0],
  };
}

/** Projects m row-major points (e.g. centroids) to 2-D: Float32Array of m*2 (x, y pairs). */
export function projectPca(pca: Pca, points: ArrayLike<number>, m: number): Float32Array {
  const { d, mean, components } = pca;
  if (points.length !== m * d) throw new Error(`projectPca: points length ${points.length} != m*d`);
  const out = new Float32Array(m * 2);
  for (let i = 0; i < m; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < d; j++) {
      const v = points[i * d + j];
      const c = v === v ? v - mean[j] : 0;
      x += c * components[j];
      y += c * components[d + j];
    }
    out[i * 2] = x;
    out[i * 2 + 1] = y;
  }
  return out;
}
