/** Mini-batch k-means (Sculley 2010): per-centre learning rate 1 / (rows seen by that centre). */
import type { Rng } from '../random';
import { kmeansPlusPlus } from './init';
import { assignAll, type RunResult } from './lloyd';
import { KMeansCancelledError, type KMeansProgress } from './types';
import { createMatrix, type FeatureMatrix } from './matrix';

/** Settings for one mini-batch restart. */
export interface MiniBatchSettings {
  /** Rows per batch. */
  batchSize: number;
  /** Maximum number of batches. */
  maxIter: number;
  /** Stop after this many batches without improvement of the smoothed batch inertia. */
  maxNoImprovement: number;
  /** Candidates per centre for the k-means++ seeding. */
  nLocalTrials: number;
  /** Given initial centroids (skips seeding). */
  init?: Float64Array;
  /** Restart index, for progress reports. */
  run: number;
  /** Progress callback (every 10 batches). */
  onProgress?: (p: KMeansProgress) => void;
  /** Cancellation poll. */
  shouldStop?: () => boolean;
}

/** Default batch cap: 100 passes' worth of batches, at most 1000. */
export function defaultMiniBatchIter(n: number, batchSize: number): number {
  return Math.min(1000, 100 * Math.ceil(n / batchSize));
}

/** Seeds with k-means++ on a random subsample of 3 * batchSize rows (as scikit-learn's init_size). */
function* seed(m: FeatureMatrix, k: number, rng: Rng, s: MiniBatchSettings) {
  const size = Math.min(m.n, Math.max(3 * s.batchSize, k));
  if (size === m.n) return yield* kmeansPlusPlus(m, k, rng, s.nLocalTrials, s.shouldStop);
  const sub = new Float32Array(size * m.d);
  for (let r = 0; r < size; r++) {
    const i = rng.int(m.n);
    sub.set(m.data.subarray(i * m.d, (i + 1) * m.d), r * m.d);
  }
  return yield* kmeansPlusPlus(createMatrix(sub, size, m.d), k, rng, s.nLocalTrials, s.shouldStop);
}

/** One mini-batch restart; ends with a full assignment pass so labels match the centres. */
export function* runMiniBatch(
  m: FeatureMatrix,
  k: number,
  rng: Rng,
  s: MiniBatchSettings,
): Generator<void, RunResult> {
  const { data: X, n, d } = m;
  const C = s.init ? Float64Array.from(s.init) : yield* seed(m, k, rng, s);
  const seen = new Float64Array(k);
  const batch = new Int32Array(s.batchSize);
  const blabels = new Int32Array(s.batchSize);
  const alpha = Math.min(1, (2 * s.batchSize) / (n + 1));
  let ewa = NaN;
  let bestEwa = Infinity;
  let stale = 0;
  let iter = 0;
  while (iter < s.maxIter && stale < s.maxNoImprovement) {
    iter++;
    let inertia = 0;
    for (let b = 0; b < s.batchSize; b++) {
      const i = rng.int(n);
      batch[b] = i;
      let best = Infinity;
      let bj = 0;
      for (let j = 0; j < k; j++) {
        let q = 0;
        for (let t = 0; t < d; t++) {
          const x = X[i * d + t] - C[j * d + t];
          q += x * x;
        }
        if (q < best) {
          best = q;
          bj = j;
        }
      }
      blabels[b] = bj;
      inertia += best;
    }
    for (let b = 0; b < s.batchSize; b++) {
      const j = blabels[b];
      const eta = 1 / ++seen[j];
      const io = batch[b] * d;
      for (let t = 0; t < d; t++) C[j * d + t] += eta * (X[io + t] - C[j * d + t]);
    }
    const mean = inertia / s.batchSize;
    ewa = Number.isNaN(ewa) ? mean : ewa * (1 - alpha) + mean * alpha;
    if (ewa < bestEwa) {
      bestEwa = ewa;
      stale = 0;
    } else {
      stale++;
    }
    if (iter % 10 === 0) s.onProgress?.({ run: s.run, iteration: iter, inertia: ewa * n });
    if (s.shouldStop?.()) throw new KMeansCancelledError();
    yield;
  }
  const labels = new Int32Array(n);
  const inertia = yield* assignAll(m, C, k, labels, s.shouldStop);
  return {
    labels,
    centroids: C,
    inertia,
    iterations: iter,
    converged: stale >= s.maxNoImprovement,
  };
}
