import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, type FeatureResult } from '../../src/lib/features/compute';
import { FeatureError } from '../../src/lib/features/errors';
import {
  applyTransformsSql,
  fitTransforms,
  type FittedColumn,
  type FittedTransforms,
} from '../../src/lib/features/transforms';
import type { FeatureDef, FeatureSpec } from '../../src/lib/features/spec';
import { rankCuts, rankRef } from './features-ref';
import { fixtureDb, fixtureSource } from './features-fixture';

let db: Awaited<ReturnType<typeof fixtureDb>>;
let r: FeatureResult;
beforeAll(async () => {
  db = await fixtureDb();
  r = await computeFeatures(db, spec, fixtureSource(), 'rk');
});
afterAll(() => db.close());

const rank = { kind: 'rank' } as const;
const spec: FeatureSpec = {
  asOf: '2024-04-01',
  features: [
    { id: 'monetary', kind: 'monetary', transform: rank, missing: 'mean' },
    { id: 'aov', kind: 'aov', transform: rank, missing: 'drop' },
    { id: 'months', kind: 'active_months', transform: rank, missing: 'zero' },
    { id: 'gap', kind: 'avg_days_between', transform: rank, missing: 'indicator' },
    { id: 'recency', kind: 'recency', transform: { kind: 'none' }, missing: 'median' },
  ] satisfies FeatureDef[],
};
const ranked = ['monetary', 'aov', 'months', 'gap'];

type Row = Record<string, number | string | null>;
const rows = async (sql: string): Promise<Row[]> =>
  (await db.query(sql)).toArray().map((x) => x.toJSON() as Row);
const col = (r0: FeatureResult, name: string): FittedColumn => {
  const f = r0.fitted.columns.find((c) => c.name === name);
  if (!f) throw new Error(name);
  return f;
};
/** The transformed value of one raw value, from the stored constants only. */
const refValue = (f: FittedColumn, raw: number | string | null): number =>
  rankRef(f.cuts ?? [], raw === null ? (f.impute as number) : Number(raw));

describe('rank transform', () => {
  it('fits 101 cut-points on the observed values of the kept customers', async () => {
    const raw = (await rows('SELECT * FROM rk_raw')).filter((x) => x.aov !== null);
    for (const name of ranked) {
      const obs = raw
        .map((x) => x[name])
        .filter((v) => v !== null)
        .map(Number);
      const cuts = col(r, name).cuts ?? [];
      expect(cuts).toHaveLength(101);
      rankCuts(obs).forEach((q, k) => expect(cuts[k], `${name} ${k}`).toBeCloseTo(q, 9));
    }
    expect(JSON.parse(JSON.stringify(r.fitted))).toEqual(r.fitted);
  });

  it('matches a TypeScript reference computed from the stored cut-points', async () => {
    const raw = new Map((await rows('SELECT * FROM rk_raw')).map((x) => [x.customer_id, x]));
    const out = await rows('SELECT * FROM rk');
    expect(out).toHaveLength(r.customers);
    for (const row of out) {
      const x = raw.get(row.customer_id) as Row;
      for (const name of ranked) {
        const v = Number(row[name]);
        expect(v, `${row.customer_id} ${name}`).toBeCloseTo(refValue(col(r, name), x[name]), 12);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('interpolates between 101 distinct cut-points on a larger relation', async () => {
    await db.exec(`CREATE TABLE syn AS SELECT 'c' || lpad(CAST(i AS VARCHAR), 4, '0') AS customer_id,
      CAST(CASE WHEN i % 7 = 0 THEN 0 ELSE (i * 37 % 101) * 1.5 END AS DOUBLE) AS x,
      CASE WHEN i % 5 = 0 THEN NULL ELSE exp((i * 13 % 50) / 7.0) END AS y FROM range(300) t(i)`);
    const defs: FeatureDef[] = ['x', 'y'].map((id) => ({
      id,
      kind: 'custom',
      transform: rank,
      missing: 'median',
    }));
    const columns = defs.map((d) => ({ name: d.id, feature: d.id }));
    const fitted = await fitTransforms(db, 'syn', { asOf: null, features: defs }, columns);
    const raw = await rows('SELECT * FROM syn');
    const out = new Map(
      (await rows(applyTransformsSql('syn', fitted).sql)).map((x) => [x.customer_id, x]),
    );
    for (const [j, name] of ['x', 'y'].entries()) {
      const f = fitted.columns[j];
      const obs = raw
        .map((x) => x[name])
        .filter((v) => v !== null)
        .map(Number);
      rankCuts(obs).forEach((q, k) => expect(f.cuts?.[k], `${name} ${k}`).toBeCloseTo(q, 9));
      expect(new Set(f.cuts).size).toBeGreaterThan(50);
      for (const x of raw) {
        const got = Number(out.get(x.customer_id)?.[name]);
        expect(got, `${x.customer_id} ${name}`).toBeCloseTo(refValue(f, x[name]), 12);
      }
    }
  });

  it('re-applies the stored cut-points to another relation without re-ranking', async () => {
    const fitted = JSON.parse(JSON.stringify(r.fitted)) as FittedTransforms;
    await db.exec(`CREATE TABLE rk_sub AS SELECT * FROM rk_raw WHERE customer_id IN
      (SELECT customer_id FROM rk_raw WHERE aov IS NOT NULL ORDER BY monetary DESC LIMIT 4)`);
    await db.exec(`INSERT INTO rk_sub (customer_id, monetary, aov, months, gap, recency)
      VALUES ('zz-new', 1e9, -1e9, 0, 1e6, 3)`);
    const again = await rows(applyTransformsSql('rk_sub', fitted).sql);
    const full = new Map((await rows('SELECT * FROM rk')).map((x) => [x.customer_id, x]));
    const raw = new Map((await rows('SELECT * FROM rk_sub')).map((x) => [x.customer_id, x]));
    expect(again).toHaveLength(5);
    for (const row of again) {
      for (const name of ranked) {
        const want = refValue(col(r, name), (raw.get(row.customer_id) as Row)[name]);
        expect(Number(row[name]), `${row.customer_id} ${name}`).toBeCloseTo(want, 12);
        if (row.customer_id !== 'zz-new') expect(row[name]).toBe(full.get(row.customer_id)?.[name]);
      }
    }
    const fresh = again.find((x) => x.customer_id === 'zz-new');
    expect([fresh?.monetary, fresh?.aov, fresh?.gap]).toEqual([1, 0, 1]);
    // Fitting on the subset itself would give other cut-points: the stored ones were used.
    const refit = await fitTransforms(db, 'rk_sub', r.resolved, r.rawColumns);
    expect(refit.columns[0].cuts).not.toEqual(fitted.columns[0].cuts);
  });

  it('writes rank as exact SQL over literals only, ties at their mean level', () => {
    const cuts = [...Array<number>(51).fill(0), ...Array<number>(49).fill(2), 4];
    const f: FittedColumn = {
      name: 'r"x',
      feature: 'r',
      missing: 'zero',
      transform: 'rank',
      impute: 0,
      cuts,
    };
    // The imputed value comes from the inner SELECT, so the arms name a plain column.
    const v = '"r""x"';
    expect(applyTransformsSql('raw', { version: 1, rows: 3, columns: [f] }).sql).toBe(
      `SELECT "customer_id", CAST(CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} <= 0e+0 THEN 2.5e-1 ` +
        `WHEN ${v} <= 2e+0 THEN 2.5e-1 + (${v} - 0e+0) / 2e+0 * 5e-1 ` +
        `WHEN ${v} <= 4e+0 THEN 7.5e-1 + (${v} - 2e+0) / 2e+0 * 2.5e-1 ELSE 1e+0 END AS DOUBLE) AS "r""x"\n` +
        'FROM (SELECT "customer_id", coalesce("r""x", 0e+0) AS "r""x" FROM "raw") AS "imputed"\n' +
        'ORDER BY "customer_id"',
    );
    const { cuts: _cuts, ...old } = f;
    const backward = { ...f, cuts: [1, 0.5, ...cuts.slice(2)] };
    for (const bad of [old, backward])
      expect(() => applyTransformsSql('raw', { version: 1, rows: 3, columns: [bad] })).toThrow(
        FeatureError,
      );
  });
});
