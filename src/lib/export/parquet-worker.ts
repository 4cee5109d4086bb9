/**
 * Parquet encoding off the page's thread: the worker (workers/parquet.worker.ts) runs a
 * ParquetStream and hands back each finished row group's bytes; this side writes them to the
 * sink. Encoding a 100,000-row group takes a few hundred milliseconds, which on the page's
 * thread would freeze it.
 */
import * as Comlink from 'comlink';
import { packBatch, type ExportColumn, type PackedColumn } from './columns';
import type { ByteSink } from './sink';
import type { RowEncoder } from './run';

/** Batches sent to the worker before the page waits for the oldest one's bytes. */
const IN_FLIGHT = 8;

/** What the Parquet worker exposes. */
export interface ParquetWorkerApi {
  /** Starts a file with these columns. */
  start(columns: ExportColumn[]): void;
  /** Adds a batch (packed: its buffers are transferred); returns any completed row group's bytes. */
  add(columns: PackedColumn[], rows: number): Promise<Uint8Array[]>;
  /** Ends the file; returns its last bytes. */
  end(): Promise<Uint8Array[]>;
}

/** An encoder that runs in a new worker from `createWorker`, ended (and the worker stopped) by end(). */
export function workerParquet(
  createWorker: () => Worker,
): (columns: readonly ExportColumn[], sink: ByteSink) => RowEncoder {
  return (columns, sink) => {
    const worker = createWorker();
    const api = Comlink.wrap<ParquetWorkerApi>(worker);
    const started = api.start([...columns]);
    // Batches go to the worker without waiting for the one before: the page fetches the next
    // rows while the worker encodes. Results are written in order, a few in flight at most.
    const inFlight: Promise<Uint8Array[]>[] = [];
    const put = async (chunks: Uint8Array[]) => {
      for (const c of chunks) await sink.write(c);
    };
    const drain = async (keep: number) => {
      while (inFlight.length > keep) await put(await inFlight.shift()!);
    };
    return {
      async add(batch) {
        await started;
        const { packed, transfer } = packBatch(batch, columns);
        inFlight.push(api.add(Comlink.transfer(packed, transfer), batch.numRows));
        await drain(IN_FLIGHT);
      },
      async end() {
        try {
          await started;
          await drain(0);
          await put(await api.end());
        } finally {
          worker.terminate();
        }
      },
      stop() {
        worker.terminate();
      },
    };
  };
}
