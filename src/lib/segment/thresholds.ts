/** Helpers for threshold handles: display domains for skewed data and snapping to quantiles. */
import { quantileSorted } from './rfm';
import type { NumericColumn } from './model';

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
