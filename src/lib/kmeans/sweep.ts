/**
 * Choosing k: fit each k of a range and score it (inertia, sampled silhouette, Calinski-Harabasz,
 * Davies-Bouldin, per-cluster silhouette), then recommend one k with a reason a person can read.
 * `sweepOneAsync` scores a single k so a worker pool can spread the range over workers.
 */
import { fitAsync } from './kmeans';
import type { KMeansOptions, KMeansResult } from './types';
import { KMeansInputError, type FeatureMatrix } from './matrix';
import { clusterIndices } from './metrics';
import {
  sampledSilhouette,
  sampleFits,
  SILHOUETTE_SAMPLE,
  silhouetteSample,
  type SilhouetteSample,
} from './silhouette';

/** Scores of one k. */
export interface SweepEntry {
  /** Number of clusters. */
  k: number;
  /** Within-cluster sum of squares (lower is tighter; always falls as k grows). */
  inertia: number;
  /** Mean silhouette on the fixed-seed sample (higher is better). */
  silhouette: number;
  /** Mean silhouette per cluster on the sample (NaN if a cluster has no sampled row). */
  silhouettePerCluster: Float64Array;
  /** Calinski-Harabasz index on all rows (higher is better). */
  calinskiHarabasz: number;
  /** Davies-Bouldin index on all rows (lower is better). */
  daviesBouldin: number;
  /** Rows per cluster. */
  sizes: Int32Array;
  /** Iterations of the winning restart. */
  iterations: number;
  /** Row-major k * d centroids. */
  centroids: Float64Array;
}

/** Options for a sweep: k-means options plus the silhouette sample. */
export interface SweepOptions extends KMeansOptions {
  /** Rows for the silhouette (fixed-seed sample, default SILHOUETTE_SAMPLE). */
  sampleSize?: number;
  /** Seed of the silhouette sample (default 0; the same sample for every k). */
  sampleSeed?: number;
}

/** The recommended k and why. */
export interface Recommendation {
  /** Recommended number of clusters. */
  k: number;
  /** A sentence for the UI. */
  reason: string;
}

/**
 * The silhouette sample these options ask for: `cached` when it matches (the sample depends only on
 * the matrix, so every k of a sweep can share it), else a new one.
 */
export function sweepSample(
  m: FeatureMatrix,
  options: SweepOptions = {},
  cached?: SilhouetteSample | null,
): SilhouetteSample {
  const size = options.sampleSize ?? SILHOUETTE_SAMPLE;
  const seed = options.sampleSeed ?? 0;
  return cached && sampleFits(cached, m, size, seed) ? cached : silhouetteSample(m, size, seed);
}

/** Scores a finished fit: sampled silhouette, Calinski-Harabasz, Davies-Bouldin. */
export function scoreFit(
  m: FeatureMatrix,
  r: KMeansResult,
  options: SweepOptions = {},
  sample?: SilhouetteSample,
): SweepEntry {
  const k = r.k;
  const sil = sampledSilhouette(sweepSample(m, options, sample), r.labels, k);
  const indices = clusterIndices(m, r.labels, k);
  return {
    k,
    inertia: r.inertia,
    silhouette: sil.mean,
    silhouettePerCluster: sil.perCluster,
    calinskiHarabasz: indices.calinskiHarabasz,
    daviesBouldin: indices.daviesBouldin,
    sizes: r.sizes,
    iterations: r.iterations,
    centroids: r.centroids,
  };
}

const fmt = (x: number) => x.toFixed(Math.abs(x) >= 100 ? 0 : 2);

function argBest(entries: readonly SweepEntry[], score: (e: SweepEntry) => number): SweepEntry {
  let best = entries[0];
  for (const e of entries) if (score(e) > score(best)) best = e;
  return best;
}

/** Whether Calinski-Harabasz and Davies-Bouldin favour k too, as a phrase. */
function indicesAgreement(valid: readonly SweepEntry[], k: number): string {
  const ch = argBest(valid, (e) => e.calinskiHarabasz);
  const db = argBest(valid, (e) => -e.daviesBouldin);
  const agree = [ch.k === k ? 'Calinski-Harabasz' : '', db.k === k ? 'Davies-Bouldin' : '']
    .filter(Boolean)
    .join(' and ');
  return agree
    ? `${agree} also favour${agree.includes(' and ') ? '' : 's'} it`
    : `Calinski-Harabasz favours k = ${ch.k} and Davies-Bouldin k = ${db.k}, so the structure is not clear-cut`;
}

/**
 * Recommends the smallest k whose silhouette is within 0.02 of the best silhouette (near-ties go
 * to the simpler segmentation), and explains whether Calinski-Harabasz and Davies-Bouldin agree
 * (when the entries have them: mixed-data sweeps do not).
 */
export function recommendK(entries: readonly SweepEntry[]): Recommendation {
  const valid = entries.filter((e) => Number.isFinite(e.silhouette));
  if (valid.length === 0) throw new KMeansInputError('No k with a finite silhouette to compare.');
  const bestSil = argBest(valid, (e) => e.silhouette);
  const pick = [...valid]
    .sort((a, b) => a.k - b.k)
    .find((e) => e.silhouette >= bestSil.silhouette - 0.02) as SweepEntry;
  const parts = [
    pick.k === bestSil.k
      ? `k = ${pick.k} has the highest silhouette (${fmt(pick.silhouette)})`
      : `k = ${pick.k} has a silhouette of ${fmt(pick.silhouette)}, within 0.02 of the best (${fmt(bestSil.silhouette)} at k = ${bestSil.k}), and fewer segments are easier to act on`,
  ];
  // Mixed-data sweeps have no Calinski-Harabasz or Davies-Bouldin (NaN): nothing to compare.
  if (valid.some((e) => Number.isFinite(e.calinskiHarabasz) || Number.isFinite(e.daviesBouldin))) {
    parts.push(indicesAgreement(valid, pick.k));
  }
  const weak = Array.from(pick.silhouettePerCluster).filter((s) => s < 0).length;
  if (weak > 0) parts.push(`${weak} segment(s) have a negative mean silhouette (poorly separated)`);
  if (bestSil.silhouette < 0.25) parts.push('all silhouettes are low, so segments overlap a lot');
  return { k: pick.k, reason: parts.join('; ') + '.' };
}

/**
 * Fits and scores one k (the unit of work for a worker; `sample` as from sweepSample). The fit
 * gives the event loop a turn every ~20 ms, so a worker can be cancelled.
 */
export async function sweepOneAsync(
  m: FeatureMatrix,
  k: number,
  options: SweepOptions = {},
  sample?: SilhouetteSample,
): Promise<SweepEntry> {
  return scoreFit(m, await fitAsync(m, k, options), options, sample);
}
