import { describe, expect, it } from 'vitest';
import { fixtureBytes, useNodeDb, type NodeDb } from './node-db-fixture';
import { loadFile, type LoadResult } from '../../src/lib/ingest/load';
import { IngestError } from '../../src/lib/ingest/errors';
import { ident } from '../../src/lib/sql/quote';

const bytesOf = fixtureBytes;
let db: NodeDb;
useNodeDb((d) => (db = d));

let n = 0;
async function load(name: string, extra: { sheet?: string; bytes?: Uint8Array } = {}) {
  const table = `f${++n}`;
  const bytes = extra.bytes ?? bytesOf(name);
  const result = await loadFile(db, { name, bytes }, { table, sheet: extra.sheet });
  return { table, result };
}
async function rows(table: string, select = '*', order: string | number = 1) {
  const t = await db.query(`SELECT ${select} FROM ${ident(table)} ORDER BY ${order}`);
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}
const types = (r: LoadResult) => Object.fromEntries(r.columns.map((c) => [c.name, c.type]));
async function failure(name: string, opts: { sheet?: string; bytes?: Uint8Array } = {}) {
  const err = await load(name, opts).catch((e) => e);
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

describe('loadFile: Parquet', () => {
  it('reads all columns with their types', async () => {
    const { table, result } = await load('customers.parquet');
    expect(result.format).toBe('parquet');
    expect(result.rowCount).toBe(4);
    expect(types(result)).toEqual({
      customer_id: 'INTEGER',
      name: 'VARCHAR',
      spent: 'DOUBLE',
      visits: 'BIGINT',
      last_order: 'TIMESTAMP',
      vip: 'BOOLEAN',
    });
    const r = await rows(
      table,
      `customer_id, name, spent, visits::VARCHAR AS visits, strftime(last_order, '%Y-%m-%d %H:%M:%S') AS ts, vip`,
    );
    expect(r[0]).toEqual({
      customer_id: 101,
      name: 'Ann',
      spent: 10.5,
      visits: '1',
      ts: '2011-01-02 03:04:05',
      vip: true,
    });
    // 2^53 + 1 survives as BIGINT (it would not as a double).
    expect(r[3].visits).toBe('9007199254740993');
    expect(r[2].name).toBeNull();
    expect(r[2].ts).toBeNull();
  });

  it('says a cut-off Parquet file is incomplete', async () => {
    const e = await failure('truncated.parquet');
    expect(e.code).toBe('truncated_parquet');
    expect(e.userMessage).toContain('incomplete or damaged Parquet file');
    expect(e.hint).toMatch(/again/);
  });
});

describe('loadFile: xlsx', () => {
  it('reads the first sheet and lists all sheets', async () => {
    const { table, result } = await load('customers.xlsx');
    expect(result.format).toBe('xlsx');
    expect(result.sheets).toEqual(['Customers', 'Orders']);
    expect(result.sheet).toBe('Customers');
    expect(result.rowCount).toBe(3);
    expect(types(result)).toEqual({
      'Customer ID': 'INTEGER',
      Name: 'VARCHAR',
      Joined: 'DATE',
      Spent: 'DOUBLE',
    });
    const r = await rows(table, `Name, strftime(Joined, '%Y-%m-%d') AS j, Spent`);
    expect(r[2]).toEqual({ Name: 'Cy', j: '2020-03-25', Spent: 30.25 });
  });

  it('reads a named sheet', async () => {
    const { table, result } = await load('customers.xlsx', { sheet: 'Orders' });
    expect(result.sheet).toBe('Orders');
    expect(result.columns.map((c) => c.name)).toEqual(['Order', 'Customer ID', 'Amount']);
    expect((await rows(table)).map((r) => r.Amount)).toEqual([5, 7.5]);
  });

  it('lists the sheets when the named one is missing', async () => {
    const e = await failure('customers.xlsx', { sheet: 'Nope' });
    expect(e.code).toBe('sheet_not_found');
    expect(e.hint).toContain('"Customers", "Orders"');
  });

  it('rejects a workbook whose sheet has no rows', async () => {
    const e = await failure('empty.xlsx');
    expect(e.code).toBe('empty_sheet');
    expect(e.userMessage).toContain('Sheet "Blank"');
    expect(e.userMessage).toContain('is empty');
  });

  it('reads an .xlsx given as a File', async () => {
    const file = new File([bytesOf('customers.xlsx')], 'customers.xlsx');
    const result = await loadFile(db, { name: file.name, file }, { table: 'xlsx_file' });
    expect(result.rowCount).toBe(3);
  });
});

describe('loadFile: JSON and NDJSON', () => {
  for (const name of ['orders.json', 'orders.ndjson']) {
    it(`reads ${name}: union of keys, inferred types, nested values as JSON text`, async () => {
      const { table, result } = await load(name);
      expect(result.format).toBe(name.endsWith('.ndjson') ? 'ndjson' : 'json');
      expect(result.rowCount).toBe(3);
      expect(types(result)).toEqual({
        order_id: 'INTEGER',
        customer: 'VARCHAR',
        amount: 'DOUBLE',
        paid: 'BOOLEAN',
        meta: 'VARCHAR',
      });
      const r = await rows(table);
      expect(r.map((x) => x.amount)).toEqual([10, 12.5, 7]);
      expect(r[1].meta).toBeNull();
      expect(JSON.parse(String(r[2].meta))).toEqual({ src: 'app', tags: ['x'] });
      expect(result.warnings.join(' ')).toContain('"meta"');
    });
  }

  it('reports the line and column of a JSON syntax error', async () => {
    const e = await failure('bad.json');
    expect(e.code).toBe('json_syntax');
    expect(e.line).toBe(3);
    expect(e.column).toBe(25);
    expect(e.userMessage).toContain('line 3, column 25');
  });

  it('reports the line of a bad NDJSON record', async () => {
    const bytes = new TextEncoder().encode('{"a":1}\n{"a":2}\n{"a":3,}\n');
    const e = await failure('bad.ndjson', { bytes });
    expect(e.code).toBe('json_syntax');
    expect(e.line).toBe(3);
    expect(e.column).toBe(8);
  });

  it('rejects JSON that is not a list of records', async () => {
    const e = await failure('nums.json', { bytes: new TextEncoder().encode('[1, 2, 3]') });
    expect(e.code).toBe('json_shape');
    expect(e.hint).toContain('array of objects');
  });

  it('unwraps an object holding one array of records', async () => {
    const bytes = new TextEncoder().encode('{"data": [{"id": 1}, {"id": 2}], "total": 2}');
    const { result } = await load('wrapped.json', { bytes });
    expect(result.rowCount).toBe(2);
    expect(result.warnings[0]).toContain('"data"');
  });

  it('reads a lone object as one record', async () => {
    const bytes = new TextEncoder().encode('{"id": 7, "tags": {"a": 1}}');
    const { table, result } = await load('one.json', { bytes });
    expect(result.rowCount).toBe(1);
    expect((await rows(table))[0]).toEqual({ id: 7, tags: '{"a":1}' });
    expect(result.warnings.join(' ')).toContain('single JSON object');
  });

  it('keeps ids beyond 32 bits as BIGINT and mixed values as text', async () => {
    const bytes = new TextEncoder().encode(
      '[{"id": 12345678901, "v": 1}, {"id": 2, "v": "two"}, {"id": 3, "v": true}]',
    );
    const { table, result } = await load('mixed.json', { bytes });
    expect(types(result)).toEqual({ id: 'BIGINT', v: 'VARCHAR' });
    expect((await rows(table, 'v', 'id')).map((r) => r.v)).toEqual(['two', 'true', '1']);
    expect(result.warnings.join(' ')).toContain('"v" mixes text');
  });
});

describe('loadFile: unknown formats', () => {
  it('names a zip that is not a workbook', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    const e = await failure('archive.zip', { bytes: zip });
    expect(e.code).toBe('unknown_format');
    expect(e.hint).toContain('Unzip');
  });

  it('names an old .xls workbook', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const e = await failure('old.xls', { bytes: xls });
    expect(e.code).toBe('unknown_format');
    expect(e.hint).toContain('.xlsx');
  });
});
