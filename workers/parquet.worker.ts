/** Parquet worker: a thin comlink wrapper over src/lib/export/parquet.ts (one file per worker). */
import * as Comlink from 'comlink';
import { ParquetStream } from '../src/lib/export/parquet';
import { unpackBatch } from '../src/lib/export/columns';
import type { ParquetWorkerApi } from '../src/lib/export/parquet-worker';

let stream: ParquetStream | null = null;
let chunks: Uint8Array[] = [];

/** The bytes made since the last call, transferred (not copied) to the page. */
function take(): Uint8Array[] {
  const out = chunks;
  chunks = [];
  return Comlink.transfer(
    out,
    out.map((c) => c.buffer as ArrayBuffer),
  );
}

const api: ParquetWorkerApi = {
  start(columns) {
    chunks = [];
    stream = new ParquetStream(columns, {
      write: async (b) => void chunks.push(b),
      close: async () => undefined,
      abort: async () => undefined,
    });
  },
  async add(columns, rows) {
    await stream!.add(unpackBatch(columns, rows), rows);
    return take();
  },
  async end() {
    await stream!.end();
    stream = null;
    return take();
  },
};

Comlink.expose(api);
