/**
 * The only two ways a value reaches SQL text. Every identifier is quoted (even safe ones) so a
 * column called `select` or `Price (£)` and a file called `x"; DROP TABLE t; --.csv` are inert.
 */

/** Quotes an identifier for DuckDB/Postgres: always wrapped in `"`, inner `"` doubled. */
export function ident(name: string): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new Error('ident(): an identifier must be a non-empty string');
  }
  if (name.includes('\u0000')) throw new Error('ident(): an identifier may not contain NUL');
  return `"${name.replaceAll('"', '""')}"`;
}

/** A qualified name such as `schema.table`, each part quoted. */
export function qualified(...parts: string[]): string {
  return parts.map(ident).join('.');
}

/** Value kinds that `literal()` accepts. */
export type SqlValue = string | number | bigint | boolean | null | undefined | Date;

/**
 * Writes a value as a SQL literal. Strings escape `'`; non-finite numbers and null/undefined
 * become NULL; dates become `TIMESTAMP '...'` in UTC.
 */
export function literal(value: SqlValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'NULL';
    // Avoid exponent forms DuckDB would read as DOUBLE where an integer was meant.
    return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'NULL';
    return `TIMESTAMP '${value.toISOString().replace('T', ' ').replace('Z', '')}'`;
  }
  if (value.includes('\u0000')) throw new Error('literal(): a string may not contain NUL');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A comma-separated list of literals, for `IN (...)`. */
export function literalList(values: readonly SqlValue[]): string {
  return values.map(literal).join(', ');
}
