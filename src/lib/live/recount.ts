/**
 * Live recounting while a threshold is dragged. State kept between frames: the assignment, the
 * counts, and (built lazily, once per feature) a sorted index of each dragged feature. When a move
 * only changes threshold values, only the customers whose value lies between the old and the new
 * threshold can change segment, so a frame costs O(customers crossed), not O(n). Any other edit
 * falls back to one pass over n with the compiled predicates. Each update logs the rows that moved
 * (`changedRows`/`changedFrom`, first `changedCount` entries) so a stacked histogram can be patched.
 */
import { UNASSIGNED, countAssignment, type Condition, type NumericColumn } from '../segment/model';
import { cellIndex, checkCuts, rfmCellTable, type RfmRule, type RfmScores } from '../segment/rfm';
import { compileCondition, compileRules, frameLength } from '../segment/rules';
import type { FeatureFrame, Predicate, Rule } from '../segment/rules';
import { conditionMask } from './mask';
import { rowsBetween, sortedIndex, type SortedIndex } from './sorted';

/** A value range of one feature inside which membership may have changed. */
export interface Span {
  feature: string;
  lo: number;
  hi: number;
}

const numbers = (v: unknown): number[] | null => {
  const xs = Array.isArray(v) ? v : [v];
  return xs.every((x) => typeof x === 'number' && x === x) ? (xs as number[]) : null;
};

/** True when `b` differs from `a` only in numeric leaf values; pushes the crossed value spans. */
export function thresholdSpans(a: Condition, b: Condition, out: Span[]): boolean {
  if ('feature' in a || 'feature' in b) {
    if (!('feature' in a) || !('feature' in b) || a.feature !== b.feature || a.op !== b.op) {
      return false;
    }
    if (a.op === 'is missing' || a.op === 'in' || a.op === 'not in') {
      return JSON.stringify(a.value) === JSON.stringify(b.value);
    }
    const va = numbers(a.value);
    const vb = numbers(b.value);
    if (!va || !vb || va.length !== vb.length) return false;
    va.forEach((x, k) => {
      if (x !== vb[k])
        out.push({ feature: a.feature, lo: Math.min(x, vb[k]), hi: Math.max(x, vb[k]) });
    });
    return true;
  }
  const ca = 'all' in a ? a.all : a.any;
  const cb = 'all' in b ? b.all : b.any;
  if ('all' in a !== 'all' in b || ca.length !== cb.length) return false;
  return ca.every((c, k) => thresholdSpans(c, cb[k], out));
}

/** Shared change log and sorted-index cache. */
abstract class Recount {
  /** Rows whose segment changed in the last update, and their previous segment. */
  readonly changedRows: Int32Array;
  readonly changedFrom: Int32Array;
  changedCount = 0;
  private readonly indexes = new Map<string, SortedIndex>();

  constructor(n: number) {
    this.changedRows = new Int32Array(n);
    this.changedFrom = new Int32Array(n);
  }

  protected index(key: string, column: NumericColumn): SortedIndex {
    let ix = this.indexes.get(key);
    if (!ix) this.indexes.set(key, (ix = sortedIndex(column)));
    return ix;
  }

  protected log(i: number, from: number): void {
    this.changedRows[this.changedCount] = i;
    this.changedFrom[this.changedCount++] = from;
  }
}

/** Keeps a rule list's assignment (`rules.length` = everyone else) and counts current. */
export class RuleRecount extends Recount {
  readonly assignment: Int32Array;
  /** Customers per rule, last entry = everyone else. */
  counts: Int32Array;
  private rules: Rule[];
  private preds: Predicate[];
  private readonly mask: Uint8Array;
  /** Masks of rules, filled lazily by full passes; an entry is dropped when its rule changes. */
  private later: (Uint8Array | undefined)[] = [];

  /** Compiles `rules` over `frame` and assigns everyone (throws RuleError on a bad rule). */
  constructor(
    rules: readonly Rule[],
    private readonly frame: FeatureFrame,
  ) {
    super(frameLength(frame));
    this.rules = rules.slice();
    this.preds = compileRules(rules, frame);
    this.assignment = new Int32Array(frameLength(frame));
    this.mask = new Uint8Array(frameLength(frame));
    this.counts = this.reassignAll();
  }

  /** Builds the sorted index of a numeric feature ahead of a drag (else done on first move). */
  prepare(feature: string): void {
    if (this.frame.categories?.[feature] === undefined && this.frame.columns[feature]) {
      this.index(feature, this.frame.columns[feature] as NumericColumn);
    }
  }

  /**
   * Replaces rule `j`. Only customers at or after `j` in precedence can change: they join `j` if
   * it now matches, and those that left `j` fall through to later rules.
   */
  replaceRule(j: number, rule: Rule): Int32Array {
    if (j < 0 || j >= this.rules.length) throw new Error(`replaceRule: no rule at index ${j}`);
    const pred = compileCondition(rule, rule.when, this.frame);
    const spans: Span[] = [];
    const cats = this.frame.categories ?? {};
    const narrow =
      thresholdSpans(this.rules[j].when, rule.when, spans) &&
      spans.every((s) => cats[s.feature] === undefined);
    const ranges = narrow
      ? spans.map((s) =>
          rowsBetween(
            this.index(s.feature, this.frame.columns[s.feature] as NumericColumn),
            s.lo,
            s.hi,
          ),
        )
      : [];
    this.rules[j] = rule;
    this.preds[j] = pred;
    this.later[j] = undefined;
    this.changedCount = 0;
    const n = this.assignment.length;
    // Visiting rows in value order is cache-unfriendly: past ~n/8 rows one linear pass is faster.
    if (!narrow || ranges.reduce((t, r) => t + r.length, 0) > n / 8) {
      this.fullPass(j, conditionMask(rule, rule.when, this.frame, this.mask));
      return this.counts;
    }
    for (const rows of ranges) for (let t = 0; t < rows.length; t++) this.visit(rows[t], j);
    return this.counts;
  }

  /** Rule j's mask is given; later rules' masks are cached, as a drag of j cannot change them. */
  private fullPass(j: number, mask: Uint8Array): void {
    const k = this.rules.length;
    for (let r = j + 1; r < k; r++) {
      this.later[r] ??= conditionMask(this.rules[r], this.rules[r].when, this.frame);
    }
    const later = this.later as Uint8Array[];
    const a = this.assignment;
    const counts = this.counts;
    for (let i = 0; i < a.length; i++) {
      const old = a[i];
      if (old < j) continue;
      let now = old;
      if (mask[i] === 1) now = j;
      else if (old === j) {
        now = j + 1;
        while (now < k && later[now][i] === 0) now++;
      }
      if (now === old) continue;
      counts[old]--;
      counts[now]++;
      a[i] = now;
      this.log(i, old);
    }
  }

  private visit(i: number, j: number): void {
    const old = this.assignment[i];
    if (old < j) return;
    let now: number;
    if (this.preds[j](i)) now = j;
    else if (old !== j) return;
    else {
      const preds = this.preds;
      now = j + 1;
      while (now < preds.length && !preds[now](i)) now++;
    }
    if (now === old) return;
    this.counts[old]--;
    this.counts[now]++;
    this.assignment[i] = now;
    this.log(i, old);
  }

  private reassignAll(): Int32Array {
    const a = this.assignment;
    const k = this.rules.length;
    a.fill(k);
    // Later rules first, so an earlier match overwrites: first match wins.
    for (let j = k - 1; j >= 0; j--) {
      const mask = conditionMask(this.rules[j], this.rules[j].when, this.frame, this.mask);
      for (let i = 0; i < a.length; i++) if (mask[i] === 1) a[i] = j;
    }
    this.counts = countAssignment(a, k + 1);
    return this.counts;
  }
}

/** Keeps RFM scores, assignment (`rules.length` = Others, -1 = missing) and counts current. */
export class RfmRecount extends Recount {
  readonly assignment: Int32Array;
  counts: Int32Array;
  private table: Int32Array;

  /** Takes ownership of `scores` (its arrays are rewritten when cuts move). */
  constructor(
    private readonly values: { r: NumericColumn; f: NumericColumn; m: NumericColumn },
    readonly scores: RfmScores,
    private rules: readonly RfmRule[],
  ) {
    super(scores.r.length);
    this.assignment = new Int32Array(scores.r.length).fill(UNASSIGNED);
    this.table = rfmCellTable(rules);
    this.counts = new Int32Array(rules.length + 1);
    for (let i = 0; i < this.assignment.length; i++) this.reassign(i);
    this.changedCount = 0;
  }

  /** Moves the cut-points of one dimension; only customers between old and new cuts are visited. */
  setCuts(dim: 'r' | 'f' | 'm', cuts: number[]): Int32Array {
    const old = this.scores.cuts[dim];
    const col = this.values[dim];
    checkCuts(cuts);
    this.scores.cuts = { ...this.scores.cuts, [dim]: cuts.slice() };
    this.changedCount = 0;
    const ix = this.index(dim, col);
    const s = this.scores[dim];
    const [c0, c1, c2, c3] = cuts;
    for (let k = 0; k < 4; k++) {
      if (old[k] === cuts[k]) continue;
      const rows = rowsBetween(ix, Math.min(old[k], cuts[k]), Math.max(old[k], cuts[k]));
      for (let t = 0; t < rows.length; t++) {
        const i = rows[t];
        const v = col[i];
        const below = (c0 < v ? 1 : 0) + (c1 < v ? 1 : 0) + (c2 < v ? 1 : 0) + (c3 < v ? 1 : 0);
        s[i] = dim === 'r' ? 5 - below : 1 + below;
        this.reassign(i);
      }
    }
    return this.counts;
  }

  /** Replaces the rule list (a dragged score range, a reorder): one lookup pass over n. */
  setRules(rules: readonly RfmRule[]): Int32Array {
    this.rules = rules;
    this.table = rfmCellTable(rules);
    this.changedCount = 0;
    if (this.counts.length !== rules.length + 1) {
      this.counts = new Int32Array(rules.length + 1);
      this.assignment.fill(UNASSIGNED);
    }
    const { r, f, m } = this.scores;
    const a = this.assignment;
    const table = this.table;
    const counts = this.counts;
    for (let i = 0; i < a.length; i++) {
      const ri = r[i];
      const fi = f[i];
      const mi = m[i];
      const now = ri && fi && mi ? table[(ri - 1) * 25 + (fi - 1) * 5 + (mi - 1)] : UNASSIGNED;
      const old = a[i];
      if (now === old) continue;
      if (old >= 0) counts[old]--;
      if (now >= 0) counts[now]++;
      a[i] = now;
      this.log(i, old);
    }
    return counts;
  }

  private reassign(i: number): void {
    const { r, f, m } = this.scores;
    const old = this.assignment[i];
    const now = r[i] && f[i] && m[i] ? this.table[cellIndex(r[i], f[i], m[i])] : UNASSIGNED;
    if (now === old) return;
    if (old >= 0) this.counts[old]--;
    if (now >= 0) this.counts[now]++;
    this.assignment[i] = now;
    this.log(i, old);
  }
}
