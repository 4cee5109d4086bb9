/**
 * Trino (and Amazon Athena v3). ANSI quoting, TRY_CAST and FILTER on aggregates as DuckDB has
 * them; no temporary tables (the script's relations are tables it drops and creates, in the
 * session's catalog and schema) and no exact median (sorted arrays instead); dates move by
 * intervals (`portScript`).
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
  FLOAT: 'REAL',
  VARCHAR: 'VARCHAR',
  BIGINT: 'BIGINT',
  INTEGER: 'INTEGER',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
};

/** strftime fields as Trino's date_parse (MySQL) specifiers. */
const MYSQL: Record<string, string> = { d: '%d', m: '%m', Y: '%Y', H: '%H', M: '%i', S: '%s' };

/** A strftime format as Trino's date_parse format. */
export const mysqlFormat = (format: string): string =>
  format.replace(/%([dmYHMS])/g, (_m, f: string) => MYSQL[f]);

/** Trino 400 or later. */
export const trino: Dialect = {
  name: 'trino',
  label: 'Trino',
  type: (t) => TYPES[t],
  cast: (x, t) => `CAST(${x} AS ${TYPES[t]})`,
  tryCast: (x, t) => `try_cast(${x} AS ${TYPES[t]})`,
  parseNumber: (x) =>
    `(CASE WHEN regexp_like(${x}, ${literal(NUMBER_PATTERN)}) AND is_finite(try_cast(${x} AS DOUBLE)) THEN try_cast(${x} AS DOUBLE) END)`,
  parseIsoTimestamp: (x) =>
    `(CASE WHEN regexp_like(${x}, ${literal(ISO_PATTERN)}) THEN try_cast(${x} AS TIMESTAMP) END)`,
  num: signedExponent,
  money: (x) => `CAST(${x} AS DECIMAL(38,${MONEY_SCALE}))`,
  dayDiff: (from, to) => `date_diff('day', ${from}, ${to})`,
  median(x, filter) {
    // The middle of the sorted non-missing values (the mean of the two middle ones when even).
    const agg = `array_agg(${x})${filter ? ` FILTER (WHERE ${filter})` : ''}`;
    const n = 'cardinality(v)';
    const pick = `CASE WHEN ${n} = 0 THEN NULL WHEN ${n} % 2 = 1 THEN element_at(v, (${n} + 1) / 2) ELSE (element_at(v, ${n} / 2) + element_at(v, ${n} / 2 + 1)) / 2 END`;
    return `element_at(transform(ARRAY[array_sort(filter(${agg}, e -> e IS NOT NULL))], v -> ${pick}), 1)`;
  },
  strptime(x, formats) {
    const arms = formats.map(
      (f) =>
        `WHEN regexp_like(${x}, ${literal(formatPattern(f).pattern)}) THEN try(date_parse(${x}, ${literal(mysqlFormat(f))}))`,
    );
    return `(CASE ${arms.join(' ')} END)`;
  },
  epochMs: (x) => `date_add('millisecond', ${x}, TIMESTAMP '1970-01-01 00:00:00')`,
  // Strings already compare by their UTF-8 bytes (code points).
  bytesOrder: (x) => x,
  preamble: () => [],
  createTemp: (_kind, name, select) =>
    `DROP TABLE IF EXISTS ${name};\nCREATE TABLE ${name} AS\n${select}`,
  createTable: (name, select) =>
    `DROP TABLE IF EXISTS ${name};\nCREATE TABLE ${name} AS\n${select}`,
  values: valuesList,
};
