/**
 * Segment profiles against SQL written separately on native DuckDB (count, avg, median,
 * stddev_pop, the ANOVA sums and the chi-square table), on the customer fixture split by region;
 * the F and chi-square tails against published critical values.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fileURLToPath } from 'node:url';
import { describeSegments, type Profiles } from '../../src/lib/profile/describe';
import { chiSquareUpperTail, fUpperTail } from '../../src/lib/profile/distributions';
import { bucketMedians, medianOfRange } from '../../src/lib/profile/median';
import { literal } from '../../src/lib/sql/quote';
import { createRng } from '../../src/lib/random';

const FILE = fileURLToPath(new URL('../fixtures/customers-only.csv', import.meta.url));
const NUMERIC = ['age', 'income', 'days_since_order', 'orders', 'spend'];
let conn: DuckDBConnection;
let profiles: Profiles;
let regions: string[];
let plans: string[];

async function rows<T>(sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJson() as T[];
}

beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  await conn.run(`CREATE TABLE c AS SELECT * FROM read_csv(${literal(FILE)})`);
  // One row per customer in id order, as the studio's feature columns come.
  const data = await rows<Record<string, string | number | null>>(
    'SELECT * FROM c ORDER BY customer_id',
  );
  // Customers without a region are in no segment: left out of every statistic, as SQL's `s` does.
  regions = [...new Set(data.filter((r) => r.region !== null).map((r) => String(r.region)))].sort();
  plans = [...new Set(data.map((r) => String(r.plan)))].sort();
  const numeric = Object.fromEntries(
    NUMERIC.map((f) => [f, Float64Array.from(data, (r) => (r[f] === null ? NaN : Number(r[f])))]),
  );
  // A missing value in a column, to check each feature counts its own non-missing values.
  numeric.income[3] = NaN;
  await conn.run(
    `UPDATE c SET income = NULL WHERE customer_id = ${literal(String(data[3].customer_id))}`,
  );
  await conn.run('CREATE VIEW s AS SELECT * FROM c WHERE region IS NOT NULL');
  profiles = describeSegments({
    numeric,
    categories: {
      levels: { plan: plans },
      codes: { plan: Int32Array.from(data, (r) => plans.indexOf(String(r.plan))) },
    },
    assignment: Int32Array.from(data, (r) =>
      r.region === null ? -1 : regions.indexOf(String(r.region)),
    ),
    buckets: regions.length,
    value: 'spend',
  });
});

describe('segment profiles', () => {
  it('give each segment the count, mean, median and sd SQL gives', async () => {
    for (const f of NUMERIC) {
      const want = await rows<{ region: string; n: number; mean: number; med: number; sd: number }>(
        `SELECT region, count(${f})::INT AS n, avg(${f}) AS mean, median(${f}) AS med,
                stddev_pop(${f}) AS sd FROM s GROUP BY region`,
      );
      const p = profiles.numeric.find((x) => x.feature === f)!;
      for (const w of want) {
        const s = p.segments[regions.indexOf(w.region)];
        expect(s.n).toBe(w.n);
        expect(s.mean).toBeCloseTo(w.mean, 9);
        expect(s.median).toBeCloseTo(w.med, 9);
        expect(s.sd).toBeCloseTo(w.sd, 9);
      }
      const [all] = await rows<{ mean: number; med: number; sd: number }>(
        `SELECT avg(${f}) AS mean, median(${f}) AS med, stddev_pop(${f}) AS sd FROM s`,
      );
      expect(p.overall.mean).toBeCloseTo(all.mean, 9);
      expect(p.overall.median).toBeCloseTo(all.med, 9);
      expect(p.overall.sd).toBeCloseTo(all.sd, 9);
    }
  });

  it('index each mean against everyone (100 = average) and rank by standardised difference', () => {
    const p = profiles.numeric.find((x) => x.feature === 'spend')!;
    p.segments.forEach((s, b) => {
      expect(p.index[b]).toBeCloseTo((100 * s.mean) / p.overall.mean, 9);
      expect(p.diff[b]).toBeCloseTo((s.mean - p.overall.mean) / p.overall.sd, 9);
    });
    for (const list of profiles.distinguishing) {
      const mags = list.map((d) => Math.abs(d.diff));
      expect(mags).toEqual([...mags].sort((a, b) => b - a));
    }
  });

  it('give the one-way ANOVA F that sums of squares in SQL give', async () => {
    for (const f of NUMERIC) {
      const [w] = await rows<{ ssb: number; ssw: number; k: number; n: number }>(`
        WITH g AS (SELECT region, count(${f}) AS n, avg(${f}) AS m FROM s GROUP BY region),
             t AS (SELECT avg(${f}) AS m, count(${f}) AS n FROM s)
        SELECT (SELECT sum(g.n * (g.m - t.m) ^ 2) FROM g, t) AS ssb,
               (SELECT sum((s.${f} - g.m) ^ 2) FROM s JOIN g USING (region)) AS ssw,
               (SELECT count(*) FROM g WHERE n > 0)::INT AS k, (SELECT n FROM t)::INT AS n`);
      const p = profiles.numeric.find((x) => x.feature === f)!;
      expect(p.test.df).toEqual([w.k - 1, w.n - w.k]);
      expect(p.test.statistic).toBeCloseTo(w.ssb / (w.k - 1) / (w.ssw / (w.n - w.k)), 6);
      expect(p.test.p).toBeCloseTo(fUpperTail(p.test.statistic, w.k - 1, w.n - w.k), 12);
    }
  });

  it('give category shares and the chi-square statistic of the region x plan table', async () => {
    const cells = await rows<{ region: string; plan: string; n: number }>(
      'SELECT region, plan, count(*)::INT AS n FROM s GROUP BY ALL',
    );
    const [w] = await rows<{ chi2: number }>(`
      WITH o AS (SELECT region, plan, count(*) AS n FROM s GROUP BY ALL),
           r AS (SELECT region, count(*) AS n FROM s GROUP BY region),
           p AS (SELECT plan, count(*) AS n FROM s GROUP BY plan),
           e AS (SELECT r.region, p.plan, r.n * p.n / (SELECT count(*) FROM s) AS e FROM r, p)
      SELECT sum((coalesce(o.n, 0) - e.e) ^ 2 / e.e) AS chi2
      FROM e LEFT JOIN o USING (region, plan)`);
    const cat = profiles.categorical[0];
    for (const cell of cells)
      expect(cat.segments[regions.indexOf(cell.region)].counts[plans.indexOf(cell.plan)]).toBe(
        cell.n,
      );
    expect(cat.test.statistic).toBeCloseTo(w.chi2, 9);
    expect(cat.test.df).toEqual([(regions.length - 1) * (plans.length - 1), 0]);
  });

  it('give each segment its value, share of value and value per customer', async () => {
    const want = await rows<{ region: string; v: number; n: number }>(
      'SELECT region, sum(spend) AS v, count(*)::INT AS n FROM s GROUP BY region',
    );
    const total = want.reduce((s, w) => s + w.v, 0);
    for (const w of want) {
      const s = profiles.sizes[regions.indexOf(w.region)];
      expect(s.size).toBe(w.n);
      expect(s.value).toBeCloseTo(w.v, 6);
      expect(s.valueShare).toBeCloseTo(w.v / total, 12);
      const n = want.reduce((t, x) => t + x.n, 0);
      expect(s.valueIndex).toBeCloseTo((100 * (w.v / w.n)) / (total / n), 9);
    }
  });
});

describe('the F and chi-square tails', () => {
  it('match published 5 % critical values', () => {
    expect(chiSquareUpperTail(3.841458820694124, 1)).toBeCloseTo(0.05, 9);
    expect(chiSquareUpperTail(9.487729036781154, 4)).toBeCloseTo(0.05, 9);
    expect(chiSquareUpperTail(6.634896601021214, 1)).toBeCloseTo(0.01, 9);
    expect(fUpperTail(4.964602743730711, 1, 10)).toBeCloseTo(0.05, 9);
    expect(fUpperTail(3.3541308285291986, 2, 27)).toBeCloseTo(0.05, 9);
    expect(fUpperTail(2.3053, 5, 100)).toBeCloseTo(0.05, 3);
  });
  it('say an undefined test is undefined', () => {
    expect(fUpperTail(3, 0, 10)).toBeNaN();
    expect(chiSquareUpperTail(1, 0)).toBeNaN();
    expect(fUpperTail(0, 2, 10)).toBe(1);
  });
});

describe('medians per segment', () => {
  it('equal a full sort, with odd, even, tied and missing values', () => {
    const rng = createRng(7);
    const n = 5000;
    const x = new Float64Array(n);
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i % 97 === 0 ? NaN : rng.int(50);
      a[i] = i % 11 === 0 ? -1 : rng.int(6);
    }
    const { perBucket, overall } = bucketMedians(x, a, 6);
    const sorted = (b: number | null) =>
      [...x]
        .filter((v, i) => v === v && a[i] >= 0 && (b === null || a[i] === b))
        .sort((p, q) => p - q);
    const med = (s: number[]) =>
      s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    for (let b = 0; b < 6; b++) expect(perBucket[b]).toBe(med(sorted(b)));
    expect(overall).toBe(med(sorted(null)));
    expect(medianOfRange(new Float64Array([3, 1, 2, 4]), 0, 4)).toBe(2.5);
    expect(medianOfRange(new Float64Array([]), 0, 0)).toBeNaN();
  });
});
