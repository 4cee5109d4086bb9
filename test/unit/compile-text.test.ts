/**
 * The compiler's SQL text, exactly, in both dialects (as mosaic tests its printers), and the raw
 * readers of every file format run on native DuckDB against what the studio loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  clustersAssignSql,
  rfmAssignSql,
  rulesAssignSql,
  segmentNamesSql,
} from '../../src/lib/compile/assign';
import {
  duckdbExtension,
  duckdbRawSelect,
  duckdbReader,
  postgresCreateTable,
  postgresLoad,
} from '../../src/lib/compile/sources';
import { duckdb, postgres } from '../../src/lib/sql/dialects';
import { formatPattern } from '../../src/lib/sql/dialect';
import type { TableConfig } from '../../src/lib/config/schema';
import type { SegmentDef } from '../../src/lib/segment/model';
import { createNodeDb } from '../../src/lib/db/node';
import { loadFile } from '../../src/lib/ingest/load';
import { literal } from '../../src/lib/sql/quote';
import { fixturesDir } from './engines';

const io = { features: 'f', raw: 'r' };

describe('assignment SQL', () => {
  const rfm: SegmentDef[] = [
    {
      id: 'a',
      name: 'A',
      color: '#000000',
      definition: {
        kind: 'rfm',
        boxes: [
          { r: [5, 5], f: [4, 5], m: [1, 5] },
          { r: [1, 1], f: [1, 1], m: [1, 1] },
        ],
      },
    },
  ];
  it('RFM: scores from literal cut-points, boxes in order, the rest last', () => {
    const cuts = { r: [10, 20, 30, 40], f: [1, 2, 3, 4], m: [0.5, 1.25, 2, 1e21] };
    const sql = rfmAssignSql(io, { r: 'rec"x', f: 'freq', m: 'mon' }, cuts, rfm, duckdb);
    const score = (col: string, c: string[], desc: boolean) =>
      `CASE WHEN r.${col} IS NULL THEN NULL ELSE ${desc ? '5 - ' : '1 + '}(${c.map((x) => `CASE WHEN ${x} < r.${col} THEN 1 ELSE 0 END`).join(' + ')}) END`;
    expect(sql).toBe(
      `SELECT "customer_id", CASE WHEN "rs" IS NULL OR "fs" IS NULL OR "ms" IS NULL THEN NULL ` +
        `WHEN ("rs" BETWEEN 5 AND 5 AND "fs" BETWEEN 4 AND 5 AND "ms" BETWEEN 1 AND 5) OR ("rs" BETWEEN 1 AND 1 AND "fs" BETWEEN 1 AND 1 AND "ms" BETWEEN 1 AND 1) THEN 0 ` +
        `ELSE 1 END AS "segment_index"\n` +
        `FROM (SELECT f."customer_id", ${score('"rec""x"', ['1e+1', '2e+1', '3e+1', '4e+1'], true)} AS "rs", ` +
        `${score('"freq"', ['1e+0', '2e+0', '3e+0', '4e+0'], false)} AS "fs", ` +
        `${score('"mon"', ['5e-1', '1.25e+0', '2e+0', '1e+21'], false)} AS "ms" ` +
        `FROM "f" AS f JOIN "r" AS r ON r."customer_id" = f."customer_id") AS "scores"`,
    );
    expect(rfmAssignSql(io, { r: 'r', f: 'f', m: 'm' }, cuts, rfm, postgres)).toContain(
      'CASE WHEN CAST(1e+1 AS DOUBLE PRECISION) < r."r" THEN 1 ELSE 0 END',
    );
  });

  it('rules: first match wins; lists, ranges and missing values', () => {
    const rules: SegmentDef[] = [
      {
        id: 'r1',
        name: 'R1',
        color: '#000000',
        definition: {
          kind: 'rule',
          when: {
            any: [
              { feature: 'x', op: 'between', value: [1, 2.5] },
              {
                all: [
                  { feature: 'y', op: 'in', value: [1, 2] },
                  { feature: 'z', op: 'is missing' },
                ],
              },
              { feature: 'y', op: 'not in', value: [] },
            ],
          },
        },
      },
      { id: 'r2', name: 'R2', color: '#000000', definition: { kind: 'rule', when: { all: [] } } },
    ];
    expect(rulesAssignSql(io, rules, duckdb)).toBe(
      'SELECT f."customer_id", CASE WHEN (r."x" BETWEEN 1e+0 AND 2.5e+0 OR (r."y" IN (1e+0, 2e+0) AND r."z" IS NULL) OR r."y" IS NOT NULL) THEN 0 ' +
        'WHEN TRUE THEN 1 ELSE 2 END AS "segment_index"\n' +
        'FROM "f" AS f JOIN "r" AS r ON r."customer_id" = f."customer_id"',
    );
  });

  it('clusters: float32 features, distances summed in order, lowest index wins ties', () => {
    const segs: SegmentDef[] = [
      {
        id: 'c1',
        name: 'C1',
        color: '#000000',
        definition: {
          kind: 'cluster',
          features: ['a', 'b'],
          centroids: [
            [0, 1],
            [-2, 0.5],
          ],
        },
      },
      {
        id: 'c2',
        name: 'C2',
        color: '#000000',
        definition: { kind: 'cluster', features: ['a', 'b'], centroids: [[3, 4]] },
      },
    ];
    expect(clustersAssignSql(io, ['a', 'b'], segs, postgres)).toBe(
      'SELECT "customer_id", CASE WHEN "d0" = "dmin" THEN 0 WHEN "d1" = "dmin" THEN 0 WHEN "d2" = "dmin" THEN 1 END AS "segment_index"\n' +
        'FROM (SELECT "customer_id", "d0", "d1", "d2", least("d0", "d1", "d2") AS "dmin"\n' +
        '  FROM (SELECT "customer_id", ("x0" - CAST(0e+0 AS DOUBLE PRECISION)) * ("x0" - CAST(0e+0 AS DOUBLE PRECISION)) + ("x1" - CAST(1e+0 AS DOUBLE PRECISION)) * ("x1" - CAST(1e+0 AS DOUBLE PRECISION)) AS "d0",\n' +
        '    ("x0" - CAST(-2e+0 AS DOUBLE PRECISION)) * ("x0" - CAST(-2e+0 AS DOUBLE PRECISION)) + ("x1" - CAST(5e-1 AS DOUBLE PRECISION)) * ("x1" - CAST(5e-1 AS DOUBLE PRECISION)) AS "d1",\n' +
        '    ("x0" - CAST(3e+0 AS DOUBLE PRECISION)) * ("x0" - CAST(3e+0 AS DOUBLE PRECISION)) + ("x1" - CAST(4e+0 AS DOUBLE PRECISION)) * ("x1" - CAST(4e+0 AS DOUBLE PRECISION)) AS "d2"\n' +
        '    FROM (SELECT f."customer_id", CAST(f."a" AS REAL) AS "x0", CAST(f."b" AS REAL) AS "x1" FROM "f" AS f) AS "x") AS "distances") AS "nearest"',
    );
  });

  it('names every index, the rest bucket last, as literals', () => {
    const segs: SegmentDef[] = [
      {
        id: "o'k",
        name: "x'); DROP TABLE t; --",
        color: '#000000',
        definition: { kind: 'rule', when: { all: [] } },
      },
    ];
    expect(segmentNamesSql(segs, { id: 'everyone-else', name: 'Everyone else' })).toBe(
      `(VALUES (0, 'o''k', 'x''); DROP TABLE t; --'), (1, 'everyone-else', 'Everyone else')) AS "n"("segment_index", "segment_id", "segment_name")`,
    );
  });
});

describe('dialects', () => {
  it('write the same strftime shapes as patterns', () => {
    expect(formatPattern('%d/%m/%Y %H:%M')).toEqual({
      pattern: '^([0-9]{1,2})\\/([0-9]{1,2})\\/([0-9]{4}) ([0-9]{1,2}):([0-9]{1,2})$',
      fields: 'dmYHM',
    });
    expect(formatPattern('%Y%m%d').pattern).toBe('^([0-9]{4})([0-9]{2})([0-9]{2})$');
  });
  it('read numbers as the same double: exponent form, PostgreSQL cast explicitly', () => {
    expect([0.1, -2.5, 1e21, 0, NaN].map(duckdb.num)).toEqual([
      '1e-1',
      '(-2.5e+0)',
      '1e+21',
      '0e+0',
      'NULL',
    ]);
    expect(postgres.num(0.30000000000000004)).toBe(
      'CAST(3.0000000000000004e-1 AS DOUBLE PRECISION)',
    );
    expect(postgres.dayDiff('a', 'b')).toBe('(b - a)');
    expect(duckdb.median('x', 'y > 1')).toBe('median(x) FILTER (WHERE y > 1)');
    expect(postgres.median('x', 'y > 1')).toBe(
      'percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FILTER (WHERE y > 1)',
    );
  });
});

describe('raw tables: the script reads each format as the studio did', () => {
  let db: Awaited<ReturnType<typeof createNodeDb>>;
  let native: Awaited<ReturnType<DuckDBInstance['connect']>>;
  beforeAll(async () => {
    db = await createNodeDb();
    native = await (await DuckDBInstance.create(':memory:')).connect();
    await native.run(`SET file_search_path = ${literal(fixturesDir())}`);
  });
  afterAll(() => {
    db?.close();
    native?.closeSync();
  });
  const rows = (xs: Record<string, unknown>[]) =>
    JSON.stringify(xs, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  it('latin1.csv: Windows-1252 is read with DuckDB’s encodings extension, and psql’s WIN1252', async () => {
    const file = 'latin1.csv';
    const r = await loadFile(
      db,
      { name: file, bytes: new Uint8Array(readFileSync(path.join(fixturesDir(), file))) },
      { table: 'latin1' },
    );
    expect(r.csv?.encoding).toBe('windows-1252');
    const t: TableConfig = {
      id: 'latin1',
      file,
      format: 'csv',
      reader: { ...r.csv! },
      rows: r.rowCount,
      columns: [],
      cleaning: [],
    };
    expect(duckdbReader(t)).toContain("encoding='windows-1252'");
    expect(duckdbExtension(t)).toBe('encodings');
    expect(postgresLoad(t)!.at(-1)).toContain("ENCODING 'WIN1252'");
  });
  for (const file of [
    'orders.json',
    'orders.ndjson',
    'customers.parquet',
    'semicolon.csv',
    'property-customers.csv',
  ]) {
    it(file, async () => {
      const table = file.replace(/\W/g, '_');
      const r = await loadFile(
        db,
        { name: file, bytes: new Uint8Array(readFileSync(path.join(fixturesDir(), file))) },
        { table },
      );
      const columns = (await db.query(`DESCRIBE "${table}"`)).toArray().map((c) => ({
        name: String(c.column_name),
        type: String(c.column_type),
        role: 'text' as const,
      }));
      const t: TableConfig = {
        id: table,
        file,
        format: r.format,
        rows: r.rowCount,
        columns,
        cleaning: [],
      };
      if (r.csv) t.reader = { ...r.csv };
      const cast = columns.map((c) => `CAST("${c.name}" AS VARCHAR) AS "${c.name}"`).join(', ');
      const studio = (await db.query(`SELECT ${cast} FROM "${table}"`))
        .toArray()
        .map((x) => x.toJSON());
      const script = (
        await native.runAndReadAll(`SELECT ${cast} FROM (${duckdbRawSelect(t)})`)
      ).getRowObjectsJson();
      expect(rows(script)).toBe(rows(studio));
      expect(duckdbReader(t)).toContain(literal(file));
      if (r.format === 'csv') {
        expect(postgresCreateTable(t)).toMatch(/^CREATE TABLE ".+" \(/);
        expect(postgresLoad(t)!.at(-1)).toMatch(
          /^\\copy ".+" FROM '.+' WITH \(FORMAT csv, HEADER true/,
        );
      }
    });
  }
});
