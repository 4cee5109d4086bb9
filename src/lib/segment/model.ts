/**
 * The segment model shared by every method: definitions are data (JSON-safe, part of the config),
 * the assignment is one Int32Array of segment indices aligned with the customer rows.
 */

/** Assignment value for a customer that belongs to no segment (e.g. missing RFM inputs). */
export const UNASSIGNED = -1;

/** An inclusive score range `[lo, hi]` on the 1-5 RFM scale. */
export type ScoreRange = [lo: number, hi: number];

/** One box in the 5x5x5 RFM score grid. */
export interface RfmBox {
  r: ScoreRange;
  f: ScoreRange;
  m: ScoreRange;
}

/** An RFM segment: the union of its boxes (one box unless segments were merged). */
export interface RfmRuleDef {
  kind: 'rfm';
  boxes: RfmBox[];
}

/** Comparison operators of a rule leaf. `between` is inclusive at both ends, as in SQL. */
export type Op = '<' | '<=' | '>' | '>=' | '=' | '!=' | 'between' | 'in' | 'not in' | 'is missing';

/** A leaf test on one feature. */
export interface Leaf {
  feature: string;
  op: Op;
  value?: number | string | (number | string)[];
}

/** A rule condition: a tree of `all` / `any` over leaves. `{ all: [] }` is true, `{ any: [] }` false. */
export type Condition = { all: Condition[] } | { any: Condition[] } | Leaf;

/** A general rule segment. */
export interface RuleDef {
  kind: 'rule';
  when: Condition;
}

/**
 * The categorical side of a k-prototypes cluster: one mode per centroid (a level label per
 * category, in `features` order) and the weight of one category mismatch.
 */
export interface ClusterCategories {
  /** Categories kept as levels (raw feature columns). */
  features: string[];
  /** Parallel to the centroids: each one's level label per category. */
  modes: string[][];
  /** Distance added per category that differs from the mode (squared-distance units). */
  gamma: number;
}

/**
 * A cluster segment: its centroid(s) in the clustering feature space (several after a merge), and
 * for k-prototypes the categories' modes.
 */
export interface ClusterDef {
  kind: 'cluster';
  features: string[];
  centroids: number[][];
  categorical?: ClusterCategories;
}

/** One segment as the config stores it. */
export interface SegmentDef {
  id: string;
  name: string;
  color: string;
  locked?: boolean;
  /** The persona's description as the user wrote it (plain text); absent: the automatic one. */
  description?: string;
  definition: RfmRuleDef | RuleDef | ClusterDef;
}

/** A numeric feature column, NaN = missing. */
export type NumericColumn = Float64Array | Float32Array;

/** Counts customers per segment index in `[0, k)`; UNASSIGNED and out-of-range rows are skipped. */
export function countAssignment(assignment: Int32Array, k: number): Int32Array {
  const counts = new Int32Array(k);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < k) counts[a]++;
  }
  return counts;
}

/** Returns a copy of `list` with the item whose `id` matches shallow-merged with `patch`. */
export function updateById<T extends { id: string }>(
  list: readonly T[],
  id: string,
  patch: Partial<Omit<T, 'id'>>,
): T[] {
  const at = indexById(list, id);
  return list.map((item, i) => (i === at ? { ...item, ...patch } : item));
}

/** Index of the item with `id`; throws an Error naming the id when absent. */
export function indexById<T extends { id: string }>(list: readonly T[], id: string): number {
  const at = list.findIndex((item) => item.id === id);
  if (at < 0) throw new Error(`No item with id "${id}"`);
  return at;
}
