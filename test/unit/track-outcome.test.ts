/**
 * Outcomes and campaign results per segment, against SQL written separately on native DuckDB
 * and plain loops over the fixture files.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from './engines';
import path from 'node:path';
import { literal } from '../../src/lib/sql/quote';
import { readOutcome } from '../../src/lib/track/values';
import { outcomeBySegment } from '../../src/lib/track/outcome';
import { joinById } from '../../src/lib/track/join';
import { campaignBySegment, inferCampaignColumns, readGroups } from '../../src/lib/track/campaign';
import { newcombeDiff } from '../../src/lib/track/stats';

let conn: DuckDBConnection;
type Row = Record<string, string | null>;

/** Every column of a fixture file as text, in file order. */
async function readText(file: string, delim = ','): Promise<Row[]> {
  const r = await conn.runAndReadAll(
    `SELECT * FROM read_csv(${literal(path.join(fixturesDir(), file))}, delim = ${literal(delim)}, header = true, all_varchar = true)`,
  );
  return r.getRowObjectsJson() as Row[];
}

beforeAll(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => conn?.closeSync());

describe('reading an outcome column', () => {
  it('reads yes/no, 1/0, true/false and y/n as rates and other numbers as means', async () => {
    const rows = await readText('track-outcomes.csv');
    const churned = readOutcome(
      rows.map((r) => r.churned),
      'churned',
    );
    expect(churned).toMatchObject({ kind: 'binary', positive: 'yes', negative: 'no' });
    expect([...churned.values]).toEqual(rows.map((r) => (r.churned === 'yes' ? 1 : 0)));
    const spend = readOutcome(
      rows.map((r) => r.spend_next),
      'spend_next',
    );
    expect(spend.kind).toBe('numeric');
    expect([...spend.values]).toEqual(rows.map((r) => Number(r.spend_next)));
    expect(readOutcome(['TRUE', 'FALSE', null, 'TRUE'], 'x')).toMatchObject({ positive: 'TRUE' });
    expect([...readOutcome(['n', 'Y', '', 'y'], 'x').values]).toEqual([0, 1, NaN, 1]);
    expect([...readOutcome([1, 0, 0, null], 'x').values]).toEqual([1, 0, 0, NaN]);
    expect(readOutcome(['1.0', '0', '1'], 'x').kind).toBe('binary');
    expect(readOutcome(['responded', 'ignored'], 'x')).toMatchObject({ positive: 'responded' });
    expect(readOutcome(['stayed', 'left', 'left'], 'x')).toMatchObject({ positive: 'stayed' });
    expect(readOutcome(['0', '5', '12'], 'x').kind).toBe('numeric');
  });

  it('refuses three values and an all-missing column with a sentence naming the column', async () => {
    const rows = await readText('track-outcomes.csv');
    expect(() =>
      readOutcome(
        rows.map((r) => r.three_values),
        'three_values',
      ),
    ).toThrow('“three_values” has 3 different values (“a”, “b”, “c”)');
    expect(() =>
      readOutcome(
        rows.map((r) => r.all_missing),
        'all_missing',
      ),
    ).toThrow('“all_missing” has no value for any customer');
    expect(() => readOutcome(['maybe', 'maybe'], 'm')).toThrow(/one value/);
  });
});

describe('outcome per segment', () => {
  const z = 1.959963984540054;
  it('matches SQL on the personality file: rates with Wilson intervals, lift and flags', async () => {
    const rows = await readText('personality-customers.tsv', '\t');
    const labels = [...new Set(rows.map((r) => r.Education!))].sort();
    const assignment = Int32Array.from(rows, (r) => labels.indexOf(r.Education!));
    const table = outcomeBySegment(
      readOutcome(
        rows.map((r) => r.Response),
        'Response',
      ),
      assignment,
      labels,
    );
    const file = literal(path.join(fixturesDir(), 'personality-customers.tsv'));
    const sql = await conn.runAndReadAll(`
      WITH p AS (SELECT Education AS seg, CAST(Response AS DOUBLE) AS y
                 FROM read_csv(${file}, delim = '\t', header = true)),
      g AS (SELECT seg, count(*) AS n, avg(y) AS p FROM p GROUP BY seg),
      o AS (SELECT avg(y) AS p FROM p)
      SELECT g.seg, g.n, g.p, g.p / o.p AS lift,
        (g.p + ${z}^2 / (2 * g.n) - ${z} * sqrt(g.p * (1 - g.p) / g.n + ${z}^2 / (4 * g.n * g.n)))
          / (1 + ${z}^2 / g.n) AS lo,
        (g.p + ${z}^2 / (2 * g.n) + ${z} * sqrt(g.p * (1 - g.p) / g.n + ${z}^2 / (4 * g.n * g.n)))
          / (1 + ${z}^2 / g.n) AS hi,
        o.p AS overall
      FROM g, o ORDER BY g.seg`);
    const want = sql.getRowObjectsJson() as Record<string, number | string>[];
    expect(table.rows.map((r) => r.label)).toEqual(want.map((w) => w.seg));
    expect(table.overall.estimate.value).toBeCloseTo(Number(want[0].overall), 12);
    table.rows.forEach((r, i) => {
      const w = want[i];
      expect(r.n).toBe(Number(w.n));
      expect(r.estimate.value).toBeCloseTo(Number(w.p), 12);
      expect(r.estimate.lo).toBeCloseTo(Math.max(0, Number(w.lo)), 12);
      expect(r.estimate.hi).toBeCloseTo(Math.min(1, Number(w.hi)), 12);
      expect(r.lift).toBeCloseTo(Number(w.lift), 12);
      const o = Number(w.overall);
      expect(r.differs).toBe(Number(w.lo) > o ? 1 : Number(w.hi) < o ? -1 : 0);
    });
  });

  it('matches SQL for a numeric outcome: means with t intervals', async () => {
    const rows = await readText('personality-customers.tsv', '\t');
    const labels = ['Single', 'Married', 'Together', 'Divorced', 'Widow'];
    // Statuses outside the list (if any) are in no segment.
    const assignment = Int32Array.from(rows, (r) => labels.indexOf(r.Marital_Status!));
    const table = outcomeBySegment(
      readOutcome(
        rows.map((r) => r.MntWines),
        'MntWines',
      ),
      assignment,
      labels,
    );
    const file = literal(path.join(fixturesDir(), 'personality-customers.tsv'));
    const want = (
      await conn.runAndReadAll(`
      SELECT Marital_Status AS seg, count(*) AS n, avg(MntWines) AS m, stddev_samp(MntWines) AS sd
      FROM read_csv(${file}, delim = '\t', header = true)
      WHERE Marital_Status IN (${labels.map(literal).join(', ')}) GROUP BY 1`)
    ).getRowObjectsJson() as Record<string, number | string | null>[];
    // t quantiles from a printed table for the group sizes here.
    const tTable: Record<number, number> = {
      1: 12.706,
      2: 4.303,
      3: 3.182,
      4: 2.776,
      5: 2.571,
      6: 2.447,
      7: 2.365,
      8: 2.306,
      9: 2.262,
      10: 2.228,
      11: 2.201,
      12: 2.179,
      13: 2.16,
      14: 2.145,
      15: 2.131,
    };
    for (const r of table.rows) {
      const w = want.find((x) => x.seg === r.label);
      if (!w) {
        expect(r.n).toBe(0);
        continue;
      }
      expect(r.n).toBe(Number(w.n));
      expect(r.estimate.value).toBeCloseTo(Number(w.m), 9);
      if (r.n < 2) continue;
      const se = Number(w.sd) / Math.sqrt(r.n);
      expect((r.estimate.hi - r.estimate.lo) / 2 / se).toBeCloseTo(tTable[r.n - 1], 2);
    }
  });
});

describe('campaign results', () => {
  it('guesses the columns by name and refuses a file without a group column', async () => {
    const cols = inferCampaignColumns(['customer_id', 'group', 'responded', 'revenue']);
    expect(cols).toEqual({
      id: 'customer_id',
      group: 'group',
      responded: 'responded',
      revenue: 'revenue',
    });
    const rows = await readText('track-campaign-nogroup.csv');
    const none = inferCampaignColumns(Object.keys(rows[0]));
    expect(none.group).toBeNull();
    expect(() =>
      campaignBySegment(
        { ids: rows.map((r) => r.customer_id), group: [], responded: rows.map((r) => r.responded) },
        none,
        () => 0,
        ['all'],
      ),
    ).toThrow('The campaign file has no group column');
    expect(() => readGroups(['test', 'control', 'other'], 'arm')).toThrow(/“arm” has 3 values/);
    expect(() => readGroups(['a', 'b'], 'arm')).toThrow(/not one test and one control/);
    expect([...readGroups(['treatment', 'control', null], 'g')]).toEqual([1, 0, -1]);
    expect([...readGroups([1, 0, '1'], 'g')]).toEqual([1, 0, 1]);
  });

  it('matches plain loops: rates in test and control, uplift, revenue, unmatched ids', async () => {
    const rows = await readText('track-campaign.csv');
    // Segments: the letter a customer id starts with; ids starting with x are no customer's.
    const labels = ['g', 'o', 'r'];
    const bucketOf = (id: string) => (labels.includes(id[0]) ? labels.indexOf(id[0]) : undefined);
    const res = campaignBySegment(
      {
        ids: rows.map((r) => r.customer_id),
        group: rows.map((r) => r.group),
        responded: rows.map((r) => r.responded),
        revenue: rows.map((r) => r.revenue),
      },
      inferCampaignColumns(Object.keys(rows[0])),
      bucketOf,
      labels,
    );
    expect(res.unmatched).toBe(3);
    expect(res.unmatchedExamples).toEqual(['x90', 'x91', 'x92']);
    expect(res.matched).toBe(rows.length - 3);
    labels.forEach((l, i) => {
      const mine = rows.filter((r) => r.customer_id!.startsWith(l));
      for (const g of ['test', 'control'] as const) {
        const grp = mine.filter((r) => r.group === g);
        const yes = grp.filter((r) => r.responded === 'yes').length;
        const revenue = grp.reduce((s, r) => s + (r.revenue ? Number(r.revenue) : 0), 0);
        const got = res.rows[i][g];
        expect(got.customers).toBe(grp.length);
        expect(got.responded).toBe(yes);
        expect(got.rate.value).toBeCloseTo(yes / grp.length, 12);
        expect(got.revenuePerCustomer).toBeCloseTo(revenue / grp.length, 12);
      }
      const t = res.rows[i].test;
      const c = res.rows[i].control;
      expect(res.rows[i].uplift).toEqual(
        newcombeDiff(t.responded, t.customers, c.responded, c.customers),
      );
      expect(res.rows[i].uplift.value).toBeCloseTo(t.rate.value - c.rate.value, 12);
    });
    expect(res.overall.test.customers + res.overall.control.customers).toBe(res.matched);
  });
});

describe('joining a file by customer id', () => {
  it('lines values up with the customers and counts ids that match none', () => {
    const j = joinById(['a', 'b', 'c'], ['b', 'zz', ' a ', 'b', null], [1, 2, 3, 4, 5]);
    expect(j.values).toEqual([3, 1, null]);
    expect(j).toMatchObject({ unmatched: 1, unmatchedExamples: ['zz'], duplicates: 1, noId: 1 });
  });
});
