/**
 * Live RFM scoring: a recount that keeps 1-5 scores so dragging a cut-point touches only the
 * customers it moves across.
 */
import { UNASSIGNED, type NumericColumn, type SegmentDef } from '../segment/model';
import { rfmOwnerTable, scoreDimension, type RfmCuts } from '../segment/rfm';
import { ValueBuckets } from './buckets';

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
  private readonly owner: Int32Array;
  private buckets: Partial<Record<'r' | 'f' | 'm', ValueBuckets>> = {};

  constructor(
    private readonly values: { r: NumericColumn; f: NumericColumn; m: NumericColumn },
    public cuts: RfmCuts,
    private readonly segments: readonly SegmentDef[],
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
