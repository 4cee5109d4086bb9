/** Option and result shapes shared by the k-means files. */

/** Which k-means variant to run. */
export type KMeansAlgorithm = 'hamerly' | 'lloyd' | 'minibatch';

/** Reported after every iteration (mini-batch: every 10 batches). */
export interface KMeansProgress {
  /** 0-based restart index (of nInit). */
  run: number;
  /** 1-based iteration within the restart. */
  iteration: number;
  /** Sum of squared distances of rows to their assigned centre in this iteration. */
  inertia: number;
}

/** Options for {@link fit}; every field is optional. */
export interface KMeansOptions {
  /** Seed for k-means++ and mini-batch sampling (default 0). */
  seed?: number;
  /** Restarts from different k-means++ seeds; the lowest inertia wins (default 1, ignored with given centroids). */
  nInit?: number;
  /** Maximum iterations per restart (default 300; mini-batch: number of batches, default 100 * ceil(n / batchSize) capped at 1000). */
  maxIter?: number;
  /** Relative tolerance: stop when total squared centre shift <= tol * mean feature variance (default 1e-4). */
  tol?: number;
  /** 'hamerly' (default, exact, same result as 'lloyd'), 'lloyd', or 'minibatch' (approximate, for very large n). */
  algorithm?: KMeansAlgorithm;
  /** Initial centroids, row-major k * d; when given, k-means++ is skipped. */
  init?: ArrayLike<number>;
  /** k-means++ candidates per centre (default 2 + floor(ln k), as scikit-learn). */
  nLocalTrials?: number;
  /** Mini-batch size (default 1024). */
  batchSize?: number;
  /** Mini-batch: stop after this many batches without improvement of the smoothed inertia (default 10). */
  maxNoImprovement?: number;
  /** Accept constant columns instead of throwing (they add nothing to distances). */
  allowConstantColumns?: boolean;
  /** Called after each iteration. */
  onProgress?: (p: KMeansProgress) => void;
  /** Polled between chunks of rows; returning true aborts the fit with KMeansCancelledError. */
  shouldStop?: () => boolean;
}

/** A fitted clustering. */
export interface KMeansResult {
  /** Cluster index per row. */
  labels: Int32Array;
  /** Row-major k * d centroids (Float64). */
  centroids: Float64Array;
  /** Number of clusters. */
  k: number;
  /** Number of features. */
  d: number;
  /** Rows per cluster. */
  sizes: Int32Array;
  /** Sum of squared distances of rows to their centroid (with the final labels and centroids). */
  inertia: number;
  /** Iterations of the winning restart. */
  iterations: number;
  /** True if the winning restart met the tolerance (or labels stopped changing) before maxIter. */
  converged: boolean;
  /** The algorithm used. */
  algorithm: KMeansAlgorithm;
}

/** Thrown by a fit whose `shouldStop` returned true. */
export class KMeansCancelledError extends Error {
  constructor() {
    super('k-means was cancelled');
    this.name = 'KMeansCancelledError';
  }
}
