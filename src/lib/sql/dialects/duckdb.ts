/** The DuckDB dialect: what the studio runs in the browser and the command-line tool natively. */
import { literal } from '../quote';
import {
  formatPattern,
  ISO_PATTERN,
  MONEY_SCALE,
  NUMBER_PATTERN,
  signedExponent,
  valuesList,
  type Dialect,
} from '../dialect';

const filtered = (sql: string, filter?: string | null): string =>
  filter ? `${sql} FILTER (WHERE ${filter})` : sql;

/** DuckDB (1.x), in the browser (DuckDB-WASM) and natively. */
export const duckdb: Dialect = {
  name: 'duckdb',
  label: 'DuckDB',
  type: (t) => t,
  cast: (x, t) => `CAST(${x} AS ${t})`,
  tryCast: (x, t) => `TRY_CAST(${x} AS ${t})`,
  // TRY_CAST alone would also take `1_000`, `inf` and `nan`, which PostgreSQL does not.
  parseNumber: (x) =>
    `(CASE WHEN regexp_full_match(${x}, ${literal(NUMBER_PATTERN)}) AND isfinite(TRY_CAST(${x} AS DOUBLE)) THEN TRY_CAST(${x} AS DOUBLE) END)`,
  parseIsoTimestamp: (x) =>
    `(CASE WHEN regexp_full_match(${x}, ${literal(ISO_PATTERN)}) THEN TRY_CAST(${x} AS TIMESTAMP) END)`,
  num: signedExponent,
  money: (x) => `CAST(${x} AS DECIMAL(38,${MONEY_SCALE}))`,
  dayDiff: (from, to) => `date_diff('day', ${from}, ${to})`,
  median: (x, filter) => filtered(`median(${x})`, filter),
  strptime(x, formats) {
    // try_strptime alone is lenient (a two-digit `%Y`, trailing spaces, `2010121` for %Y%m%d).
    const arms = formats.map(
      (f) =>
        `WHEN regexp_full_match(${x}, ${literal(formatPattern(f).pattern)}) THEN try_strptime(${x}, ${literal(f)})`,
    );
    return `(CASE ${arms.join(' ')} END)`;
  },
  epochMs: (x) => `epoch_ms(${x})`,
  bytesOrder: (x) => x,
  preamble: () => [],
  createTemp: (kind, name, select) => `CREATE OR REPLACE TEMP ${kind} ${name} AS\n${select}`,
  createTable: (name, select) => `CREATE OR REPLACE TABLE ${name} AS\n${select}`,
  values: valuesList,
};
