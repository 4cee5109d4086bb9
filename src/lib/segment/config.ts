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

/** k-means settings. */
export interface ClusterSettings {
  /** Feature-table columns clustered on (transformed values). */
  features: string[];
  k: number;
  seed: number;
  nInit: number;
  /** Range of k the sweep tries. */
  sweep: [number, number];
}

/** The segmentation config; each method keeps its own segments so switching back loses nothing. */
export interface SegmentsConfig {
  method: Method;
  rfm: { cuts: Partial<RfmCuts>; segments: SegmentDef[] };
  rules: { segments: SegmentDef[] };
  clusters: ClusterSettings & { segments: SegmentDef[] };
}

/** Smallest and largest k the studio allows. */
export const K_MIN = 2;
export const K_MAX = 50;

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
