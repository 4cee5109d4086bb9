/**
 * The narrow `Db` interface over native DuckDB (@duckdb/node-api), for the command-line tool:
 * all cores, results converted column by column into apache-arrow tables (numbers straight into
 * typed arrays), so src/lib reads them exactly as it reads DuckDB-WASM's.
 */
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBMaterializedResult,
} from '@duckdb/node-api';
import {
  Bool,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  Table,
  TimestampMicrosecond,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { STARTUP_SQL, type Db } from '../lib/db/types';

/** A Db on native DuckDB that can also stream rows and be closed. */
export interface NativeDb extends Db {
  /** The connection, for streaming large results (digests, exports). */
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Opens an in-memory native DuckDB (all threads unless `threads` is given). */
export async function openNativeDb(opts: { threads?: number } = {}): Promise<NativeDb> {
  const options: Record<string, string> = {};
  if (opts.threads) options.threads = String(opts.threads);
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  for (const s of STARTUP_SQL) await connection.run(s);
  return {
    connection,
    async query(sql) {
      return toArrow(await connection.run(sql));
    },
    async exec(sql) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const INT32 = new Set([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
]);
const INT64 = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UINTEGER]);
const FLOAT = new Set([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.UBIGINT,
]);
const TIMESTAMPS = new Set([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

/** A JS number of any DuckDB numeric value (DECIMAL and HUGEINT included). */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  const d = v as { value?: bigint; scale?: number };
  if (typeof d.value === 'bigint' && typeof d.scale === 'number')
    return Number(d.value) / 10 ** d.scale;
  return Number(String(v));
}

type Getter = (chunk: DuckDBDataChunk, col: number, row: number) => unknown;
const item: Getter = (chunk, col, row) => chunk.getColumnVector(col).getItem(row);

/** One column of every chunk as an Arrow vector of the type DuckDB-WASM would give. */
function column(chunks: DuckDBDataChunk[], col: number, typeId: DuckDBTypeId, n: number): Vector {
  if (FLOAT.has(typeId) || INT32.has(typeId)) {
    const values = FLOAT.has(typeId) ? new Float64Array(n) : new Int32Array(n);
    const valid = new Uint8Array(Math.ceil(n / 8));
    let nulls = 0;
    let at = 0;
    for (const chunk of chunks) {
      const vec = chunk.getColumnVector(col);
      for (let r = 0; r < chunk.rowCount; r++, at++) {
        const v = vec.getItem(r);
        if (v === null) nulls++;
        else {
          values[at] = toNumber(v);
          valid[at >> 3] |= 1 << (at & 7);
        }
      }
    }
    const type: DataType = FLOAT.has(typeId) ? new Float64() : new Int32();
    return makeVector(
      makeData({ type, length: n, nullCount: nulls, data: values, nullBitmap: valid } as never),
    );
  }
  const values: unknown[] = [];
  const each = (f: (v: unknown) => unknown) => {
    for (const chunk of chunks)
      for (let r = 0; r < chunk.rowCount; r++) {
        const v = item(chunk, col, r);
        values.push(v === null ? null : f(v));
      }
  };
  let type: DataType;
  if (INT64.has(typeId)) {
    each((v) => BigInt(v as bigint | number));
    type = new Int64();
  } else if (typeId === DuckDBTypeId.BOOLEAN) {
    each(Boolean);
    type = new Bool();
  } else if (typeId === DuckDBTypeId.DATE) {
    each((v) => new Date((v as { days: number }).days * 86_400_000));
    type = new DateDay();
  } else if (TIMESTAMPS.has(typeId)) {
    each((v) => {
      const micros = (v as { micros?: bigint }).micros;
      return micros === undefined ? new Date(String(v)) : new Date(Number(micros / 1000n));
    });
    type = new TimestampMicrosecond();
  } else if (typeId === DuckDBTypeId.LIST || typeId === DuckDBTypeId.ARRAY) {
    // Lists the library reads are of numbers (quantile_cont's cut-points).
    each((v) => (v as { items: unknown[] }).items.map((x) => (x === null ? null : toNumber(x))));
    type = new List(new Field('item', new Float64(), true));
  } else {
    each((v) => String(v));
    type = new Utf8();
  }
  return vectorFromArray(values, type as never);
}

/** A materialised DuckDB result as an Arrow table. */
async function toArrow(result: DuckDBMaterializedResult): Promise<Table> {
  const chunks = await result.fetchAllChunks();
  const n = chunks.reduce((s, c) => s + c.rowCount, 0);
  const names = result.deduplicatedColumnNames();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, i) => {
    vectors[name] = column(chunks, i, result.columnTypeId(i), n);
  });
  return new Table(vectors);
}
