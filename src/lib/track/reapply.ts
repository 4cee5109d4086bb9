/**
 * A segmentation re-applied, frozen, to other data: the model's features (as-of date moved when
 * asked) with its fitted transforms and quintiles, then the config's segments. Nothing is
 * refitted, so the same data and date give the segmentation's own assignment.
 */
import type { Db } from '../db/types';
import { applyFrozenFeatures, featureColumns, featureMatrix } from '../features';
import type { FeatureSource } from '../features/source';
import { isIsoDate } from '../features/spec';
import type { FrozenModel } from '../config/schema';
import { currentSegments, type SegmentsConfig } from '../segment/config';
import { buildInputs, clusterSpace, withRfmColumns } from '../segment/inputs';
import { assignSegments } from '../segment/pipeline';
import { categorySpace } from '../segment/prototypes';
import { ident } from '../sql/quote';
import { TrackError } from './error';

/** Each customer's bucket under a frozen segmentation, and the buckets' labels. */
export interface FrozenAssignment {
  ids: string[];
  /** Index into `labels` (negative: in no segment). */
  assignment: Int32Array;
  /** Segment names, then the rest bucket's label when the method has one. */
  labels: string[];
  asOf: string;
}

/** The bucket labels of a segmentation: its segments' names, then the rest label if any. */
export function bucketLabels(cfg: SegmentsConfig, restLabel: string | null): string[] {
  const names = currentSegments(cfg).map((s) => s.name);
  return restLabel ? [...names, restLabel] : names;
}

/**
 * Segments the customers of `source` with `model` and `segmentation`, frozen, at `asOf` (default:
 * the model's own as-of date). Works in tables `<target>` and `<target>_raw`, dropped after.
 */
export async function segmentFrozen(
  db: Db,
  model: FrozenModel,
  segmentation: SegmentsConfig,
  source: FeatureSource,
  target: string,
  asOf?: string,
): Promise<FrozenAssignment> {
  if (asOf !== undefined && !isIsoDate(asOf))
    throw new TrackError(`“${asOf}” is not a date: write it as YYYY-MM-DD.`, 'migration');
  const spec = { ...model.spec, asOf: asOf ?? model.spec.asOf };
  try {
    const result = await applyFrozenFeatures(
      db,
      { spec, transforms: model.transforms },
      source,
      target,
    );
    const raw = await featureColumns(db, result.rawTable, result.rawColumns);
    const matrix = await featureMatrix(db, result.table, result.columns);
    const base = buildInputs(result, raw, matrix, model.quintiles);
    const inputs = {
      ...withRfmColumns(base, segmentation.rfm.columns ?? {}),
      cluster: clusterSpace(base, segmentation.clusters.features),
      clusterCategories: categorySpace(base, segmentation.clusters.categorical ?? []),
    };
    const r = assignSegments(segmentation, inputs);
    return {
      ids: [...base.ids],
      assignment: r.assignment,
      labels: bucketLabels(segmentation, r.restLabel),
      asOf: spec.asOf,
    };
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${ident(target)}`);
    await db.exec(`DROP TABLE IF EXISTS ${ident(`${target}_raw`)}`);
  }
}

/** An assignment as customer id -> bucket label (customers in no segment left out). */
export function labelMap(a: {
  ids: readonly string[];
  assignment: Int32Array;
  labels: readonly string[];
}): Map<string, string> {
  const out = new Map<string, string>();
  a.ids.forEach((id, i) => {
    const b = a.assignment[i];
    if (b >= 0 && b < a.labels.length) out.set(id, a.labels[b]);
  });
  return out;
}
