/** Pure edits of cluster segments: building them from centroids, moving and splitting them. */
import {
  assignClusters,
  assignMixedClusters,
  clusterCentroids,
  countBuckets,
  reassignMoved,
} from './pipeline';
import { nameClusters } from './naming';
import { nextUnusedColor, paletteColor } from './palette';
import type { NumericColumn, SegmentDef } from './model';
import { profileSegments } from './profile';
import { fittedCategories, isMixed, type CategorySpace } from './prototypes';
import { categoryWords } from './category-names';

/** The categorical side of a k-prototypes fit: modes as codes (row-major k x dc), and gamma. */
export interface FittedCategories {
  cat: Int32Array;
  space: CategorySpace;
  gamma: number;
}

/** The data cluster names are read from: the clustering matrix, and raw feature columns by name. */
export interface NamingData {
  /** Row-major n x d clustering matrix (transformed values). */
  matrix: Float32Array;
  n: number;
  /** Raw (untransformed) feature columns; a clustering column without one is read from `matrix`. */
  raw: Readonly<Record<string, NumericColumn>>;
  /** Each row's nearest centroid (see `nearestCentroids`). */
  assignment: Int32Array;
}

/** Each row's nearest of k centroids (row-major k x d), cluster c owning centroid c. */
export function nearestCentroids(
  matrix: Float32Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
): Int32Array {
  const owner = Int32Array.from({ length: k }, (_, c) => c);
  return assignClusters(matrix, n, d, { centroids, owner, k });
}

/**
 * Each cluster's members' mean of every clustering feature (row-major k x d) with the overall
 * mean and sd, in raw units where there is a raw column: what the profile heat map shows.
 */
function memberMeans(
  k: number,
  columns: readonly string[],
  data: NamingData,
): { means: Float64Array; mean: Float64Array; sd: Float64Array } {
  const d = columns.length;
  const values: Record<string, NumericColumn> = {};
  columns.forEach((c, j) => {
    values[c] =
      data.raw[c] ?? Float64Array.from({ length: data.n }, (_, i) => data.matrix[i * d + j]);
  });
  const p = profileSegments(values, data.assignment, k);
  const means = new Float64Array(k * d);
  p.segments.forEach((seg, c) => columns.forEach((f, j) => (means[c * d + j] = seg.mean[f])));
  return {
    means,
    mean: Float64Array.from(columns, (f) => p.overallMean[f]),
    sd: Float64Array.from(columns, (f) => p.overallSd[f]),
  };
}

/**
 * One segment per centroid (row-major k x d). Names say what sets each cluster apart: with
 * `data`, from its members' means against everyone's in raw units, so a name agrees with the
 * profile heat map (a rank-transformed centroid above the others can still be a cluster whose
 * mean spend is below average); without, from the centroids themselves.
 */
export function clusterSegmentsFrom(
  centroids: Float64Array,
  k: number,
  d: number,
  columns: readonly string[],
  data?: NamingData,
  categories?: FittedCategories,
): SegmentDef[] {
  const features = columns.map((id) => ({ id }));
  let names = data
    ? (() => {
        const m = memberMeans(k, columns, data);
        return nameClusters(m.means, k, features, { mean: m.mean, sd: m.sd });
      })()
    : nameClusters(centroids, k, features);
  if (categories && data)
    names = categoryWords(categories.cat, categories.space, k, data.assignment, names);
  return names.map((name, c) => ({
    id: `cluster-${c + 1}`,
    name,
    color: paletteColor(c),
    definition: {
      kind: 'cluster',
      features: columns.slice(),
      centroids: [Array.from(centroids.subarray(c * d, (c + 1) * d))],
      ...(categories
        ? { categorical: fittedCategories(categories.cat, c, categories.space, categories.gamma) }
        : {}),
    },
  }));
}

/**
 * The generated names of k segments (segment c = assignment value c) from their members' means
 * against everyone's, as `clusterSegmentsFrom` names them.
 */
export function generatedNames(k: number, columns: readonly string[], data: NamingData): string[] {
  const m = memberMeans(k, columns, data);
  return nameClusters(
    m.means,
    k,
    columns.map((id) => ({ id })),
    { mean: m.mean, sd: m.sd },
  );
}

/**
 * Names after an edit that moved members: a segment still under its generated name takes the new
 * generated one (names follow the members); a name the user gave stays, and so does every name
 * when the generated ones did not change. A new name that another segment already has is skipped.
 */
export function followGeneratedNames(
  segs: readonly SegmentDef[],
  before: readonly string[],
  after: readonly string[],
): SegmentDef[] {
  if (before.length !== segs.length || after.length !== segs.length) return segs.slice();
  const next = segs.map((s, i) => (s.name === before[i] ? after[i] : s.name));
  const taken = new Map<string, number>();
  for (const n of next) taken.set(n.toLowerCase(), (taken.get(n.toLowerCase()) ?? 0) + 1);
  return segs.map((s, i) =>
    next[i] !== s.name && (taken.get(next[i].toLowerCase()) ?? 0) === 1
      ? { ...s, name: next[i] }
      : s,
  );
}

/** The segments with the first centroid of segment `id` replaced. */
export function withMovedCentroid(
  segs: readonly SegmentDef[],
  id: string,
  centroid: number[],
): SegmentDef[] {
  return segs.map((s) =>
    s.id === id && s.definition.kind === 'cluster'
      ? {
          ...s,
          definition: {
            ...s.definition,
            centroids: [centroid, ...s.definition.centroids.slice(1)],
          },
        }
      : s,
  );
}

/** Rows of a row-major matrix copied into their own matrix, in the order given. */
export function gatherRows(matrix: Float32Array, d: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++)
    out.set(matrix.subarray(rows[i] * d, (rows[i] + 1) * d), i * d);
  return out;
}

/** The categories of the rows given, in that order (a sample's, a cluster's members'). */
export function gatherCategories(space: CategorySpace, rows: ArrayLike<number>): CategorySpace {
  const { dc } = space;
  const cat = new Int32Array(rows.length * dc);
  for (let i = 0; i < rows.length; i++)
    cat.set(space.cat.subarray(rows[i] * dc, (rows[i] + 1) * dc), i * dc);
  return { ...space, cat };
}

const singleCentroid = (segs: readonly SegmentDef[]) =>
  segs.every((s) => s.definition.kind === 'cluster' && s.definition.centroids.length === 1);

/**
 * Exact assignment after segment `id`'s centroid moved, from `previous` (the assignment before
 * the move) when every segment has one centroid; otherwise a full nearest-centroid pass (always
 * for k-prototypes clusters, whose categories `cats` holds for the same rows).
 */
export function assignAfterMove(
  matrix: Float32Array,
  n: number,
  columns: readonly string[],
  segs: readonly SegmentDef[],
  id: string,
  previous: Int32Array | null,
  cats?: CategorySpace,
): { assignment: Int32Array; counts: Int32Array } {
  const d = columns.length;
  const cc = clusterCentroids(segs, d, columns);
  const assignment = isMixed(segs)
    ? assignMixedClusters({ matrix, d, columns: columns.slice() }, cats, n, segs, cc)
    : previous && previous.length === n && singleCentroid(segs)
      ? reassignMoved(
          matrix,
          n,
          d,
          cc,
          segs.findIndex((s) => s.id === id),
          previous,
        )
      : assignClusters(matrix, n, d, cc);
  return { assignment, counts: countBuckets(assignment, segs.length) };
}

/** The two halves that replace segment `at` after re-clustering its members with k = 2. */
export function splitHalves(
  segs: readonly SegmentDef[],
  at: number,
  centroids: Float64Array,
  d: number,
  columns: readonly string[],
  newId: string,
  categories?: FittedCategories,
): SegmentDef[] {
  const seg = segs[at];
  const used = segs.map((s) => s.color);
  const halves: SegmentDef[] = [0, 1].map((h) => ({
    id: h === 0 ? seg.id : newId,
    name: `${seg.name} ${h === 0 ? 'A' : 'B'}`,
    color: h === 0 ? seg.color : nextUnusedColor(used),
    definition: {
      kind: 'cluster',
      features: columns.slice(),
      centroids: [Array.from(centroids.subarray(h * d, (h + 1) * d))],
      ...(categories
        ? { categorical: fittedCategories(categories.cat, h, categories.space, categories.gamma) }
        : {}),
    },
  }));
  return [...segs.slice(0, at), ...halves, ...segs.slice(at + 1)];
}
