/** Overlap of two segmentations of the same customers: an n-way matrix of counts and shares. */

/** Counts of customers in segment i of the first and j of the second segmentation. */
export interface OverlapMatrix {
  rows: string[];
  cols: string[];
  counts: number[][];
  /** counts / row total: where the first segmentation's customers went in the second. */
  rowShares: number[][];
  /** counts / column total. */
  colShares: number[][];
  /** Customers in a segment of both. */
  total: number;
}

/**
 * The overlap of two assignments of the same customers (row i = one customer in both): `a[i]`
 * indexes `labelsA`, `b[i]` indexes `labelsB`; a customer outside either (negative or beyond the
 * labels) is left out.
 */
export function overlapMatrix(
  a: Int32Array,
  labelsA: readonly string[],
  b: Int32Array,
  labelsB: readonly string[],
): OverlapMatrix {
  if (a.length !== b.length) throw new Error(`overlap: ${a.length} customers against ${b.length}`);
  const counts = labelsA.map(() => new Array<number>(labelsB.length).fill(0));
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const r = a[i];
    const c = b[i];
    if (r < 0 || r >= labelsA.length || c < 0 || c >= labelsB.length) continue;
    counts[r][c]++;
    total++;
  }
  const rowT = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const colT = labelsB.map((_, c) => counts.reduce((s, row) => s + row[c], 0));
  return {
    rows: [...labelsA],
    cols: [...labelsB],
    counts,
    rowShares: counts.map((row, r) => row.map((v) => (rowT[r] > 0 ? v / rowT[r] : NaN))),
    colShares: counts.map((row) => row.map((v, c) => (colT[c] > 0 ? v / colT[c] : NaN))),
    total,
  };
}
