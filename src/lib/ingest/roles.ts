/**
 * Column roles from names and data, and the normalised view built from them. The name gives a
 * hint (names.ts); the one-query profile (profile.ts) confirms, overrules or fills it in.
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { cleaningWhere, type CleaningChoice } from './cleaning';
import { columnExpr, ROW_POSITION } from './expr';
import { inferRole } from './infer-column';
import { reconcileRoles, rowIdColumn } from './infer-table';
import { profileTable, type ColumnProfile } from './profile';
import type { ColumnInfo } from './types';

export { inferRole } from './infer-column';
export { reconcileRoles } from './infer-table';

/** What the profile said about a column, kept for the Data step's notes. */
export interface ColumnStats {
  /** Values present (not NULL, not blank). */
  present: number;
  /** Distinct present values (approximate above a few dozen). */
  distinct: number;
  /** The most frequent values, as text. */
  samples: string[];
}

/** Per-column stats of a profile, by column name. */
export function statsOf(profiles: readonly ColumnProfile[]): Record<string, ColumnStats> {
  return Object.fromEntries(
    profiles.map((p) => [p.name, { present: p.nonNull, distinct: p.distinct, samples: p.samples }]),
  );
}

/**
 * Infers every column's role of an existing table with one profiling query (and one more for the
 * values of low-cardinality columns). `ambiguousDates` names the datetime columns whose day/month
 * order was guessed (see `resolveDayMonth`); the UI should ask the user about those. A table of
 * customers without an id column gets a generated row-number id, first.
 */
export async function inferColumns(
  db: Db,
  table: string,
): Promise<{
  columns: ColumnInfo[];
  ambiguousDates: string[];
  stats: Record<string, ColumnStats>;
}> {
  const profiles = await profileTable(db, table);
  const columns = profiles.map(inferRole);
  reconcileRoles(columns, profiles);
  const rowId = rowIdColumn(columns);
  if (rowId) columns.unshift(rowId);
  const ambiguousDates = columns.filter((c) => c.dateAmbiguous).map((c) => c.name);
  return { columns, ambiguousDates, stats: statsOf(profiles) };
}

/**
 * The SELECT of the normalised, cleaned rows of `table` in dialect `d`: each column under its
 * original name, ids as text without a float `.0`, datetimes parsed to TIMESTAMP per their
 * DateFormat (bad values become NULL), numeric roles held as text read as DOUBLE, and the
 * cleaning choices applied (one copy of fully duplicated rows, by a window every dialect has).
 */
export function normalisedSelect(
  table: string,
  columns: readonly ColumnInfo[],
  cleaning: readonly CleaningChoice[],
  d: Dialect = duckdb,
): string {
  if (columns.length === 0) throw new Error('normalisedSelect: no columns');
  const select = columns.map((c) => `${columnExpr(c, d)} AS ${ident(c.name)}`).join(', ');
  const where = `WHERE ${cleaningWhere(columns, cleaning, d)}`;
  const generated = columns.some((c) => c.generated);
  // DuckDB numbers a table's rows in insertion order (file order); other engines store it.
  const position = generated && d.name === 'duckdb' ? `, rowid AS ${ident(ROW_POSITION)}` : '';
  if (!cleaning.some((c) => c.kind === 'drop_duplicates')) {
    return `SELECT ${select} FROM (SELECT *${position} FROM ${ident(table)} ${where}) AS src`;
  }
  const all = columns
    .filter((c) => !c.generated)
    .map((c) => ident(c.name))
    .join(', ');
  // With a row number for id, the first copy in the file is the one kept.
  const order = generated ? ` ORDER BY ${ident(ROW_POSITION)}` : '';
  const copy = `row_number() OVER (PARTITION BY ${all}${order}) AS ${DEDUPE}`;
  const inner = generated
    ? `(SELECT *${position} FROM ${ident(table)} ${where}) AS pos`
    : `${ident(table)} ${where}`;
  return `SELECT ${select} FROM (SELECT *, ${copy} FROM ${inner}) AS src WHERE src.${DEDUPE} = 1`;
}

/** The window column that numbers the copies of a row; never one of the data's own names. */
const DEDUPE = '"__segment_studio_copy"';

/**
 * SQL creating (or replacing) `view` over `table` with `normalisedSelect`. With `kind` 'TABLE'
 * the result is stored (a cache of the same rows) instead of a view.
 */
export function normalisedViewSql(
  table: string,
  view: string,
  columns: ColumnInfo[],
  cleaning: CleaningChoice[],
  kind: 'VIEW' | 'TABLE' = 'VIEW',
): string {
  return `CREATE OR REPLACE ${kind} ${ident(view)} AS ${normalisedSelect(table, columns, cleaning)}`;
}
