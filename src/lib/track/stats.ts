/**
 * Interval statistics for rates, means and differences of rates, all at 95 %. Pure arithmetic,
 * no data access: the tests check them against published values and separate loops.
 */

/** The 97.5 % quantile of the standard normal distribution. */
export const Z95 = 1.959963984540054;

// Exact 97.5 % quantiles of t for 3 to 5 degrees of freedom, where the expansion is off by
// more than 1e-4.
const T_SMALL_DF: Readonly<Record<number, number>> = {
  3: 3.182446305284263,
  4: 2.7764451051977987,
  5: 2.5705818366147395,
};

/** A point estimate with its 95 % interval (NaN bounds when none can be given). */
export interface Interval {
  value: number;
  lo: number;
  hi: number;
}

/**
 * Wilson score interval for `k` successes in `n` trials (Wilson 1927); stays inside [0, 1] and
 * behaves at 0 and n, unlike the Wald interval. n = 0 gives NaN everywhere.
 */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n <= 0) return { value: NaN, lo: NaN, hi: NaN };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { value: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/**
 * The two-sided 95 % critical value of Student's t with `df` degrees of freedom: exact for
 * df 1 and 2 (closed forms), tabulated for df 3 to 5, and from df 6 the Cornish-Fisher
 * expansion of the t quantile around the normal one (Abramowitz & Stegun 26.7.5, terms to
 * df^-4), within 1.1e-4 of the exact value at df 6 and closer after; the normal value for
 * infinite df. Fractional df between 3 and 6 take the expansion too (only whole df occur here).
 */
export function tCritical95(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df === 1) return Math.tan(Math.PI * (0.975 - 0.5));
  if (df === 2) return (2 * 0.975 - 1) * Math.sqrt(2 / (4 * 0.975 * 0.025));
  if (!Number.isFinite(df)) return Z95;
  const tabulated = T_SMALL_DF[df];
  if (tabulated !== undefined) return tabulated;
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/**
 * Mean with its t interval from a count, a sum and a sum of squared deviations from the mean
 * (so callers can accumulate in one pass). n < 2 has no interval.
 */
export function meanInterval(n: number, mean: number, sumSqDev: number): Interval {
  if (n <= 0) return { value: NaN, lo: NaN, hi: NaN };
  if (n < 2) return { value: mean, lo: NaN, hi: NaN };
  const sd = Math.sqrt(sumSqDev / (n - 1));
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { value: mean, lo: mean - half, hi: mean + half };
}

/**
 * Difference of two proportions k1/n1 - k2/n2 with Newcombe's hybrid score interval (Newcombe
 * 1998, method 10): built from the two Wilson intervals, good for small groups and rates near
 * 0 or 1. Either group empty gives NaN.
 */
export function newcombeDiff(k1: number, n1: number, k2: number, n2: number): Interval {
  if (n1 <= 0 || n2 <= 0) return { value: NaN, lo: NaN, hi: NaN };
  const a = wilson(k1, n1);
  const b = wilson(k2, n2);
  const d = a.value - b.value;
  return {
    value: d,
    lo: d - Math.sqrt((a.value - a.lo) ** 2 + (b.hi - b.value) ** 2),
    hi: d + Math.sqrt((a.hi - a.value) ** 2 + (b.value - b.lo) ** 2),
  };
}

/** Whether an interval lies wholly above (1) or below (-1) a value, else 0 (or no interval). */
export function excludes(iv: Interval, value: number): -1 | 0 | 1 {
  if (!(iv.lo === iv.lo && iv.hi === iv.hi && value === value)) return 0;
  if (iv.lo > value) return 1;
  if (iv.hi < value) return -1;
  return 0;
}
