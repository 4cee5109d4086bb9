/**
 * The normalised SQL expression of each column: what the cleaned view exposes under the
 * column's original name, and what quality checks and cleaning filters test.
 */
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal } from '../sql/quote';
import { isNumericType, isTemporalType, parseDateSql } from './dates';
import { FLAG_NO, FLAG_YES } from './flags';
import type { ColumnInfo } from './types';

/**
 * The raw relation's 0-based position of each row in its file, for a generated row-number id.
 * DuckDB reads it from `rowid` (a table keeps insertion order, which is file order); a script for
 * another engine loads the raw table with this column filled in file order.
 */
export const ROW_POSITION = '__segment_studio_row';

/** Largest integer a DOUBLE holds exactly; beyond it a float id cannot be trusted as an integer. */
const MAX_EXACT = 9007199254740991;

/**
 * An id as trimmed VARCHAR, blanks as NULL, and a float spelling (`17850.0`, or a DOUBLE holding
 * 17850) written as the integer it is.
 */
export function idExpr(col: ColumnInfo, d: Dialect = duckdb): string {
  const q = ident(col.name);
  const text = (x: string): string => d.cast(x, 'VARCHAR');
  if (isNumericType(col.type)) {
    if (!/^(DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$/i.test(col.type)) return text(q);
    return (
      `CASE WHEN ${q} = trunc(${q}) AND abs(${q}) <= ${MAX_EXACT} ` +
      `THEN ${text(d.cast(q, 'BIGINT'))} ELSE ${text(q)} END`
    );
  }
  const trimmed = `NULLIF(trim(${text(q)}), '')`;
  return col.floatId ? `regexp_replace(${trimmed}, ${literal('\\.0+$')}, '')` : trimmed;
}

const inList = (xs: readonly string[]): string => xs.map((x) => literal(x)).join(', ');

/**
 * A yes/no column as INTEGER 1 or 0, NULL for anything else: booleans as they are, numbers 1 and
 * 0, text spelled as in FLAG_YES / FLAG_NO in any case. An integer (not a boolean) so that its
 * mean is the share of yes and it joins numeric features without a cast in every dialect.
 */
export function flagExpr(col: ColumnInfo, d: Dialect = duckdb): string {
  const q = ident(col.name);
  if (/^BOOL/i.test(col.type)) return d.cast(q, 'INTEGER');
  if (isNumericType(col.type)) return `CASE WHEN ${q} = 1 THEN 1 WHEN ${q} = 0 THEN 0 END`;
  const t = `lower(trim(${d.cast(q, 'VARCHAR')}))`;
  return `CASE WHEN ${t} IN (${inList(FLAG_YES)}) THEN 1 WHEN ${t} IN (${inList(FLAG_NO)}) THEN 0 END`;
}

/**
 * The normalised expression for a column: ids become VARCHAR, datetimes TIMESTAMP, numeric roles
 * held as text DOUBLE, flags INTEGER 1/0, categories held as numbers (codes such as Channel 1/2)
 * VARCHAR, and a generated row number the row's 1-based position in the file, as VARCHAR like
 * every id. An ordinal is its trimmed text (its order lives in `levels`); everything else
 * passes through unchanged.
 */
export function columnExpr(col: ColumnInfo, d: Dialect = duckdb): string {
  const q = ident(col.name);
  if (col.generated === 'row_number') return d.cast(`${ident(ROW_POSITION)} + 1`, 'VARCHAR');
  if (col.normalFor === col.role) return q;
  switch (col.role) {
    case 'customer_id':
    case 'order_id':
      return idExpr(col, d);
    case 'datetime': {
      const format = col.dateFormat ?? (isTemporalType(col.type) ? 'native' : 'iso');
      return parseDateSql(q, col.type, format, d);
    }
    case 'amount':
    case 'quantity':
    case 'unit_price':
    case 'measure':
      return isNumericType(col.type) ? q : d.parseNumber(`trim(${d.cast(q, 'VARCHAR')})`);
    case 'flag':
      return flagExpr(col, d);
    case 'category':
    case 'product_category':
    case 'geo':
      return /^(VARCHAR|TEXT|STRING)/i.test(col.type) ? q : d.cast(q, 'VARCHAR');
    case 'ordinal':
      // Trimmed, blank as NULL: exactly the values `levels` lists.
      return `NULLIF(trim(${d.cast(q, 'VARCHAR')}), '')`;
    default:
      return q;
  }
}

/** True when the column's normalised value is a number (for sign, zero and outlier checks). */
export function isNumericRole(col: ColumnInfo): boolean {
  return ['amount', 'quantity', 'unit_price', 'measure'].includes(col.role);
}

/**
 * SQL that is true when the column's value counts as missing: NULL, blank text, or for ids,
 * dates, numbers and flags held as text a value that does not read as one (a lone " " in a
 * charges column is missing, not text). A generated column is never missing.
 */
export function missingSql(col: ColumnInfo, d: Dialect = duckdb): string {
  if (col.generated) return 'FALSE';
  const e = columnExpr(col, d);
  if (isNumericType(col.type) || isTemporalType(col.type)) return `(${e}) IS NULL`;
  // Ids, dates, numbers and flags held as text: missing when the value does not read as one.
  if (['customer_id', 'order_id', 'datetime', 'flag'].includes(col.role) || isNumericRole(col)) {
    return `(${e}) IS NULL`;
  }
  if (/^VARCHAR|^TEXT|^STRING/i.test(col.type)) {
    return `(${ident(col.name)} IS NULL OR trim(${ident(col.name)}) = '')`;
  }
  return `(${ident(col.name)} IS NULL)`;
}
