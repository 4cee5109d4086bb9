/**
 * BigQuery (GoogleSQL), run as one multi-statement query with a default dataset. SAFE_CAST for
 * failed conversions, DATE_DIFF with a part, PERCENTILE_CONT over the customer's values for the
 * median, DATETIME for zone-less timestamps, temporary tables of the script session. BigQuery
 * has no FILTER clause, no bare UNION and no single-precision type: `portScript` moves filters
 * into the aggregates and the float32 rounding of the clusters is arithmetic (24 significant
 * bits, ties away from zero rather than to even).
 */
import { literal } from '../quote';
import {
  formatPattern,
  ISO_PATTERN,
  MONEY_SCALE,
  NUMBER_PATTERN,
  signedExponent,
  type Dialect,
  type SqlType,
} from '../dialect';

const TYPES: Record<SqlType, string> = {
  DOUBLE: 'FLOAT64',
  FLOAT: 'FLOAT64',
  VARCHAR: 'STRING',
  BIGINT: 'INT64',
  INTEGER: 'INT64',
  DATE: 'DATE',
  TIMESTAMP: 'DATETIME',
};

/** `x` (FLOAT64) rounded to the nearest float32 value, for finite values in float32's range. */
function float32(x: string): string {
  const e = `FLOOR(LOG(ABS(${x}), 2)) - 23`;
  return `(CASE WHEN ${x} IS NULL OR ${x} = 0 THEN ${x} ELSE SIGN(${x}) * ROUND(ABS(${x}) / POW(2e+0, ${e})) * POW(2e+0, ${e}) END)`;
}

/** BigQuery (GoogleSQL). */
export const bigquery: Dialect = {
  name: 'bigquery',
  label: 'BigQuery',
  type: (t) => TYPES[t],
  cast: (x, t) => (t === 'FLOAT' ? float32(`CAST(${x} AS FLOAT64)`) : `CAST(${x} AS ${TYPES[t]})`),
  tryCast: (x, t) => `SAFE_CAST(${x} AS ${TYPES[t]})`,
  parseNumber: (x) =>
    `(CASE WHEN REGEXP_CONTAINS(${x}, ${literal(NUMBER_PATTERN)}) AND NOT IS_INF(SAFE_CAST(${x} AS FLOAT64)) THEN SAFE_CAST(${x} AS FLOAT64) END)`,
  parseIsoTimestamp: (x) =>
    `(CASE WHEN REGEXP_CONTAINS(${x}, ${literal(ISO_PATTERN)}) THEN SAFE_CAST(${x} AS DATETIME) END)`,
  num: signedExponent,
  money: (x) => `ROUND(CAST(${x} AS BIGNUMERIC), ${MONEY_SCALE})`,
  dayDiff: (from, to) => `DATE_DIFF(${to}, ${from}, DAY)`,
  median: (x, filter) =>
    `(SELECT PERCENTILE_CONT(m, 0.5) OVER () FROM UNNEST(ARRAY_AGG(${filter ? `IF(${filter}, ${x}, NULL)` : x} IGNORE NULLS)) AS m LIMIT 1)`,
  strptime(x, formats) {
    const arms = formats.map(
      (f) =>
        `WHEN REGEXP_CONTAINS(${x}, ${literal(formatPattern(f).pattern)}) THEN SAFE.PARSE_DATETIME(${literal(f)}, ${x})`,
    );
    return `(CASE ${arms.join(' ')} END)`;
  },
  epochMs: (x) => `DATETIME(TIMESTAMP_MILLIS(${x}))`,
  // Strings already compare by their UTF-8 bytes (code points).
  bytesOrder: (x) => x,
  preamble: () => [],
  createTemp: (_kind, name, select) => `CREATE OR REPLACE TEMP TABLE ${name} AS\n${select}`,
  createTable: (name, select) => `CREATE OR REPLACE TABLE ${name} AS\n${select}`,
  values(rows, alias, columns) {
    const structs = rows.map((r, i) =>
      i === 0
        ? `STRUCT(${r.map((v, j) => `${v} AS ${columns[j]}`).join(', ')})`
        : `(${r.join(', ')})`,
    );
    return `(SELECT * FROM UNNEST([${structs.join(', ')}])) AS ${alias}`;
  },
};
