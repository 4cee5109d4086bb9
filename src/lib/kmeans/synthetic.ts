/** Seeded synthetic data with planted clusters, for tests and benchmarks. */
import { createRng } from '../random';
import { createMatrix, type FeatureMatrix } from './matrix';

/** Planted-cluster data plus the true cluster of each row. */
export interface PlantedData {
  /** n x d Float32 matrix. */
  matrix: FeatureMatrix;
  /** True cluster of each row. */
  truth: Int32Array;
  /** k x d true centres. */
  centres: Float64Array;
}

/**
 * n rows in d dimensions around k centres drawn uniformly in [-separation, separation]^d, with
 * standard-normal noise times `spread`. Rows cycle through clusters (row i is in cluster i % k
 * before shuffling by the seeded generator).
 */
export function plantedClusters(
  n: number,
  d: number,
  k: number,
  seed: number,
  separation = 10,
  spread = 1,
): PlantedData {
  const rng = createRng(seed);
  const centres = new Float64Array(k * d);
  for (let i = 0; i < centres.length; i++) centres[i] = (rng.next() * 2 - 1) * separation;
  const data = new Float32Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    truth[i] = c;
    for (let t = 0; t < d; t++) data[i * d + t] = centres[c * d + t] + rng.normal() * spread;
  }
  return { matrix: createMatrix(data, n, d), truth, centres };
}
