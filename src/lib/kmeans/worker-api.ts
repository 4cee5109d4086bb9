/**
 * What workers/kmeans.worker.ts exposes over comlink. The contract lives in lib so the pool client
 * can type its remotes without importing the worker (lib never imports workers), and the worker
 * is checked against it.
 */
import type { PrototypesOptions, PrototypesProgress, PrototypesResult } from './prototypes';
import type { PrototypesSweepEntry, PrototypesSweepOptions } from './prototypes-sweep';
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
  /**
   * Takes ownership of a mixed matrix (as createMixedMatrix; transfer `num` and `cat` with
   * Comlink.transfer). Independent of the numeric matrix of `load`.
   */
  loadMixed(
    num: Float32Array,
    cat: Int32Array,
    n: number,
    dn: number,
    dc: number,
    levels: number[],
    numColumns?: string[],
    catColumns?: string[],
  ): void;
  /** Fits k-prototypes on the loaded mixed matrix; the typed arrays are transferred back. */
  fitPrototypes(
    job: number,
    k: number,
    options?: PrototypesOptions,
    onProgress?: (p: PrototypesProgress) => void,
  ): Promise<PrototypesResult>;
  /** Fits and scores one k of a mixed sweep on the loaded mixed matrix. */
  sweepOnePrototypes(
    job: number,
    k: number,
    options?: PrototypesSweepOptions,
    onProgress?: (p: PrototypesProgress) => void,
  ): Promise<PrototypesSweepEntry>;
  /** Asks the running call with this job id to stop at its next chunk boundary. */
  cancel(job: number): void;
}
