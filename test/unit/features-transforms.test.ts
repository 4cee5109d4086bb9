import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/lib/features/compute';
import { featureMatrix } from '../../src/lib/features/matrix';
import { applyTransformsSql, type FittedTransforms } from '../../src/lib/features/transforms';
import type { FeatureDef, FeatureSpec } from '../../src/lib/features/spec';
import { dayNo, median, quantile, rankCuts, rankRef, refFeatures, scope } from './features-ref';
import { fixtureCustomers, fixtureDb, fixtureLines, fixtureSource } from './features-fixture';

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
  db = await fixtureDb();
});
afterAll(() => db.close());

const spec: FeatureSpec = {
  asOf: '2024-04-01',
  features: [
    { id: 'recency', kind: 'recency', transform: { kind: 'zscore' }, missing: 'median' },
    { id: 'monetary', kind: 'monetary', transform: { kind: 'log1p' }, missing: 'mean' },
    {
      id: 'aov',
      kind: 'aov',
      transform: { kind: 'winsorize', lower: 0.1, upper: 0.9 },
      missing: 'indicator',
    },
    { id: 'frequency', kind: 'frequency', transform: { kind: 'minmax' }, missing: 'zero' },
    { id: 'months', kind: 'active_months', transform: { kind: 'rank' }, missing: 'zero' },
    { id: 'avg_gap', kind: 'avg_days_between', transform: { kind: 'none' }, missing: 'drop' },
  ] satisfies FeatureDef[],
};

/** The transforms of the spec, written out independently. */
function expected(): Map<string, Record<string, number>> {
  const asOf = dayNo('2024-04-01');
  const by = scope(fixtureLines(), asOf);
  const ids = new Set([...by.keys(), ...fixtureCustomers().map((c) => c.id)]);
  type Raw = Record<string, number | null>;
  const raw = [...ids].map((id): [string, Raw] => [id, refFeatures(by.get(id) ?? [], { asOf })]);
  const kept = raw.filter(([, r]) => r.avg_gap !== null);
  const obs = (k: string): number[] =>
    kept.map(([, r]) => r[k]).filter((v): v is number => v !== null);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]): number => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
  const rec = obs('recency');
  const mon = obs('monetary');
  const aov = obs('aov');
  const freq = obs('frequency');
  const [lo, hi] = [quantile(aov, 0.1) as number, quantile(aov, 0.9) as number];
  const cuts = rankCuts(obs('months'));
  const out = new Map<string, Record<string, number>>();
  for (const [id, r] of kept) {
    const m = r.monetary ?? mean(mon);
    const a = r.aov ?? (median(aov) as number);
    out.set(id, {
      recency: ((r.recency ?? (median(rec) as number)) - mean(rec)) / sd(rec),
      monetary: Math.sign(m) * Math.log1p(Math.abs(m)),
      aov: Math.min(Math.max(a, lo), hi),
      aov__missing: r.aov === null ? 1 : 0,
      frequency: ((r.frequency ?? 0) - Math.min(...freq)) / (Math.max(...freq) - Math.min(...freq)),
      months: rankRef(cuts, r.months ?? 0),
      avg_gap: r.avg_gap as number,
    });
  }
  return out;
}

describe('fitted transforms and missing policies', () => {
  it('match a TypeScript computation of the same definitions', async () => {
    const r = await computeFeatures(db, spec, fixtureSource(), 'tf');
    const want = expected();
    expect(r.customers).toBe(want.size);
    expect(r.fitted.rows).toBe(want.size);
    expect(r.columns.map((c) => c.name)).toEqual([
      'recency',
      'monetary',
      'aov',
      'aov__missing',
      'frequency',
      'months',
      'avg_gap',
    ]);
    const rows = (await db.query('SELECT * FROM tf')).toArray().map((x) => x.toJSON());
    for (const row of rows) {
      const w = want.get(String(row.customer_id));
      expect(w, String(row.customer_id)).toBeDefined();
      for (const [k, v] of Object.entries(w ?? {}))
        expect(Number(row[k]), `${row.customer_id} ${k}`).toBeCloseTo(v, 9);
    }
  });

  it('stores constants that re-apply identically to the raw table later', async () => {
    const r = await computeFeatures(db, spec, fixtureSource(), 'tf2');
    const fitted = JSON.parse(JSON.stringify(r.fitted)) as FittedTransforms;
    await db.exec(`CREATE TABLE again AS ${applyTransformsSql(r.rawTable, fitted).sql}`);
    const diff = await db.query(
      `SELECT count(*) AS n FROM (SELECT * FROM tf2 EXCEPT SELECT * FROM again)`,
    );
    expect(Number(diff.get(0)?.toJSON().n)).toBe(0);
    // Constants are written in exponent form, which every engine reads as the same double.
    const mean = r.fitted.columns[0].mean!;
    expect(r.sql[1]).toContain(`("recency" - ${mean.toExponential()})`);
    expect(r.sql[1]).toContain(
      `coalesce("recency", ${r.fitted.columns[0].impute!.toExponential()}) AS "recency"`,
    );
  });

  it('featureMatrix reads the table row-major, ordered by customer id', async () => {
    const r = await computeFeatures(db, spec, fixtureSource(), 'tf3');
    const m = await featureMatrix(db, r.table, r.columns);
    expect(m.d).toBe(r.columns.length);
    expect(m.n).toBe(r.customers);
    expect([...m.ids]).toEqual([...m.ids].sort());
    const want = expected();
    m.ids.forEach((id, i) =>
      r.columns.forEach((c, j) =>
        expect(m.matrix[i * m.d + j]).toBeCloseTo(want.get(id)?.[c.name] ?? NaN, 5),
      ),
    );
  });

  it('applyTransformsSql writes exact SQL', () => {
    const fitted: FittedTransforms = {
      version: 1,
      rows: 3,
      columns: [
        {
          name: 'a"b',
          feature: 'x',
          missing: 'indicator',
          transform: 'zscore',
          impute: 2,
          mean: 1.5,
          sd: 0.5,
        },
        {
          name: 'y',
          feature: 'y',
          missing: 'drop',
          transform: 'winsorize',
          impute: null,
          lo: 1,
          hi: 9,
        },
      ],
    };
    expect(applyTransformsSql('raw t', fitted).sql).toBe(
      'SELECT "customer_id", CAST(("a""b" - 1.5e+0) / 5e-1 AS DOUBLE) AS "a""b",\n' +
        '  CAST("a""b__missing" AS DOUBLE) AS "a""b__missing",\n' +
        '  CAST(least(greatest("y", 1e+0), 9e+0) AS DOUBLE) AS "y"\n' +
        'FROM (SELECT "customer_id", coalesce("a""b", 2e+0) AS "a""b", ' +
        'CASE WHEN "a""b" IS NULL THEN 1 ELSE 0 END AS "a""b__missing", "y" ' +
        'FROM "raw t" WHERE "y" IS NOT NULL) AS "imputed"\n' +
        'ORDER BY "customer_id"',
    );
  });
});
