/**
 * From config + feature columns to an assignment, for all three methods. Deterministic: the same
 * data and config give the same Int32Array everywhere. The last bucket (index = segments.length)
 * collects customers no segment takes ("Others" / "Everyone else"); clusters have none.
 */
import { UNASSIGNED, type SegmentDef, type NumericColumn } from './model';
import { cellIndex, inBox, quintileCuts, scoreDimension, RFM_OTHERS, type RfmCuts } from './rfm';
import { assignRules, EVERYONE_ELSE, type FeatureFrame, type Rule } from './rules';
import { ValueBuckets } from './buckets';
import type { SegmentsConfig } from './config';

/** What the methods read. */
export interface SegmentInputs {
  n: number;
  /** Raw feature columns by name (rules, profiles). */
  columns: Record<string, NumericColumn>;
  /** Raw recency, frequency and monetary, when the features include them. */
  rfm?: { r: NumericColumn; f: NumericColumn; m: NumericColumn };
  /** Transformed features, row-major, with their column names (clusters). */
  cluster?: { matrix: Float32Array; d: number; columns: string[] };
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

/** A problem that stops a method; `control` says which control the UI shows it next to. */
export class SegmentError extends Error {
  constructor(
    message: string,
    readonly control: 'method' | 'features' | 'k' | 'rules' | 'cuts',
  ) {
    super(message);
    this.name = 'SegmentError';
  }
}

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

/** Resolves the RFM cut-points: the user's where set, quintiles elsewhere. */
export function rfmCuts(inputs: SegmentInputs, cuts: Partial<RfmCuts>): RfmCuts {
  const v = inputs.rfm;
  if (!v)
    throw new SegmentError(
      'RFM needs recency, frequency and monetary features: add them in the Features step.',
      'method',
    );
  return {
    r: cuts.r ?? quintileCuts(v.r),
    f: cuts.f ?? quintileCuts(v.f),
    m: cuts.m ?? quintileCuts(v.m),
  };
}

/** The 125-cell lookup from score cell to owning segment (first match wins; merged = several boxes). */
export function rfmOwnerTable(segments: readonly SegmentDef[]): Int32Array {
  const table = new Int32Array(125).fill(segments.length);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++) {
        const owner = segments.findIndex(
          (s) => s.definition.kind === 'rfm' && s.definition.boxes.some((b) => inBox(b, r, f, m)),
        );
        if (owner >= 0) table[cellIndex(r, f, m)] = owner;
      }
  return table;
}

/**
 * Live RFM: keeps the 1-5 scores so dragging one cut-point costs one rescoring pass of that
 * dimension plus one table lookup per customer, with no allocation.
 */
export class RfmLive {
  readonly scores: { r: Uint8Array; f: Uint8Array; m: Uint8Array };
  readonly assignment: Int32Array;
  counts: Int32Array;
  /** Total monetary value per bucket, summed in the same pass as the counts. */
  sums: Float64Array;
  private owner: Int32Array;
  private buckets: Partial<Record<'r' | 'f' | 'm', ValueBuckets>> = {};

  constructor(
    private readonly values: { r: NumericColumn; f: NumericColumn; m: NumericColumn },
    public cuts: RfmCuts,
    private segments: readonly SegmentDef[],
  ) {
    const n = values.r.length;
    this.scores = {
      r: scoreDimension(values.r, cuts.r, true),
      f: scoreDimension(values.f, cuts.f, false),
      m: scoreDimension(values.m, cuts.m, false),
    };
    this.assignment = new Int32Array(n);
    this.owner = rfmOwnerTable(segments);
    this.sums = new Float64Array(segments.length + 1);
    this.counts = this.lookup();
  }

  /**
   * Moves one dimension's cut-points. When one cut moved, only customers whose value lies
   * between its old and new place change score: they are found through a bucket index and
   * counts and sums are updated in place. Anything else rescored in one pass.
   */
  setCuts(dim: 'r' | 'f' | 'm', cuts: number[]): Int32Array {
    const old = this.cuts[dim];
    const changed = cuts.map((c, j) => c !== old[j]);
    this.cuts = { ...this.cuts, [dim]: cuts.slice() };
    if (changed.filter(Boolean).length === 1) {
      const j = changed.indexOf(true);
      this.rescoreRange(dim, Math.min(old[j], cuts[j]), Math.max(old[j], cuts[j]));
      return this.counts;
    }
    scoreDimension(this.values[dim], cuts, dim === 'r', this.scores[dim]);
    return (this.counts = this.lookup());
  }

  /** Builds a dimension's bucket index ahead of a drag, so the first move does not pay for it. */
  prepare(dim: 'r' | 'f' | 'm'): void {
    this.buckets[dim] ??= new ValueBuckets(this.values[dim]);
  }

  private rescoreRange(dim: 'r' | 'f' | 'm', lo: number, hi: number): void {
    this.prepare(dim);
    const index = this.buckets[dim]!;
    const [c0, c1, c2, c3] = this.cuts[dim];
    const descending = dim === 'r';
    const { r, f, m } = this.scores;
    const score = this.scores[dim];
    const values = this.values[dim];
    const money = this.values.m;
    const a = this.assignment;
    const owner = this.owner;
    const counts = this.counts;
    const sums = this.sums;
    index.forRange(lo, hi, (i) => {
      const v = values[i];
      const k = (c0 < v ? 1 : 0) + (c1 < v ? 1 : 0) + (c2 < v ? 1 : 0) + (c3 < v ? 1 : 0);
      const next = descending ? 5 - k : 1 + k;
      if (next === score[i]) return;
      score[i] = next;
      const from = a[i];
      if (from < 0) return; // another dimension is missing: stays unassigned
      const to = owner[(r[i] - 1) * 25 + (f[i] - 1) * 5 + (m[i] - 1)];
      if (to === from) return;
      a[i] = to;
      counts[from]--;
      counts[to]++;
      sums[from] -= money[i];
      sums[to] += money[i];
    });
  }

  /** Replaces the segment boxes (edit, merge, reorder). */
  setSegments(segments: readonly SegmentDef[]): Int32Array {
    this.segments = segments;
    this.owner = rfmOwnerTable(segments);
    return (this.counts = this.lookup());
  }

  private lookup(): Int32Array {
    const { r, f, m } = this.scores;
    const money = this.values.m;
    const a = this.assignment;
    const owner = this.owner;
    const counts = new Int32Array(this.segments.length + 1);
    const sums = new Float64Array(this.segments.length + 1);
    for (let i = 0; i < a.length; i++) {
      const ri = r[i];
      const fi = f[i];
      const mi = m[i];
      if (ri === 0 || fi === 0 || mi === 0) {
        a[i] = UNASSIGNED;
        continue;
      }
      const s = owner[(ri - 1) * 25 + (fi - 1) * 5 + (mi - 1)];
      a[i] = s;
      counts[s]++;
      sums[s] += money[i];
    }
    this.sums = sums;
    return counts;
  }
}

/** Rule segments as the rules engine's list. */
export function segmentRules(segments: readonly SegmentDef[]): Rule[] {
  return segments.map((s) => {
    if (s.definition.kind !== 'rule')
      throw new SegmentError(`Segment "${s.name}" is not a rule.`, 'rules');
    return { id: s.id, name: s.name, when: s.definition.when };
  });
}

/** Cluster centroids flattened row-major with the owning segment of each. */
export function clusterCentroids(
  segments: readonly SegmentDef[],
  d: number,
): { centroids: Float64Array; owner: Int32Array; k: number } {
  const list: { c: number[]; owner: number }[] = [];
  segments.forEach((s, owner) => {
    if (s.definition.kind !== 'cluster')
      throw new SegmentError(`Segment "${s.name}" is not a cluster.`, 'method');
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
      const dist = sqDistSkipNaN(matrix, row, centroids, c * d, d);
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
      const dCur = sqDistSkipNaN(matrix, row, centroids, cur * d, d);
      const dMoved = sqDistSkipNaN(matrix, row, centroids, movedAt, d);
      out[i] = dMoved < dCur || (dMoved === dCur && moved < cur) ? moved : cur;
      continue;
    }
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const dist = sqDistSkipNaN(matrix, row, centroids, c * d, d);
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
    const frame: FeatureFrame = { columns: inputs.columns as FeatureFrame['columns'] };
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
  const assignment = assignClusters(c.matrix, inputs.n, c.d, clusterCentroids(segs, c.d));
  return { assignment, counts: countBuckets(assignment, segs.length), restLabel: null };
}
