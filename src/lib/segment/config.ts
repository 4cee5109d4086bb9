/**
 * The segmentation part of the studio config: plain JSON and the unit of undo/redo. It holds the
 * segment definitions themselves (RFM boxes, rule conditions, cluster centroids), so renames,
 * merges and centroid moves are config edits, and a shared config reproduces the segments
 * exactly without re-running k-means.
 */
import { DEFAULT_RFM_RULES, type RfmCuts } from './rfm';
import type { SegmentDef } from './model';
import { paletteColor } from './palette';

/** The three ways to segment. */
export type Method = 'rfm' | 'rules' | 'clusters';

/** k-means / k-prototypes settings. */
export interface ClusterSettings {
  /** Feature-table columns clustered on (transformed values). */
  features: string[];
  /**
   * Categories kept as levels clustered on with k-prototypes (compared, never averaged); none or
   * absent: k-means on `features` alone.
   */
  categorical?: string[];
  /** Weight of one category mismatch; absent: half the mean sd of the numeric features. */
  gamma?: number;
  k: number;
  seed: number;
  nInit: number;
  /** Range of k the sweep tries. */
  sweep: [number, number];
}

/**
 * Which raw feature columns RFM scores as recency (smaller = better), frequency and monetary.
 * Unset: the features of kind recency, frequency and monetary.
 */
export type RfmColumns = Partial<Record<'r' | 'f' | 'm', string>>;

/** The segmentation config; each method keeps its own segments so switching back loses nothing. */
export interface SegmentsConfig {
  method: Method;
  rfm: { cuts: Partial<RfmCuts>; segments: SegmentDef[]; columns?: RfmColumns };
  rules: { segments: SegmentDef[] };
  clusters: ClusterSettings & { segments: SegmentDef[] };
}

/** Smallest and largest k the studio allows. */
export const K_MIN = 2;
export const K_MAX = 50;
/** Largest weight of a category mismatch the studio accepts. */
export const GAMMA_MAX = 1e6;
/** Most k-means restarts per run. */
export const N_INIT_MAX = 100;

/**
 * Why a k-means setting typed by the user is refused (null when it is fine): k from K_MIN to
 * K_MAX, restarts from 1 to N_INIT_MAX, a seed from 0 to 2^32 - 1, all whole numbers. A blank
 * field arrives as NaN.
 */
export function clusterParamError(
  param: 'k' | 'seed' | 'nInit' | 'gamma',
  value: number,
): string | null {
  if (param === 'gamma')
    return Number.isFinite(value) && value > 0 && value <= GAMMA_MAX
      ? null
      : `The weight of a category must be a number above 0 and at most ${GAMMA_MAX.toLocaleString('en')}.`;
  const [lo, hi, what] =
    param === 'k'
      ? [K_MIN, K_MAX, 'k']
      : param === 'nInit'
        ? [1, N_INIT_MAX, 'Restarts']
        : [0, 2 ** 32 - 1, 'The seed'];
  if (Number.isInteger(value) && value >= lo && value <= hi) return null;
  return `${what} must be a whole number from ${lo} to ${hi.toLocaleString('en')}.`;
}

/** The standard RFM segments as segment definitions, coloured from the palette. */
export function defaultRfmSegments(): SegmentDef[] {
  return DEFAULT_RFM_RULES.map((r, i) => ({
    id: r.id,
    name: r.name,
    color: paletteColor(i),
    definition: { kind: 'rfm', boxes: [{ r: [...r.r], f: [...r.f], m: [...r.m] }] },
  }));
}

/** The starting config: RFM with the standard segments and quintile cut-points. */
export function defaultSegmentsConfig(): SegmentsConfig {
  return {
    method: 'rfm',
    rfm: { cuts: {}, segments: defaultRfmSegments() },
    rules: { segments: [] },
    clusters: { features: [], k: 4, seed: 42, nInit: 4, sweep: [2, 8], segments: [] },
  };
}

/** The segments of the config's current method. */
export function currentSegments(cfg: SegmentsConfig): SegmentDef[] {
  return cfg[cfg.method].segments;
}

/** A copy of the config with the current method's segments replaced. */
export function withSegments(cfg: SegmentsConfig, segments: SegmentDef[]): SegmentsConfig {
  return { ...cfg, [cfg.method]: { ...cfg[cfg.method], segments } };
}
