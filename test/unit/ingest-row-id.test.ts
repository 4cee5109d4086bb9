/**
 * A table whose rows are customers but that has no id column gets a generated row number. The
 * studio's numbering (DuckDB-WASM's rowid) must be what a script reading the same file gives:
 * native DuckDB on all threads (a table keeps file order), and PostgreSQL loading the file with
 * `\copy` into a table whose identity column counts the lines.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { csvReaderArgs } from '../../src/lib/ingest/csv';
import { ROW_POSITION } from '../../src/lib/ingest/expr';
import { withRole } from '../../src/lib/ingest/infer-table';
import { loadFile, type LoadResult } from '../../src/lib/ingest/load';
import { inferColumns, normalisedSelect } from '../../src/lib/ingest/roles';
import { qualityReport } from '../../src/lib/ingest/quality';
import type { ColumnInfo } from '../../src/lib/ingest/types';
import { ident, literal } from '../../src/lib/sql/quote';
import { postgres } from '../../src/lib/sql/dialects';
import { startPostgres, type PgServer } from './pg-server';

const FILE = path.join(__dirname, '../fixtures/wholesale_customers_uci.csv');
let db: Awaited<ReturnType<typeof createNodeDb>>;
let loaded: LoadResult;
let columns: ColumnInfo[];

beforeAll(async () => {
  db = await createNodeDb();
  const bytes = new Uint8Array(readFileSync(FILE));
  loaded = await loadFile(db, { name: 'wholesale.csv', bytes }, { table: 'w' });
  ({ columns } = await inferColumns(db, 'w'));
});
afterAll(() => db.close());

/** `{'name': 'TYPE', ...}` of the stored columns, as a script pins them. */
const typesOf = (cols: readonly ColumnInfo[]) =>
  `{${cols
    .filter((c) => !c.generated)
    .map((c) => `${literal(c.name)}: ${literal(c.type)}`)
    .join(', ')}}`;

async function studioRows(cleaning = normalisedSelect('w', columns, [])) {
  return (await db.query(cleaning)).toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

describe('a generated row-number id', () => {
  it('numbers the rows 1..n in file order, as text like every id', async () => {
    const rows = await studioRows();
    expect(rows.map((r) => r.row_id)).toEqual(rows.map((_, i) => String(i + 1)));
    // Line 2 of the file is the first row: 2,3,12669,...
    expect(rows[0]).toMatchObject({ row_id: '1', Fresh: 12669n });
    expect(rows[439]).toMatchObject({ row_id: '440', Fresh: 2787n });
  });

  it('keeps its numbers when cleaning drops rows, and a duplicate keeps its first copy', async () => {
    await db.exec(`CREATE TABLE dup AS SELECT * FROM (VALUES (1, 5.0), (2, 7.0), (1, 5.0), (3, -1.0))
      AS v("Channel", "spend")`);
    const cols = (await inferColumns(db, 'dup')).columns;
    expect(cols[0].generated).toBe('row_number');
    const sql = normalisedSelect('dup', cols, [
      { kind: 'drop_duplicates' },
      { kind: 'drop_negative', column: 'spend' },
    ]);
    const ids = (await db.query(`${sql} ORDER BY row_id`)).toArray().map((r) => r.row_id);
    expect(ids).toEqual(['1', '2']);
  });

  it('is unique by construction: the duplicate-id check finds nothing without a scan', async () => {
    const r = await qualityReport(db, 'w', columns);
    expect(r.checks.find((c) => c.id === 'duplicate_ids')).toMatchObject({
      column: 'row_id',
      count: 0,
    });
  });

  it('gives way when the user picks a real customer id column', () => {
    const next = withRole(columns, 'Fresh', 'customer_id');
    expect(next.find((c) => c.name === 'row_id')?.role).toBe('ignore');
    expect(next.filter((c) => c.role === 'customer_id').map((c) => c.name)).toEqual(['Fresh']);
  });

  it('is reproduced by native DuckDB on all threads reading the same file', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await conn.run('SET threads = 4');
      const reader = [literal(FILE), ...csvReaderArgs(loaded.csv!), `columns=${typesOf(columns)}`];
      await conn.run(`CREATE TABLE w AS SELECT * FROM read_csv(${reader.join(', ')})`);
      const got = (await conn.runAndReadAll(normalisedSelect('w', columns, []))).getRowObjectsJS();
      const want = await studioRows();
      expect(got.map((r) => [r.row_id, Number(r.Fresh)])).toEqual(
        want.map((r) => [r.row_id, Number(r.Fresh)]),
      );
    } finally {
      conn.closeSync();
    }
  });

  it('follows file order in native DuckDB on a file large enough to be read in parallel', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'row-id-'));
    const file = path.join(dir, 'big.csv');
    const lines = ['line,spend'];
    for (let i = 1; i <= 300_000; i++) lines.push(`${i},${(i * 7919) % 1000}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      await conn.run('SET threads = 4');
      await conn.run(`CREATE TABLE big AS SELECT * FROM read_csv(${literal(file)}, header=true)`);
      const cols: ColumnInfo[] = [
        { name: 'row_id', type: 'BIGINT', role: 'customer_id', generated: 'row_number' },
        { name: 'line', type: 'BIGINT', role: 'measure' },
      ];
      const bad = await conn.runAndReadAll(
        `SELECT count(*) AS n FROM (${normalisedSelect('big', cols, [])}) WHERE row_id <> CAST(line AS VARCHAR)`,
      );
      expect(Number(bad.getRowObjectsJS()[0].n)).toBe(0);
    } finally {
      conn.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a generated row-number id on PostgreSQL', () => {
  let pg: PgServer;
  beforeAll(() => {
    pg = startPostgres();
  });
  afterAll(() => pg?.stop());

  it('is the identity column \\copy fills in file order', async () => {
    const stored = columns.filter((c) => !c.generated);
    const list = stored.map((c) => ident(c.name)).join(', ');
    const setup = [
      `CREATE TABLE w (${ident(ROW_POSITION)} bigint GENERATED ALWAYS AS IDENTITY (MINVALUE 0 START WITH 0), ${stored.map((c) => `${ident(c.name)} bigint`).join(', ')});`,
      `\\copy w (${list}) FROM ${literal(FILE)} WITH (FORMAT csv, HEADER true)`,
    ];
    pg.run(setup.join('\n'));
    const got = pg.query<{ row_id: string; Fresh: number }>(
      normalisedSelect('w', columns, [], postgres),
    );
    const want = await studioRows();
    expect(got.map((r) => [r.row_id, Number(r.Fresh)])).toEqual(
      want.map((r) => [r.row_id, Number(r.Fresh)]),
    );
  });
});
