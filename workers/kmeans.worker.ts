/**
 * k-means worker: a thin comlink wrapper over src/lib/kmeans. Load the matrix once per worker
 * with `load` (numeric) or `loadMixed` (numeric + categorical), then run `fit` / `sweepOne` or
 * `fitPrototypes` / `sweepOnePrototypes` on it. Cancellation is cooperative: the fits yield to the
 * event loop every ~20 ms, so a `cancel(job)` message is seen between chunks and the running call
 * rejects with a KMeansCancelledError-named error well within 100 ms (SharedArrayBuffer is not
 * required). Terminating the worker is the fallback.
 */
import * as Comlink from 'comlink';
import { fitAsync, type KMeansOptions } from '../src/lib/kmeans/kmeans';
import type { GowerSample } from '../src/lib/kmeans/gower';
import type { KMeansProgress, KMeansResult } from '../src/lib/kmeans/types';
import { createMatrix, type FeatureMatrix } from '../src/lib/kmeans/matrix';
import { createMixedMatrix, type MixedMatrix } from '../src/lib/kmeans/mixed';
import {
  fitPrototypesAsync,
  type PrototypesOptions,
  type PrototypesProgress,
  type PrototypesResult,
} from '../src/lib/kmeans/prototypes';
import {
  prototypesSweepSample,
  sweepOnePrototypesAsync,
  type PrototypesSweepEntry,
  type PrototypesSweepOptions,
} from '../src/lib/kmeans/prototypes-sweep';
import type { SilhouetteSample } from '../src/lib/kmeans/silhouette';
import type { KMeansWorkerApi } from '../src/lib/kmeans/worker-api';
import { setNearestCodegen } from '../src/lib/kmeans/kernels';
import { setMixedCodegen } from '../src/lib/kmeans/mixed-kernels';

// No generated code here either: a deployment's Content-Security-Policy (without 'unsafe-eval')
// may govern workers too. The fits run in WebAssembly; the JavaScript kernels left are the plain
// ones, the same arithmetic.
setNearestCodegen(false);
setMixedCodegen(false);
import {
  sweepOneAsync,
  sweepSample,
  type SweepEntry,
  type SweepOptions,
} from '../src/lib/kmeans/sweep';

let matrix: FeatureMatrix | null = null;
// The silhouette sample of the loaded matrix, shared by every k of a sweep.
let sample: SilhouetteSample | null = null;
let mixed: MixedMatrix | null = null;
// The Gower sample (and its pairwise distances) of the loaded mixed matrix.
let mixedSample: GowerSample | null = null;
const cancelled = new Set<number>();

function loaded(): FeatureMatrix {
  if (!matrix) throw new Error('kmeans worker: call load(data, n, d) before fitting.');
  return matrix;
}

function loadedMixed(): MixedMatrix {
  if (!mixed) throw new Error('kmeans worker: call loadMixed(...) before fitting k-prototypes.');
  return mixed;
}

function withJob<T extends KMeansOptions | PrototypesOptions, P>(
  job: number,
  options: T,
  onProgress?: (p: P) => void,
): T {
  return { ...options, onProgress, shouldStop: () => cancelled.has(job) };
}

/** Runs one job and forgets its cancel flag, however it ends. */
async function run<T>(job: number, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } finally {
    cancelled.delete(job);
  }
}

/** The functions the worker exposes, as src/lib/kmeans/worker-api.ts describes them. */
const api = {
  /** Takes ownership of a row-major n x d matrix (transfer `data` with Comlink.transfer). */
  load(data: Float32Array, n: number, d: number, columns?: string[]): void {
    matrix = createMatrix(data, n, d, columns);
    sample = null;
  },
  /** Fits k-means on the loaded matrix; labels and centroids are transferred back. */
  fit(
    job: number,
    k: number,
    options: KMeansOptions = {},
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<KMeansResult> {
    return run(job, async () => {
      const r = await fitAsync(loaded(), k, withJob(job, options, onProgress));
      return Comlink.transfer(r, [r.labels.buffer, r.centroids.buffer, r.sizes.buffer]);
    });
  },
  /** Fits and scores one k of a sweep on the loaded matrix. */
  sweepOne(
    job: number,
    k: number,
    options: SweepOptions = {},
    onProgress?: (p: KMeansProgress) => void,
  ): Promise<SweepEntry> {
    return run(job, () => {
      const m = loaded();
      sample = sweepSample(m, options, sample);
      return sweepOneAsync(m, k, withJob(job, options, onProgress), sample);
    });
  },
  /** Takes ownership of a mixed matrix (transfer `num` and `cat` with Comlink.transfer). */
  loadMixed(
    num: Float32Array,
    cat: Int32Array,
    n: number,
    dn: number,
    dc: number,
    levels: number[],
    numColumns?: string[],
    catColumns?: string[],
  ): void {
    mixed = createMixedMatrix(num, cat, n, dn, dc, levels, numColumns, catColumns);
    mixedSample = null;
  },
  /** Fits k-prototypes on the loaded mixed matrix; the typed arrays are transferred back. */
  fitPrototypes(
    job: number,
    k: number,
    options: PrototypesOptions = {},
    onProgress?: (p: PrototypesProgress) => void,
  ): Promise<PrototypesResult> {
    return run(job, async () => {
      const r = await fitPrototypesAsync(loadedMixed(), k, withJob(job, options, onProgress));
      return Comlink.transfer(r, [r.labels.buffer, r.num.buffer, r.cat.buffer, r.sizes.buffer]);
    });
  },
  /** Fits and scores one k of a mixed sweep on the loaded mixed matrix. */
  sweepOnePrototypes(
    job: number,
    k: number,
    options: PrototypesSweepOptions = {},
    onProgress?: (p: PrototypesProgress) => void,
  ): Promise<PrototypesSweepEntry> {
    return run(job, () => {
      const m = loadedMixed();
      mixedSample = prototypesSweepSample(m, options, mixedSample);
      return sweepOnePrototypesAsync(m, k, withJob(job, options, onProgress), mixedSample);
    });
  },
  /** Asks the running call with this job id to stop at its next chunk boundary. */
  cancel(job: number): void {
    cancelled.add(job);
  },
} satisfies KMeansWorkerApi;

Comlink.expose(api);
