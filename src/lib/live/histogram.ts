/**
 * Binning for the threshold histograms. One pass over a typed column, no allocation per row, so a
 * 1M-customer histogram is rebuilt in a few milliseconds.
 */
import type { NumericColumn } from '../segment/model';

/** Bin edges (length bins + 1) and counts; values outside the domain and NaN are counted apart. */
export interface Histogram {
  edges: Float64Array;
  counts: Int32Array;
  missing: number;
  outside: number;
}

/** [min, max] of the finite values ([NaN, NaN] when there are none). */
export function extent(values: NumericColumn): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

function makeEdges(bins: number, lo: number, hi: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = lo + ((hi - lo) * b) / bins;
  edges[bins] = hi;
  return edges;
}

/**
 * Equal-width bins over `domain` (default: the data's extent). Bins are [lo, hi) except the last,
 * which includes the domain's upper end. A zero-width domain puts every value in bin 0.
 */
export function binFeature(
  values: NumericColumn,
  bins: number,
  domain: [number, number] = extent(values),
): Histogram {
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`binFeature: bins must be >= 1, got ${bins}`);
  const [lo, hi] = domain;
  const edges = makeEdges(bins, lo, hi);
  const counts = new Int32Array(bins);
  let missing = 0;
  let outside = 0;
  const scale = hi > lo ? bins / (hi - lo) : 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) missing++;
    else if (v < lo || v > hi) outside++;
    else {
      const b = Math.floor((v - lo) * scale);
      counts[b >= bins ? bins - 1 : b]++;
    }
  }
  return { edges, counts, missing, outside };
}

/**
 * Counts per segment and bin for a stacked histogram: `counts[s * bins + b]`, using the edges of
 * a previous `binFeature` call. Unassigned rows and out-of-domain values are skipped.
 */
export function binBySegment(
  values: NumericColumn,
  assignment: Int32Array,
  k: number,
  edges: Float64Array,
): Int32Array {
  const bins = edges.length - 1;
  const lo = edges[0];
  const hi = edges[bins];
  const scale = hi > lo ? bins / (hi - lo) : 0;
  const counts = new Int32Array(k * bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const s = assignment[i];
    if (!(v >= lo && v <= hi) || s < 0 || s >= k) continue;
    const b = Math.floor((v - lo) * scale);
    counts[s * bins + (b >= bins ? bins - 1 : b)]++;
  }
  return counts;
}

/**
 * Patches a `binBySegment` result after a live recount: each logged row leaves its previous
 * segment's bin and joins its current one. O(rows moved) instead of a pass over n.
 */
export function patchBySegment(
  stacked: Int32Array,
  values: NumericColumn,
  assignment: Int32Array,
  k: number,
  edges: Float64Array,
  log: { changedRows: Int32Array; changedFrom: Int32Array; changedCount: number },
): void {
  const bins = edges.length - 1;
  const lo = edges[0];
  const hi = edges[bins];
  const scale = hi > lo ? bins / (hi - lo) : 0;
  for (let t = 0; t < log.changedCount; t++) {
    const i = log.changedRows[t];
    const v = values[i];
    if (!(v >= lo && v <= hi)) continue;
    const raw = Math.floor((v - lo) * scale);
    const b = raw >= bins ? bins - 1 : raw;
    const from = log.changedFrom[t];
    const to = assignment[i];
    if (from >= 0 && from < k) stacked[from * bins + b]--;
    if (to >= 0 && to < k) stacked[to * bins + b]++;
  }
}
