/**
 * A SQL dialect is a printer (after mosaic's codegen): the builders say what they mean
 * (`d.tryCast(x, 'DOUBLE')`, `d.dayDiff(a, b)`) and each dialect writes it its own way. Only the
 * pieces that differ between engines are here; everything else is standard SQL that DuckDB and
 * PostgreSQL both accept. The warehouse dialects (Spark SQL, Trino, BigQuery) print these pieces
 * too, and `portScript` (dialects/port.ts) then rewrites the rest of a finished script for them:
 * identifier and string quoting, aggregate FILTER clauses, date arithmetic and a few functions.
 *
 * Every piece keeps one meaning across dialects, because a segmentation must assign every
 * customer the same way in the studio (DuckDB-WASM), on native DuckDB and on PostgreSQL:
 * division is always of doubles, numbers are written so that every engine reads the same double,
 * and failed conversions give NULL rather than an error.
 */

/** Names of the dialects the compiler writes. */
export const DIALECTS = ['duckdb', 'postgres', 'spark', 'trino', 'bigquery'] as const;

/** A dialect name. */
export type DialectName = (typeof DIALECTS)[number];

/** The types builders cast to, in DuckDB's spelling; each dialect maps them. */
export type SqlType = 'DOUBLE' | 'FLOAT' | 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DATE' | 'TIMESTAMP';

/** The exact decimal type money is summed in (see `money`). */
export const MONEY_SCALE = 6;

/** How one engine writes the pieces that differ. */
export interface Dialect {
  readonly name: DialectName;
  /** For people: "DuckDB", "PostgreSQL". */
  readonly label: string;
  /** The type's name in this dialect. */
  type(t: SqlType): string;
  /** `CAST(x AS t)`. */
  cast(x: string, t: SqlType): string;
  /** A cast that gives NULL instead of failing. `x` may be of any type. */
  tryCast(x: string, t: 'DOUBLE' | 'BIGINT' | 'DATE' | 'TIMESTAMP'): string;
  /**
   * Text `x` as a DOUBLE when it is a plain decimal number (NUMBER_PATTERN) that fits a double;
   * anything else (`1,5`, `1_000`, `inf`, `NaN`, blank) is NULL in every dialect.
   */
  parseNumber(x: string): string;
  /** Text `x` as a TIMESTAMP when it is an ISO date or date-time (ISO_PATTERN), else NULL. */
  parseIsoTimestamp(x: string): string;
  /**
   * A number literal every engine reads as exactly this double (`NULL` for NaN and infinities).
   * Exponent notation makes DuckDB parse it as a DOUBLE, not a DECIMAL that is then converted
   * with rounding of its own; PostgreSQL casts it explicitly.
   */
  num(x: number): string;
  /** `x` (a number) as an exact decimal with MONEY_SCALE places, rounded half away from zero. */
  money(x: string): string;
  /** Whole days from date `from` to date `to` (`to - from`). */
  dayDiff(from: string, to: string): string;
  /** The median of `x` (linear interpolation), with an optional FILTER condition. */
  median(x: string, filter?: string | null): string;
  /**
   * Parses text `x` with the first of `formats` (strftime-style: %d %m %Y %H %M %S) whose shape
   * (see `formatPattern`) it has; NULL when none fits or the date does not exist.
   */
  strptime(x: string, formats: readonly string[]): string;
  /** A TIMESTAMP from epoch milliseconds (a BIGINT expression), in UTC. */
  epochMs(x: string): string;
  /** `x` (text) for ORDER BY in byte order, whatever the database's collation. */
  bytesOrder(x: string): string;
  /** Statements a script needs before anything else (helper functions), possibly none. */
  preamble(): string[];
  /** Creates a temporary table or view, replacing one of that name. */
  createTemp(kind: 'TABLE' | 'VIEW', name: string, select: string): string;
  /** Creates a permanent table, replacing one of that name. */
  createTable(name: string, select: string): string;
  /**
   * A constant relation `alias(columns...)` of literal rows (each row's values already SQL), as a
   * FROM item.
   */
  values(rows: readonly (readonly string[])[], alias: string, columns: readonly string[]): string;
}

/** `(VALUES (...), ...) AS "alias"("a", "b")`: standard SQL, for the dialects that have it. */
export function valuesList(
  rows: readonly (readonly string[])[],
  alias: string,
  columns: readonly string[],
): string {
  const list = rows.map((r) => `(${r.join(', ')})`).join(', ');
  return `(VALUES ${list}) AS ${alias}(${columns.join(', ')})`;
}

/** True for the dialects whose scripts are printed only, never run by the tests. */
export const isWarehouse = (d: Pick<Dialect, 'name'>): boolean =>
  d.name !== 'duckdb' && d.name !== 'postgres';

/**
 * The shortest text that reads back as exactly `x`, in exponent form (`2.55e+0`), or `NULL`.
 * JavaScript's shortest round-trip digits are what every correctly rounding parser reads back.
 */
export function exponentLiteral(x: number): string {
  if (!Number.isFinite(x)) return 'NULL';
  return Object.is(x, -0) ? '0e+0' : x.toExponential();
}

/** `exponentLiteral`, with a negative number in parentheses (so `x - (-1e+0)` stays valid). */
export function signedExponent(x: number): string {
  const s = exponentLiteral(x);
  return s.startsWith('-') ? `(${s})` : s;
}

/** A plain decimal number, as `parseNumber` accepts it. */
export const NUMBER_PATTERN = '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$';

/** An ISO date with an optional time, as `parseIsoTimestamp` accepts it (no zone). */
export const ISO_PATTERN =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?)?$';

/**
 * A strftime format (`%d/%m/%Y %H:%M`) as a regular expression with one group per field, and the
 * fields' letters in order (`dmYHM`). `%Y` is four digits; other fields one or two, or exactly
 * two where fields are written back to back (`%Y%m%d`), so the shape alone decides the parse.
 */
export function formatPattern(format: string): { pattern: string; fields: string } {
  const parts = format.split(/(%[dmYHMS])/).filter((p) => p !== '');
  let fields = '';
  const pattern = parts
    .map((p, i) => {
      if (!p.startsWith('%')) return p.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
      fields += p[1];
      if (p === '%Y') return '([0-9]{4})';
      const adjacent = parts[i - 1]?.startsWith('%') || parts[i + 1]?.startsWith('%');
      return adjacent ? '([0-9]{2})' : '([0-9]{1,2})';
    })
    .join('');
  return { pattern: `^${pattern}$`, fields };
}
