import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { loadFile } from '../../src/lib/ingest/load';
import { warmUpCsv, warmUpCsvReader } from '../../src/lib/ingest/warm-up';

let db: Awaited<ReturnType<typeof createNodeDb>>;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(() => db.close());

const tableCount = async () =>
  Number((await db.query('SELECT count(*) AS n FROM duckdb_tables()')).get(0)?.toJSON().n);

describe('CSV reader warm-up', () => {
  it('generates a transactions-shaped CSV that loads through the real path', async () => {
    const bytes = warmUpCsv(500);
    expect(warmUpCsv(500)).toEqual(bytes); // seeded: the same file every time
    const r = await loadFile(db, { name: 'w.csv', bytes }, { table: 'w' });
    expect(r.rowCount).toBe(500);
    expect(r.csv).toMatchObject({ delimiter: ',', header: true, encoding: 'utf-8' });
    const types = Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
    expect(types.Quantity).toBe('BIGINT');
    expect(types.UnitPrice).toBe('DOUBLE');
    // As in the Online Retail file: DuckDB keeps m/d/yyyy H:MM as text; the roles step parses it.
    expect(types.InvoiceDate).toBe('VARCHAR');
    const desc = await db.query(`SELECT "Description" FROM w WHERE "Description" LIKE '%"SET"%'`);
    expect(desc.numRows).toBe(500); // quoted commas and doubled quotes survive
  });

  it('leaves no table behind', async () => {
    const before = await tableCount();
    await warmUpCsvReader(db);
    expect(await tableCount()).toBe(before);
  });
});
