import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { parquetReadObjects } from 'hyparquet';
import { createNodeDb } from '../../src/lib/db/node';
import { writeExportFile } from '../../src/lib/export/run';
import { parquetWorkerApi, workerParquet } from '../../src/lib/export/parquet-worker';
import type { ExportColumn } from '../../src/lib/export/columns';

type NodeDb = Awaited<ReturnType<typeof createNodeDb>>;
let db: NodeDb;
const N = 250_000; // three row groups of up to 100,000 rows
const columns: ExportColumn[] = [
  { name: 'customer_id', kind: 'text' },
  { name: 'segment_name', kind: 'text', repeats: true },
  { name: 'monetary', kind: 'number' },
];
const sql = `SELECT printf('C%07d', range) AS customer_id, 'Segment ' || (range % 4) AS segment_name,
  CASE WHEN range % 9 = 0 THEN NULL ELSE range / 2 END::DOUBLE AS monetary FROM range(${N}) ORDER BY range`;

/** Workers as MessageChannels in this process, exposing the worker's own code (or `api`). */
function channelWorkers(api = parquetWorkerApi) {
  const made = { started: 0, terminated: 0 };
  const create = () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
    made.started++;
    return Object.assign(port1, {
      terminate() {
        made.terminated++;
        port1.close();
        port2.close();
      },
    }) as unknown as Worker;
  };
  return { create, made };
}

function memorySink() {
  const chunks: Uint8Array[] = [];
  const state = { ended: '' };
  return {
    chunks,
    state,
    sink: {
      write: async (b: Uint8Array) => void chunks.push(b),
      close: async () => void (state.ended = 'closed'),
      abort: async () => void (state.ended = 'aborted'),
    },
  };
}

beforeAll(async () => {
  db = await createNodeDb();
});
afterAll(() => db.close());

describe('Parquet encoded in workers', () => {
  it('writes every row, in order, from row groups encoded by two workers', async () => {
    const { create, made } = channelWorkers();
    const out = memorySink();
    const rows = await writeExportFile(
      db,
      { sql, columns, format: 'parquet', safe: true },
      out.sink,
      {
        parquet: workerParquet(create, 2),
      },
    );
    expect(rows).toBe(N);
    expect(out.state.ended).toBe('closed');
    expect(made).toEqual({ started: 2, terminated: 2 });
    const file = new Uint8Array(Buffer.concat(out.chunks)).buffer;
    const back = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(back.length).toBe(N);
    const want = (i: number) => ({
      customer_id: `C${String(i).padStart(7, '0')}`,
      segment_name: `Segment ${i % 4}`,
      monetary: i % 9 === 0 ? null : i / 2,
    });
    const wrong = back.filter((r, i) => JSON.stringify(r) !== JSON.stringify(want(i)));
    expect(wrong).toEqual([]);
    expect(back[100_000]).toEqual(want(100_000)); // the second row group's first row
  });

  it('fails the export when a worker fails, discards the file and stops every worker', async () => {
    let calls = 0;
    const { create, made } = channelWorkers({
      encode(...args) {
        if (++calls === 2) throw new Error('out of memory in the encoder');
        return parquetWorkerApi.encode(...args);
      },
    });
    const out = memorySink();
    await expect(
      writeExportFile(db, { sql, columns, format: 'parquet', safe: true }, out.sink, {
        parquet: workerParquet(create, 2),
      }),
    ).rejects.toThrow(/out of memory in the encoder/);
    expect(out.state.ended).toBe('aborted');
    expect(made.terminated).toBe(made.started);
  });
});
