/**
 * RFM scoring and the standard named RFM segments.
 *
 * Scores: each dimension gets four cut-points, by default the 20/40/60/80 % quantiles of its
 * non-missing values using quantile type 7 (linear interpolation between order statistics, the
 * definition of d3.quantile and R's default). With k = the number of cut-points strictly below a
 * value, frequency and monetary score `1 + k` and recency scores `5 - k` (fewer days = more
 * recent = higher score). So a value equal to a cut-point always falls in the lower-value bin,
 * which is deterministic and independent of row order. A missing (NaN) input scores 0 and the
 * customer is left UNASSIGNED.
 */
import {
  UNASSIGNED,
  type NumericColumn,
  type RfmBox,
  type ScoreRange,
  type SegmentDef,
} from './model';

/** One named RFM segment rule: a box in the 5x5x5 score grid. First matching rule wins. */
export interface RfmRule extends RfmBox {
  id: string;
  name: string;
}

/** Four ascending cut-points per dimension. */
export interface RfmCuts {
  r: number[];
  f: number[];
  m: number[];
}

/** Scores 1-5 per customer and dimension (0 = missing input), plus the cut-points used. */
export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  cuts: RfmCuts;
}

/** The result of applying rules to scores. Index `rules.length` is the "Others" bucket. */
export interface RfmAssignment {
  assignment: Int32Array;
  /** Length `rules.length + 1`; the last entry is Others. */
  counts: Int32Array;
  others: number;
  /** Customers with a missing input, left UNASSIGNED. */
  missing: number;
}

const rule = (id: string, name: string, r: ScoreRange, f: ScoreRange, m: ScoreRange): RfmRule => ({
  id,
  name,
  r,
  f,
  m,
});

/** The default segments, in precedence order (the table). */
export const DEFAULT_RFM_RULES: readonly RfmRule[] = Object.freeze([
  rule('champions', 'Champions', [5, 5], [5, 5], [5, 5]),
  rule('potential-loyalist', 'Potential Loyalist', [3, 5], [3, 5], [2, 5]),
  rule('loyal-customers', 'Loyal Customers', [2, 4], [2, 4], [2, 4]),
  rule('promising', 'Promising', [3, 4], [1, 3], [3, 5]),
  rule('new-customers', 'New Customers', [4, 5], [1, 3], [1, 5]),
  rule('cant-lose-them', "Can't Lose Them", [1, 2], [3, 4], [4, 5]),
  rule('at-risk', 'At Risk', [1, 2], [2, 5], [4, 5]),
  rule('need-attention', 'Need Attention', [1, 3], [3, 5], [3, 5]),
  rule('about-to-sleep', 'About To Sleep', [2, 3], [1, 3], [1, 4]),
  rule('lost', 'Lost', [1, 1], [1, 5], [1, 5]),
]);

/** Name of the bucket for customers no rule matches. */
export const RFM_OTHERS = 'Others';

/** Quantile type 7 of ascending-sorted finite values (NaN when empty). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The 20/40/60/80 % type-7 quantiles of the non-missing values. */
export function quintileCuts(values: NumericColumn): number[] {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) finite[n++] = v;
  }
  const sorted = finite.subarray(0, n).sort();
  return [0.2, 0.4, 0.6, 0.8].map((p) => quantileSorted(sorted, p));
}

/**
 * The 1-5 score of a value against ascending cuts c0..c3: `1 + k`, or `5 - k` when `descending`
 * (recency), where k = cut-points strictly below the value. Scalar arguments: it runs in the hot
 * loops of a drag, where V8 inlines it.
 */
export function scoreOf(
  v: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  descending: boolean,
): number {
  const k = (c0 < v ? 1 : 0) + (c1 < v ? 1 : 0) + (c2 < v ? 1 : 0) + (c3 < v ? 1 : 0);
  return descending ? 5 - k : 1 + k;
}

/**
 * Scores one dimension into `out` (allocated when absent): `1 + k` or, with `descending` (recency),
 * `5 - k`, where k = cut-points strictly below the value. One pass; used by live cut dragging.
 */
export function scoreDimension(
  values: NumericColumn,
  cuts: readonly number[],
  descending: boolean,
  out: Uint8Array = new Uint8Array(values.length),
): Uint8Array {
  checkCuts(cuts);
  const [c0, c1, c2, c3] = cuts;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      out[i] = 0;
      continue;
    }
    out[i] = scoreOf(v, c0, c1, c2, c3, descending);
  }
  return out;
}

/** Throws unless `cuts` holds four ascending cut-points. */
export function checkCuts(cuts: readonly number[]): void {
  if (cuts.length !== 4) throw new Error(`RFM cut-points: expected 4, got ${cuts.length}`);
  for (let i = 1; i < 4; i++) {
    if (!(cuts[i] >= cuts[i - 1]))
      throw new Error(`RFM cut-points must ascend: ${cuts.join(', ')}`);
  }
}

/** Scores recency (days; smaller = better), frequency and monetary; `cuts` overrides quintiles. */
export function rfmScores(
  recency: NumericColumn,
  frequency: NumericColumn,
  monetary: NumericColumn,
  cuts: Partial<RfmCuts> = {},
): RfmScores {
  const n = recency.length;
  if (frequency.length !== n || monetary.length !== n) {
    throw new Error('rfmScores: recency, frequency and monetary must have the same length');
  }
  const used: RfmCuts = {
    r: cuts.r ?? quintileCuts(recency),
    f: cuts.f ?? quintileCuts(frequency),
    m: cuts.m ?? quintileCuts(monetary),
  };
  return {
    r: scoreDimension(recency, used.r, true),
    f: scoreDimension(frequency, used.f, false),
    m: scoreDimension(monetary, used.m, false),
    cuts: used,
  };
}

/** Index of a score cell in the 125-cell grid (scores 1-5). */
export const cellIndex = (r: number, f: number, m: number): number =>
  (r - 1) * 25 + (f - 1) * 5 + (m - 1);

/** True when the score triple lies in the box. */
export const inBox = (b: RfmBox, r: number, f: number, m: number): boolean =>
  r >= b.r[0] && r <= b.r[1] && f >= b.f[0] && f <= b.f[1] && m >= b.m[0] && m <= b.m[1];

/**
 * The first-match-wins lookup: cell -> rule index, or `rules.length` (Others) when no rule
 * covers the cell. Rule edits only rebuild these 125 entries; assignment is then one lookup per row.
 */
export function rfmCellTable(rules: readonly RfmBox[]): Int32Array {
  const table = new Int32Array(125).fill(rules.length);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++) {
        const j = rules.findIndex((b) => inBox(b, r, f, m));
        if (j >= 0) table[cellIndex(r, f, m)] = j;
      }
  return table;
}

/** The 125-cell lookup from score cell to owning segment (first match wins; merged = several boxes). */
export function rfmOwnerTable(segments: readonly SegmentDef[]): Int32Array {
  // Boxes in precedence order, each remembering its segment: first box wins = first segment wins.
  const boxes: RfmBox[] = [];
  const owner: number[] = [];
  segments.forEach((s, i) => {
    if (s.definition.kind !== 'rfm') return;
    for (const b of s.definition.boxes) {
      boxes.push(b);
      owner.push(i);
    }
  });
  owner.push(segments.length); // rfmCellTable's "no box" index -> the rest bucket
  return rfmCellTable(boxes).map((b) => owner[b]);
}

/** Applies rules to scores (first match wins); writes into `out` when given. */
export function assignRfm(
  scores: Pick<RfmScores, 'r' | 'f' | 'm'>,
  rules: readonly RfmBox[],
  out: Int32Array = new Int32Array(scores.r.length),
): RfmAssignment {
  const table = rfmCellTable(rules);
  const counts = new Int32Array(rules.length + 1);
  const { r, f, m } = scores;
  let missing = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = r[i];
    const fi = f[i];
    const mi = m[i];
    if (ri === 0 || fi === 0 || mi === 0) {
      out[i] = UNASSIGNED;
      missing++;
      continue;
    }
    const a = table[(ri - 1) * 25 + (fi - 1) * 5 + (mi - 1)];
    out[i] = a;
    counts[a]++;
  }
  return { assignment: out, counts, others: counts[rules.length], missing };
}

/** A pure rule-list edit: `updateRfmRule(rules, id, patch)` returns a new list with that rule changed. */
export { updateById as updateRfmRule } from './model';
