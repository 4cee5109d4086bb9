/** Parquet worker: a thin comlink wrapper that encodes one row group at a time. */
import * as Comlink from 'comlink';
import { parquetWorkerApi } from '../src/lib/export/parquet-worker';

Comlink.expose(parquetWorkerApi);
