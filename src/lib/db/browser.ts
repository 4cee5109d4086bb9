import * as duckdb from '@duckdb/duckdb-wasm';
import { RecordBatchReader, Table, type RecordBatch } from 'apache-arrow';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { ident } from '../sql/quote';
import { COMPRESSED_CATALOG_SQL, STARTUP_SQL, type IngestDb, type QueryOptions } from './types';

/** The browser Db: DuckDB-WASM in its own worker, with cancellable, progress-reporting queries. */
export interface BrowserDb extends IngestDb {
  /** DuckDB's version string, for the About box. */
  version(): Promise<string>;
}

type ProgressEntry = { status: string; percentage: string };

class DuckDbBrowser implements BrowserDb {
  private progressListeners = new Set<(p: ProgressEntry) => void>();
  // One statement at a time: DuckDB-WASM's pending-query protocol is per connection.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: duckdb.AsyncDuckDB,
    private readonly conn: duckdb.AsyncDuckDBConnection,
  ) {
    // The handler list is not public API; it is the only way to see execution progress.
    const handlers = (db as unknown as { _onExecutionProgress: ((p: ProgressEntry) => void)[] })
      ._onExecutionProgress;
    handlers.push((p) => this.progressListeners.forEach((l) => l(p)));
  }

  query(sql: string, opts: QueryOptions = {}): Promise<Table> {
    return this.enqueue(() => this.run(sql, opts));
  }

  /** Runs `f` after every call queued before it (one statement at a time). */
  private enqueue<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async exec(sql: string, opts: QueryOptions = {}): Promise<void> {
    await this.query(sql, opts);
  }

  forEachBatch(
    sql: string,
    f: (batch: RecordBatch) => void | Promise<void>,
    opts: QueryOptions = {},
  ): Promise<void> {
    return this.enqueue(async () => {
      // A streamed result: the worker produces each batch as it is fetched.
      const reader = await this.open(sql, opts, true);
      for await (const batch of reader) {
        opts.signal?.throwIfAborted();
        await f(batch);
      }
    });
  }

  private async run(sql: string, opts: QueryOptions): Promise<Table> {
    const reader = await this.open(sql, opts);
    const batches = [];
    for await (const batch of reader) batches.push(batch);
    return new Table(batches);
  }

  /** Starts a query (cancellable until its first rows) and returns a reader of its batches. */
  private async open(
    sql: string,
    { signal, onProgress }: QueryOptions,
    streamed = false,
  ): Promise<AsyncIterable<RecordBatch>> {
    signal?.throwIfAborted();
    const connId = this.conn.useUnsafe((_b, id) => id);
    const listener = (p: ProgressEntry) => {
      const pct = Number(p.percentage);
      if (onProgress && Number.isFinite(pct) && pct >= 0) onProgress(Math.min(1, pct / 100));
    };
    this.progressListeners.add(listener);
    try {
      let header = await this.db.startPendingQuery(connId, sql, streamed);
      while (header == null) {
        if (signal?.aborted) {
          await this.db.cancelPendingQuery(connId);
          throw new DOMException('The query was cancelled.', 'AbortError');
        }
        header = await this.db.pollPendingQuery(connId);
      }
      const stream = new duckdb.AsyncResultStreamIterator(this.db, connId, header);
      return await RecordBatchReader.from(stream);
    } finally {
      this.progressListeners.delete(listener);
    }
  }

  async registerFile(name: string, data: File | Uint8Array): Promise<void> {
    if (data instanceof Uint8Array) {
      await this.db.registerFileBuffer(name, data);
    } else {
      // A handle, not a copy: DuckDB's worker reads slices of the File on demand.
      await this.db.registerFileHandle(
        name,
        data,
        duckdb.DuckDBDataProtocol.BROWSER_FILEREADER,
        true,
      );
    }
  }

  async dropFile(name: string): Promise<void> {
    await this.db.dropFile(name);
  }

  async insertArrow(table: string, data: Table): Promise<void> {
    // A new name is the common case: try to create first, and drop only when the table exists
    // (a DROP IF EXISTS before every insert cost a round trip to the worker each time).
    const create = () =>
      this.enqueue(() => this.conn.insertArrowTable(data, { name: table, create: true }));
    try {
      await create();
    } catch (err) {
      if (!/already exists/i.test(err instanceof Error ? err.message : String(err))) throw err;
      await this.query(`DROP TABLE IF EXISTS ${ident(table)}`);
      await create();
    }
  }

  async csvBytes(select: string): Promise<Uint8Array> {
    const name = `__segment_studio_export_${++exports}.csv`;
    await this.query(`COPY (${select}) TO '${name}' (FORMAT csv, HEADER true, DELIMITER ',')`);
    try {
      return await this.enqueue(() => this.db.copyFileToBuffer(name));
    } finally {
      await this.db.dropFile(name).catch(() => undefined);
    }
  }

  async version(): Promise<string> {
    return this.db.getVersion();
  }
}

let started: Promise<BrowserDb> | null = null;
let exports = 0;

/**
 * The one shared browser Db, started on first call. DuckDB takes ~2 s to instantiate, so the
 * shell paints first and calls this afterwards. `onSpawned` runs once its worker is running and
 * compiling DuckDB: from then on the page's own thread is free for other work.
 */
export function getBrowserDb(onSpawned?: () => void): Promise<BrowserDb> {
  started ??= startDuckDb(onSpawned).catch((err: unknown) => {
    started = null;
    throw err;
  });
  return started;
}

async function startDuckDb(onSpawned?: () => void): Promise<BrowserDb> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  const worker = new Worker(bundle.mainWorker!);
  // DuckDB-WASM forgets, rather than rejects, its pending requests when its worker fails.
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener(
      'error',
      (e) =>
        reject(new Error(`DuckDB's worker stopped: ${e.message || 'its script did not load'}`)),
      { once: true },
    ),
  );
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  const instantiated = db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  // Chromium hands a new worker its script through the page's thread: work started here before
  // the worker answers would hold up DuckDB's start by as long as it runs.
  try {
    await Promise.race([db.ping(), failed]);
    onSpawned?.();
    await Promise.race([instantiated, failed]);
  } catch (err) {
    worker.terminate(); // a retry starts a fresh one
    throw err;
  }
  const conn = await db.connect();
  for (const s of [...STARTUP_SQL, ...COMPRESSED_CATALOG_SQL]) await conn.query(s);
  await conn.query('PRAGMA enable_progress_bar');
  return new DuckDbBrowser(db, conn);
}
