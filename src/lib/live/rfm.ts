/**
 * Live RFM scoring: a recount that keeps 1-5 scores so dragging a cut-point touches only the
 * customers it moves across, read in value order from arrays laid side by side.
 */
import { UNASSIGNED, type NumericColumn, type SegmentDef } from '../segment/model';
import { rfmOwnerTable, scoreDimension, scoreOf, type RfmCuts } from '../segment/rfm';
import { ValueBuckets } from './buckets';

type Dim = 'r' | 'f' | 'm';

/** Where a dimension's score lands in the owner table (r * 25 + f * 5 + m, each 0-based). */
const STRIDE: Record<Dim, number> = { r: 25, f: 5, m: 1 };
/** `rest` of a customer another dimension cannot score: no segment takes them. */
const NO_SEGMENT = 255;

/** The owner-table offset of two dimensions' scores, or NO_SEGMENT when one has none. */
function restOf(a: number, b: number, d1: Dim, d2: Dim): number {
  return a === 0 || b === 0 ? NO_SEGMENT : (a - 1) * STRIDE[d1] + (b - 1) * STRIDE[d2];
}

/** The bucket index of a column, kept while the column lives: every recompute reuses it. */
const indexes = new WeakMap<NumericColumn, ValueBuckets>();
function indexOf(values: NumericColumn): ValueBuckets {
  let index = indexes.get(values);
  if (!index) indexes.set(values, (index = new ValueBuckets(values)));
  return index;
}

/**
 * One dimension's customers in its index's order, with what a cut move reads next to each other:
 * a move then scans a contiguous stretch instead of seven arrays at random rows.
 */
interface DimPack {
  dim: Dim;
  index: ValueBuckets;
  values: Float64Array;
  /** The dimension's score under the current cuts (ahead of the row-order scores in a drag). */
  score: Uint8Array;
  /** Owner-table offset of the other two scores, or NO_SEGMENT. */
  rest: Uint8Array;
  money: Float64Array;
}

/**
 * Live RFM. A drag's moves update the counts and sums from a packed copy of the dragged
 * dimension and leave the per-customer scores and assignment behind; those are settled (one pass
 * over the customers between the settled and the current cuts) the first time they are read.
 */
export class RfmLive {
  counts: Int32Array;
  /** Total monetary value per bucket, summed in the same pass as the counts. */
  sums: Float64Array;
  readonly n: number;
  private readonly rowScores: { r: Uint8Array; f: Uint8Array; m: Uint8Array };
  private readonly rowSegments: Int32Array;
  private readonly owner: Int32Array;
  private pack: DimPack | null = null;
  /** The pack's dimension's cuts the row-order arrays are exact for; null when nothing waits. */
  private settledCuts: number[] | null = null;
  /** A preview sample's rows gathered for the pack (see `segmentsOf`). */
  private sample: {
    rows: Int32Array;
    pack: DimPack;
    values: Float64Array;
    rest: Uint8Array;
  } | null = null;

  constructor(
    private readonly values: { r: NumericColumn; f: NumericColumn; m: NumericColumn },
    public cuts: RfmCuts,
    private readonly segments: readonly SegmentDef[],
  ) {
    this.n = values.r.length;
    this.rowScores = {
      r: scoreDimension(values.r, cuts.r, true),
      f: scoreDimension(values.f, cuts.f, false),
      m: scoreDimension(values.m, cuts.m, false),
    };
    this.rowSegments = new Int32Array(this.n);
    this.owner = rfmOwnerTable(segments);
    this.sums = new Float64Array(segments.length + 1);
    this.counts = this.lookup();
  }

  /** Each customer's 1-5 score per dimension (0: no value). */
  get scores(): { r: Uint8Array; f: Uint8Array; m: Uint8Array } {
    this.settle();
    return this.rowScores;
  }

  /** Each customer's segment (the rest bucket is `segments.length`, UNASSIGNED if unscored). */
  get assignment(): Int32Array {
    this.settle();
    return this.rowSegments;
  }

  /**
   * Moves one dimension's cut-points. When one cut moved, only customers whose value lies
   * between its old and new place change score: counts and sums change for them alone. Anything
   * else rescored in one pass.
   */
  setCuts(dim: Dim, cuts: number[]): Int32Array {
    const old = this.cuts[dim];
    const changed = cuts.flatMap((c, j) => (c !== old[j] ? [j] : []));
    if (changed.length === 0) return this.counts;
    if (changed.length === 1) {
      const pack = this.packFor(dim);
      this.settledCuts ??= old.slice();
      this.cuts = { ...this.cuts, [dim]: cuts.slice() };
      const j = changed[0];
      this.move(pack, Math.min(old[j], cuts[j]), Math.max(old[j], cuts[j]));
      return this.counts;
    }
    this.settle();
    this.pack = null;
    this.cuts = { ...this.cuts, [dim]: cuts.slice() };
    scoreDimension(this.values[dim], cuts, dim === 'r', this.rowScores[dim]);
    return (this.counts = this.lookup());
  }

  /** Gets a dimension ready ahead of a drag, so the first move does not pay for it. */
  prepare(dim: Dim): void {
    this.packFor(dim);
  }

  /**
   * The segment of each listed customer under the current cuts, without settling a drag: what a
   * sampled preview reads every frame. The rows' own values and other two scores are gathered
   * once per list and drag, so a frame reads them in order.
   */
  segmentsOf(rows: Int32Array, out = new Int32Array(rows.length)): Int32Array {
    const pack = this.settledCuts ? this.pack : null;
    if (!pack) {
      for (let i = 0; i < rows.length; i++) out[i] = this.rowSegments[rows[i]];
      return out;
    }
    const sample = this.sampleFor(rows, pack);
    const [c0, c1, c2, c3] = this.cuts[pack.dim];
    const descending = pack.dim === 'r';
    const stride = STRIDE[pack.dim];
    for (let i = 0; i < rows.length; i++) {
      const v = sample.values[i];
      const rest = sample.rest[i];
      if (rest === NO_SEGMENT || v !== v) {
        out[i] = UNASSIGNED;
        continue;
      }
      out[i] = this.owner[rest + (scoreOf(v, c0, c1, c2, c3, descending) - 1) * stride];
    }
    return out;
  }

  /** The listed rows' values of the pack's dimension and their other two scores, in list order. */
  private sampleFor(rows: Int32Array, pack: DimPack) {
    if (this.sample?.rows === rows && this.sample.pack === pack) return this.sample;
    const values = new Float64Array(rows.length);
    const rest = new Uint8Array(rows.length);
    const [d1, d2] = (['r', 'f', 'm'] as const).filter((d) => d !== pack.dim);
    const column = this.values[pack.dim];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      values[i] = column[row];
      rest[i] = restOf(this.rowScores[d1][row], this.rowScores[d2][row], d1, d2);
    }
    return (this.sample = { rows, pack, values, rest });
  }

  /** The packed copy of `dim`, built from exact row-order scores (settling another's drag). */
  private packFor(dim: Dim): DimPack {
    if (this.pack?.dim === dim) return this.pack;
    this.settle();
    this.pack = null; // the old one is garbage before the new one is allocated
    const index = indexOf(this.values[dim]);
    const rows = index.rows;
    const n = rows.length;
    const pack: DimPack = {
      dim,
      index,
      values: new Float64Array(n),
      score: new Uint8Array(n),
      rest: new Uint8Array(n),
      money: new Float64Array(n),
    };
    const [d1, d2] = (['r', 'f', 'm'] as const).filter((d) => d !== dim);
    const own = this.rowScores[dim];
    const s1 = this.rowScores[d1];
    const s2 = this.rowScores[d2];
    const values = this.values[dim];
    const money = this.values.m;
    for (let at = 0; at < n; at++) {
      const row = rows[at];
      pack.values[at] = values[row];
      pack.score[at] = own[row];
      pack.money[at] = money[row];
      pack.rest[at] = restOf(s1[row], s2[row], d1, d2);
    }
    return (this.pack = pack);
  }

  /** Rescores the packed customers with lo < value <= hi; counts and sums follow. */
  private move(pack: DimPack, lo: number, hi: number): void {
    const [first, last] = pack.index.span(lo, hi);
    const [c0, c1, c2, c3] = this.cuts[pack.dim];
    const descending = pack.dim === 'r';
    const stride = STRIDE[pack.dim];
    const { values, score, rest, money } = pack;
    const { owner, counts, sums } = this;
    for (let at = first; at < last; at++) {
      const v = values[at];
      if (!(v > lo && v <= hi)) continue;
      const next = scoreOf(v, c0, c1, c2, c3, descending);
      const prev = score[at];
      if (next === prev) continue;
      score[at] = next;
      const r = rest[at];
      if (r === NO_SEGMENT) continue;
      const from = owner[r + (prev - 1) * stride];
      const to = owner[r + (next - 1) * stride];
      if (from === to) continue;
      counts[from]--;
      counts[to]++;
      sums[from] -= money[at];
      sums[to] += money[at];
    }
  }

  /** Brings the row-order scores and assignment up to the packed ones after a drag's moves. */
  private settle(): void {
    const pack = this.pack;
    const from = this.settledCuts;
    this.settledCuts = null;
    if (!pack || !from) return;
    const to = this.cuts[pack.dim];
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < 4; j++) {
      if (from[j] === to[j]) continue;
      lo = Math.min(lo, from[j], to[j]);
      hi = Math.max(hi, from[j], to[j]);
    }
    const [first, last] = pack.index.span(lo, hi);
    const rows = pack.index.rows;
    const own = this.rowScores[pack.dim];
    const stride = STRIDE[pack.dim];
    const a = this.rowSegments;
    for (let at = first; at < last; at++) {
      const v = pack.values[at];
      if (!(v > lo && v <= hi)) continue;
      const row = rows[at];
      const next = pack.score[at];
      if (own[row] === next) continue;
      own[row] = next;
      const r = pack.rest[at];
      if (r !== NO_SEGMENT) a[row] = this.owner[r + (next - 1) * stride];
    }
  }

  private lookup(): Int32Array {
    const { r, f, m } = this.rowScores;
    const money = this.values.m;
    const a = this.rowSegments;
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
