/**
 * k-means entry point: validation, nInit restarts, algorithm choice, sync and async drivers, and
 * assignment of rows to given centroids. Deterministic: the same matrix, k, seed and options give
 * bit-identical labels and centroids (fixed chunking, chunk-ordered sums, seeded sfc32 only).
 */
import { createRng } from '../random';
import { defaultLocalTrials, kmeansPlusPlus } from './init';
import { assignAll, runFullBatch, type RunResult } from './lloyd';
import { defaultMiniBatchIter, runMiniBatch } from './minibatch';
import type { KMeansOptions, KMeansResult } from './types';
import { WasmKMeans } from './wasm';
import { columnStats, KMeansInputError, validateForKMeans, type FeatureMatrix } from './matrix';

export { CHUNK_ROWS } from './chunks';
export { KMeansCancelledError } from './types';
export type { KMeansAlgorithm, KMeansOptions, KMeansProgress, KMeansResult } from './types';
export { KMeansInputError } from './matrix';

/** Rows per cluster for labels in [0, k). */
export function clusterSizes(labels: Int32Array, k: number): Int32Array {
  const sizes = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]]++;
  return sizes;
}

function checkInit(init: ArrayLike<number>, k: number, d: number): Float64Array {
  if (init.length !== k * d) {
    throw new KMeansInputError(
      `Initial centroids have ${init.length} values, expected k * d = ${k} * ${d}; pass k row-major centroids.`,
    );
  }
  const c = Float64Array.from(init);
  if (!c.every(Number.isFinite)) {
    throw new KMeansInputError('Initial centroids contain NaN or Infinity; pass finite values.');
  }
  return c;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new KMeansInputError(`Option ${name} = ${v} must be a positive integer.`);
  }
  return v;
}

/** The fit as a generator that yields between chunks of rows; drive it with fit() or fitAsync(). */
export function* fitSteps(
  m: FeatureMatrix,
  k: number,
  options: KMeansOptions = {},
): Generator<void, KMeansResult> {
  validateForKMeans(m, k, options.allowConstantColumns);
  const algorithm = options.algorithm ?? 'hamerly';
  if (!['hamerly', 'lloyd', 'minibatch'].includes(algorithm)) {
    throw new KMeansInputError(
      `Unknown algorithm '${algorithm}'; use 'hamerly', 'lloyd' or 'minibatch'.`,
    );
  }
  const init = options.init ? checkInit(options.init, k, m.d) : undefined;
  const nInit = init ? 1 : positiveInt('nInit', options.nInit ?? 1);
  const nLocalTrials = positiveInt('nLocalTrials', options.nLocalTrials ?? defaultLocalTrials(k));
  const tol = options.tol ?? 1e-4;
  // One workspace (one copy of the matrix) serves every restart of the fit.
  const wasm = algorithm === 'minibatch' ? null : WasmKMeans.create(m, k, nLocalTrials);
  const { variance } = wasm ? wasm.columnStats() : columnStats(m);
  const tolAbs = (tol * variance.reduce((a, b) => a + b, 0)) / m.d;
  const rng = createRng(options.seed ?? 0);
  const { onProgress, shouldStop } = options;
  let best: RunResult | null = null;
  for (let run = 0; run < nInit; run++) {
    let r: RunResult;
    if (algorithm === 'minibatch') {
      const batchSize = Math.min(m.n, positiveInt('batchSize', options.batchSize ?? 1024));
      const maxIter = positiveInt(
        'maxIter',
        options.maxIter ?? defaultMiniBatchIter(m.n, batchSize),
      );
      const maxNoImprovement = positiveInt('maxNoImprovement', options.maxNoImprovement ?? 10);
      r = yield* runMiniBatch(m, k, rng, {
        ...{ batchSize, maxIter, maxNoImprovement, nLocalTrials, init, run },
        ...{ onProgress, shouldStop },
      });
    } else {
      const start = init ?? (yield* kmeansPlusPlus(m, k, rng, nLocalTrials, shouldStop, wasm));
      const maxIter = positiveInt('maxIter', options.maxIter ?? 300);
      const hamerly = algorithm === 'hamerly';
      r = yield* runFullBatch(m, start, k, {
        hamerly,
        maxIter,
        tolAbs,
        run,
        onProgress,
        shouldStop,
        wasm,
      });
    }
    if (!best || r.inertia < best.inertia) best = r;
  }
  wasm?.release(); // labels were copied out of it by runFullBatch
  const r = best as RunResult;
  return { ...r, k, d: m.d, sizes: clusterSizes(r.labels, k), algorithm };
}

/** Runs a stepped computation (a generator that yields between chunks) to its end. */
export function runSteps<T>(it: Generator<void, T>): T {
  for (;;) {
    const s = it.next();
    if (s.done) return s.value;
  }
}

/** Runs k-means synchronously. Throws KMeansInputError for unusable data or options. */
export function fit(m: FeatureMatrix, k: number, options: KMeansOptions = {}): KMeansResult {
  return runSteps(fitSteps(m, k, options));
}

/** Resolves after the event loop had a turn (lets a worker receive a cancel message). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs a stepped computation, giving the event loop a turn at least every `yieldEveryMs` of work
 * so progress and cancel messages are handled while it runs. Same result as runSteps().
 */
export async function runStepsAsync<T>(it: Generator<void, T>, yieldEveryMs = 20): Promise<T> {
  let last = performance.now();
  for (;;) {
    const s = it.next();
    if (s.done) return s.value;
    if (performance.now() - last >= yieldEveryMs) {
      await yieldToEventLoop();
      last = performance.now();
    }
  }
}

/**
 * Runs k-means, giving the event loop a turn at least every `yieldEveryMs` of work so progress and
 * cancel messages are handled while it runs (use in workers). Same result as fit().
 */
export async function fitAsync(
  m: FeatureMatrix,
  k: number,
  options: KMeansOptions = {},
  yieldEveryMs = 20,
): Promise<KMeansResult> {
  return runStepsAsync(fitSteps(m, k, options), yieldEveryMs);
}

/** Rows assigned to given centroids: labels, inertia and cluster sizes. */
export interface Assignment {
  /** Nearest centroid per row (ties: lowest index). */
  labels: Int32Array;
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
  /** Rows per centroid. */
  sizes: Int32Array;
}

/** Assigns every row to its nearest centroid (row-major k * d); chunk-ordered, deterministic. */
export function assign(m: FeatureMatrix, centroids: ArrayLike<number>, k: number): Assignment {
  if (!Number.isInteger(k) || k < 1) throw new KMeansInputError(`k = ${k} must be >= 1.`);
  const c = checkInit(centroids, k, m.d);
  const labels = new Int32Array(m.n);
  const wasm = WasmKMeans.create(m, k);
  const it = assignAll(m, c, k, labels, undefined, wasm);
  let s = it.next();
  while (!s.done) s = it.next();
  wasm?.release();
  return { labels, inertia: s.value, sizes: clusterSizes(labels, k) };
}
