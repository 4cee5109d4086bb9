/**
 * Spark SQL (3.4 or later, ANSI mode off, the default). Printed in DuckDB's spelling and then
 * ported (`portScript`): backtick identifiers, backslash-escaped strings, `date_sub`,
 * `startswith`. Spark has TRY_CAST, FILTER on aggregates and an exact `percentile`; temporary
 * tables are temporary views.
 */
import { literal } from '../quote';
import {
  formatPattern,
  ISO_PATTERN,
  MONEY_SCALE,
  NUMBER_PATTERN,
  signedExponent,
  valuesList,
  type Dialect,
  type SqlType,
} from '../dialect';

const TYPES: Record<SqlType, string> = {
  DOUBLE: 'DOUBLE',
  FLOAT: 'FLOAT',
  VARCHAR: 'STRING',
  BIGINT: 'BIGINT',
  INTEGER: 'INT',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

/** strftime fields as Java DateTimeFormatter letters (one letter: one or two digits). */
const JAVA: Record<string, string> = { d: 'd', m: 'M', Y: 'yyyy', H: 'H', M: 'm', S: 's' };

/** A strftime format (`%d/%m/%Y %H:%M`) as Spark's datetime pattern (`d/M/yyyy H:m`). */
export function javaPattern(format: string): string {
  return format
    .split(/(%[dmYHMS])/)
    .map((p) => (p.startsWith('%') ? JAVA[p[1]] : p ? `'${p.replaceAll("'", "''")}'` : ''))
    .join('');
}

const MAX_DOUBLE = '1.7976931348623157e+308';

/** Spark SQL 3.4+. */
export const spark: Dialect = {
  name: 'spark',
  label: 'Spark SQL',
  type: (t) => TYPES[t],
  cast: (x, t) => `CAST(${x} AS ${TYPES[t]})`,
  tryCast: (x, t) => `try_cast(${x} AS ${TYPES[t]})`,
  parseNumber: (x) =>
    `(CASE WHEN ${x} RLIKE ${literal(NUMBER_PATTERN)} AND abs(try_cast(${x} AS DOUBLE)) <= ${MAX_DOUBLE} THEN try_cast(${x} AS DOUBLE) END)`,
  parseIsoTimestamp: (x) =>
    `(CASE WHEN ${x} RLIKE ${literal(ISO_PATTERN)} THEN try_cast(${x} AS TIMESTAMP) END)`,
  num: signedExponent,
  money: (x) => `CAST(${x} AS DECIMAL(38,${MONEY_SCALE}))`,
  dayDiff: (from, to) => `datediff(${to}, ${from})`,
  median: (x, filter) => `percentile(${x}, 0.5)${filter ? ` FILTER (WHERE ${filter})` : ''}`,
  strptime(x, formats) {
    const arms = formats.map(
      (f) =>
        `WHEN ${x} RLIKE ${literal(formatPattern(f).pattern)} THEN to_timestamp(${x}, ${literal(javaPattern(f))})`,
    );
    return `(CASE ${arms.join(' ')} END)`;
  },
  epochMs: (x) => `timestamp_millis(${x})`,
  // Strings already compare by their UTF-8 bytes (code points).
  bytesOrder: (x) => x,
  preamble: () => [],
  createTemp: (_kind, name, select) => `CREATE OR REPLACE TEMPORARY VIEW ${name} AS\n${select}`,
  createTable: (name, select) =>
    `DROP TABLE IF EXISTS ${name};\nCREATE TABLE ${name} AS\n${select}`,
  values: valuesList,
};
