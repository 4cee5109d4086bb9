import { createRequire } from 'node:module';
import path from 'node:path';
import { tableFromIPC, tableToIPC as tableToIPCOurs, type Table } from 'apache-arrow';
import { ident } from '../sql/quote';
import { COMPRESSED_CATALOG_SQL, STARTUP_SQL, type IngestDb } from './types';

type BlockingConn = {
  query(sql: string): Table;
  insertArrowTable(t: Table, o: { name: string; create?: boolean }): void;
  close(): void;
};
type BlockingDb = {
  instantiate(progress: () => void): Promise<unknown>;
  connect(): BlockingConn;
  registerFileBuffer(name: string, buf: Uint8Array): void;
  dropFile(name: string): void;
  registerFileURL(name: string, url: string, proto: number, direct: boolean): void;
  copyFileToBuffer(name: string): Uint8Array;
};

let exports = 0;

/**
 * A Db over DuckDB-WASM's Node blocking bundle, for unit tests, benchmarks and the CLI. Results
 * pass through Arrow IPC so the returned Table belongs to this package's apache-arrow copy.
 */
export async function createNodeDb(): Promise<
  IngestDb & { registerPath(name: string, file: string): Promise<void>; close(): void }
> {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');

  const duckdb = require(main);
  const dist = path.dirname(main);
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db: BlockingDb = await duckdb.createDuckDB(
    bundles,
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  const conn = db.connect();
  for (const s of [...STARTUP_SQL, ...COMPRESSED_CATALOG_SQL]) conn.query(s);
  // The CJS bundle builds tables with the CJS copy of apache-arrow; serialise with that copy and
  // read back with ours, or instanceof checks fail (the dual-package hazard).

  const cjsArrow = require('apache-arrow') as {
    tableToIPC(t: unknown): Uint8Array;
    tableFromIPC(b: Uint8Array): unknown;
  };
  const reown = (t: Table): Table => tableFromIPC(cjsArrow.tableToIPC(t));
  const toCjs = (t: Table): Table => cjsArrow.tableFromIPC(tableToIPCOurs(t)) as Table;
  return {
    async query(sql) {
      return reown(conn.query(sql));
    },
    async exec(sql) {
      conn.query(sql);
    },
    async registerFile(name, data) {
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      db.registerFileBuffer(name, bytes);
    },
    async registerPath(name, file) {
      // 1 = DuckDBDataProtocol.NODE_FS
      db.registerFileURL(name, file, 1, true);
    },
    async dropFile(name) {
      db.dropFile(name);
    },
    async csvBytes(select) {
      const name = `__segment_studio_export_${++exports}.csv`;
      conn.query(`COPY (${select}) TO '${name}' (FORMAT csv, HEADER true, DELIMITER ',')`);
      try {
        return db.copyFileToBuffer(name);
      } finally {
        db.dropFile(name);
      }
    },
    async forEachBatch(sql, f, opts = {}) {
      for (const batch of reown(conn.query(sql)).batches) {
        opts.signal?.throwIfAborted();
        await f(batch);
      }
    },
    async insertArrow(table, data) {
      conn.query(`DROP TABLE IF EXISTS ${ident(table)}`);
      conn.insertArrowTable(toCjs(data), { name: table, create: true });
    },
    close() {
      conn.close();
    },
  };
}
