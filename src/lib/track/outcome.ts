/**
 * An outcome per segment: the rate (yes/no) with a Wilson interval or the mean (number) with a
 * t interval, its lift against everyone, and whether the interval excludes everyone's value.
 */
import { excludes, meanInterval, wilson, type Interval } from './stats';
import type { OutcomeValues } from './values';

/** One segment's (or everyone's) outcome. */
export interface OutcomeRow {
  label: string;
  /** Customers in the segment. */
  customers: number;
  /** Customers with a value. */
  n: number;
  /** Rate (yes/no) or mean (number), with its 95 % interval. */
  estimate: Interval;
  /** estimate / everyone's value (NaN when that is 0). */
  lift: number;
  /** 1 / -1 when the interval lies wholly above / below everyone's value, else 0. */
  differs: -1 | 0 | 1;
}

/** The outcome table: everyone, then one row per segment bucket. */
export interface OutcomeTable {
  kind: OutcomeValues['kind'];
  /** For yes/no: the value counted as yes. */
  positive?: string;
  overall: OutcomeRow;
  rows: OutcomeRow[];
}

/**
 * Outcome per bucket: `assignment[i]` is customer i's bucket (0..labels.length-1; negative =
 * in no segment, left out everywhere) and `outcome.values[i]` their value (NaN = missing).
 * Rates use the Wilson score interval; means the t interval (see tCritical95).
 */
export function outcomeBySegment(
  outcome: OutcomeValues,
  assignment: Int32Array,
  labels: readonly string[],
): OutcomeTable {
  const x = outcome.values;
  if (x.length !== assignment.length)
    throw new Error(`outcome has ${x.length} values for ${assignment.length} customers`);
  const k = labels.length;
  const customers = new Float64Array(k);
  const n = new Float64Array(k);
  const sum = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    const a = assignment[i];
    if (a < 0 || a >= k) continue;
    customers[a]++;
    const v = x[i];
    if (v === v) {
      n[a]++;
      sum[a] += v;
    }
  }
  const mean = Array.from(sum, (s, a) => s / n[a]);
  const total = n.reduce((s, v) => s + v, 0);
  const overallMean = sum.reduce((s, v) => s + v, 0) / total;
  // Squared deviations in a second pass (from each group's mean), for the t intervals.
  const ss = new Float64Array(k);
  let ssAll = 0;
  if (outcome.kind === 'numeric') {
    for (let i = 0; i < x.length; i++) {
      const a = assignment[i];
      const v = x[i];
      if (a < 0 || a >= k || v !== v) continue;
      ss[a] += (v - mean[a]) ** 2;
      ssAll += (v - overallMean) ** 2;
    }
  }
  const estimate = (s: number, cnt: number, m: number, dev: number): Interval =>
    outcome.kind === 'binary' ? wilson(s, cnt) : meanInterval(cnt, m, dev);
  const overallEst = estimate(
    sum.reduce((s, v) => s + v, 0),
    total,
    overallMean,
    ssAll,
  );
  const overall: OutcomeRow = {
    label: 'Everyone',
    customers: customers.reduce((s, v) => s + v, 0),
    n: total,
    estimate: overallEst,
    lift: 1,
    differs: 0,
  };
  const base = overallEst.value;
  const rows = labels.map((label, a): OutcomeRow => {
    const est = estimate(sum[a], n[a], mean[a], ss[a]);
    return {
      label,
      customers: customers[a],
      n: n[a],
      estimate: est,
      lift: base !== 0 ? est.value / base : NaN,
      differs: excludes(est, base),
    };
  });
  return {
    kind: outcome.kind,
    ...(outcome.kind === 'binary' ? { positive: outcome.positive } : {}),
    overall,
    rows,
  };
}
