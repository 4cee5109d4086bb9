/** The dialects by name. */
import type { Dialect, DialectName } from '../dialect';
import { bigquery } from './bigquery';
import { duckdb } from './duckdb';
import { postgres } from './postgres';
import { spark } from './spark';
import { trino } from './trino';

export { bigquery, duckdb, postgres, spark, trino };

const BY_NAME: Record<DialectName, Dialect> = { duckdb, postgres, spark, trino, bigquery };

/** The dialect called `name`. */
export function dialectFor(name: DialectName): Dialect {
  return BY_NAME[name];
}
