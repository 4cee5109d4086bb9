/**
 * Across and within tables: customer attributes repeated on every line of a transactions file,
 * how many customer ids two tables share, and the notes the Data step shows about a table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { attributeValueSql, customerAttributes } from '../../src/lib/ingest/attributes';
import { idOverlap, overlapSentence } from '../../src/lib/ingest/links';
import { loadFile } from '../../src/lib/ingest/load';
import { tableNotes } from '../../src/lib/ingest/notes';
import { inferColumns, normalisedViewSql, type ColumnStats } from '../../src/lib/ingest/roles';
import type { ColumnInfo } from '../../src/lib/ingest/types';
import { startPostgres, type PgServer } from './pg-server';

const FIX = join(__dirname, '../fixtures');
let db: Awaited<ReturnType<typeof createNodeDb>>;
let n = 0;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(() => db.close());

/** Loads a fixture, infers its roles and writes its cleaned view; returns the view's name. */
async function loadClean(name: string): Promise<{
  view: string;
  columns: ColumnInfo[];
  stats: Record<string, ColumnStats>;
  rows: number;
}> {
  const table = `t${++n}`;
  const bytes = new Uint8Array(readFileSync(join(FIX, name)));
  const r = await loadFile(db, { name, bytes }, { table });
  const { columns, stats } = await inferColumns(db, table);
  await db.exec(normalisedViewSql(table, `${table} (clean)`, columns, []));
  return { view: `${table} (clean)`, columns, stats, rows: r.rowCount };
}

describe('customer attributes inside a transactions file', () => {
  it('finds Country constant per customer in the UCI retail extract', async () => {
    const { view, columns } = await loadClean('retail-extract.csv');
    const attrs = await customerAttributes(db, view, columns);
    const ids = await db.query(
      `SELECT count(DISTINCT "CustomerID")::DOUBLE AS n FROM "${view}" WHERE "Country" IS NOT NULL`,
    );
    expect(attrs).toEqual([
      {
        column: 'Country',
        role: 'geo',
        customers: Number(ids.get(0)?.n),
        varying: 0,
        rule: 'most_frequent_then_latest',
      },
    ]);
  });

  it('counts customers with more than one value and picks the most frequent, ties to the latest', async () => {
    await db.exec(`CREATE TABLE lines AS SELECT * FROM (VALUES
      ('a', TIMESTAMP '2024-01-01', 'FR', 10.0), ('a', TIMESTAMP '2024-02-01', 'FR', 12.0),
      ('a', TIMESTAMP '2024-03-01', 'DE', 9.0),
      ('b', TIMESTAMP '2024-01-05', 'FR', 5.0), ('b', TIMESTAMP '2024-04-01', 'DE', 6.0),
      ('c', TIMESTAMP '2024-02-02', 'ES', 7.0), ('d', TIMESTAMP '2024-02-03', NULL, 8.0)
    ) AS v(customer_id, order_date, country, amount)`);
    const cols = (await inferColumns(db, 'lines')).columns;
    expect(cols.map((c) => c.role)).toEqual(['customer_id', 'datetime', 'geo', 'amount']);
    const loose = await customerAttributes(db, 'lines', cols, 0.7);
    expect(loose).toEqual([
      {
        column: 'country',
        role: 'geo',
        customers: 3,
        varying: 2,
        rule: 'most_frequent_then_latest',
      },
    ]);
    expect(await customerAttributes(db, 'lines', cols)).toEqual([]);
    const sql = `${attributeValueSql('lines', 'customer_id', 'country', 'order_date')} ORDER BY 1`;
    const picked = (await db.query(sql)).toArray().map((r) => [r.customer_id, r.value]);
    // a: FR twice beats DE once; b: one each, DE is the later; c: its only value; d: none.
    expect(picked).toEqual([
      ['a', 'FR'],
      ['b', 'DE'],
      ['c', 'ES'],
    ]);
  });

  it('picks the same values on PostgreSQL', () => {
    const pg: PgServer = startPostgres();
    try {
      pg.run(`CREATE TABLE lines (customer_id text, order_date timestamp, country text);
        INSERT INTO lines VALUES ('a', '2024-01-01', 'FR'), ('a', '2024-02-01', 'FR'),
        ('a', '2024-03-01', 'DE'), ('b', '2024-01-05', 'FR'), ('b', '2024-04-01', 'DE'),
        ('c', '2024-02-02', 'ES');`);
      const rows = pg.query<{ customer_id: string; value: string }>(
        `${attributeValueSql('lines', 'customer_id', 'country', 'order_date')} ORDER BY 1`,
      );
      expect(rows.map((r) => [r.customer_id, r.value])).toEqual([
        ['a', 'FR'],
        ['b', 'DE'],
        ['c', 'ES'],
      ]);
    } finally {
      pg.stop();
    }
  });
});

describe('tables that may not belong together', () => {
  it('counts matched customer ids, float ids included, and says so', async () => {
    const orders = await loadClean('retail-extract.csv');
    const customers = await loadClean('retail-customers.csv');
    const o = await idOverlap(
      db,
      { relation: customers.view, column: 'CustomerID' },
      { relation: orders.view, column: 'CustomerID' },
    );
    expect(o).toMatchObject({ left: 30, matched: 10 });
    expect(o.right).toBeGreaterThan(30);
    const s = overlapSentence('retail-customers.csv', 'retail-extract.csv', o);
    expect(s.text).toBe(
      `10 of 30 customer ids in retail-customers.csv match retail-extract.csv (which has ${o.right}).`,
    );
    expect(s.warning).toBe(true);
    expect(overlapSentence('a', 'b', { left: 100, right: 120, matched: 95 }).warning).toBe(false);
    expect(overlapSentence('a', 'b', { left: 1204, right: 4372, matched: 1204 }).text).toBe(
      '1,204 of 1,204 customer ids in a match b (which has 4,372).',
    );
  });
});

describe('notes about a table', () => {
  it('says a row id was numbered, which product category was chosen, and which order was guessed', async () => {
    const bank = await loadClean('bank-customers.csv');
    const notes = tableNotes(bank.columns, bank.stats, bank.rows);
    expect(notes.map((x) => x.id)).toEqual(['row_id', 'order:education']);
    expect(notes[0].text).toMatch(
      /each row is taken as one customer: “row_id” numbers the rows 1 to 45 in file order/,
    );
    expect(notes[1].text).toBe(
      '“education” is ordered by a guess from its values (education levels): primary < secondary < tertiary. Check the order.',
    );
    const store = await loadClean('superstore-orders.csv');
    const sn = tableNotes(store.columns, store.stats, store.rows);
    expect(sn.find((x) => x.id === 'product_category')?.text).toBe(
      'Product category: “Category”, chosen by its name; “Ship Mode”, “Segment”, “Product ID”, “Sub-Category” stay plain categories. Change it with the role menu.',
    );
    expect(sn.find((x) => x.id === 'constant:Country')?.text).toMatch(
      /same value \(United States\) in every row/,
    );
  });

  it('flags constant and empty columns, too many levels, and nothing to segment on', async () => {
    const ce = await loadClean('constant-empty.csv');
    expect(tableNotes(ce.columns, ce.stats, ce.rows).map((x) => [x.id, x.level])).toEqual([
      ['constant:always', 'warning'],
      ['empty:nothing', 'warning'],
    ]);
    const text = await loadClean('ids-and-text.csv');
    expect(tableNotes(text.columns, text.stats, text.rows).map((x) => x.id)).toEqual([
      'nothing_to_segment',
    ]);
    await db.exec(`CREATE TABLE many AS SELECT i AS customer_id, 'city ' || (i % 10000) AS city,
      i % 7 AS visits FROM range(20000) t(i)`);
    const { columns, stats } = await inferColumns(db, 'many');
    expect(columns.find((c) => c.name === 'city')?.role).toBe('geo');
    const many = tableNotes(columns, stats, 20000).find((x) => x.id === 'many_levels:city');
    expect(many?.text).toMatch(
      /^“city” has about [\d,]+ distinct values: as a feature only the most frequent/,
    );
  });
});
