/**
 * Migration between two assignments of the same customers at two dates (or in two files): the
 * transition matrix, customers new at B and gone since A as their own row and column, and the
 * nodes and links of a two-column Sankey.
 */

/** Row label of customers segmented at B only. */
export const NEW_AT_B = 'New at B';
/** Column label of customers segmented at A only. */
export const GONE_SINCE_A = 'Gone since A';

/** Counts from segments at A (rows) to segments at B (columns). */
export interface TransitionMatrix {
  /** Segment labels at A, then NEW_AT_B. */
  rows: string[];
  /** Segment labels at B, then GONE_SINCE_A. */
  cols: string[];
  /** counts[r][c]; the NEW_AT_B x GONE_SINCE_A cell is always 0. */
  counts: number[][];
  /** counts[r][c] / row total (NaN for an empty row). */
  rowShares: number[][];
  /** Customers in either assignment. */
  total: number;
  /** Customers in both whose segment label is the same. */
  stayed: number;
  /** Customers in both whose segment label changed. */
  moved: number;
}

/**
 * The transition matrix of `a` (customer id -> segment label at A) to `b` (the same at B). Rows
 * and columns list the labels in `orderA` / `orderB` (then any other label met, in first-seen
 * order), so a segment empty at one date still has its row or column.
 */
export function transitionMatrix(
  a: ReadonlyMap<string, string>,
  b: ReadonlyMap<string, string>,
  orderA: readonly string[] = [],
  orderB: readonly string[] = [],
): TransitionMatrix {
  const rows = [...new Set([...orderA, ...a.values()])];
  const cols = [...new Set([...orderB, ...b.values()])];
  const ri = new Map(rows.map((l, i) => [l, i]));
  const ci = new Map(cols.map((l, i) => [l, i]));
  const newRow = rows.length;
  const goneCol = cols.length;
  const counts = Array.from({ length: newRow + 1 }, () => new Array<number>(goneCol + 1).fill(0));
  let stayed = 0;
  let moved = 0;
  for (const [id, la] of a) {
    const lb = b.get(id);
    const r = ri.get(la)!;
    if (lb === undefined) counts[r][goneCol]++;
    else {
      counts[r][ci.get(lb)!]++;
      if (la === lb) stayed++;
      else moved++;
    }
  }
  for (const [id, lb] of b) if (!a.has(id)) counts[newRow][ci.get(lb)!]++;
  const rowShares = counts.map((row) => {
    const t = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (t > 0 ? v / t : NaN));
  });
  const total = counts.reduce((s, row) => s + row.reduce((x, v) => x + v, 0), 0);
  return {
    rows: [...rows, NEW_AT_B],
    cols: [...cols, GONE_SINCE_A],
    counts,
    rowShares,
    total,
    stayed,
    moved,
  };
}

/** A Sankey node: a segment at A (left) or at B (right). */
export interface SankeyNode {
  side: 'A' | 'B';
  label: string;
  /** Customers through the node. */
  value: number;
}

/** A flow from left node `source` to right node `target` (indices into `nodes`). */
export interface SankeyLink {
  source: number;
  target: number;
  value: number;
}

/**
 * Nodes and links of the matrix's Sankey: left nodes are its rows, right nodes its columns,
 * in order, each kept only when customers pass through it; a link per non-zero cell.
 */
export function sankeyData(m: TransitionMatrix): { nodes: SankeyNode[]; links: SankeyLink[] } {
  const nodes: SankeyNode[] = [];
  const left = new Map<number, number>();
  const right = new Map<number, number>();
  m.rows.forEach((label, r) => {
    const value = m.counts[r].reduce((s, v) => s + v, 0);
    if (value > 0) left.set(r, nodes.push({ side: 'A', label, value }) - 1);
  });
  m.cols.forEach((label, c) => {
    const value = m.counts.reduce((s, row) => s + row[c], 0);
    if (value > 0) right.set(c, nodes.push({ side: 'B', label, value }) - 1);
  });
  const links: SankeyLink[] = [];
  m.counts.forEach((row, r) =>
    row.forEach((value, c) => {
      if (value > 0) links.push({ source: left.get(r)!, target: right.get(c)!, value });
    }),
  );
  return { nodes, links };
}
