/**
 * Applying what fits of a config made on other data: the features whose columns the loaded
 * customer table has, and the segments that use only those features. The fitted model is left
 * out (it was fitted on other data): the features are fitted again here, and the result says
 * what was left out, so the user sees it was applied in part.
 */
import type { FeatureDef, FeatureSpec } from '../features/spec';
import type { SegmentsConfig } from '../segment/config';
import type { SegmentDef } from '../segment/model';
import { leavesWithPaths } from '../segment/condition-tree';

/** The part of a config that fits, and what was left out. */
export interface PartialFit {
  features: FeatureSpec;
  segmentation: SegmentsConfig;
  droppedFeatures: string[];
  droppedSegments: string[];
}

/** A feature that reads a customer-table column fits when the loaded data has that column. */
const featureFits = (f: FeatureDef, columns: ReadonlySet<string>): boolean =>
  f.column === undefined || columns.has(f.column);

/** Feature ids a transformed column name comes from (`plan`, `plan__basic`, `age__missing`). */
const fromFeature = (column: string, ids: readonly string[]): boolean =>
  ids.some((id) => column === id || column.startsWith(`${id}__`));

function segmentFeatures(s: SegmentDef): string[] {
  const d = s.definition;
  if (d.kind === 'rule') return leavesWithPaths(d.when).map((l) => l.leaf.feature);
  if (d.kind === 'cluster') return [...d.features, ...(d.categorical?.features ?? [])];
  return [];
}

/**
 * Keeps the features whose column is among `columns` (features of transactions are kept: they
 * read roles, not names), and the segments whose every feature is kept.
 */
export function partialFit(
  features: FeatureSpec,
  segmentation: SegmentsConfig,
  columns: readonly string[],
): PartialFit {
  const have = new Set(columns);
  const kept = features.features.filter((f) => featureFits(f, have));
  const ids = kept.map((f) => f.id);
  const droppedFeatures = features.features.filter((f) => !featureFits(f, have)).map((f) => f.id);
  const droppedSegments: string[] = [];
  const keep = (segs: SegmentDef[]) =>
    segs.filter((s) => {
      const ok = segmentFeatures(s).every((c) => fromFeature(c, ids));
      if (!ok) droppedSegments.push(s.name);
      return ok;
    });
  const clusterFeatures = segmentation.clusters.features.filter((c) => fromFeature(c, ids));
  const categorical = segmentation.clusters.categorical?.filter((c) => fromFeature(c, ids));
  return {
    features: { ...features, features: kept },
    segmentation: {
      ...segmentation,
      rfm: { ...segmentation.rfm, segments: segmentation.rfm.segments },
      rules: { segments: keep(segmentation.rules.segments) },
      clusters: {
        ...segmentation.clusters,
        features: clusterFeatures,
        ...(categorical ? { categorical } : {}),
        segments: keep(segmentation.clusters.segments),
      },
    },
    droppedFeatures,
    droppedSegments,
  };
}
