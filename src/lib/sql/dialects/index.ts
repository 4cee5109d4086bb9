/** The dialects by name. */
import type { Dialect, DialectName } from '../dialect';
import { duckdb } from './duckdb';
import { postgres } from './postgres';

export { duckdb, postgres };

/** The dialect called `name`. */
export function dialectFor(name: DialectName): Dialect {
  return name === 'postgres' ? postgres : duckdb;
}
