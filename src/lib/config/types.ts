/**
 * The raw column types a config may name. They are written into SQL (the DuckDB reader's column
 * list, PostgreSQL's CREATE TABLE), so only these spellings are accepted, never free text.
 */

const SIMPLE: Record<string, string> = {
  BOOLEAN: 'BOOLEAN',
  TINYINT: 'SMALLINT',
  SMALLINT: 'SMALLINT',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  HUGEINT: 'NUMERIC(39,0)',
  UTINYINT: 'SMALLINT',
  USMALLINT: 'INTEGER',
  UINTEGER: 'BIGINT',
  UBIGINT: 'NUMERIC(20,0)',
  FLOAT: 'REAL',
  DOUBLE: 'DOUBLE PRECISION',
  VARCHAR: 'TEXT',
  DATE: 'DATE',
  TIME: 'TIME',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_S: 'TIMESTAMP',
  TIMESTAMP_MS: 'TIMESTAMP',
  TIMESTAMP_NS: 'TIMESTAMP',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP WITH TIME ZONE',
  INTERVAL: 'INTERVAL',
  UUID: 'UUID',
  BLOB: 'BYTEA',
};

const DECIMAL = /^DECIMAL\((\d{1,2}),(\d{1,2})\)$/;

/** True when `type` is one of the raw column types the studio reads. */
export function isRawType(type: string): boolean {
  return type in SIMPLE || DECIMAL.test(type);
}

/** The PostgreSQL spelling of a raw (DuckDB) column type. Throws for a type outside the list. */
export function postgresType(type: string): string {
  if (type in SIMPLE) return SIMPLE[type];
  const m = DECIMAL.exec(type);
  if (m) return `NUMERIC(${m[1]},${m[2]})`;
  throw new Error(`no PostgreSQL type for ${JSON.stringify(type)}`);
}
