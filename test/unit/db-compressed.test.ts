import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, useNodeDb, type NodeDb } from './node-db-fixture';
import { COMPRESS_FROM_BYTES, loadedTableRef } from '../../src/lib/db/types';
import { computeFeatures } from '../../src/lib/features/compute';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { loadFile } from '../../src/lib/ingest/load';
import { storeArrow } from '../../src/lib/ingest/store-arrow';
import { ident, literal } from '../../src/lib/sql/quote';
import { fixtureSource } from './features-fixture';

const bytesOf = fixtureBytes;
let db: NodeDb;
useNodeDb((d) => (db = d));

/** The catalogs holding a table of this name. */
async function catalogsOf(name: string): Promise<string[]> {
  const t = await db.query(
    `SELECT database_name AS d FROM duckdb_tables() WHERE table_name = ${literal(name)} ORDER BY 1`,
  );
  return t.toArray().map((r) => String(r.toJSON().d));
}

async function rowsOf(name: string): Promise<unknown[]> {
  const t = await db.query(`SELECT * FROM ${ident(name)} ORDER BY ALL`);
  return t.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => String(v)));
}

describe('large files are stored in the compressed catalog', () => {
  it('chooses the catalog by file size and quotes the name', () => {
    expect(loadedTableRef('a"b', COMPRESS_FROM_BYTES - 1)).toEqual({
      compressed: false,
      target: 'memory.main."a""b"',
      other: 'studio.main."a""b"',
    });
    expect(loadedTableRef('t', COMPRESS_FROM_BYTES).target).toBe('studio.main."t"');
    expect(loadedTableRef('t', 10, 10).target).toBe('studio.main."t"');
  });

  it('a CSV over the size goes to the compressed catalog, reads the same, and a small reload replaces it', async () => {
    await loadFile(db, { name: 'c.csv', bytes: bytesOf('customers.csv') }, { table: 'plain' });
    const big = await loadFile(
      db,
      { name: 'c.csv', bytes: bytesOf('customers.csv') },
      { table: 'big', compressFromBytes: 1 },
    );
    expect(await catalogsOf('big')).toEqual(['studio']);
    expect(big.rowCount).toBe(5);
    expect(await rowsOf('big')).toEqual(await rowsOf('plain'));
    await loadFile(db, { name: 'c.csv', bytes: bytesOf('customers.csv') }, { table: 'big' });
    expect(await catalogsOf('big')).toEqual(['memory']);
  });

  it('Parquet (read through Arrow) goes there too, leaving no staging table', async () => {
    await loadFile(db, { name: 'c.parquet', bytes: bytesOf('customers.parquet') }, { table: 'pq' });
    await loadFile(
      db,
      { name: 'c.parquet', bytes: bytesOf('customers.parquet') },
      { table: 'pq big', compressFromBytes: 1 },
    );
    expect(await catalogsOf('pq big')).toEqual(['studio']);
    expect(await rowsOf('pq big')).toEqual(await rowsOf('pq'));
    const staging = await db.query(
      "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__segment_studio_staging%'",
    );
    expect(Number(staging.get(0)?.toJSON().n)).toBe(0);
  });

  it('Arrow rows reach the compressed catalog a slice at a time, in their order', async () => {
    const name = 'x"; DROP TABLE t; --';
    const n = 11;
    const table = tableFromArrays({
      id: Int32Array.from({ length: n }, (_, i) => n - i),
      v: Float64Array.from({ length: n }, (_, i) => i / 4),
    });
    await storeArrow(db, name, table, loadedTableRef(name, 1, 1), 4);
    expect(await catalogsOf(name)).toEqual(['studio']);
    const t = await db.query(`SELECT id, v FROM ${ident(name)} ORDER BY rowid`);
    expect(t.toArray().map((r) => [r.toJSON().id, r.toJSON().v])).toEqual(
      Array.from({ length: n }, (_, i) => [n - i, i / 4]),
    );
    const empty = tableFromArrays({ id: new Int32Array(0) });
    await storeArrow(db, 'empty', empty, loadedTableRef('empty', 1, 1), 4);
    const cols = await db.query(`DESCRIBE ${ident('empty')}`);
    expect(cols.numRows).toBe(1);
  });

  it('features from a compressed table equal those from a plain one', async () => {
    const source = fixtureSource();
    for (const [table, compressFromBytes] of [
      ['tx plain', undefined],
      ['tx packed', 1],
    ] as const)
      await loadFile(
        db,
        { name: 'features-tx.csv', bytes: bytesOf('features-tx.csv') },
        { table, compressFromBytes },
      );
    expect(await catalogsOf('tx packed')).toEqual(['studio']);
    const spec = { ...defaultSpec(['recency', 'frequency', 'monetary']), asOf: '2024-04-02' };
    const tx = { ...source, customers: undefined };
    await computeFeatures(db, spec, { ...tx, transactions: 'tx plain' }, 'f plain');
    await computeFeatures(db, spec, { ...tx, transactions: 'tx packed' }, 'f packed');
    const plain = await rowsOf('f plain_raw');
    expect(plain.length).toBeGreaterThan(0);
    expect(await rowsOf('f packed_raw')).toEqual(plain);
    expect(await rowsOf('f packed')).toEqual(await rowsOf('f plain'));
  });
});
