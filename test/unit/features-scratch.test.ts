import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/lib/features/compute';
import { materialise } from '../../src/lib/features/scratch';
import type { FeatureDef, FeatureSpec } from '../../src/lib/features/spec';
import type { FeatureSource } from '../../src/lib/features/source';
import { fixtureDb, fixtureSource } from './features-fixture';

let db: Awaited<ReturnType<typeof fixtureDb>>;
beforeAll(async () => {
  db = await fixtureDb();
  await db.exec(`CREATE TABLE tx_ret AS SELECT * FROM tx`);
  // Views that do per-row work, like the app's cleaning views, plus a column nobody reads.
  await db.exec(`CREATE VIEW "tx ""v""" AS SELECT *, upper(cat) AS junk FROM tx`);
  await db.exec(`CREATE VIEW ret_v AS SELECT *, 1 AS junk FROM tx_ret`);
  await db.exec(`CREATE VIEW empty_v AS SELECT * FROM tx WHERE false`);
});
afterAll(() => db.close());

const f = (id: string, kind: FeatureDef['kind'], more: Partial<FeatureDef> = {}): FeatureDef => ({
  id,
  kind,
  transform: { kind: 'zscore' },
  missing: 'median',
  ...more,
});
const spec: FeatureSpec = {
  asOf: null,
  window: { days: 200 },
  features: [
    f('recency', 'recency'),
    f('frequency', 'frequency', { transform: { kind: 'log1p' } }),
    f('monetary', 'monetary', { transform: { kind: 'rank' } }),
    f('aov', 'aov', { transform: { kind: 'winsorize' } }),
    f('median_gap', 'median_days_between', { windowDays: 120 }),
    f('share', 'category_share', { topN: 2, transform: { kind: 'none' } }),
    f('returns', 'return_rate', { missing: 'zero' }),
    f('trend', 'spend_trend', { windowDays: 60, missing: 'zero' }),
    f('qty', 'custom', { expr: 'sum("a""b") / count_distinct("order id")' }),
    f('age', 'attribute_numeric', { column: 'Age (yrs)' }),
  ],
};
const onTables = (): FeatureSource => ({ ...fixtureSource(), returnsRelation: 'tx_ret' });
const onViews = (): FeatureSource => ({
  ...fixtureSource(),
  transactions: 'tx "v"',
  returnsRelation: 'ret_v',
});
const count = async (sql: string): Promise<number> =>
  Number((await db.query(sql)).get(0)?.toJSON().n);
const leftovers = (): Promise<number> =>
  count(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__features_src%'`);

describe('temporary copies of the transactions', () => {
  it('give byte-identical tables, fits and counts to reading base tables', async () => {
    const a = await computeFeatures(db, spec, onTables(), 'on_tables');
    const b = await computeFeatures(db, spec, onViews(), 'on_views');
    for (const [x, y] of [
      ['on_tables', 'on_views'],
      ['on_tables_raw', 'on_views_raw'],
    ]) {
      expect(await count(`SELECT count(*) AS n FROM ${x}`)).toBe(a.customers);
      const diff = `SELECT count(*) AS n FROM ((SELECT * FROM ${x} EXCEPT ALL SELECT * FROM ${y})
        UNION ALL (SELECT * FROM ${y} EXCEPT ALL SELECT * FROM ${x}))`;
      expect(await count(diff), `${x} vs ${y}`).toBe(0);
    }
    expect(b.fitted).toEqual(a.fitted);
    expect(b.rowsRead).toEqual(a.rowsRead);
    expect(b.resolved).toEqual(a.resolved);
    // The exported SQL reads the original relations, never the dropped copies.
    expect(b.sql[0]).toContain('FROM "tx ""v""" AS t');
    expect(b.sql[0]).toContain('FROM "ret_v" AS t');
    expect(b.sql.join('\n')).not.toContain('__features_src');
    expect(
      b.sql[0]
        .replaceAll('"tx ""v"""', '"tx"')
        .replaceAll('"ret_v"', '"tx_ret"')
        .replace('on_views', 'on_tables'),
    ).toBe(a.sql[0]);
    expect(await leftovers()).toBe(0);
  });

  it('copies only the columns the spec reads, and only from views', async () => {
    const s = await materialise(db, { ...onViews(), columns: undefined }, spec);
    const cols = await db.query(`DESCRIBE SELECT * FROM "${s.read.transactions}"`);
    expect(s.read.transactions).toMatch(/^__features_src_/);
    expect(cols.toArray().map((r) => String(r.column_name))).toEqual([
      'select',
      'when',
      'order id',
      'a"b',
      'Price (£)',
      'cat',
      'prod',
    ]);
    const ret = await db.query(`DESCRIBE SELECT * FROM "${s.read.returnsRelation}"`);
    expect(ret.toArray().map((r) => String(r.column_name))).toEqual([
      'select',
      'when',
      'order id',
      'a"b',
      'Price (£)',
    ]);
    await s.drop();
    expect(await leftovers()).toBe(0);
    const direct = await materialise(db, onTables(), spec);
    expect(direct.read).toEqual(onTables());
    // A relation the caller declares stored is read as is, without a catalogue lookup.
    const declared = { ...onViews(), storedTables: ['tx "v"'] };
    const kept = await materialise(db, declared, spec);
    expect(kept.read.transactions).toBe('tx "v"');
    await kept.drop();
    const bad = { ...spec, features: [f('x', 'custom', { expr: 'sum(nope)' })] };
    expect((await materialise(db, onViews(), bad)).read.transactions).toBe('tx "v"');
    const n = await count(`SELECT count(*) AS n FROM "tx ""v"""`);
    const big = await materialise(db, onViews(), spec, n - 1);
    expect(big.read.transactions).toBe('tx "v"');
    expect(await leftovers()).toBe(0);
    const fits = await materialise(db, onViews(), spec, n);
    expect(await count(`SELECT count(*) AS n FROM "${fits.read.transactions}"`)).toBe(n);
    await fits.drop();
  });

  it('still names the original relation in messages and cleans up on errors', async () => {
    const empty = { ...fixtureSource(), transactions: 'empty_v' };
    await expect(computeFeatures(db, spec, empty, 'e')).rejects.toThrow(/^empty_v has no rows/);
    const bad = { ...spec, features: [f('x', 'custom', { expr: 'sum(nope)' })] };
    await expect(computeFeatures(db, bad, onViews(), 'e')).rejects.toThrow(/unknown column/);
    expect(await leftovers()).toBe(0);
  });
});
