/**
 * The PostgreSQL dialect (11 or later). PostgreSQL has no TRY_CAST: conversions that may fail go
 * through small helper functions the script creates in `pg_temp` (gone with the session, so the
 * script leaves nothing behind but its result table). Each helper mirrors what the DuckDB
 * dialect does, so both engines read the same values.
 */
import { literal } from '../quote';
import {
  exponentLiteral,
  formatPattern,
  ISO_PATTERN,
  MONEY_SCALE,
  NUMBER_PATTERN,
  valuesList,
  type Dialect,
  type SqlType,
} from '../dialect';

const TYPES: Record<SqlType, string> = {
  DOUBLE: 'DOUBLE PRECISION',
  FLOAT: 'REAL',
  VARCHAR: 'TEXT',
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

/** Prefix of the helper functions, so they cannot clash with a user's own. */
export const PG_HELPER = 'pg_temp.segment_studio_';

const HELPERS: Record<'DOUBLE' | 'BIGINT' | 'DATE' | 'TIMESTAMP', string> = {
  DOUBLE: 'double precision',
  BIGINT: 'bigint',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
};

const helperName = (t: string): string => `${PG_HELPER}try_${t.toLowerCase()}`;

/** One `try_<type>(text)` helper: the cast, or NULL when it fails. */
function tryHelper(t: keyof typeof HELPERS): string {
  return (
    `CREATE OR REPLACE FUNCTION ${helperName(t)}(v text) RETURNS ${HELPERS[t]}\n` +
    `LANGUAGE plpgsql IMMUTABLE AS $$\n` +
    `BEGIN\n  RETURN v::${HELPERS[t]};\nEXCEPTION WHEN others THEN\n  RETURN NULL;\nEND $$`
  );
}

/**
 * `make_ts(v, pattern, fields)`: the timestamp whose parts the regular expression's groups
 * capture, in the order `fields` names them (d m Y H M S); NULL when a part is out of range.
 */
const MAKE_TS =
  `CREATE OR REPLACE FUNCTION ${PG_HELPER}make_ts(v text, pattern text, fields text) RETURNS timestamp\n` +
  `LANGUAGE plpgsql IMMUTABLE AS $$\n` +
  `DECLARE\n  m text[] := regexp_match(v, pattern);\n  y int := 1970; mo int := 1; d int := 1; h int := 0; mi int := 0; s int := 0;\n` +
  `BEGIN\n  IF m IS NULL THEN RETURN NULL; END IF;\n` +
  `  FOR i IN 1 .. length(fields) LOOP\n` +
  `    CASE substr(fields, i, 1)\n` +
  `      WHEN 'Y' THEN y := m[i]::int; WHEN 'm' THEN mo := m[i]::int; WHEN 'd' THEN d := m[i]::int;\n` +
  `      WHEN 'H' THEN h := m[i]::int; WHEN 'M' THEN mi := m[i]::int; ELSE s := m[i]::int;\n` +
  `    END CASE;\n  END LOOP;\n` +
  `  IF h > 23 OR mi > 59 OR s > 59 THEN RETURN NULL; END IF;\n` +
  `  RETURN make_timestamp(y, mo, d, h, mi, s);\n` +
  `EXCEPTION WHEN others THEN\n  RETURN NULL;\nEND $$`;

/** PostgreSQL 11 or later. */
export const postgres: Dialect = {
  name: 'postgres',
  label: 'PostgreSQL',
  type: (t) => TYPES[t],
  cast: (x, t) => `CAST(${x} AS ${TYPES[t]})`,
  tryCast: (x, t) => `${helperName(t)}(CAST(${x} AS TEXT))`,
  parseNumber: (x) =>
    `(CASE WHEN ${x} ~ ${literal(NUMBER_PATTERN)} THEN ${helperName('DOUBLE')}(${x}) END)`,
  parseIsoTimestamp: (x) =>
    `(CASE WHEN ${x} ~ ${literal(ISO_PATTERN)} THEN ${helperName('TIMESTAMP')}(${x}) END)`,
  num(x) {
    const s = exponentLiteral(x);
    return s === 'NULL' ? 'CAST(NULL AS DOUBLE PRECISION)' : `CAST(${s} AS DOUBLE PRECISION)`;
  },
  money: (x) => `CAST(${x} AS NUMERIC(38,${MONEY_SCALE}))`,
  dayDiff: (from, to) => `(${to} - ${from})`,
  median: (x, filter) =>
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${x})${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  strptime(x, formats) {
    const arms = formats.map((f) => {
      const { pattern, fields } = formatPattern(f);
      return `WHEN ${x} ~ ${literal(pattern)} THEN ${PG_HELPER}make_ts(${x}, ${literal(pattern)}, ${literal(fields)})`;
    });
    return `(CASE ${arms.join(' ')} END)`;
  },
  epochMs: (x) => `(TIMESTAMP '1970-01-01 00:00:00' + ${x} * INTERVAL '1 millisecond')`,
  bytesOrder: (x) => `${x} COLLATE "C"`,
  preamble: () => [...(['DOUBLE', 'BIGINT', 'DATE', 'TIMESTAMP'] as const).map(tryHelper), MAKE_TS],
  createTemp: (kind, name, select) =>
    kind === 'VIEW'
      ? `CREATE OR REPLACE TEMP VIEW ${name} AS\n${select}`
      : `DROP TABLE IF EXISTS pg_temp.${name};\nCREATE TEMP TABLE ${name} AS\n${select}`,
  createTable: (name, select) =>
    `DROP TABLE IF EXISTS ${name};\nCREATE TABLE ${name} AS\n${select}`,
  values: valuesList,
};
