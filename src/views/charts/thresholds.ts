/**
 * Helpers for threshold handles: display domains for skewed data, where a cut may land (free,
 * whole numbers, percentiles), where a key press moves it, and where its label goes.
 */
import { quantileSorted } from '../../lib/segment/rfm';
import type { NumericColumn } from '../../lib/segment/model';

/** The finite values, sorted ascending (a copy). */
export function sortedFinite(values: NumericColumn): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++)
    if (Number.isFinite(values[i])) out[j++] = values[i];
  return out.sort();
}

/**
 * The range a histogram shows: min to the 99th percentile, so one huge customer does not squash
 * everyone else into the first bar (values beyond are counted as "outside").
 */
export function displayDomain(sorted: Float64Array): [number, number] {
  if (sorted.length === 0) return [0, 1];
  const lo = sorted[0];
  const hi = quantileSorted(sorted, 0.99);
  return hi > lo
    ? [lo, hi]
    : [lo, sorted[sorted.length - 1] > lo ? sorted[sorted.length - 1] : lo + 1];
}

/** The nearest whole-percent quantile of the data to `v`. */
export function snapToQuantile(sorted: Float64Array, v: number): number {
  if (sorted.length === 0) return v;
  let best = v;
  let bestD = Infinity;
  for (let p = 0; p <= 100; p++) {
    const q = quantileSorted(sorted, p / 100);
    const d = Math.abs(q - v);
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return best;
}

/** d3's symlog transform (constant 1): linear near zero, logarithmic far from it, sign kept. */
export const symlog = (v: number): number => Math.sign(v) * Math.log1p(Math.abs(v));

/** The inverse of `symlog`. */
export const symlogInverse = (t: number): number => Math.sign(t) * Math.expm1(Math.abs(t));

/**
 * True when a feature is so right-skewed that a linear axis would squash most customers (and
 * the quintile handles) into a sliver: the 99th percentile is over 20x the median.
 */
export function isSkewed(sorted: Float64Array): boolean {
  if (sorted.length === 0) return false;
  const median = quantileSorted(sorted, 0.5);
  return median > 0 && quantileSorted(sorted, 0.99) > 20 * median;
}

/** True when there is at least one value and every one is a whole number (counts, days). */
export function isIntegerValued(sorted: Float64Array): boolean {
  if (sorted.length === 0) return false;
  for (let i = 0; i < sorted.length; i++) if (!Number.isInteger(sorted[i])) return false;
  return true;
}

/**
 * The distinct whole-percent quantiles (0 %, 1 %, ..., 100 %) of the data, ascending; rounded
 * to whole numbers when `integer`, so snapped cuts of a count stay counts.
 */
export function percentileLevels(sorted: Float64Array, integer = false): number[] {
  const out: number[] = [];
  if (sorted.length === 0) return out;
  for (let p = 0; p <= 100; p++) {
    const q = quantileSorted(sorted, p / 100);
    const v = integer ? Math.round(q) : q;
    if (out.length === 0 || v > out[out.length - 1]) out.push(v);
  }
  return out;
}

/** Where a cut may land: anywhere, on whole numbers, or on the given ascending levels. */
export type CutGrid = 'any' | 'integer' | readonly number[];

/** The grid point nearest `v` (the lower one on a tie between levels). */
export function toGrid(grid: CutGrid, v: number): number {
  if (grid === 'any' || Number.isNaN(v)) return v;
  if (grid === 'integer') return Math.round(v);
  if (grid.length === 0) return v;
  const i = firstAtLeast(grid, v);
  if (i === 0) return grid[0];
  if (i === grid.length) return grid[i - 1];
  return v - grid[i - 1] <= grid[i] - v ? grid[i - 1] : grid[i];
}

/**
 * The first grid point strictly beyond `v` in direction `dir`: ±Infinity when there is none,
 * and `v` itself on the free grid (any value is a neighbour there).
 */
export function gridStep(grid: CutGrid, v: number, dir: 1 | -1): number {
  if (grid === 'any') return v;
  if (grid === 'integer') return dir > 0 ? Math.floor(v) + 1 : Math.ceil(v) - 1;
  if (dir > 0) {
    const i = firstAbove(grid, v);
    return i < grid.length ? grid[i] : Infinity;
  }
  const i = firstAtLeast(grid, v) - 1;
  return i >= 0 ? grid[i] : -Infinity;
}

/** The lowest and highest grid points within [lo, hi], or null when there is none. */
export function gridRange(grid: CutGrid, lo: number, hi: number): [number, number] | null {
  let a = lo;
  let b = hi;
  if (grid === 'integer') {
    a = Math.ceil(lo);
    b = Math.floor(hi);
  } else if (grid !== 'any') {
    const i = firstAtLeast(grid, lo);
    const j = firstAbove(grid, hi) - 1;
    if (i > j) return null;
    a = grid[i];
    b = grid[j];
  }
  return a <= b ? [a, b] : null;
}

/**
 * Where a key press moves a cut from `v` in direction `dir`: the screen-space `target`
 * (±Infinity for Home/End) put on the grid, at least one grid point beyond `v`, and kept in
 * [lo, hi]. Returns `v` when it cannot move that way (already at the bound, or a cut outside
 * [lo, hi] that the key would drag backwards into it).
 */
export function keyTarget(
  grid: CutGrid,
  v: number,
  dir: 1 | -1,
  target: number,
  lo: number,
  hi: number,
): number {
  const range = gridRange(grid, lo, hi);
  if (!range) return v;
  const onGrid = toGrid(grid, target);
  const step = gridStep(grid, v, dir);
  const t = dir > 0 ? Math.max(onGrid, step) : Math.min(onGrid, step);
  const next = Math.min(range[1], Math.max(range[0], t));
  return dir * (next - v) > 0 ? next : v;
}

/** Index of the first level >= v (levels.length when none). */
function firstAtLeast(levels: readonly number[], v: number): number {
  let a = 0;
  let b = levels.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (levels[m] < v) a = m + 1;
    else b = m;
  }
  return a;
}

/** Index of the first level > v (levels.length when none). */
function firstAbove(levels: readonly number[], v: number): number {
  let a = 0;
  let b = levels.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (levels[m] <= v) a = m + 1;
    else b = m;
  }
  return a;
}

/** Where a cut's label is drawn: its x, text anchor, row (0 = lowest) or -1 when hidden. */
export interface LabelSpot {
  x: number;
  anchor: 'start' | 'middle' | 'end';
  row: number;
}

/**
 * Lays out cut labels (x positions ascending, estimated text widths) in a plot `width` wide:
 * each label is centred on its cut, anchored start/end near an edge so it stays inside, and put
 * on the lowest of `rows` rows where it overlaps no label placed before it; hidden if none.
 */
export function layoutLabels(
  xs: readonly number[],
  widths: readonly number[],
  width: number,
  rows = 2,
  gap = 4,
): LabelSpot[] {
  const taken: [number, number][][] = Array.from({ length: rows }, () => []);
  return xs.map((cx, i) => {
    const spot = anchorInside(cx, widths[i], width);
    const shift = { start: 0, middle: widths[i] / 2, end: widths[i] }[spot.anchor];
    const box: [number, number] = [spot.x - shift, spot.x - shift + widths[i]];
    const row = taken.findIndex((placed) =>
      placed.every(([a, b]) => box[1] + gap <= a || b + gap <= box[0]),
    );
    if (row >= 0) taken[row].push(box);
    return { ...spot, row };
  });
}

/** A label centred on `cx`, or pinned to the nearer edge when centring would cut it off. */
function anchorInside(cx: number, w: number, width: number): Omit<LabelSpot, 'row'> {
  const pad = 1;
  if (cx - w / 2 < pad) return { x: pad, anchor: 'start' };
  if (cx + w / 2 > width - pad) return { x: width - pad, anchor: 'end' };
  return { x: cx, anchor: 'middle' };
}
