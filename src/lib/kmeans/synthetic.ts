/** Seeded synthetic data with planted clusters (numeric or mixed), for tests and benchmarks. */
import { createRng } from '../random';
import { createMatrix, type FeatureMatrix } from './matrix';
import { createMixedMatrix, type MixedMatrix } from './mixed';

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

/** Planted mixed-type groups plus the true group of each row. */
export interface PlantedMixed {
  /** n x (dn + dc) mixed matrix. */
  matrix: MixedMatrix;
  /** True group of each row. */
  truth: Int32Array;
  /** k x dn true numeric centres. */
  centres: Float64Array;
  /** k x dc home code of each group. */
  homes: Int32Array;
}

/** Shape of planted mixed data (all optional). */
export interface PlantedMixedOptions {
  /** Numeric centres are uniform in [-separation, separation] (default 4). */
  separation?: number;
  /** Standard deviation of the numeric noise (default 1.5). */
  spread?: number;
  /** Levels of every categorical column (default 6). */
  levels?: number;
  /** Chance that a row takes its group's home code, else a uniform level (default 0.7). */
  purity?: number;
  /** Chance that a code is missing (default 0). */
  missing?: number;
}

/**
 * n rows with dn numeric and dc categorical columns in k groups: numbers around a centre per
 * group with normal noise, codes equal to the group's home code with probability `purity`. Groups
 * are drawn per row by the seeded generator.
 */
export function plantedMixed(
  n: number,
  dn: number,
  dc: number,
  k: number,
  seed: number,
  options: PlantedMixedOptions = {},
): PlantedMixed {
  const { separation = 4, spread = 1.5, levels = 6, purity = 0.7, missing = 0 } = options;
  const rng = createRng(seed);
  const centres = new Float64Array(k * dn);
  for (let i = 0; i < centres.length; i++) centres[i] = (rng.next() * 2 - 1) * separation;
  const homes = new Int32Array(k * dc);
  for (let i = 0; i < homes.length; i++) homes[i] = rng.int(levels);
  const num = new Float32Array(n * dn);
  const cat = new Int32Array(n * dc);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(k);
    truth[i] = c;
    for (let t = 0; t < dn; t++) num[i * dn + t] = centres[c * dn + t] + rng.normal() * spread;
    for (let l = 0; l < dc; l++) {
      const home = rng.next() < purity;
      const code = home ? homes[c * dc + l] : rng.int(levels);
      cat[i * dc + l] = rng.next() < missing ? -1 : code;
    }
  }
  const levelCounts = new Array<number>(dc).fill(levels);
  return { matrix: createMixedMatrix(num, cat, n, dn, dc, levelCounts), truth, centres, homes };
}
