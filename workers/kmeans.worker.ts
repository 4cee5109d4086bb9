/**
 * k-means worker: a thin comlink wrapper over src/lib/kmeans. Load the matrix once per worker
 * with `load`, then run `fit` / `sweepOne` on it. Cancellation is cooperative: the
 * fit yields to the event loop every ~20 ms, so a `cancel(job)` message is seen between chunks
 * and the running call rejects with a KMeansCancelledError-named error well within 100 ms
 * (SharedArrayBuffer is not required). Terminating the worker is the fallback.
 */
import * as Comlink from 'comlink';
import { fitAsync, type KMeansOptions } from '../src/lib/kmeans/kmeans';
import type { KMeansProgress, KMeansResult } from '../src/lib/kmeans/types';
import { createMatrix, type FeatureMatrix } from '../src/lib/kmeans/matrix';
import type { SilhouetteSample } from '../src/lib/kmeans/silhouette';
import type { KMeansWorkerApi } from '../src/lib/kmeans/worker-api';
import {
  sweepOneAsync,
  sweepSample,
  type SweepEntry,
  type SweepOptions,
} from '../src/lib/kmeans/sweep';

let matrix: FeatureMatrix | null = null;
// The silhouette sample of the loaded matrix, shared by every k of a sweep.
let sample: SilhouetteSample | null = null;
const cancelled = new Set<number>();

function loaded(): FeatureMatrix {
  if (!matrix) throw new Error('kmeans worker: call load(data, n, d) before fitting.');
  return matrix;
}

function withJob<T extends KMeansOptions>(
  job: number,
  options: T,
  onProgress?: (p: KMeansProgress) => void,
): T {
  return { ...options, onProgress, shouldStop: () => cancelled.has(job) };
}

/** The functions the worker exposes, as src/lib/kmeans/worker-api.ts describes them. */
const api = {
  /** Takes ownership of a row-major n x d matrix (transfer `data` with Comlink.transfer). */
  load(data: Float32Array, n: number, d: number, columns?: string[]): void {
    matrix = createMatrix(data, n, d, columns);
    sample = null;
  },
  /** Fits k-means on the loaded matrix; labels and centroids are transferred back. */
  async fit(
    job: number,
    k: number,
    options: KMeansOptions = {},
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<KMeansResult> {
    try {
      const r = await fitAsync(loaded(), k, withJob(job, options, onProgress));
      return Comlink.transfer(r, [r.labels.buffer, r.centroids.buffer, r.sizes.buffer]);
    } finally {
      cancelled.delete(job);
    }
  },
  /** Fits and scores one k of a sweep on the loaded matrix. */
  async sweepOne(
    job: number,
    k: number,
    options: SweepOptions = {},
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<SweepEntry> {
    try {
      const m = loaded();
      sample = sweepSample(m, options, sample);
      return await sweepOneAsync(m, k, withJob(job, options, onProgress), sample);
    } finally {
      cancelled.delete(job);
    }
  },
  /** Asks the running call with this job id to stop at its next chunk boundary. */
  cancel(job: number): void {
    cancelled.add(job);
  },
} satisfies KMeansWorkerApi;

Comlink.expose(api);
