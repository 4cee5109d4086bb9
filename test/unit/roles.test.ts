import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { nameWords, roleFromName } from '../../src/lib/ingest/names';
import { inferColumns, normalisedViewSql } from '../../src/lib/ingest/roles';
import type { ColumnInfo } from '../../src/lib/ingest/types';

describe('roles from names', () => {
  it('splits names into words', () => {
    expect(nameWords('CustomerID')).toEqual(['customer', 'id']);
    expect(nameWords('InvoiceNo')).toEqual(['invoice', 'no']);
    expect(nameWords('Price (£)')).toEqual(['price']);
    expect(nameWords('created_at')).toEqual(['created', 'at']);
    expect(nameWords('Quantity [pcs]')).toEqual(['quantity']);
    expect(nameWords('(id)')).toEqual(['id']);
  });
  it.each([
    ['CustomerID', 'customer_id'],
    ['customer_id', 'customer_id'],
    ['client', 'customer_id'],
    ['user_id', 'customer_id'],
    ['Kundennummer', 'customer_id'],
    ['id_cliente', 'customer_id'],
    ['InvoiceNo', 'order_id'],
    ['order_id', 'order_id'],
    ['Bestellnummer', 'order_id'],
    ['InvoiceDate', 'datetime'],
    ['date', 'datetime'],
    ['created_at', 'datetime'],
    ['timestamp', 'datetime'],
    ['Fecha', 'datetime'],
    ['amount', 'amount'],
    ['revenue', 'amount'],
    ['total', 'amount'],
    ['spend', 'amount'],
    ['total_price', 'amount'],
    ['Quantity', 'quantity'],
    ['qty', 'quantity'],
    ['Menge', 'quantity'],
    ['UnitPrice', 'unit_price'],
    ['price', 'unit_price'],
    ['Price (£)', 'unit_price'],
    ['Country', 'geo'],
    ['region', 'geo'],
    ['Postal Code', 'geo'],
    ['zip', 'geo'],
    ['City', 'geo'],
    ['Spending Score (1-100)', 'measure'],
    ['satisfaction_rating', 'measure'],
    ['total_spent', 'amount'],
    ['gender', 'category'],
    ['category', 'category'],
    ['channel', 'category'],
    ['segment', 'category'],
    ['StockCode', 'category'],
    ['Description', 'text'],
    ['name', 'text'],
    ['customer_name', 'text'],
    ['comment', 'text'],
    ['planted_group', 'ignore'],
    ['Fresh', null],
    ['select', null],
  ])('%s -> %s', (name, role) => {
    expect(roleFromName(name)).toBe(role);
  });
});

describe('roles from data', () => {
  let db: Awaited<ReturnType<typeof createNodeDb>>;
  const roleOf = (cols: ColumnInfo[]): Record<string, string> =>
    Object.fromEntries(cols.map((c) => [c.name, c.role]));
  beforeAll(async () => {
    db = await createNodeDb();
    await db.exec(`CREATE TABLE retail AS SELECT * FROM (VALUES
      ('536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, '2010-12-01 08:26:00', 2.55, '17850.0', 'United Kingdom', 17850.0),
      ('536365', '71053', 'WHITE METAL LANTERN', 6, '2010-12-01 08:26:00', 3.39, '17850.0', 'United Kingdom', 17850.0),
      ('C536379', 'D', 'Discount', -1, '2010-12-01 09:41:00', 27.5, '14527.0', 'United Kingdom', 14527.0),
      ('536370', '22728', 'ALARM CLOCK BAKELIKE PINK', 24, '2010-12-01 08:45:00', 3.75, '12583.0', 'France', 12583.0),
      ('536371', '22086', NULL, 80, '2010-12-01 09:00:00', 2.55, NULL, 'United Kingdom', NULL)
    ) AS v("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country", "client_no")`);
    await db.exec(`CREATE TABLE wholesale AS SELECT * FROM (VALUES
      (2, 3, 12669, 9656), (2, 3, 7057, 9810), (1, 3, 6353, 8808), (1, 1, 13265, 1196), (2, 2, 22615, 5410)
    ) AS v("Channel", "Region", "Fresh", "Milk")`);
    await db.exec(`CREATE TABLE hostile AS SELECT * FROM (VALUES
      (1, 9.99, 'x', 101.0), (2, 0.5, 'y', 102.0), (3, 12.0, 'x', 103.0)
    ) AS v("select", "Price (£)", "a""b", "id")`);
  });

  it('reads an Online-Retail-like table', async () => {
    const { columns, ambiguousDates } = await inferColumns(db, 'retail');
    expect(roleOf(columns)).toEqual({
      InvoiceNo: 'order_id',
      StockCode: 'category',
      Description: 'text',
      Quantity: 'quantity',
      InvoiceDate: 'datetime',
      UnitPrice: 'unit_price',
      CustomerID: 'customer_id',
      Country: 'geo',
      client_no: 'ignore', // a second customer id: the first one wins
    });
    expect(ambiguousDates).toEqual([]);
    expect(columns.find((c) => c.name === 'CustomerID')?.floatId).toBe(true);
    expect(columns.find((c) => c.name === 'InvoiceDate')?.dateFormat).toBe('iso');
  });

  it('flags DOUBLE ids holding integers as float ids and writes them without .0', async () => {
    await db.exec(
      `CREATE TABLE dbl AS SELECT CAST("client_no" AS DOUBLE) AS "CustomerID", "Quantity" FROM retail`,
    );
    const { columns } = await inferColumns(db, 'dbl');
    expect(columns[0]).toMatchObject({ role: 'customer_id', floatId: true, type: 'DOUBLE' });
    await db.exec(normalisedViewSql('dbl', 'dbl_v', columns, []));
    const ids = (await db.query('SELECT "CustomerID" FROM dbl_v'))
      .toArray()
      .map((r) => r.CustomerID);
    expect(ids).toEqual(['17850', '17850', '14527', '12583', null]);
  });

  it('normalises float-string ids to VARCHAR without .0 and keeps original names', async () => {
    const { columns } = await inferColumns(db, 'retail');
    await db.exec(normalisedViewSql('retail', 'retail_v', columns, []));
    const res = await db.query('SELECT * FROM retail_v');
    expect(res.schema.fields.map((f) => f.name)).toEqual(columns.map((c) => c.name));
    expect(res.toArray().map((r) => r.CustomerID)).toEqual([
      '17850',
      '17850',
      '14527',
      '12583',
      null,
    ]);
  });

  it('treats coded integers with category names as categories, numbering rows without an id', async () => {
    const { columns } = await inferColumns(db, 'wholesale');
    expect(roleOf(columns)).toEqual({
      row_id: 'customer_id',
      Channel: 'category',
      Region: 'geo',
      Fresh: 'measure',
      Milk: 'measure',
    });
  });

  it('survives hostile column names and takes a unique bare id as the customer id', async () => {
    const { columns } = await inferColumns(db, 'hostile');
    expect(roleOf(columns)).toEqual({
      select: 'measure',
      'Price (£)': 'unit_price',
      'a"b': 'category',
      id: 'customer_id',
    });
    await db.exec(
      normalisedViewSql('hostile', 'h"v', columns, [{ kind: 'drop_negative', column: 'select' }]),
    );
    const rows = (await db.query('SELECT * FROM "h""v"')).toArray().map((r) => r.toJSON());
    expect(rows.map((r) => r['a"b'])).toEqual(['x', 'y', 'x']);
    expect(rows.map((r) => r.id)).toEqual(['101', '102', '103']);
  });
});
