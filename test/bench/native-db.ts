/** The benchmarks' native anchor: a Db over native DuckDB (@duckdb/node-api) at one thread. */
import { tableFromJSON, type Table } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { STARTUP_SQL, type Db } from '../../src/lib/db/types';

/** A Db over native DuckDB, 1 thread; small query results are converted to Arrow through JSON. */
export async function nativeDb(): Promise<Db> {
  const conn = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  for (const s of STARTUP_SQL) await conn.run(s);
  return {
    async query(sql): Promise<Table> {
      const rows = (await conn.runAndReadAll(sql)).getRowObjectsJson();
      return tableFromJSON(rows as Record<string, unknown>[]);
    },
    async exec(sql) {
      await conn.run(sql);
    },
  };
}
