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
  /** The next best choice and why it came second, when the sweep had another k. */
  runnerUp?: { k: number; reason: string };
}

/** The k range campaigns can use: fewer is rarely actionable, more is hard to tell apart. */
export const USEFUL_K: readonly [number, number] = [3, 10];
/** How much higher a silhouette outside USEFUL_K must be to be recommended anyway. */
export const CLEAR_MARGIN = 0.1;

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

/** The smallest k whose silhouette is within 0.02 of the best among `entries`. */
function simplestNearBest(entries: readonly SweepEntry[]): SweepEntry {
  const best = argBest(entries, (e) => e.silhouette);
  return [...entries]
    .sort((a, b) => a.k - b.k)
    .find((e) => e.silhouette >= best.silhouette - 0.02) as SweepEntry;
}

/**
 * Recommends a k within USEFUL_K (3-10) unless a k outside it has a clearly higher silhouette
 * (by CLEAR_MARGIN): there, the smallest k whose silhouette is within 0.02 of the best (near-ties
 * go to the simpler segmentation). Explains whether Calinski-Harabasz and Davies-Bouldin agree
 * (when the entries have them: mixed-data sweeps do not), and names the runner-up with why it
 * came second.
 */
export function recommendK(entries: readonly SweepEntry[]): Recommendation {
  const valid = entries.filter((e) => Number.isFinite(e.silhouette));
  if (valid.length === 0) throw new KMeansInputError('No k with a finite silhouette to compare.');
  const bestAll = argBest(valid, (e) => e.silhouette);
  const useful = valid.filter((e) => e.k >= USEFUL_K[0] && e.k <= USEFUL_K[1]);
  const bestUseful = useful.length ? argBest(useful, (e) => e.silhouette) : null;
  const clear = !bestUseful || bestAll.silhouette - bestUseful.silhouette >= CLEAR_MARGIN;
  const pool = clear ? valid : useful;
  const pick = simplestNearBest(pool);
  const bestSil = argBest(pool, (e) => e.silhouette);
  const range = `${USEFUL_K[0]}-${USEFUL_K[1]}`;
  const parts = [
    pick.k === bestSil.k
      ? `k = ${pick.k} has the highest silhouette (${fmt(pick.silhouette)})${clear ? '' : ` of k = ${range}`}`
      : `k = ${pick.k} has a silhouette of ${fmt(pick.silhouette)}, within 0.02 of the best (${fmt(bestSil.silhouette)} at k = ${bestSil.k}), and fewer segments are easier to act on`,
  ];
  if (clear && useful.length && (pick.k < USEFUL_K[0] || pick.k > USEFUL_K[1]))
    parts.push(
      `it is outside the usual ${range} because its silhouette is clearly higher (by ${CLEAR_MARGIN} or more) than any k there`,
    );
  // Mixed-data sweeps have no Calinski-Harabasz or Davies-Bouldin (NaN): nothing to compare.
  if (valid.some((e) => Number.isFinite(e.calinskiHarabasz) || Number.isFinite(e.daviesBouldin))) {
    parts.push(indicesAgreement(valid, pick.k));
  }
  const weak = Array.from(pick.silhouettePerCluster).filter((s) => s < 0).length;
  if (weak > 0) parts.push(`${weak} segment(s) have a negative mean silhouette (poorly separated)`);
  if (bestSil.silhouette < 0.25) parts.push('all silhouettes are low, so segments overlap a lot');
  return { k: pick.k, reason: parts.join('; ') + '.', runnerUp: runnerUp(valid, pick, clear) };
}

/** The second choice: the best silhouette among the other k, and why it was not the first. */
function runnerUp(
  valid: readonly SweepEntry[],
  pick: SweepEntry,
  clear: boolean,
): Recommendation['runnerUp'] {
  const others = valid.filter((e) => e.k !== pick.k);
  if (!others.length) return undefined;
  const second = argBest(others, (e) => e.silhouette);
  const sil = `silhouette ${fmt(second.silhouette)} against ${fmt(pick.silhouette)}`;
  const outside = second.k < USEFUL_K[0] || second.k > USEFUL_K[1];
  let why: string;
  if (outside && !clear && second.silhouette > pick.silhouette)
    why =
      second.k < USEFUL_K[0]
        ? `${sil}, but only ${second.k} segments are rarely useful for campaigns, and the margin is small`
        : `${sil}, but ${second.k} segments are hard to tell apart and act on, and the margin is small`;
  else if (second.silhouette > pick.silhouette)
    why = `${sil}: within 0.02, so the simpler segmentation came first`;
  else why = `${sil}: the next best separation`;
  return { k: second.k, reason: `k = ${second.k}: ${why}.` };
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
