/**
 * Segment profiles: sizes, shares, per-feature means, index vs the overall mean (for the heat map)
 * and the features that most distinguish each segment. Missing values (NaN) are left out of each
 * feature's own sums; shares are of the assigned customers (assignment >= 0).
 */
import type { NumericColumn } from './model';

/** How one feature separates a segment from everyone: (segment mean - overall mean) / overall sd. */
export interface Distinction {
  feature: string;
  diff: number;
}

/** The profile of one segment. */
export interface SegmentProfile {
  index: number;
  size: number;
  /** size / assigned customers. */
  share: number;
  /** Segment's share of the value feature's total (NaN without a value feature). */
  valueShare: number;
  mean: Record<string, number>;
  /** mean / overall mean (NaN when the overall mean is 0). */
  indexVsAll: Record<string, number>;
  /** All features, largest |diff| first. */
  distinguishing: Distinction[];
}

/** Profiles of all segments plus the overall statistics. */
export interface Profile {
  assigned: number;
  overallMean: Record<string, number>;
  overallSd: Record<string, number>;
  segments: SegmentProfile[];
}

/** Options: `valueFeature` names the column whose total the value share divides (e.g. monetary). */
export interface ProfileOptions {
  valueFeature?: string;
}

/**
 * Profiles segments `0..k-1`. The overall sd is the population sd over assigned customers; a
 * feature with sd 0 gets diff 0 in every segment.
 */
export function profileSegments(
  features: Record<string, NumericColumn>,
  assignment: Int32Array,
  k: number,
  options: ProfileOptions = {},
): Profile {
  const names = Object.keys(features);
  const size = new Float64Array(k);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < k) size[a]++;
  }
  const assigned = size.reduce((s, v) => s + v, 0);
  const overallMean: Record<string, number> = {};
  const overallSd: Record<string, number> = {};
  const segMean = names.map(() => new Float64Array(k));
  const segSum = names.map(() => new Float64Array(k));
  names.forEach((name, fi) => {
    const x = features[name];
    if (x.length !== assignment.length)
      throw new Error(`profile: feature "${name}" length differs`);
    const { sum, cnt, n, total, sd } = featureSums(x, assignment, size, segSum[fi]);
    overallMean[name] = n > 0 ? total / n : Number.NaN;
    overallSd[name] = sd;
    for (let s = 0; s < k; s++) segMean[fi][s] = cnt[s] > 0 ? sum[s] / cnt[s] : Number.NaN;
  });
  const vf = options.valueFeature;
  const vi = vf === undefined ? -1 : names.indexOf(vf);
  if (vf !== undefined && vi < 0)
    throw new Error(`profile: value feature "${vf}" is not a feature`);
  const valueTotal = vi >= 0 ? segSum[vi].reduce((s, v) => s + v, 0) : Number.NaN;
  const segments: SegmentProfile[] = [];
  for (let s = 0; s < k; s++) {
    const mean: Record<string, number> = {};
    const indexVsAll: Record<string, number> = {};
    const distinguishing: Distinction[] = [];
    names.forEach((name, fi) => {
      const m = segMean[fi][s];
      const mu = overallMean[name];
      const sd = overallSd[name];
      mean[name] = m;
      indexVsAll[name] = mu !== 0 ? m / mu : Number.NaN;
      distinguishing.push({ feature: name, diff: sd > 0 ? (m - mu) / sd : 0 });
    });
    distinguishing.sort((a, b) => absOrder(b.diff) - absOrder(a.diff));
    segments.push({
      index: s,
      size: size[s],
      share: assigned > 0 ? size[s] / assigned : Number.NaN,
      valueShare: vi >= 0 && valueTotal !== 0 ? segSum[vi][s] / valueTotal : Number.NaN,
      mean,
      indexVsAll,
      distinguishing,
    });
  }
  return { assigned, overallMean, overallSd, segments };
}

/**
 * One pass over a feature: per-segment sums into `sum`, the overall total and the population sd
 * of the assigned, non-missing values. The sd comes from sums of (v - first such value), which
 * keeps the cancellation in sum2 / n - mean^2 small; non-missing counts are the segment sizes
 * minus the missing ones, so the common case updates one per-segment slot per row. (A second
 * pass for the sd and a count per row made this most of an exact reassignment at 1M customers.)
 */
function featureSums(
  x: NumericColumn,
  assignment: Int32Array,
  size: Float64Array,
  sum: Float64Array,
): { sum: Float64Array; cnt: Float64Array; n: number; total: number; sd: number } {
  const k = size.length;
  let first = 0;
  while (
    first < x.length &&
    !(assignment[first] >= 0 && assignment[first] < k && x[first] === x[first])
  )
    first++;
  const shift = first < x.length ? x[first] : 0;
  const missing = new Float64Array(k);
  let total = 0;
  let sum1 = 0;
  let sum2 = 0;
  for (let i = first; i < x.length; i++) {
    const a = assignment[i];
    const v = x[i];
    if (a < 0 || a >= k) continue;
    if (v === v) {
      sum[a] += v;
      total += v;
      const dv = v - shift;
      sum1 += dv;
      sum2 += dv * dv;
    } else missing[a]++;
  }
  // Rows before `first` are all unassigned or missing.
  for (let i = 0; i < first; i++) {
    const a = assignment[i];
    if (a >= 0 && a < k) missing[a]++;
  }
  const cnt = new Float64Array(k);
  let n = 0;
  for (let s = 0; s < k; s++) n += cnt[s] = size[s] - missing[s];
  const m1 = sum1 / n;
  const sd = n > 0 ? Math.sqrt(Math.max(0, sum2 / n - m1 * m1)) : Number.NaN;
  return { sum, cnt, n, total, sd };
}

// NaN (empty segment) sorts last; Array.prototype.sort is stable, so ties keep feature order.
const absOrder = (d: number): number => (d === d ? Math.abs(d) : -1);
