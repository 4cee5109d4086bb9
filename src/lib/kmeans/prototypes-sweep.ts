/**
 * Choosing k for mixed data: fit k-prototypes for each k and score it with its cost (the elbow)
 * and the silhouette on the Gower-style distance of gower.ts. Calinski-Harabasz and Davies-Bouldin
 * are defined on Euclidean centroids and have no mixed-data meaning, so they are NaN here (the
 * k chart draws no line for them and recommendK leaves them out). `sweepOnePrototypesAsync` scores
 * one k so a worker pool can spread the range over workers.
 */
import { gowerSample, gowerSampleFits, gowerSilhouette, type GowerSample } from './gower';
import type { MixedMatrix } from './mixed';
import { fitPrototypesAsync, type PrototypesOptions, type PrototypesResult } from './prototypes';
import { SILHOUETTE_SAMPLE } from './silhouette';
import type { SweepEntry } from './sweep';

/** Scores of one k: a SweepEntry (inertia = cost, centroids = numeric prototypes) and more. */
export interface PrototypesSweepEntry extends SweepEntry {
  /** Sum of distances to the assigned prototype (the same number as `inertia`). */
  cost: number;
  /** The gamma used (the same for every k of a sweep unless given otherwise). */
  gamma: number;
  /** Row-major k * dn numeric prototypes (the same array as `centroids`). */
  num: Float64Array;
  /** Row-major k * dc categorical prototypes. */
  cat: Int32Array;
  /** Whether the winning restart converged before maxIter. */
  converged: boolean;
}

/** Options for a mixed sweep: k-prototypes options plus the silhouette sample. */
export interface PrototypesSweepOptions extends PrototypesOptions {
  /** Rows for the silhouette (fixed-seed sample, default SILHOUETTE_SAMPLE). */
  sampleSize?: number;
  /** Seed of the silhouette sample (default 0; the same sample for every k). */
  sampleSeed?: number;
}

/** The Gower sample these options ask for: `cached` when it matches, else a new one. */
export function prototypesSweepSample(
  m: MixedMatrix,
  options: PrototypesSweepOptions = {},
  cached?: GowerSample | null,
): GowerSample {
  const size = options.sampleSize ?? SILHOUETTE_SAMPLE;
  const seed = options.sampleSeed ?? 0;
  return cached && gowerSampleFits(cached, m, size, seed) ? cached : gowerSample(m, size, seed);
}

/** Scores a finished k-prototypes fit on the sample's Gower silhouette. */
export function scorePrototypes(
  m: MixedMatrix,
  r: PrototypesResult,
  options: PrototypesSweepOptions = {},
  sample?: GowerSample,
): PrototypesSweepEntry {
  const sil = gowerSilhouette(prototypesSweepSample(m, options, sample), r.labels, r.k);
  return {
    ...{ k: r.k, inertia: r.cost, silhouette: sil.mean, silhouettePerCluster: sil.perCluster },
    ...{ calinskiHarabasz: NaN, daviesBouldin: NaN, sizes: r.sizes, iterations: r.iterations },
    ...{ centroids: r.num, cost: r.cost, gamma: r.gamma, num: r.num, cat: r.cat },
    converged: r.converged,
  };
}

/**
 * Fits and scores one k (the unit of work for a worker; `sample` as from prototypesSweepSample).
 * The fit gives the event loop a turn every ~20 ms, so a worker can be cancelled.
 */
export async function sweepOnePrototypesAsync(
  m: MixedMatrix,
  k: number,
  options: PrototypesSweepOptions = {},
  sample?: GowerSample,
): Promise<PrototypesSweepEntry> {
  return scorePrototypes(m, await fitPrototypesAsync(m, k, options), options, sample);
}
