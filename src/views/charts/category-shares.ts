/**
 * The data of the category bars: for each segment, the share of its customers in each level of a
 * category kept as levels (missing values apart), beside everyone's. Pure, so it is tested
 * without drawing.
 */

/** Shares per row (segments, then everyone), each row summing to 1 over the levels. */
export interface CategoryShares {
  /** shares[row][level]; a row without customers is all zeros. */
  shares: number[][];
  /** Customers per row with a value (missing values are not in the shares). */
  counts: number[];
  /** Customers per row with no value. */
  missing: number[];
}

/**
 * Shares of each level for segments `0..k-1` and, last, everyone assigned to a segment.
 * `codes` hold level indices (-1 = missing); `assignment` segment indices (< 0: none).
 */
export function categoryShares(
  codes: Int32Array,
  levels: number,
  assignment: Int32Array,
  k: number,
): CategoryShares {
  const tally = Array.from({ length: k + 1 }, () => new Float64Array(levels));
  const missing = new Array<number>(k + 1).fill(0);
  for (let i = 0; i < codes.length; i++) {
    const s = assignment[i];
    if (s < 0 || s >= k) continue;
    const c = codes[i];
    if (c < 0 || c >= levels) {
      missing[s]++;
      missing[k]++;
      continue;
    }
    tally[s][c]++;
    tally[k][c]++;
  }
  const counts = tally.map((t) => t.reduce((a, b) => a + b, 0));
  const shares = tally.map((t, r) => Array.from(t, (v) => (counts[r] ? v / counts[r] : 0)));
  return { shares, counts, missing };
}
