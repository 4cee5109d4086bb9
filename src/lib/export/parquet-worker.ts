/**
 * Parquet encoding off the page's thread, in several workers at once: the page packs each
 * batch's buffers (packBatch), gathers a row group's worth and hands it, transferred, to the next
 * worker (workers/parquet.worker.ts), which encodes it alone; the page places the encoded groups
 * in the file in order (ParquetAssembler). Encoding a 100,000-row group takes a few hundred
 * milliseconds: on the page's thread it would freeze it, and one worker leaves a core idle.
 */
import * as Comlink from 'comlink';
import { packBatch, unpackBatch, type ExportColumn, type PackedColumn } from './columns';
import { encodeRowGroup, ParquetAssembler, ROW_GROUP_ROWS, type EncodedGroup } from './parquet';
import type { ByteSink } from './sink';
import type { RowEncoder } from './run';

/** What a Parquet worker exposes. */
export interface ParquetWorkerApi {
  /** Encodes batches (packed; their buffers are transferred) as one row group. */
  encode(columns: ExportColumn[], batches: PackedColumn[][], rows: number[]): EncodedGroup;
}

/** What the worker runs: one row group from its packed batches, its bytes transferred back. */
export const parquetWorkerApi: ParquetWorkerApi = {
  encode(columns, batches, rows) {
    const values = batches.map((b, i) => unpackBatch(b, rows[i]!, columns));
    const total = rows.reduce((a, b) => a + b, 0);
    const group = encodeRowGroup(columns, values, total);
    return Comlink.transfer(group, [group.bytes.buffer as ArrayBuffer]);
  },
};

/**
 * An encoder running in `workers` new workers from `createWorker`, stopped by end() or stop().
 * At most one row group per worker is in flight while the page gathers the next.
 */
export function workerParquet(
  createWorker: () => Worker,
  workers = 2,
): (columns: readonly ExportColumn[], sink: ByteSink) => RowEncoder {
  return (columns, sink) => {
    const started = Array.from({ length: Math.max(1, workers) }, createWorker);
    const apis = started.map((w) => Comlink.wrap<ParquetWorkerApi>(w));
    const file = new ParquetAssembler(columns, sink);
    let stopped = false;
    const stopAll = () => {
      if (!stopped) started.forEach((w) => w.terminate());
      stopped = true;
    };
    let batches: PackedColumn[][] = [];
    let rows: number[] = [];
    let transfer: ArrayBuffer[] = [];
    let groupRows = 0;
    let sent = 0;
    const inFlight: Promise<EncodedGroup>[] = [];
    const send = () => {
      const api = apis[sent++ % apis.length]!;
      const encoded = api.encode([...columns], Comlink.transfer(batches, transfer), rows);
      // Awaited in order by drain; a later group's failure after an earlier one stopped the
      // export is not left as an unhandled rejection.
      encoded.catch(() => undefined);
      inFlight.push(encoded);
      batches = [];
      rows = [];
      transfer = [];
      groupRows = 0;
    };
    const drain = async (keep: number) => {
      while (inFlight.length > keep) await file.append(await inFlight.shift()!);
    };
    return {
      async add(batch) {
        if (!batch.numRows) return;
        const packed = packBatch(batch, columns);
        batches.push(packed.packed);
        rows.push(batch.numRows);
        transfer.push(...packed.transfer);
        groupRows += batch.numRows;
        if (groupRows < ROW_GROUP_ROWS) return;
        send();
        await drain(apis.length);
      },
      async end() {
        try {
          if (groupRows) send();
          await drain(0);
          await file.end();
        } finally {
          stopAll();
        }
      },
      stop: stopAll,
    };
  };
}
