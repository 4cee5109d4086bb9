import { ident } from '../sql/quote';
import type { RecordBatch, Table } from 'apache-arrow';

/**
 * The narrow database interface every component sees (after mosaic's Connector): SQL in,
 * Arrow out. Implementations: `browser.ts` (DuckDB-WASM in a worker) and `node.ts` (tests).
 */
export interface Db {
  /** Runs a query and returns its result as an Arrow table. */
  query(sql: string, opts?: QueryOptions): Promise<Table>;
  /** Runs statements for their effect. */
  exec(sql: string, opts?: QueryOptions): Promise<void>;
}

/** Per-statement options; an implementation that cannot cancel or report progress ignores them. */
export interface QueryOptions {
  /** Aborting cancels the running statement; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Fraction done in [0, 1], when the database reports it. */
  onProgress?: (fraction: number) => void;
}

/** What ingest needs beyond SQL: making bytes and Arrow data visible to the database. */
export interface IngestDb extends Db {
  /**
   * Makes a file readable by SQL under `name` (e.g. in `read_csv(name)`). In the browser a
   * `File` is registered as a handle, so the bytes are not copied into the heap.
   */
  registerFile(name: string, data: File | Uint8Array): Promise<void>;
  /** Forgets a registered file. */
  dropFile(name: string): Promise<void>;
  /** Creates (or replaces) table `table` from an Arrow table. */
  insertArrow(table: string, data: Table): Promise<void>;
  /** Aborts the statement currently running, if the implementation can. */
  cancel?(): Promise<void>;
  /** The bytes of a CSV file (header row, comma-separated) holding the rows of `select`. */
  csvBytes(select: string): Promise<Uint8Array>;
  /**
   * Runs a query and hands its rows to `f` one batch at a time, fetching the next batch only
   * after `f` settles (so a slow consumer holds back the database, not the memory). Aborting
   * stops between batches with an AbortError.
   */
  forEachBatch(
    sql: string,
    f: (batch: RecordBatch) => void | Promise<void>,
    opts?: QueryOptions,
  ): Promise<void>;
}

/** Statements every connection runs first: offline, extension autoload would hang. */
export const STARTUP_SQL = [
  'SET autoload_known_extensions=false',
  'SET autoinstall_known_extensions=false',
];

/**
 * DuckDB-WASM only (the tab's heap is at most 4 GB, and DuckDB may use 3.1 GiB of it): a second
 * in-memory catalog, `studio`, that compresses what it stores (bit-packing, dictionaries, run
 * lengths) where the default one keeps every value at full width. Large files are loaded into
 * it (see `loadedTableRef`): 40M generated lines took 2.5 GB plain, which left the features no
 * room at 5M customers. Small ones stay plain, where loading is faster. Unqualified names find
 * tables in both; unqualified creates go to the default catalog.
 */
export const COMPRESSED_CATALOG_SQL = [
  "ATTACH IF NOT EXISTS ':memory:' AS studio (COMPRESS)",
  "SET search_path = 'memory.main,studio.main'",
  // Text compressed symbol by symbol (FSST) doubled the time to load a CSV; dictionaries,
  // bit-packing and run lengths keep most of the saving at a fraction of the cost.
  "SET disabled_compression_methods = 'fsst,dict_fsst'",
];

/** Files from this size on are stored in the compressed catalog. */
export const COMPRESS_FROM_BYTES = 100 * 2 ** 20;

/** Where a loaded file's table goes: qualified names for SQL. */
export interface StoredTable {
  /** True for the compressed catalog. */
  compressed: boolean;
  target: string;
  /** The same name in the other catalog. */
  other: string;
}

/**
 * Where a table loaded from a file of `bytes` bytes is created (a qualified name for SQL), and
 * the same name in the other catalog, to drop first: a table left there would shadow it or keep
 * its memory.
 */
export function loadedTableRef(
  table: string,
  bytes: number,
  compressFrom = COMPRESS_FROM_BYTES,
): StoredTable {
  const compressed = bytes >= compressFrom;
  const [into, other] = compressed ? ['studio', 'memory'] : ['memory', 'studio'];
  return {
    compressed,
    target: `${into}.main.${ident(table)}`,
    other: `${other}.main.${ident(table)}`,
  };
}
