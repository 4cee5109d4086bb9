/**
 * The full-batch k-means loop shared by Lloyd and Hamerly: chunked E-step, chunk-ordered
 * reduction, deterministic empty-cluster relocation, scikit-learn's convergence rules.
 */
import {
  addPartial,
  assignChunk,
  chunkCount,
  chunkRange,
  createPartial,
  lloydChunk,
  resetPartial,
  type ChunkPartial,
} from './chunks';
import { halfSeparation, hamerlyChunk, loosening, SAFE } from './hamerly';
import { KMeansCancelledError, type KMeansProgress } from './types';
import type { WasmKMeans } from './wasm';
import { sqDist, type FeatureMatrix } from './matrix';

/** Outcome of one restart. */
export interface RunResult {
  /** Labels consistent with `centroids`. */
  labels: Int32Array;
  /** Final k * d centroids. */
  centroids: Float64Array;
  /** Inertia of `labels` against `centroids`. */
  inertia: number;
  /** Iterations run. */
  iterations: number;
  /** Whether labels stopped changing or the centre shift fell under the tolerance. */
  converged: boolean;
}

/** Settings for one full-batch restart. */
export interface RunSettings {
  /** Use Hamerly bounds (exact) instead of plain Lloyd. */
  hamerly: boolean;
  /** Iteration cap. */
  maxIter: number;
  /** Absolute tolerance on the total squared centre shift. */
  tolAbs: number;
  /** Restart index, for progress reports. */
  run: number;
  /** Progress callback. */
  onProgress?: (p: KMeansProgress) => void;
  /** Cancellation poll (per chunk). */
  shouldStop?: () => boolean;
  /** WebAssembly workspace for this matrix and k (same results, faster), if available. */
  wasm?: WasmKMeans | null;
}

/**
 * Moves each empty cluster onto the row farthest from its assigned (old) centre, taking rows in
 * decreasing distance (ties: lowest row) and never emptying the donor cluster. Labels are not
 * changed (as scikit-learn); the next E-step picks the move up. Returns the number relocated.
 */
export function relocateEmptyClusters(
  m: FeatureMatrix,
  oldC: Float64Array,
  labels: Int32Array,
  total: ChunkPartial,
): number {
  const { data: X, n, d } = m;
  const { sums, counts } = total;
  const k = counts.length;
  let moved = 0;
  let dist2: Float64Array | null = null;
  for (let j = 0; j < k; j++) {
    if (counts[j] > 0) continue;
    if (!dist2) {
      dist2 = new Float64Array(n);
      for (let i = 0; i < n; i++) dist2[i] = sqDist(X, i, oldC, labels[i], d);
    }
    let far = -1;
    let farD = -1;
    for (let i = 0; i < n; i++) {
      if (dist2[i] > farD && counts[labels[i]] > 1) {
        farD = dist2[i];
        far = i;
      }
    }
    if (far < 0) break;
    dist2[far] = -2;
    const a = labels[far];
    for (let t = 0; t < d; t++) {
      sums[a * d + t] -= X[far * d + t];
      sums[j * d + t] = X[far * d + t];
    }
    counts[a]--;
    counts[j] = 1;
    moved++;
  }
  return moved;
}

/** M-step: centre = sum / count; a still-empty centre keeps its previous position. */
export function centresFromTotals(total: ChunkPartial, prev: Float64Array, out: Float64Array) {
  const { sums, counts } = total;
  const d = sums.length / counts.length;
  for (let j = 0; j < counts.length; j++) {
    const c = counts[j];
    for (let t = 0; t < d; t++) out[j * d + t] = c > 0 ? sums[j * d + t] / c : prev[j * d + t];
  }
}

/** Labels every row with its nearest centre, chunk by chunk; returns the inertia. */
export function* assignAll(
  m: FeatureMatrix,
  C: ArrayLike<number>,
  k: number,
  labels: Int32Array,
  shouldStop?: () => boolean,
  wasm?: WasmKMeans | null,
): Generator<void, number> {
  let inertia = 0;
  wasm?.centres(C);
  for (let c = 0; c < chunkCount(m.n); c++) {
    const [s, e] = chunkRange(c, m.n);
    inertia += wasm ? wasm.assign(s, e) : assignChunk(m.data, m.d, C, k, s, e, labels);
    if (shouldStop?.()) throw new KMeansCancelledError();
    yield;
  }
  if (wasm) labels.set(wasm.labels);
  return inertia;
}

/** One full-batch restart from `init` (k * d). Yields between chunks so callers can interleave. */
export function* runFullBatch(
  m: FeatureMatrix,
  init: Float64Array,
  k: number,
  s: RunSettings,
): Generator<void, RunResult> {
  const { data: X, n, d } = m;
  let C = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const w = s.wasm;
  // k-means++ in this workspace already found every row's nearest centre for `init`.
  const seeded = !!w && w.seededFor === init;
  const labels = w ? w.labels : new Int32Array(n).fill(-1);
  if (w && !seeded) labels.fill(-1);
  const lower = s.hamerly ? (w ? w.lower : new Float64Array(n)) : null;
  const halfSep = w ? w.halfSep : new Float64Array(k);
  const shift = new Float64Array(k);
  const total = createPartial(k, d);
  const part = createPartial(k, d);
  const nChunks = chunkCount(n);
  let converged = false;
  let strict = false;
  let iter = 0;
  while (iter < s.maxIter) {
    iter++;
    if (lower) halfSeparation(C, k, d, halfSep);
    resetPartial(total);
    w?.centres(C);
    const loosen = loosening(shift);
    for (let c = 0; c < nChunks; c++) {
      const [a, b] = chunkRange(c, n);
      if (seeded && iter === 1) w.seeded(a, b, part);
      else if (w && lower && iter > 1) w.hamerly(a, b, loosen, SAFE, part);
      else if (w) w.lloyd(a, b, !!lower, part);
      else if (lower)
        hamerlyChunk(X, d, C, k, a, b, labels, lower, halfSep, iter === 1 ? null : shift, part);
      else lloydChunk(X, d, C, k, a, b, labels, part);
      addPartial(total, part);
      if (s.shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    relocateEmptyClusters(m, C, labels, total);
    centresFromTotals(total, C, next);
    let shiftTot = 0;
    for (let j = 0; j < k; j++) {
      const p = sqDist(C, j, next, j, d);
      shift[j] = Math.sqrt(p);
      shiftTot += p;
    }
    s.onProgress?.({ run: s.run, iteration: iter, inertia: total.inertia });
    [C, next] = [next, C];
    if (total.changed === 0) {
      converged = strict = true;
      break;
    }
    if (shiftTot <= s.tolAbs) {
      converged = true;
      break;
    }
  }
  // Labels must match the returned centres, as in scikit-learn's final E-step. Hamerly's bounds
  // make it cheap and give the same labels and chunk-ordered inertia as assignAll.
  let inertia = total.inertia;
  if (!strict && lower) {
    halfSeparation(C, k, d, halfSep);
    resetPartial(total);
    w?.centres(C);
    const loosen = loosening(shift);
    for (let c = 0; c < nChunks; c++) {
      const [a, b] = chunkRange(c, n);
      if (w) w.hamerly(a, b, loosen, SAFE, part);
      else hamerlyChunk(X, d, C, k, a, b, labels, lower, halfSep, shift, part);
      total.inertia += part.inertia;
      if (s.shouldStop?.()) throw new KMeansCancelledError();
      yield;
    }
    inertia = total.inertia;
  } else if (!strict) {
    inertia = yield* assignAll(m, C, k, labels, s.shouldStop, w);
  }
  return {
    labels: w ? labels.slice() : labels,
    centroids: C,
    inertia,
    iterations: iter,
    converged,
  };
}
