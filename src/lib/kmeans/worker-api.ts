/**
 * What workers/kmeans.worker.ts exposes over comlink. The contract lives in lib so the pool client
 * can type its remotes without importing the worker (lib never imports workers), and the worker
 * is checked against it.
 */
import type { SweepEntry, SweepOptions } from './sweep';
import type { KMeansOptions, KMeansProgress, KMeansResult } from './types';

/** The k-means worker's functions (wrap with `Comlink.wrap<KMeansWorkerApi>(worker)`). */
export interface KMeansWorkerApi {
  /** Takes ownership of a row-major n x d matrix (transfer `data` with Comlink.transfer). */
  load(data: Float32Array, n: number, d: number, columns?: string[]): void;
  /** Fits k-means on the loaded matrix; labels and centroids are transferred back. */
  fit(
    job: number,
    k: number,
    options?: KMeansOptions,
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<KMeansResult>;
  /** Fits and scores one k of a sweep on the loaded matrix. */
  sweepOne(
    job: number,
    k: number,
    options?: SweepOptions,
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<SweepEntry>;
  /** Asks the running call with this job id to stop at its next chunk boundary. */
  cancel(job: number): void;
}
