import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Int32, makeVector, Table } from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import { createNodeDb } from '../../src/lib/db/node';
import { exportColumns, exportSelect, type ExportPlan } from '../../src/lib/export/query';
import { writeExportFile, type EncoderFactory } from '../../src/lib/export/run';
import { ParquetStream } from '../../src/lib/export/parquet';
import { packBatch, unpackBatch } from '../../src/lib/export/columns';
import type { ByteSink } from '../../src/lib/export/sink';
import { pseudonym } from '../../src/lib/export/pseudonym';
import type { ExportFormat } from '../../src/lib/export/formats';
import { parseCsv } from './csv-parse';

type NodeDb = Awaited<ReturnType<typeof createNodeDb>>;
let db: NodeDb;
const N = 2500;
const segOf = (i: number) => (i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0);

/** A sink that keeps its chunks and records how it ended. */
function memorySink() {
  const chunks: Uint8Array[] = [];
  const sink = {
    chunks,
    ended: '' as '' | 'closed' | 'aborted',
    bytes: () => Buffer.concat(chunks),
    async write(b: Uint8Array) {
      chunks.push(b);
    },
    async close() {
      sink.ended = 'closed';
    },
    async abort() {
      sink.ended = 'aborted';
    },
  };
  return sink satisfies ByteSink;
}

const base: ExportPlan = {
  assignTable: 'assign',
  segmentsTable: 'segs',
  features: { table: 'features_raw', columns: [{ name: 'recency' }, { name: 'monetary' }] },
};
const withCustomers: ExportPlan = {
  ...base,
  customers: {
    relation: 'cust',
    idColumn: 'id',
    columns: [
      { name: 'email', numeric: false },
      { name: 'monetary', numeric: true },
      { name: 'note', numeric: false },
    ],
  },
};

async function run(plan: ExportPlan, format: ExportFormat, signal?: AbortSignal) {
  const sink = memorySink();
  const rows = await writeExportFile(
    db,
    { sql: exportSelect(plan), columns: exportColumns(plan), format, safe: true },
    sink,
    { signal },
  );
  return { rows, sink };
}

beforeAll(async () => {
  db = await createNodeDb();
  await db.exec(
    `CREATE TABLE features_raw AS SELECT printf('C%05d', range) AS customer_id, range % 50 AS recency,
       CASE WHEN range % 11 = 0 THEN NULL ELSE range * 1.5 END AS monetary FROM range(${N}) ORDER BY customer_id`,
  );
  const seg = new Int32Array(N).map((_, i) => segOf(i));
  await db.insertArrow('assign', new Table({ seg: makeVector({ type: new Int32(), data: seg }) }));
  await db.exec(
    `CREATE TABLE segs AS SELECT * FROM (VALUES (0, 'a', 'Loyal'), (1, 'b', '=HYPERLINK("x")'), (2, 'c', 'Big, "spenders"')) t(idx, segment_id, segment_name)`,
  );
  await db.exec(
    `CREATE TABLE cust AS SELECT printf('C%05d', range) AS id, 'p' || range || '@example.com' AS email,
       range AS monetary, CASE WHEN range = 5 THEN '-1+2' ELSE 'line1' || chr(10) || 'line2' END AS note FROM range(${N})`,
  );
  await db.exec(`INSERT INTO cust VALUES ('C00001', 'dup@example.com', 0, 'duplicate id')`);
});
afterAll(() => db.close());

describe('assignment export', () => {
  it('writes CSV with a header, every customer once, names neutralised and quoted', async () => {
    const { rows, sink } = await run(withCustomers, 'csv');
    expect(rows).toBe(N);
    expect(sink.ended).toBe('closed');
    const table = parseCsv(sink.bytes().toString('utf8'));
    expect(table[0]).toEqual([
      'customer_id',
      'segment_id',
      'segment_name',
      'recency',
      'monetary',
      'email',
      'customer_monetary',
      'note',
    ]);
    expect(table.length).toBe(N + 1);
    const counts = [0, 0, 0];
    for (const r of table.slice(1)) counts[['a', 'b', 'c'].indexOf(r[1])]++;
    const want = [0, 0, 0];
    for (let i = 0; i < N; i++) want[segOf(i)]++;
    expect(counts).toEqual(want);
    expect(table[4]).toEqual([
      'C00003',
      'b',
      `'=HYPERLINK("x")`,
      '3',
      '4.5',
      'p3@example.com',
      '3',
      'line1\nline2',
    ]);
    expect(table[6][7]).toBe("'-1+2");
    expect(table[12][4]).toBe(''); // NULL monetary
    expect(table[8][2]).toBe('Big, "spenders"');
  });

  it('writes one segment only, and the segments add up to the whole', async () => {
    let total = 0;
    for (let s = 0; s < 3; s++) {
      const { rows, sink } = await run({ ...base, segment: s }, 'csv');
      const table = parseCsv(sink.bytes().toString('utf8'));
      expect(table.length - 1).toBe(rows);
      expect(new Set(table.slice(1).map((r) => r[1]))).toEqual(new Set([['a', 'b', 'c'][s]]));
      total += rows;
    }
    expect(total).toBe(N);
  });

  it('writes JSON Lines', async () => {
    const { sink } = await run(base, 'jsonl');
    const lines = sink
      .bytes()
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(N);
    expect(lines[11]).toEqual({
      customer_id: 'C00011',
      segment_id: 'a',
      segment_name: 'Loyal',
      recency: 11,
      monetary: null,
    });
  });

  it('writes Parquet that reads back with the same rows and types', async () => {
    const { sink } = await run(withCustomers, 'parquet');
    const bytes = sink.bytes();
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    const rows = (await parquetReadObjects({ file: buf })) as Record<string, unknown>[];
    expect(rows.length).toBe(N);
    expect(rows[3]).toMatchObject({
      customer_id: 'C00003',
      segment_id: 'b',
      recency: 3,
      monetary: 4.5,
      email: 'p3@example.com',
      customer_monetary: 3,
    });
    // Parquet is not a spreadsheet: text stays exactly as it is.
    expect(rows[3].segment_name).toBe('=HYPERLINK("x")');
  });

  it('writes the same Parquet bytes when batches are packed for the worker and unpacked there', async () => {
    const here = (await run(withCustomers, 'parquet')).sink.bytes();
    // The worker's path without the worker: pack, clone as postMessage would, unpack, encode.
    const viaWorker: EncoderFactory = (columns, sink) => {
      const stream = new ParquetStream(columns, sink);
      return {
        add: (batch) => {
          const { packed } = packBatch(batch, columns);
          return stream.add(
            unpackBatch(structuredClone(packed), batch.numRows, columns),
            batch.numRows,
          );
        },
        end: () => stream.end(),
      };
    };
    const sink = memorySink();
    const file = {
      sql: exportSelect(withCustomers),
      columns: exportColumns(withCustomers),
      format: 'parquet' as const,
      safe: true,
    };
    await writeExportFile(db, file, sink, { parquet: viaWorker });
    expect(sink.bytes().equals(here)).toBe(true);
  });

  it('pseudonymises ids with the salt and drops nothing else', async () => {
    const { sink } = await run({ ...base, salt: 'pepper' }, 'csv');
    const table = parseCsv(sink.bytes().toString('utf8'));
    expect(table[0][0]).toBe('customer_id_sha256');
    expect(table[1][0]).toBe(pseudonym('pepper', 'C00000'));
    expect(table.slice(1).some((r) => r[0].startsWith('C0'))).toBe(false);
  });

  it('writes a category kept as levels as its labels', async () => {
    await db.exec(
      `CREATE TABLE lv AS SELECT customer_id, CASE WHEN recency % 3 = 0 THEN NULL ELSE recency % 3 - 1 END AS plan FROM features_raw`,
    );
    const plan: ExportPlan = {
      ...base,
      features: { table: 'lv', columns: [{ name: 'plan', levels: ['basic', "pro's"] }] },
    };
    expect(exportColumns(plan).at(-1)).toEqual({ name: 'plan', kind: 'text', repeats: true });
    const { sink } = await run(plan, 'jsonl');
    const lines = sink
      .bytes()
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { plan: string | null });
    expect(lines.slice(0, 4).map((l) => l.plan)).toEqual([null, 'basic', "pro's", null]);
  });

  it('writes each customer’s RFM scores beside the segment, an unscored one empty', async () => {
    const score = (i: number, d: number) => (i % 13 === 0 ? 0 : 1 + ((i + d) % 5));
    const int32 = (f: (i: number) => number) =>
      makeVector({ type: new Int32(), data: new Int32Array(N).map((_, i) => f(i)) });
    await db.insertArrow(
      'assign_scores',
      new Table({
        seg: int32(segOf),
        r_score: int32((i) => score(i, 0)),
        f_score: int32((i) => score(i, 1)),
        m_score: int32((i) => score(i, 2)),
      }),
    );
    const plan: ExportPlan = {
      ...base,
      assignTable: 'assign_scores',
      features: { ...base.features, columns: [...base.features.columns, { name: 'r_score' }] },
      scores: true,
    };
    await db.exec('ALTER TABLE features_raw ADD COLUMN r_score DOUBLE DEFAULT 7');
    try {
      const table = parseCsv((await run(plan, 'csv')).sink.bytes().toString('utf8'));
      // A feature already called r_score keeps its name; the score column takes a longer one.
      expect(table[0].slice(-4)).toEqual(['r_score', 'rfm_r_score', 'f_score', 'm_score']);
      for (const i of [0, 1, 2, 13, 100]) {
        const row = table[1 + i];
        expect(row.slice(-3)).toEqual(
          [0, 1, 2].map((d) => (score(i, d) === 0 ? '' : String(score(i, d)))),
        );
        expect(row[1]).toBe(['a', 'b', 'c'][segOf(i)]);
      }
    } finally {
      await db.exec('ALTER TABLE features_raw DROP COLUMN r_score');
    }
  });

  it('aborts the sink on cancel and never closes it', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(run(base, 'csv', ctrl.signal)).rejects.toThrow();
    const sink = memorySink();
    const ctrl2 = new AbortController();
    const plan = { ...base };
    await expect(
      writeExportFile(
        {
          forEachBatch: (sql, f, o) =>
            db.forEachBatch(
              sql,
              async (b) => {
                await f(b);
                ctrl2.abort();
              },
              o,
            ),
        },
        { sql: exportSelect(plan), columns: exportColumns(plan), format: 'parquet', safe: true },
        sink,
        { signal: ctrl2.signal },
      ),
    ).rejects.toThrow();
    expect(sink.ended).toBe('aborted');
  });
});
