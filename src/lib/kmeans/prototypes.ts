/**
 * k-prototypes entry point (Huang 1998): k-means on the numeric columns and k-modes on the
 * categorical ones, one mismatch weighing gamma. Validation, nInit restarts (lowest cost wins),
 * and sync and async drivers. Deterministic: the same matrix, k and options give identical labels
 * and prototypes on every machine (seeded sfc32 only, sums in row order, no hash-order iteration).
 */
import { createRng } from '../random';
import { clusterSizes, runSteps, runStepsAsync } from './kmeans';
import { defaultLocalTrials } from './init';
import { KMeansInputError } from './matrix';
import { checkGamma, checkPrototypes } from './mixed-distance';
import {
  defaultGamma,
  globalModes,
  numericVariance,
  validateForPrototypes,
  type MixedMatrix,
} from './mixed';
import { seedPrototypes } from './prototypes-init';
import { createFitSpace } from './prototypes-space';
import { runPrototypes, type PrototypesProgress, type PrototypesRun } from './prototypes-run';

export type { PrototypesProgress } from './prototypes-run';

/** Options for {@link fitPrototypes}; every field is optional. */
export interface PrototypesOptions {
  /** Seed of the k-means++-style seeding (default 0). */
  seed?: number;
  /** Restarts from different seedings; the lowest cost wins (default 1, ignored with `init`). */
  nInit?: number;
  /** Maximum iterations per restart (default 300). */
  maxIter?: number;
  /**
   * Relative tolerance: stop when no code changed and the total squared numeric shift is at most
   * tol * mean numeric variance (default 1e-4; 0: only when no label changes).
   */
  tol?: number;
  /** Weight of one categorical mismatch (default: defaultGamma of the matrix). */
  gamma?: number;
  /** Starting prototypes (k * dn numbers, k * dc codes); when given, seeding is skipped. */
  init?: { num: ArrayLike<number>; cat: ArrayLike<number> };
  /** 'hamerly' (default: bounds skip most scans, same result) or 'lloyd' (scan every row). */
  algorithm?: 'hamerly' | 'lloyd';
  /** Called after each iteration. */
  onProgress?: (p: PrototypesProgress) => void;
  /** Polled between chunks of rows; returning true aborts with KMeansCancelledError. */
  shouldStop?: () => boolean;
}

/** A fitted k-prototypes clustering. */
export interface PrototypesResult {
  /** Prototype index per row. */
  labels: Int32Array;
  /** Row-major k * dn numeric prototypes (member means). */
  num: Float64Array;
  /** Row-major k * dc categorical prototypes (member modes, never -1). */
  cat: Int32Array;
  k: number;
  dn: number;
  dc: number;
  /** The gamma used (given, or the default). */
  gamma: number;
  /** Sum of distances of rows to their assigned prototype (final labels and prototypes). */
  cost: number;
  /** Rows per prototype. */
  sizes: Int32Array;
  /** Iterations of the winning restart. */
  iterations: number;
  /** True if the winning restart stopped by the labels or the tolerance before maxIter. */
  converged: boolean;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new KMeansInputError(`Option ${name} = ${v} must be a positive integer.`);
  }
  return v;
}

/** The fit as a generator yielding between chunks of rows; drive it with fitPrototypes(Async). */
export function* fitPrototypesSteps(
  m: MixedMatrix,
  k: number,
  options: PrototypesOptions = {},
): Generator<void, PrototypesResult> {
  validateForPrototypes(m, k);
  const algorithm = options.algorithm ?? 'hamerly';
  if (algorithm !== 'hamerly' && algorithm !== 'lloyd') {
    throw new KMeansInputError(`Unknown algorithm '${algorithm}'; use 'hamerly' or 'lloyd'.`);
  }
  const variance = numericVariance(m);
  const gamma = checkGamma(options.gamma ?? defaultGamma(m, variance));
  const init = options.init ? checkPrototypes(m, options.init, k) : undefined;
  const nInit = init ? 1 : positiveInt('nInit', options.nInit ?? 1);
  const maxIter = positiveInt('maxIter', options.maxIter ?? 300);
  const tol = options.tol ?? 1e-4;
  if (!Number.isFinite(tol) || tol < 0) {
    throw new KMeansInputError(`Option tol = ${tol} must be a finite number >= 0.`);
  }
  const tolAbs = m.dn > 0 ? (tol * variance.reduce((a, b) => a + b, 0)) / m.dn : 0;
  const rng = createRng(options.seed ?? 0);
  const modes = globalModes(m);
  const { onProgress, shouldStop } = options;
  const trials = defaultLocalTrials(k);
  // One set of per-row arrays (one copy of the matrix, on the wasm path) serves every restart.
  const space = createFitSpace(m, k, trials, gamma);
  let best: PrototypesRun | null = null;
  try {
    for (let run = 0; run < nInit; run++) {
      const seeding = seedPrototypes(m, k, gamma, rng, modes, trials, space, shouldStop);
      const start = init ?? (yield* seeding);
      const settings = { gamma, hamerly: algorithm === 'hamerly', maxIter, tolAbs, run };
      const r = yield* runPrototypes(m, start, space, { ...settings, onProgress, shouldStop });
      if (!best || r.cost < best.cost) best = r;
    }
  } finally {
    space.wasm?.release();
  }
  const r = best as PrototypesRun;
  return { ...r, k, dn: m.dn, dc: m.dc, gamma, sizes: clusterSizes(r.labels, k) };
}

/** Runs k-prototypes synchronously. Throws KMeansInputError for unusable data or options. */
export function fitPrototypes(
  m: MixedMatrix,
  k: number,
  options: PrototypesOptions = {},
): PrototypesResult {
  return runSteps(fitPrototypesSteps(m, k, options));
}

/**
 * Runs k-prototypes, giving the event loop a turn at least every `yieldEveryMs` of work so
 * progress and cancel messages are handled (use in workers). Same result as fitPrototypes().
 */
export async function fitPrototypesAsync(
  m: MixedMatrix,
  k: number,
  options: PrototypesOptions = {},
  yieldEveryMs = 20,
): Promise<PrototypesResult> {
  return runStepsAsync(fitPrototypesSteps(m, k, options), yieldEveryMs);
}
