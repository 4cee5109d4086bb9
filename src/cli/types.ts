/**
 * When a column type found by native DuckDB can stand for the type a config recorded. The
 * compiled script reads every column as the config's type (CSV and JSON with a pinned column
 * list, Parquet with casts), so a file fits when that reading loses nothing: the same type, any
 * value as text, integers as decimals or doubles, dates as timestamps and back (the studio reads
 * an all-midnight Parquet timestamp as a DATE).
 */

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const FRACTION = /^(FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;
const TEMPORAL = /^(DATE|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE)$/;

/** True when a `found` column can be read as the config's `wanted` type without losing values. */
export function compatibleType(wanted: string, found: string): boolean {
  if (wanted === found || wanted === 'VARCHAR') return true;
  if (FRACTION.test(wanted)) return INTEGER.test(found) || FRACTION.test(found);
  if (INTEGER.test(wanted)) return INTEGER.test(found);
  if (TEMPORAL.test(wanted)) return TEMPORAL.test(found);
  return false;
}
