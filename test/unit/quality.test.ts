import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { cleaningWhere, previewCleaning, type CleaningChoice } from '../../src/lib/ingest/cleaning';
import { qualityReport, type QualityReport } from '../../src/lib/ingest/quality';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';
import { loadFile } from '../../src/lib/ingest/load';
import { qualityWithEffects } from '../../src/lib/ingest/table-summary';
import type { ColumnInfo } from '../../src/lib/ingest/types';

type Db = Awaited<ReturnType<typeof createNodeDb>>;
const byId = (r: QualityReport, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}: ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
};
const count = async (db: Db, sql: string): Promise<number> =>
  Number((await db.query(`SELECT count(*)::DOUBLE AS n FROM (${sql})`)).get(0)?.n);

describe('quality report on a retail CSV fixture', () => {
  let db: Db;
  let columns: ColumnInfo[];
  beforeAll(async () => {
    db = await createNodeDb();
    const bytes = readFileSync(new URL('../fixtures/quality-retail.csv', import.meta.url));
    await db.registerFile('quality-retail.csv', new Uint8Array(bytes));
    await db.exec(
      `CREATE TABLE retail AS SELECT * FROM read_csv('quality-retail.csv', all_varchar = true)`,
    );
    ({ columns } = await inferColumns(db, 'retail'));
  });

  it('infers the roles the checks rely on', () => {
    const roles = Object.fromEntries(columns.map((c) => [c.name, c.role]));
    expect(roles).toMatchObject({
      InvoiceNo: 'order_id',
      Quantity: 'quantity',
      InvoiceDate: 'datetime',
      UnitPrice: 'unit_price',
      CustomerID: 'customer_id',
    });
    expect(columns.find((c) => c.name === 'InvoiceDate')?.dateFormat).toBe('mdy');
  });

  it('counts every problem the fixture plants', async () => {
    const r = await qualityReport(db, 'retail', columns, { asOf: '2011-12-10T00:00:00Z' });
    expect(r.rows).toBe(10);
    expect(r.asOf).toBe('2011-12-10T00:00:00.000Z');
    expect(byId(r, 'missing_customer_id').count).toBe(2);
    expect(byId(r, 'missing:Description').count).toBe(1);
    expect(byId(r, 'negative:Quantity').count).toBe(3);
    expect(byId(r, 'cancellations').count).toBe(2);
    expect(byId(r, 'negative_quantity_not_cancelled').count).toBe(1);
    expect(byId(r, 'zero_price:UnitPrice').count).toBe(1);
    expect(byId(r, 'negative_price:UnitPrice').count).toBe(1);
    expect(byId(r, 'future:InvoiceDate')).toMatchObject({
      count: 1,
      cleaning: { kind: 'drop_future', column: 'InvoiceDate', asOf: '2011-12-10T00:00:00.000Z' },
    });
    expect(byId(r, 'implausible_dates:InvoiceDate').count).toBe(0);
    expect(byId(r, 'duplicate_rows')).toMatchObject({ count: 1, affectedRows: 1 });
    expect(r.missing.find((m) => m.column === 'CustomerID')?.count).toBe(2);
  });

  it('defaults the as-of date to a day after the latest date, so nothing is in the future', async () => {
    const r = await qualityReport(db, 'retail', columns);
    expect(r.asOf).toBe('2012-12-02T09:01:00.000Z');
    expect(byId(r, 'future:InvoiceDate').count).toBe(0);
  });

  it('previews cleaning and the view applies exactly that', async () => {
    const r = await qualityReport(db, 'retail', columns, { asOf: '2011-12-10' });
    const choices = ['missing_customer_id', 'cancellations', 'duplicate_rows', 'future:InvoiceDate']
      .map((id) => byId(r, id).cleaning)
      .filter((c): c is CleaningChoice => c !== undefined);
    const p = await previewCleaning(db, 'retail', columns, choices);
    // 10 rows - 2 without customer - 2 cancellations - 1 duplicate - 1 in 2012.
    expect(p).toEqual({ rowsBefore: 10, rowsKept: 4, rowsDropped: 6 });
    await db.exec(normalisedViewSql('retail', 'retail_clean', columns, choices));
    expect(await count(db, 'SELECT * FROM retail_clean')).toBe(4);
    expect(await count(db, 'SELECT * FROM retail')).toBe(10);
    const ids = (await db.query('SELECT DISTINCT "CustomerID" AS id FROM retail_clean ORDER BY 1'))
      .toArray()
      .map((x) => x.id);
    expect(ids).toEqual(['12583', '13047', '17850']);
  });
});

describe('quality checks on typed fixtures', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createNodeDb();
  });

  it('writes the cleaning predicate from data, quoting hostile names', () => {
    const cols: ColumnInfo[] = [
      { name: 'Price (£)', type: 'DOUBLE', role: 'unit_price' },
      { name: 'a"b', type: 'VARCHAR', role: 'order_id' },
    ];
    expect(cleaningWhere(cols, [])).toBe('TRUE');
    expect(
      cleaningWhere(cols, [
        { kind: 'drop_zero_price', column: 'Price (£)' },
        { kind: 'drop_cancellations', column: 'a"b', prefix: "C'" },
      ]),
    ).toBe(
      `NOT COALESCE(("Price (£)") = 0, FALSE) AND ` +
        `NOT COALESCE(starts_with(upper(trim(CAST("a""b" AS VARCHAR))), 'C'''), FALSE)`,
    );
    expect(() => cleaningWhere(cols, [{ kind: 'drop_negative', column: 'nope' }])).toThrow(/nope/);
  });

  it('finds duplicate customer ids and implausible dates', async () => {
    await db.exec(`CREATE TABLE "select" AS SELECT * FROM (VALUES
      (1, TIMESTAMP '2020-01-01', 10.0, 'a'), (2, TIMESTAMP '2020-02-01', 12.0, 'b'),
      (2, TIMESTAMP '2150-01-01', 11.0, 'c'), (3, TIMESTAMP '1850-05-01', 9.0, 'd'),
      (4, TIMESTAMP '2020-03-01', 10.5, 'e'), (5, TIMESTAMP '2020-03-02', 1000000.0, 'f'),
      (NULL, TIMESTAMP '2020-03-03', 9.5, 'g')
    ) AS v("Customer ID", "signup date", "Spend (£)", "a""b")`);
    const { columns } = await inferColumns(db, 'select');
    expect(columns.map((c) => c.role)).toEqual(['customer_id', 'datetime', 'amount', 'category']);
    const r = await qualityReport(db, 'select', columns);
    expect(byId(r, 'duplicate_ids')).toMatchObject({ count: 1, affectedRows: 2 });
    expect(byId(r, 'implausible_dates:signup date').count).toBe(2);
    expect(byId(r, 'missing_customer_id').count).toBe(1);
    const p = await previewCleaning(db, 'select', columns, [
      byId(r, 'implausible_dates:signup date').cleaning!,
    ]);
    expect(p).toEqual({ rowsBefore: 7, rowsKept: 5, rowsDropped: 2 });
  });

  it('flags values far beyond both p99.9 and the robust spread', async () => {
    // 5,000 ordinary quantities 1..20, one 80,995 and its cancellation -80,995.
    await db.exec(`CREATE TABLE o AS SELECT 'O' || i AS order_id, 1 + (i * 7919) % 20 AS "Quantity (pcs)"
      FROM range(5000) t(i) UNION ALL VALUES ('581483', 80995), ('C581484', -80995)`);
    const { columns } = await inferColumns(db, 'o');
    expect(columns[1].role).toBe('quantity');
    const r = await qualityReport(db, 'o', columns);
    const out = byId(r, 'outliers:Quantity (pcs)');
    expect(out.count).toBe(2);
    expect(out.cleaning).toMatchObject({ kind: 'drop_outliers', column: 'Quantity (pcs)' });
    const limit = (out.cleaning as { limit: number }).limit;
    expect(limit).toBeGreaterThanOrEqual(200); // 10 x p99.9 (20)
    expect(limit).toBeLessThan(80995);
    const p = await previewCleaning(db, 'o', columns, [out.cleaning!]);
    expect(p).toEqual({ rowsBefore: 5002, rowsKept: 5000, rowsDropped: 2 });
  });

  it('keeps rows whose tested value is NULL', async () => {
    await db.exec(
      `CREATE TABLE n AS SELECT * FROM (VALUES (1, -2), (2, NULL), (3, 4)) AS v(customer_id, qty)`,
    );
    const { columns } = await inferColumns(db, 'n');
    const p = await previewCleaning(db, 'n', columns, [{ kind: 'drop_negative', column: 'qty' }]);
    expect(p).toEqual({ rowsBefore: 3, rowsKept: 2, rowsDropped: 1 });
  });
});

/** Loads a fixture as the studio does and infers its columns. */
async function loadFixture(db: Db, name: string, table: string): Promise<ColumnInfo[]> {
  const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
  await loadFile(db, { name, bytes }, { table });
  return (await inferColumns(db, table)).columns;
}

describe('checks that never give wrong advice', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createNodeDb();
  });

  it('offers no cancellation check for order ids like CA-2016-152156', async () => {
    const columns = await loadFixture(db, 'superstore-orders.csv', 'store');
    const r = await qualityReport(db, 'store', columns);
    expect(r.checks.map((c) => c.id)).not.toContain('cancellations');
    expect(r.checks.map((c) => c.id)).not.toContain('negative_quantity_not_cancelled');
  });

  it('offers it on the UCI retail shape, where C + digits orders carry negative quantities', async () => {
    const columns = await loadFixture(db, 'retail-extract.csv', 'uci');
    const r = await qualityReport(db, 'uci', columns);
    const c = byId(r, 'cancellations');
    const lines = await count(db, `SELECT * FROM uci WHERE starts_with("InvoiceNo", 'C')`);
    expect(lines).toBeGreaterThan(0);
    expect(c.count).toBe(lines);
    expect(c.label).toMatch(
      /^Cancellations \(InvoiceNo "C" \+ digits on \d+% of orders, 100% of their lines with negative Quantity\)$/,
    );
  });

  it('needs both a minority of C + digits ids and negative values on their lines', async () => {
    const make = async (name: string, rows: string) => {
      await db.exec(
        `CREATE TABLE ${name} AS SELECT * FROM (VALUES ${rows}) AS v(order_id, customer_id, quantity)`,
      );
      return qualityReport(db, name, (await inferColumns(db, name)).columns);
    };
    const ids = (r: QualityReport) => r.checks.map((c) => c.id);
    // C + digits with negatives, on a minority of orders: evidence.
    const ok = await make('c1', `('1', 'a', 2), ('2', 'b', 1), ('3', 'a', 4), ('C4', 'b', -1)`);
    expect(byId(ok, 'cancellations').count).toBe(1);
    // The same prefix with positive quantities: just ids.
    expect(
      ids(await make('c2', `('1', 'a', 2), ('2', 'b', 1), ('3', 'a', 4), ('C4', 'b', 1)`)),
    ).not.toContain('cancellations');
    // Most orders prefixed: that is how this shop writes order ids.
    expect(
      ids(await make('c3', `('C1', 'a', -2), ('C2', 'b', -1), ('C3', 'a', -4), ('4', 'b', 1)`)),
    ).not.toContain('cancellations');
  });

  it('measures future dates on the order date: a ship date after the last order is fine', async () => {
    const columns = await loadFixture(db, 'superstore-orders.csv', 'store2');
    const r = await qualityReport(db, 'store2', columns);
    expect(r.dateColumn).toBe('Order Date');
    expect(r.asOf).toBe('2016-12-31T00:00:00.000Z');
    expect(byId(r, 'future:Order Date').count).toBe(0);
    expect(r.checks.map((c) => c.id)).not.toContain('future:Ship Date');
    const earlier = await qualityReport(db, 'store2', columns, { asOf: '2016-12-01' });
    expect(byId(earlier, 'future:Order Date').count).toBeGreaterThan(0);
  });

  it('recounts every check on the rows the applied cleaning keeps', async () => {
    const columns = await loadFixture(db, 'quality-retail.csv', 'qr');
    const cancel = byId(await qualityReport(db, 'qr', columns), 'cancellations').cleaning!;
    const after = await qualityReport(db, 'qr', columns, { applied: [cancel] });
    expect(after.rows).toBe(8);
    // Nothing left to cancel: the check is gone (the applied list keeps its undo).
    expect(after.checks.map((c) => c.id)).not.toContain('cancellations');
    expect(byId(after, 'negative:Quantity').count).toBe(1);
    expect(byId(after, 'missing_customer_id').count).toBe(2);
    const { quality } = await qualityWithEffects(db, 'qr', columns, [cancel]);
    const missing = quality.find((q) => q.id === 'missing_customer_id')!;
    // Drops from the 8 rows kept now, not from the 10 loaded.
    expect(missing.effect).toEqual({ rowsKept: 6, rowsDropped: 2 });
  });
});
