/** Parquet worker: a thin comlink wrapper that encodes one row group at a time. */
import * as Comlink from 'comlink';
import { encodeRowGroup } from '../src/lib/export/parquet';
import { unpackBatch } from '../src/lib/export/columns';
import type { ParquetWorkerApi } from '../src/lib/export/parquet-worker';

const api: ParquetWorkerApi = {
  encode(columns, batches, rows) {
    const values = batches.map((b, i) => unpackBatch(b, rows[i]!, columns));
    const total = rows.reduce((a, b) => a + b, 0);
    const group = encodeRowGroup(columns, values, total);
    // The bytes go to the page transferred, not copied.
    return Comlink.transfer(group, [group.bytes.buffer as ArrayBuffer]);
  },
};

Comlink.expose(api);
