import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { generateDemo } from '../../src/lib/ingest/demo';
import { inferColumns } from '../../src/lib/ingest/roles';
import { DEMO_COLUMNS } from '../../src/lib/ingest/demo-roles';
import { columnExpr } from '../../src/lib/ingest/expr';
import { ident } from '../../src/lib/sql/quote';
import {
  dropRelation,
  isPassthrough,
  writeCleanedRelation,
} from '../../src/lib/ingest/cleaned-relation';
import type { ColumnInfo } from '../../src/lib/ingest/types';

const withoutNormalFor = (cols: ColumnInfo[]): ColumnInfo[] =>
  cols.map(({ normalFor: _n, ...c }) => c);

async function demoDb() {
  const db = await createNodeDb();
  const demo = generateDemo({ customers: 2000 });
  await db.insertArrow('customers', demo.customers);
  await db.insertArrow('transactions', demo.transactions);
  return db;
}

describe('demo column roles', () => {
  it('are exactly what inference finds on the generated tables', async () => {
    const db = await demoDb();
    expect((await inferColumns(db, 'customers')).columns).toEqual(
      withoutNormalFor(DEMO_COLUMNS.customers),
    );
    expect((await inferColumns(db, 'transactions')).columns).toEqual(
      withoutNormalFor(DEMO_COLUMNS.transactions),
    );
  });

  it('claim normal form only where normalising would change no value and no type', async () => {
    const db = await demoDb();
    for (const table of ['customers', 'transactions'] as const) {
      for (const c of DEMO_COLUMNS[table].filter((x) => x.normalFor)) {
        const full = columnExpr({ ...c, normalFor: undefined });
        expect(full).not.toBe(ident(c.name));
        const q = `SELECT count(*) FILTER (WHERE (${full}) IS DISTINCT FROM ${ident(c.name)}) AS changed,
          typeof(any_value(${full})) AS normal, typeof(any_value(${ident(c.name)})) AS stored
          FROM ${ident(table)}`;
        const r = (await db.query(q)).get(0)?.toJSON();
        expect({ column: c.name, ...r }).toEqual({
          column: c.name,
          changed: 0n,
          normal: r?.stored,
          stored: r?.normal,
        });
      }
    }
  });

  it('make the cleaned relations passthrough views, until a role changes', async () => {
    const db = await demoDb();
    const cols = DEMO_COLUMNS.transactions;
    expect(isPassthrough(cols, [])).toBe(true);
    const kind = await writeCleanedRelation(db, 'transactions', 'tx clean', cols, [], 10, null);
    expect(kind).toBe('passthrough');
    const n = await db.query(`SELECT count(*) AS n FROM "tx clean"`);
    expect(Number(n.get(0)?.toJSON().n)).toBeGreaterThan(10_000);
    const asCategory = cols.map((c) =>
      c.name === 'customer_id' ? { ...c, role: 'category' as const } : c,
    );
    expect(isPassthrough(asCategory, [])).toBe(true);
    const asMeasure = cols.map((c) =>
      c.name === 'order_id' ? { ...c, role: 'measure' as const } : c,
    );
    expect(isPassthrough(asMeasure, [])).toBe(false);
    expect(
      await writeCleanedRelation(db, 'transactions', 'tx clean', asMeasure, [], 10, kind),
    ).toBe('table');
  });
});

describe('dropRelation', () => {
  it('drops the relation even when it is of the other kind than recorded', async () => {
    const db = await createNodeDb();
    await db.exec('CREATE TABLE raw AS SELECT 1 AS x');
    await db.exec('CREATE TABLE "as table" AS SELECT 1 AS x');
    await db.exec('CREATE VIEW "as view" AS SELECT 1 AS x');
    await dropRelation(db, 'as table', 'passthrough');
    await dropRelation(db, 'as view', 'table');
    await dropRelation(db, 'never there', 'view');
    const left = await db.query(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'as %'",
    );
    const views = await db.query(
      "SELECT count(*) AS n FROM duckdb_views() WHERE view_name LIKE 'as %'",
    );
    expect([Number(left.get(0)?.toJSON().n), Number(views.get(0)?.toJSON().n)]).toEqual([0, 0]);
  });
});
