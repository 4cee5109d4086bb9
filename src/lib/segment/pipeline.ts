/**
 * From config + feature columns to an assignment, for all three methods. Deterministic: the same
 * data and config give the same Int32Array everywhere. The last bucket (index = segments.length)
 * collects customers no segment takes ("Others" / "Everyone else"); clusters have none.
 */
import { featureLabel } from './feature-label';
import type { SegmentDef, NumericColumn } from './model';
import { quintileCuts, RFM_OTHERS, type RfmCuts } from './rfm';
import { assignRules, EVERYONE_ELSE, type FeatureFrame, type Rule } from './rules';
import { RfmLive } from '../live/rfm';
import type { SegmentsConfig } from './config';
import { SegmentError } from './error';
import {
  assignMixed,
  categoricalPrototypes,
  isMixed,
  mixedMatrix,
  type CategorySpace,
} from './prototypes';

/** What the methods read. */
export interface SegmentInputs {
  n: number;
  /** Raw feature columns by name (rules, profiles). */
  columns: Record<string, NumericColumn>;
  /** Raw recency, frequency and monetary, when the features include them. */
  rfm?: { r: NumericColumn; f: NumericColumn; m: NumericColumn };
  /** The frozen model's quintile cut-points of those three (re-applying never refits them). */
  rfmQuintiles?: RfmCuts;
  /**
   * Categories kept as levels: each such column's labels, and its codes (-1 = missing) for rules.
   * In `columns` the same column holds the codes as numbers (NaN = missing).
   */
  categories?: { levels: Record<string, readonly string[]>; codes: Record<string, Int32Array> };
  /** Transformed features, row-major, with their column names (clusters). */
  cluster?: { matrix: Float32Array; d: number; columns: string[] };
  /** The categories clustered on beside them (k-prototypes), when any is chosen. */
  clusterCategories?: CategorySpace;
}

/** An assignment and its counts; `counts` has one more entry than segments (the rest bucket). */
export interface SegmentResult {
  assignment: Int32Array;
  counts: Int32Array;
  /** Label of the rest bucket, or null when the method has none. */
  restLabel: string | null;
  /** RFM only: the cut-points used (quintiles unless the user set them). */
  cuts?: RfmCuts;
}

export { SegmentError } from './error';

/** Counts assignment values 0..k (k = rest bucket); UNASSIGNED is not counted. */
export function countBuckets(assignment: Int32Array, k: number): Int32Array {
  const counts = new Int32Array(k + 1);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0) counts[a]++;
  }
  return counts;
}

/** Sum of `values` per bucket 0..k (NaN values and UNASSIGNED rows left out). */
export function bucketSums(assignment: Int32Array, values: NumericColumn, k: number): Float64Array {
  const sums = new Float64Array(k + 1);
  for (let i = 0; i < assignment.length; i++) {
    const s = assignment[i];
    const v = values[i];
    if (s >= 0 && v === v) sums[s] += v;
  }
  return sums;
}

/**
 * Resolves the RFM cut-points: the user's where set, elsewhere the model's quintiles (fitted once,
 * with the features), or quintiles of these values when there is no model.
 */
export function rfmCuts(inputs: SegmentInputs, cuts: Partial<RfmCuts>): RfmCuts {
  const v = inputs.rfm;
  if (!v)
    throw new SegmentError(
      'RFM needs recency, frequency and monetary features: add them in the Features step.',
      'cuts',
    );
  const q = inputs.rfmQuintiles;
  return {
    r: cuts.r ?? q?.r ?? quintileCuts(v.r),
    f: cuts.f ?? q?.f ?? quintileCuts(v.f),
    m: cuts.m ?? q?.m ?? quintileCuts(v.m),
  };
}

/** What rules read: numbers as they are, categories kept as levels as codes with their labels. */
export function ruleFrame(inputs: Pick<SegmentInputs, 'columns' | 'categories'>): FeatureFrame {
  const cats = inputs.categories;
  if (!cats) return { columns: inputs.columns as FeatureFrame['columns'] };
  return {
    columns: { ...(inputs.columns as FeatureFrame['columns']), ...cats.codes },
    categories: cats.levels,
  };
}

/** Rule segments as the rules engine's list. */
export function segmentRules(segments: readonly SegmentDef[]): Rule[] {
  return segments.map((s) => {
    if (s.definition.kind !== 'rule')
      throw new SegmentError(`Segment "${s.name}" is not a rule.`, 'rules');
    return { id: s.id, name: s.name, when: s.definition.when };
  });
}

/** True when clusters saved over `saved` features (none recorded: any) apply to `columns`. */
export function savedFeaturesMatch(saved: readonly string[], columns: readonly string[]): boolean {
  return saved.length === 0 || saved.join('\u0000') === columns.join('\u0000');
}

/**
 * Throws when clusters saved over `saved` (the features they were found on) would be read over
 * other `columns`: their coordinates would be taken for the wrong features. Centroids saved
 * without names are only checked for their length.
 */
function checkSavedFeatures(saved: readonly string[], columns: readonly string[]): void {
  if (savedFeaturesMatch(saved, columns)) return;
  throw new SegmentError(
    `The clusters were found on ${saved.map(featureLabel).join(', ')}, not on ${columns.map(featureLabel).join(', ')}: run k-means again, or tick the features they were found on.`,
    'features',
  );
}

/**
 * Cluster centroids flattened row-major with the owning segment of each. With `columns` (the
 * clustering features, in matrix order) each segment's saved features must be the same.
 */
export function clusterCentroids(
  segments: readonly SegmentDef[],
  d: number,
  columns?: readonly string[],
): { centroids: Float64Array; owner: Int32Array; k: number } {
  const list: { c: number[]; owner: number }[] = [];
  segments.forEach((s, owner) => {
    if (s.definition.kind !== 'cluster')
      throw new SegmentError(`Segment "${s.name}" is not a cluster.`, 'method');
    if (columns) checkSavedFeatures(s.definition.features, columns);
    for (const c of s.definition.centroids) list.push({ c, owner });
  });
  const centroids = new Float64Array(list.length * d);
  list.forEach(({ c }, i) => {
    if (c.length !== d) {
      throw new SegmentError(
        'The saved centroids do not match the clustering features: run k-means again.',
        'features',
      );
    }
    centroids.set(c, i * d);
  });
  return { centroids, owner: Int32Array.from(list.map((x) => x.owner)), k: list.length };
}

/** Nearest centroid for every row, mapped to its owning segment; NaN coordinates are skipped. */
export function assignClusters(
  matrix: Float32Array,
  n: number,
  d: number,
  cc: { centroids: Float64Array; owner: Int32Array; k: number },
  out: Int32Array = new Int32Array(n),
): Int32Array {
  const { centroids, owner, k } = cc;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    const row = i * d;
    for (let c = 0; c < k; c++) {
      const dist = sqDist(matrix, row, centroids, c * d, d);
      if (dist < bestD) {
        bestD = dist;
        best = c;
      }
    }
    out[i] = owner[best];
  }
  return out;
}

function sqDistSkipNaN(
  matrix: Float32Array,
  row: number,
  centroids: Float64Array,
  at: number,
  d: number,
): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = matrix[row + j] - centroids[at + j];
    if (diff === diff) dist += diff * diff;
  }
  return dist;
}

/**
 * `sqDistSkipNaN` without a test per coordinate: the same sum in the same order when no
 * coordinate is NaN, and a NaN (so the skipping version) otherwise.
 */
function sqDist(
  matrix: Float32Array,
  row: number,
  centroids: Float64Array,
  at: number,
  d: number,
): number {
  let dist = 0;
  for (let j = 0; j < d; j++) {
    const diff = matrix[row + j] - centroids[at + j];
    dist += diff * diff;
  }
  return dist === dist ? dist : sqDistSkipNaN(matrix, row, centroids, at, d);
}

/**
 * Exact reassignment after centroid `moved` changed, from the assignment of the previous
 * centroids (one centroid per segment). A row outside the moved cluster can only stay or join the
 * moved one, so it costs two distances instead of k; only the moved cluster's rows are scanned
 * fully. Same arithmetic and lowest-index tie-break as `assignClusters`, so the same result.
 */
export function reassignMoved(
  matrix: Float32Array,
  n: number,
  d: number,
  cc: { centroids: Float64Array; owner: Int32Array; k: number },
  moved: number,
  previous: Int32Array,
  out: Int32Array = new Int32Array(n),
): Int32Array {
  const { centroids, k } = cc;
  const movedAt = moved * d;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    const cur = previous[i];
    if (cur !== moved && cur >= 0 && cur < k) {
      // Both distances in one pass over the row, as sqDist would add them; any NaN coordinate
      // makes a sum NaN, and then both are redone skipping NaN.
      const curAt = cur * d;
      let dCur = 0;
      let dMoved = 0;
      for (let j = 0; j < d; j++) {
        const x = matrix[row + j];
        const a = x - centroids[curAt + j];
        const b = x - centroids[movedAt + j];
        dCur += a * a;
        dMoved += b * b;
      }
      if (dCur !== dCur || dMoved !== dMoved) {
        dCur = sqDistSkipNaN(matrix, row, centroids, curAt, d);
        dMoved = sqDistSkipNaN(matrix, row, centroids, movedAt, d);
      }
      out[i] = dMoved < dCur || (dMoved === dCur && moved < cur) ? moved : cur;
      continue;
    }
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = sqDist(matrix, row, centroids, c * d, d);
      if (dist < bestD) {
        bestD = dist;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Runs the config's method over the inputs. Throws SegmentError naming the control to fix. */
export function assignSegments(cfg: SegmentsConfig, inputs: SegmentInputs): SegmentResult {
  if (cfg.method === 'rfm') {
    const cuts = rfmCuts(inputs, cfg.rfm.cuts);
    const live = new RfmLive(inputs.rfm!, cuts, cfg.rfm.segments);
    return { assignment: live.assignment, counts: live.counts, restLabel: RFM_OTHERS, cuts };
  }
  if (cfg.method === 'rules') {
    const frame = ruleFrame(inputs);
    const assignment = assignRules(
      segmentRules(cfg.rules.segments),
      frame,
      new Int32Array(inputs.n),
    );
    return {
      assignment,
      counts: countBuckets(assignment, cfg.rules.segments.length),
      restLabel: EVERYONE_ELSE,
    };
  }
  const c = inputs.cluster;
  const segs = cfg.clusters.segments;
  if (!c)
    throw new SegmentError(
      'Compute features first: clusters are found in the feature table.',
      'features',
    );
  if (segs.length === 0) throw new SegmentError('Run k-means to create clusters.', 'k');
  const cc = clusterCentroids(segs, c.d, c.columns);
  const assignment = isMixed(segs)
    ? assignMixedClusters(c, inputs.clusterCategories, inputs.n, segs, cc)
    : assignClusters(c.matrix, inputs.n, c.d, cc);
  return { assignment, counts: countBuckets(assignment, segs.length), restLabel: null };
}

/** k-prototypes clusters: the nearest prototype on numbers and categories, per segment. */
export function assignMixedClusters(
  num: NonNullable<SegmentInputs['cluster']>,
  cats: CategorySpace | undefined,
  n: number,
  segs: readonly SegmentDef[],
  cc: { centroids: Float64Array; owner: Int32Array; k: number } = clusterCentroids(
    segs,
    num.d,
    num.columns,
  ),
): Int32Array {
  const { cat, gamma } = categoricalPrototypes(segs, cats);
  const m = mixedMatrix(num, cats!, n);
  return assignMixed(m, { num: cc.centroids, cat, owner: cc.owner, k: cc.k }, gamma);
}
