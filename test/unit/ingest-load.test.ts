import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNodeDb } from '../../src/lib/db/node';
import { fixtureBytes, useNodeDb, type NodeDb } from './node-db-fixture';
import { loadFile, type LoadResult } from '../../src/lib/ingest/load';
import { IngestError } from '../../src/lib/ingest/errors';
import { ident } from '../../src/lib/sql/quote';

const FIX = join(__dirname, '../fixtures');
const bytesOf = fixtureBytes;
let db: NodeDb;
useNodeDb((d) => (db = d));

let n = 0;
async function load(name: string, extra: { sheet?: string } = {}) {
  const table = `t${++n}`;
  const result = await loadFile(db, { name, bytes: bytesOf(name) }, { table, ...extra });
  return { table, result };
}
async function rows(table: string, order = 1) {
  const t = await db.query(`SELECT * FROM ${ident(table)} ORDER BY ${order}`);
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}
const types = (r: LoadResult) => Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
async function failure(name: string, bytes = bytesOf(name)): Promise<IngestError> {
  const err = await loadFile(db, { name, bytes }, { table: `bad${++n}` }).catch((e) => e);
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

describe('loadFile: CSV family', () => {
  it('loads customers.csv with typed columns', async () => {
    const { table, result } = await load('customers.csv');
    expect(result.format).toBe('csv');
    expect(result.rowCount).toBe(5);
    expect(result.csv).toMatchObject({ delimiter: ',', header: true, encoding: 'utf-8' });
    expect(types(result)).toEqual({
      customer_id: 'BIGINT',
      name: 'VARCHAR',
      signup_date: 'DATE',
      total_spent: 'DOUBLE',
      active: 'BOOLEAN',
    });
    const r = await rows(table);
    expect(r[2].name).toBe('Chloé');
    expect(r[2].total_spent).toBe(310.25);
    expect(result.warnings).toEqual([]);
  });

  it('detects semicolons and keeps a quoted-free comma inside a field', async () => {
    const { table, result } = await load('semicolon.csv');
    expect(result.csv?.delimiter).toBe(';');
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'city', 'amount']);
    expect((await rows(table))[2].city).toBe('Nice, France');
  });

  it('detects tabs in a .tsv', async () => {
    const { table, result } = await load('tabs.tsv');
    expect(result.csv?.delimiter).toBe('\t');
    expect(result.rowCount).toBe(2);
    expect(types(result).qty).toBe('BIGINT');
    expect((await rows(table))[0].description).toBe('Red mug, large');
  });

  it('strips a UTF-8 BOM and handles CRLF', async () => {
    const { table, result } = await load('bom-crlf.csv');
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'label']);
    expect((await rows(table)).map((r) => r.label)).toEqual(['first', 'second']);
  });

  it('reads a Windows-1252 file and says so', async () => {
    const { table, result } = await load('latin1.csv');
    expect(result.warnings.join(' ')).toMatch(/not UTF-8.*Windows-1252/);
    const r = await rows(table);
    expect(r.map((x) => [x.name, x.city, x.price])).toEqual([
      ['Ana', 'Paris', '€5'],
      ['José', 'Köln', '£3'],
    ]);
  });

  it('falls back to Windows-1252 when invalid UTF-8 appears after the sniffed 64 KB', async () => {
    const lines = ['id,city'];
    for (let i = 0; i < 8000; i++) lines.push(`${i},Paris`);
    const head = new TextEncoder().encode(lines.join('\n') + '\n');
    const tail = new Uint8Array([0x39, 0x39, 0x39, 0x39, 0x39, 0x2c, 0x4b, 0xf6, 0x6c, 0x6e, 0x0a]);
    expect(head.length).toBeGreaterThan(65536);
    const bytes = new Uint8Array(head.length + tail.length);
    bytes.set(head);
    bytes.set(tail, head.length);
    const result = await loadFile(db, { name: 'late.csv', bytes }, { table: 'late' });
    expect(result.rowCount).toBe(8001);
    expect(result.warnings.join(' ')).toContain('Windows-1252');
    const t = await db.query('SELECT city FROM late WHERE id = 99999');
    expect(t.get(0)?.city).toBe('Köln');
  });

  it('keeps quoted delimiters, newlines and doubled quotes', async () => {
    const { table, result } = await load('quoted.csv');
    expect(result.rowCount).toBe(4);
    const r = await rows(table);
    expect(r.map((x) => x.comment)).toEqual([
      'Hello, world',
      'Line one\nline two',
      'She said "hi"',
      'plain',
    ]);
    expect(types(result).amount).toBe('BIGINT');
  });

  it('keeps hostile column names intact', async () => {
    const { table, result } = await load('hostile-names.csv');
    expect(result.columns.map((c) => c.name)).toEqual(['select', 'Price (£)', 'a"b']);
    const t = await db.query(`SELECT sum(${ident('Price (£)')}) AS s FROM ${ident(table)}`);
    expect(t.get(0)?.s).toBe(6.25);
  });

  it('treats a hostile file name and table name as plain text', async () => {
    const name = 'x"; DROP TABLE t; --.csv';
    const bytes = existsSync(join(FIX, name))
      ? bytesOf(name)
      : new TextEncoder().encode('id,v\n1,a\n2,b\n');
    await db.exec('CREATE OR REPLACE TABLE t AS SELECT 1 AS keep');
    const result = await loadFile(db, { name, bytes }, { table: 'x"; DROP TABLE t; --' });
    expect(result.rowCount).toBe(2);
    expect((await db.query('SELECT count(*)::INT AS c FROM t')).get(0)?.c).toBe(1);
    const back = await db.query(`SELECT v FROM ${ident('x"; DROP TABLE t; --')} ORDER BY id`);
    expect(back.toArray().map((r) => r.v)).toEqual(['a', 'b']);
  });

  it('loads from a File as well as from bytes', async () => {
    const file = new File([bytesOf('customers.csv')], 'customers.csv');
    const result = await loadFile(db, { name: file.name, file }, { table: 'from_file' });
    expect(result.rowCount).toBe(5);
  });

  it('reports progress from 0 to 1', async () => {
    const seen: number[] = [];
    await loadFile(
      db,
      { name: 'customers.csv', bytes: bytesOf('customers.csv') },
      { table: 'progress', onProgress: (f) => seen.push(f) },
    );
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('loadFile: CSV failures', () => {
  it('names the ragged lines', async () => {
    const e = await failure('ragged.csv');
    expect(e.code).toBe('ragged');
    expect(e.userMessage).toContain('the first row has 3');
    expect(e.userMessage).toContain('line 4 has 2');
    expect(e.userMessage).toContain('line 6 has 4');
    expect(e.line).toBe(4);
    expect(e.hint).toMatch(/quote/i);
  });

  it('finds a ragged row beyond the sniffed 64 KB through DuckDB', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 20000; i++) lines.push(i === 15000 ? '1,2' : `${i},x${i},${i / 2}`);
    const e = await failure('far.csv', new TextEncoder().encode(lines.join('\n') + '\n'));
    expect(e.code).toBe('ragged');
    expect(e.line).toBe(15002);
    expect(e.userMessage).toContain('line 15002 has 2 fields where 3 were expected');
  });

  it('rejects an empty file', async () => {
    const e = await failure('empty.csv');
    expect(e.code).toBe('empty');
    expect(e.userMessage).toContain('is empty');
  });

  it('rejects random bytes named .csv as binary', async () => {
    const e = await failure('binary.csv');
    expect(e.code).toBe('binary');
    expect(e.userMessage).toContain('binary file');
    expect(e.userMessage).toContain('.csv');
  });

  it('rejects a header without rows', async () => {
    const e = await failure('header-only.csv', new TextEncoder().encode('a,b\n'));
    expect(e.code).toBe('no_rows');
    const t = await db.query(
      `SELECT count(*)::INT AS c FROM duckdb_tables() WHERE table_name = 'bad${n}'`,
    );
    expect(t.get(0)?.c).toBe(0);
  });

  it('reports an abort', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await loadFile(
      db,
      { name: 'customers.csv', bytes: bytesOf('customers.csv') },
      { table: 'aborted', signal: ac.signal },
    ).catch((x) => x);
    expect(e).toBeInstanceOf(IngestError);
    expect(e.code).toBe('aborted');
  });
});

describe('CSV column types', () => {
  it('re-reads with every row sniffed when a value past DuckDB’s sample breaks the guessed type', async () => {
    const db = await createNodeDb();
    const lines = ['id,v'];
    for (let i = 0; i < 30_000; i++) lines.push(`${i},${i % 7}`);
    lines.push('x-1,3');
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const r = await loadFile(db, { name: 'late-text.csv', bytes }, { table: 'late_text' });
    expect(r.rowCount).toBe(30_001);
    expect(r.columns.find((c) => c.name === 'id')?.type).toBe('VARCHAR');
    expect(r.columns.find((c) => c.name === 'v')?.type).toBe('BIGINT');
  });
});
