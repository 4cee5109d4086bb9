/**
 * Who each segment is: per segment and overall, every numeric feature's count, mean, median and
 * sd, its index against everyone (100 = average) and standardised difference, with a one-way
 * ANOVA F across segments; every category's level shares, with a chi-square test of independence;
 * and the features that most distinguish each segment. Missing values (NaN, code -1) are left out
 * of each feature's own statistics; "everyone" is the customers in a profiled bucket.
 */
import type { NumericColumn } from '../segment/model';
import { chiSquareUpperTail, fUpperTail } from './distributions';
import { columnSums } from './median';

/** Count, mean, median and population sd of one group's non-missing values (NaN when none). */
export interface Summary {
  n: number;
  mean: number;
  median: number;
  sd: number;
}

/** A test of whether a feature differs across segments. */
export interface SegmentTest {
  kind: 'F' | 'chi2';
  statistic: number;
  /** Degrees of freedom: (between, within) for F, (df, 0) for chi-square. */
  df: [number, number];
  /** Upper-tail probability; NaN when the test is undefined (one segment, no variation). */
  p: number;
}

/** A numeric feature across segments. */
export interface NumericProfile {
  feature: string;
  overall: Summary;
  segments: Summary[];
  /** 100 * segment mean / overall mean (NaN when the overall mean is 0). */
  index: number[];
  /** (segment mean - overall mean) / overall sd (0 when the sd is 0). */
  diff: number[];
  test: SegmentTest;
}

/** A category across segments: counts of each level (missing left out). */
export interface CategoryProfile {
  feature: string;
  levels: readonly string[];
  overall: { n: number; counts: Float64Array };
  segments: { n: number; counts: Float64Array }[];
  test: SegmentTest;
}

/** One way a segment stands out: a numeric feature, or one level of a category. */
export interface Distinction {
  feature: string;
  /** The level of a category (its share is compared). */
  level?: string;
  /** Standardised difference: (segment - overall) / overall sd (shares: sd of a 0/1 variable). */
  diff: number;
  /** Segment mean (or share) and everyone's. */
  value: number;
  overall: number;
  /** 100 * value / overall. */
  index: number;
}

/** Size and value of one bucket. */
export interface SegmentSize {
  size: number;
  /** Of the profiled customers. */
  share: number;
  /** Sum of the value column (NaN without one). */
  value: number;
  valueShare: number;
  valuePerCustomer: number;
  /** 100 * value per customer / everyone's value per customer. */
  valueIndex: number;
}

/** Everything the Profiles step shows. */
export interface Profiles {
  /** Customers in a profiled bucket. */
  total: number;
  /** The value column summed over everyone (NaN without one). */
  totalValue: number;
  sizes: SegmentSize[];
  numeric: NumericProfile[];
  categorical: CategoryProfile[];
  /** Per bucket, every numeric feature and category level, largest |diff| first. */
  distinguishing: Distinction[][];
}

/** What is profiled. */
export interface ProfileInput {
  /** Numeric columns by name, one value per customer row (NaN = missing). */
  numeric: Record<string, NumericColumn>;
  /** Categories kept as levels: labels and codes (-1 = missing) per column. */
  categories?: {
    levels: Readonly<Record<string, readonly string[]>>;
    codes: Readonly<Record<string, Int32Array>>;
  };
  /** Bucket of each customer row; values outside `0..buckets-1` are not profiled. */
  assignment: Int32Array;
  buckets: number;
  /** The numeric column whose sum is each segment's value (revenue, a chosen measure). */
  value?: string;
}

/** Profiles every bucket of `input.assignment`. */
export function describeSegments(input: ProfileInput): Profiles {
  const { assignment, buckets } = input;
  const size = new Float64Array(buckets);
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i];
    if (a >= 0 && a < buckets) size[a]++;
  }
  const total = size.reduce((s, v) => s + v, 0);
  const numeric = Object.entries(input.numeric).map(([feature, x]) => {
    if (x.length !== assignment.length)
      throw new Error(
        `profile: feature "${feature}" has ${x.length} rows, not ${assignment.length}`,
      );
    return numericProfile(feature, x, assignment, size);
  });
  const cats = input.categories;
  const categorical = cats
    ? Object.keys(cats.levels).map((feature) =>
        categoryProfile(feature, cats.levels[feature], cats.codes[feature], assignment, buckets),
      )
    : [];
  const sizes = segmentSizes(input, size, total);
  const totalValue = sizes.reduce((s, v) => s + v.value, 0);
  return {
    total,
    totalValue: input.value === undefined ? Number.NaN : totalValue,
    sizes,
    numeric,
    categorical,
    distinguishing: distinctions(numeric, categorical, buckets),
  };
}

function segmentSizes(input: ProfileInput, size: Float64Array, total: number): SegmentSize[] {
  const v = input.value === undefined ? undefined : input.numeric[input.value];
  if (input.value !== undefined && !v)
    throw new Error(`profile: the value column "${input.value}" is not a numeric feature`);
  const sums = new Float64Array(size.length);
  if (v) {
    const a = input.assignment;
    for (let i = 0; i < a.length; i++) {
      const b = a[i];
      const x = v[i];
      if (b >= 0 && b < size.length && x === x) sums[b] += x;
    }
  }
  const all = sums.reduce((s, x) => s + x, 0);
  const perCustomer = all / total;
  return [...size].map((n, b) => {
    const value = v ? sums[b] : Number.NaN;
    const valuePerCustomer = n > 0 ? value / n : Number.NaN;
    return {
      size: n,
      share: total > 0 ? n / total : Number.NaN,
      value,
      valueShare: v && all !== 0 ? value / all : Number.NaN,
      valuePerCustomer,
      valueIndex: v && perCustomer !== 0 ? (100 * valuePerCustomer) / perCustomer : Number.NaN,
    };
  });
}

/**
 * Sums of (x - shift) and its square per bucket keep the variance free of the cancellation that
 * raw sums of squares of large values (incomes, revenues) suffer.
 */
function numericProfile(
  feature: string,
  x: NumericColumn,
  assignment: Int32Array,
  size: Float64Array,
): NumericProfile {
  const k = size.length;
  const { cnt, s1, s2, shift, median, overallMedian } = columnSums(x, assignment, k);
  let n = 0;
  let t1 = 0;
  let t2 = 0;
  for (let b = 0; b < k; b++) {
    n += cnt[b];
    t1 += s1[b];
    t2 += s2[b];
  }
  const summary = (c: number, a1: number, a2: number, median: number): Summary => {
    if (c === 0) return { n: 0, mean: Number.NaN, median: Number.NaN, sd: Number.NaN };
    const m = a1 / c;
    return { n: c, mean: shift + m, median, sd: Math.sqrt(Math.max(0, a2 / c - m * m)) };
  };
  const overall = summary(n, t1, t2, overallMedian);
  const segments = [...cnt].map((c, b) => summary(c, s1[b], s2[b], median[b]));
  const index = segments.map((s) =>
    overall.mean !== 0 && s.n > 0 ? (100 * s.mean) / overall.mean : Number.NaN,
  );
  const diff = segments.map((s) =>
    s.n === 0 ? Number.NaN : overall.sd > 0 ? (s.mean - overall.mean) / overall.sd : 0,
  );
  return { feature, overall, segments, index, diff, test: anova(cnt, s1, s2, n, t1) };
}

/** One-way ANOVA over the non-empty buckets, from per-bucket shifted sums. */
function anova(
  cnt: Float64Array,
  s1: Float64Array,
  s2: Float64Array,
  n: number,
  t1: number,
): SegmentTest {
  let groups = 0;
  let between = 0;
  let within = 0;
  const grand = t1 / n;
  for (let b = 0; b < cnt.length; b++) {
    if (cnt[b] === 0) continue;
    groups++;
    const m = s1[b] / cnt[b];
    between += cnt[b] * (m - grand) * (m - grand);
    within += Math.max(0, s2[b] - s1[b] * m);
  }
  const df1 = groups - 1;
  const df2 = n - groups;
  if (df1 < 1 || df2 < 1)
    return { kind: 'F', statistic: Number.NaN, df: [df1, df2], p: Number.NaN };
  const statistic =
    within > 0 ? between / df1 / (within / df2) : between > 0 ? Infinity : Number.NaN;
  return { kind: 'F', statistic, df: [df1, df2], p: fUpperTail(statistic, df1, df2) };
}

function categoryProfile(
  feature: string,
  levels: readonly string[],
  codes: Int32Array,
  assignment: Int32Array,
  buckets: number,
): CategoryProfile {
  const L = levels.length;
  const table = Array.from({ length: buckets }, () => new Float64Array(L));
  for (let i = 0; i < codes.length; i++) {
    const a = assignment[i];
    const c = codes[i];
    if (a >= 0 && a < buckets && c >= 0 && c < L) table[a][c]++;
  }
  const counts = new Float64Array(L);
  for (const row of table) for (let l = 0; l < L; l++) counts[l] += row[l];
  const sum = (r: Float64Array) => r.reduce((s, v) => s + v, 0);
  const n = sum(counts);
  return {
    feature,
    levels,
    overall: { n, counts },
    segments: table.map((counts) => ({ n: sum(counts), counts })),
    test: chiSquare(table, counts, n),
  };
}

/** Pearson's chi-square test of independence over the non-empty rows and columns. */
function chiSquare(table: Float64Array[], colTotals: Float64Array, n: number): SegmentTest {
  const rows = table.filter((r) => r.some((v) => v > 0));
  const cols = [...colTotals.keys()].filter((l) => colTotals[l] > 0);
  const df = (rows.length - 1) * (cols.length - 1);
  if (df < 1) return { kind: 'chi2', statistic: Number.NaN, df: [df, 0], p: Number.NaN };
  let statistic = 0;
  for (const row of rows) {
    const rowTotal = row.reduce((s, v) => s + v, 0);
    for (const l of cols) {
      const expected = (rowTotal * colTotals[l]) / n;
      statistic += ((row[l] - expected) * (row[l] - expected)) / expected;
    }
  }
  return { kind: 'chi2', statistic, df: [df, 0], p: chiSquareUpperTail(statistic, df) };
}

/** Every numeric feature and category level of each bucket, largest |diff| first. */
function distinctions(
  numeric: NumericProfile[],
  categorical: CategoryProfile[],
  buckets: number,
): Distinction[][] {
  const out: Distinction[][] = [];
  for (let b = 0; b < buckets; b++) {
    const list: Distinction[] = [];
    for (const p of numeric) {
      const s = p.segments[b];
      if (s.n === 0) continue;
      list.push({
        feature: p.feature,
        diff: p.diff[b],
        value: s.mean,
        overall: p.overall.mean,
        index: p.index[b],
      });
    }
    for (const c of categorical) {
      const seg = c.segments[b];
      if (seg.n === 0 || c.overall.n === 0) continue;
      c.levels.forEach((level, l) => {
        const all = c.overall.counts[l] / c.overall.n;
        if (all === 0) return;
        const share = seg.counts[l] / seg.n;
        const sd = Math.sqrt(all * (1 - all));
        list.push({
          feature: c.feature,
          level,
          diff: sd > 0 ? (share - all) / sd : 0,
          value: share,
          overall: all,
          index: (100 * share) / all,
        });
      });
    }
    // NaN last; the sort is stable, so ties keep the features' order.
    list.sort((x, y) => magnitude(y.diff) - magnitude(x.diff));
    out.push(list);
  }
  return out;
}

const magnitude = (d: number): number => (d === d ? Math.abs(d) : -1);
