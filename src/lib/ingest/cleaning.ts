/**
 * Cleaning choices are data (serialisable into the config); SQL is made from them only here.
 * Cleaning never touches the raw table: the choices become the WHERE/QUALIFY of the cleaned view.
 */
import type { Db } from '../db/types';
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal } from '../sql/quote';
import { columnExpr, missingSql } from './expr';
import type { ColumnInfo } from './types';

/** One cleaning step the user can switch on; each drops the rows it describes. */
export type CleaningChoice =
  /** Rows where `column` is NULL or blank. */
  | { kind: 'drop_missing'; column: string }
  /** Rows where `column` < 0. */
  | { kind: 'drop_negative'; column: string }
  /** Rows whose order id `column` starts with `prefix` (cancellations, `C536379`). */
  | { kind: 'drop_cancellations'; column: string; prefix: string }
  /** Rows where `column` = 0. */
  | { kind: 'drop_zero_price'; column: string }
  /** All but one copy of rows identical in every column. */
  | { kind: 'drop_duplicates' }
  /** Rows where |`column`| > `limit`. */
  | { kind: 'drop_outliers'; column: string; limit: number }
  /** Rows dated after `asOf` (ISO 8601 text, read as UTC wall-clock time). */
  | { kind: 'drop_future'; column: string; asOf: string }
  /** Rows dated before 1900 or after 2100. */
  | { kind: 'drop_implausible_dates'; column: string };

/** Earliest and latest dates accepted as plausible (UTC). */
export const PLAUSIBLE_FROM = new Date(Date.UTC(1900, 0, 1));
export const PLAUSIBLE_TO = new Date(Date.UTC(2101, 0, 1));

function findColumn(columns: readonly ColumnInfo[], name: string): ColumnInfo {
  const col = columns.find((c) => c.name === name);
  if (!col) throw new Error(`cleaning: unknown column ${JSON.stringify(name)}`);
  return col;
}

/** Parses an as-of date given as ISO text or Date; throws with the value on garbage. */
export function asOfDate(asOf: string | Date): Date {
  const d = asOf instanceof Date ? asOf : new Date(asOf);
  if (Number.isNaN(d.getTime())) throw new Error(`cleaning: invalid asOf ${String(asOf)}`);
  return d;
}

/** SQL true for the rows one choice drops (NULLs in the tested value never match). */
export function dropPredicate(
  columns: readonly ColumnInfo[],
  choice: CleaningChoice,
  d: Dialect = duckdb,
): string {
  if (choice.kind === 'drop_duplicates') return 'FALSE';
  const col = findColumn(columns, choice.column);
  const e = `(${columnExpr(col, d)})`;
  switch (choice.kind) {
    case 'drop_missing':
      return missingSql(col, d);
    case 'drop_negative':
      return `${e} < 0`;
    case 'drop_cancellations':
      return `starts_with(upper(trim(${d.cast(ident(col.name), 'VARCHAR')})), ${literal(choice.prefix.toUpperCase())})`;
    case 'drop_zero_price':
      return `${e} = 0`;
    case 'drop_outliers':
      return `abs(${e}) > ${d.num(choice.limit)}`;
    case 'drop_future':
      return `${e} > ${literal(asOfDate(choice.asOf))}`;
    case 'drop_implausible_dates':
      return `(${e} < ${literal(PLAUSIBLE_FROM)} OR ${e} >= ${literal(PLAUSIBLE_TO)})`;
  }
}

/**
 * The SQL predicate keeping the rows no choice drops (`TRUE` when there is nothing to drop).
 * `drop_duplicates` is not a row predicate; see `cleaningQualify`.
 */
export function cleaningWhere(
  columns: readonly ColumnInfo[],
  choices: readonly CleaningChoice[],
  d: Dialect = duckdb,
): string {
  const drops = choices
    .filter((c) => c.kind !== 'drop_duplicates')
    .map((c) => dropPredicate(columns, c, d));
  if (drops.length === 0) return 'TRUE';
  // COALESCE: a NULL comparison (e.g. a NULL quantity) must keep the row, not drop it.
  return drops.map((d) => `NOT COALESCE(${d}, FALSE)`).join(' AND ');
}

/**
 * The QUALIFY predicate that keeps one copy of each fully duplicated row, or null when
 * `drop_duplicates` is not chosen. Identical rows pass or fail the WHERE alike, so applying it
 * after the WHERE gives the same rows as applying it first.
 */
export function cleaningQualify(
  columns: readonly ColumnInfo[],
  choices: readonly CleaningChoice[],
): string | null {
  const stored = columns.filter((c) => !c.generated);
  if (!choices.some((c) => c.kind === 'drop_duplicates') || stored.length === 0) return null;
  return `row_number() OVER (PARTITION BY ${stored.map((c) => ident(c.name)).join(', ')}) = 1`;
}

/** `WHERE ... [QUALIFY ...]` for a SELECT over the raw table. */
export function cleaningClauses(
  columns: readonly ColumnInfo[],
  choices: readonly CleaningChoice[],
): string {
  const qualify = cleaningQualify(columns, choices);
  return `WHERE ${cleaningWhere(columns, choices)}${qualify ? ` QUALIFY ${qualify}` : ''}`;
}

/** The effect of a set of choices, for the UI to show before applying them. */
export interface CleaningPreview {
  rowsBefore: number;
  rowsKept: number;
  rowsDropped: number;
}

/** Counts the rows a set of choices would keep, without creating anything. */
export async function previewCleaning(
  db: Db,
  table: string,
  columns: readonly ColumnInfo[],
  choices: readonly CleaningChoice[],
): Promise<CleaningPreview> {
  const t = ident(table);
  const sql =
    `SELECT (SELECT count(*) FROM ${t})::DOUBLE AS before, ` +
    `(SELECT count(*) FROM (SELECT 1 FROM ${t} ${cleaningClauses(columns, choices)}))::DOUBLE AS kept`;
  const row = (await db.query(sql)).get(0);
  const rowsBefore = Number(row?.before ?? 0);
  const rowsKept = Number(row?.kept ?? 0);
  return { rowsBefore, rowsKept, rowsDropped: rowsBefore - rowsKept };
}
