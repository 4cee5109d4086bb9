/**
 * Whitespace-aligned text files: detected as their own layout, rewritten as tab-separated bytes
 * chunk by chunk, loaded with YYYYMMDD integers as dates, and readable by a native DuckDB script
 * that gives the same rows in the same order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { loadFile } from '../../src/lib/ingest/load';
import { IngestError } from '../../src/lib/ingest/errors';
import { qualityReport } from '../../src/lib/ingest/quality';
import { inferColumns, normalisedSelect } from '../../src/lib/ingest/roles';
import { sniffWhitespace, whitespaceToTsv, WhitespaceToTsv } from '../../src/lib/ingest/whitespace';
import { whitespacePostgresLoad, whitespaceReadSql } from '../../src/lib/ingest/whitespace-sql';
import { ROW_POSITION } from '../../src/lib/ingest/expr';
import { startPostgres } from './pg-server';

const FIX = join(__dirname, '../fixtures');
const CDNOW = join(FIX, 'cdnow-purchases.txt');
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
let db: Awaited<ReturnType<typeof createNodeDb>>;
beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(() => db.close());

describe('whitespace-aligned text', () => {
  it('is detected with or without a header, and not in delimited or ragged text', () => {
    expect(
      sniffWhitespace('   00001 19970101  1   11.77\r\n   00002 19970112  5   77.00\r\n', true),
    ).toEqual({
      header: false,
      columns: ['column0', 'column1', 'column2', 'column3'],
      sampleRecords: 2,
    });
    expect(
      sniffWhitespace('id   date      qty amount\n 1 19970101 1 11.77\n 2 19970102 2 3.5\n', true)
        ?.columns,
    ).toEqual(['id', 'date', 'qty', 'amount']);
    expect(sniffWhitespace('a,b\n1,2\n', true)).toBeNull();
    expect(sniffWhitespace('1 2 3\n1 2\n', true)).toBeNull();
    // A cut-off last line of a sample is not looked at.
    expect(sniffWhitespace('1 2 3\n4 5 6\n7 8', false)?.sampleRecords).toBe(2);
  });

  it('is rewritten as tab-separated lines the same way whatever the chunking', async () => {
    const text = '  a  b\t c \r\n\r\n   \n"x"y z  w\nlast line  no-newline';
    const whole = dec(await whitespaceToTsv(enc(text)));
    expect(whole).toBe('a\tb\tc\n"""x""y"\tz\tw\nlast\tline\tno-newline\n');
    const conv = new WhitespaceToTsv(4);
    for (const b of enc(text)) conv.push(new Uint8Array([b]));
    expect(dec(conv.finish())).toBe(whole);
    const blob = new Blob([enc(text)]);
    expect(dec(await whitespaceToTsv(blob))).toBe(whole);
  });

  it('loads the CDNOW-like log as a transactions table with dates', async () => {
    const bytes = new Uint8Array(readFileSync(CDNOW));
    const r = await loadFile(db, { name: 'cdnow-purchases.txt', bytes }, { table: 'cdnow' });
    expect(r.format).toBe('csv');
    expect(r.csv).toBeUndefined();
    expect(r.whitespace).toEqual({ header: false, encoding: 'utf-8' });
    expect(r.rowCount).toBe(bytes.filter((b) => b === 10).length);
    expect(r.columns).toEqual([
      { name: 'column0', type: 'VARCHAR' },
      { name: 'column1', type: 'BIGINT' },
      { name: 'column2', type: 'BIGINT' },
      { name: 'column3', type: 'DOUBLE' },
    ]);
    const { columns } = await inferColumns(db, 'cdnow');
    expect(columns.map((c) => [c.name, c.role, c.dateFormat])).toEqual([
      ['column0', 'customer_id', undefined],
      ['column1', 'datetime', 'ymd_compact'],
      ['column2', 'category', undefined],
      ['column3', 'measure', undefined],
    ]);
    const first = (
      await db.query(`SELECT * FROM (${normalisedSelect('cdnow', columns, [])}) LIMIT 1`)
    )
      .get(0)
      ?.toJSON();
    expect(first?.column0).toBe('00001');
    expect(new Date(Number(first?.column1)).toISOString()).toBe('1997-03-05T00:00:00.000Z');
    // Ids repeat on most rows: purchases, so "customer ids on more than one row" is no problem.
    const q = await qualityReport(db, 'cdnow', columns);
    expect(q.checks.map((c) => c.id)).not.toContain('duplicate_ids');
  });

  it('with a header names its columns from it', async () => {
    const text =
      'customer_id   order_date qty  amount\r\n  00007 19970101 1 11.77\r\n  00008 19970102 2 3.50\r\n';
    const r = await loadFile(db, { name: 'log.txt', bytes: enc(text) }, { table: 'hdr' });
    expect(r.whitespace?.header).toBe(true);
    const { columns } = await inferColumns(db, 'hdr');
    expect(columns.map((c) => c.role)).toEqual(['customer_id', 'datetime', 'quantity', 'amount']);
  });

  it('reads the same rows, in the same order, from a native DuckDB script', async () => {
    const bytes = new Uint8Array(readFileSync(CDNOW));
    const r = await loadFile(db, { name: 'cdnow-purchases.txt', bytes }, { table: 'cdnow2' });
    const studio = (await db.query('SELECT * FROM cdnow2')).toArray().map((x) => x.toJSON());
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const sql = whitespaceReadSql(CDNOW, { header: false }, r.columns);
      await conn.run(`CREATE TABLE raw AS ${sql}`);
      const got = (await conn.runAndReadAll('SELECT rowid AS pos, * FROM raw')).getRowObjectsJS();
      expect(got.map((x) => Number(x.pos))).toEqual(studio.map((_, i) => i));
      expect(
        got.map(({ pos: _p, ...x }) => ({
          ...x,
          column1: BigInt(x.column1 as bigint),
          column2: BigInt(x.column2 as bigint),
        })),
      ).toEqual(studio);
      const withHeader = whitespaceReadSql(CDNOW, { header: true }, r.columns);
      const fewer = (
        await conn.runAndReadAll(`SELECT count(*) AS n FROM (${withHeader})`)
      ).getRowObjectsJS();
      expect(Number(fewer[0].n)).toBe(studio.length - 1);
    } finally {
      conn.closeSync();
    }
  });
});

describe('whitespace-aligned text on PostgreSQL', () => {
  it('loads the same rows, numbered in file order, with psql', async () => {
    const bytes = new Uint8Array(readFileSync(CDNOW));
    await loadFile(db, { name: 'cdnow-purchases.txt', bytes }, { table: 'cdnow3' });
    const studio = (await db.query('SELECT * FROM cdnow3')).toArray().map((x) => x.toJSON());
    const pg = startPostgres();
    try {
      const cols = [
        { name: 'column0', pgType: 'text' },
        { name: 'column1', pgType: 'bigint' },
        { name: 'column2', pgType: 'bigint' },
        { name: 'column3', pgType: 'double precision' },
      ];
      const create = `CREATE TABLE cdnow ("${ROW_POSITION}" bigint, ${cols.map((c) => `${c.name} ${c.pgType}`).join(', ')});`;
      const load = whitespacePostgresLoad('cdnow', CDNOW, { header: false }, cols, ROW_POSITION);
      pg.run([create, ...load].join('\n'));
      const got = pg.query<Record<string, unknown>>(
        `SELECT * FROM cdnow ORDER BY "${ROW_POSITION}"`,
      );
      expect(got.map((r) => r[ROW_POSITION])).toEqual(studio.map((_, i) => i));
      expect(
        got.map((r) => [
          r.column0,
          BigInt(r.column1 as number),
          BigInt(r.column2 as number),
          r.column3,
        ]),
      ).toEqual(studio.map((r) => [r.column0, r.column1, r.column2, r.column3]));
    } finally {
      pg.stop();
    }
  });
});

describe('a file of one row', () => {
  it('is refused when the caller needs more rows, and nothing is left behind', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIX, 'one-row.csv')));
    const err = await loadFile(
      db,
      { name: 'one-row.csv', bytes },
      { table: 'one', minRows: 2 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('too_few_rows');
    expect((err as IngestError).userMessage).toMatch(/only 1 data row/);
    const left = await db.query(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'one'`,
    );
    expect(Number(left.get(0)?.n)).toBe(0);
  });
});
