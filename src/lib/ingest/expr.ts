/**
 * The normalised SQL expression of each column: what the cleaned view exposes under the
 * column's original name, and what quality checks and cleaning filters test.
 */
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { ident, literal } from '../sql/quote';
import { isNumericType, isTemporalType, parseDateSql } from './dates';
import type { ColumnInfo } from './types';

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

/**
 * The normalised expression for a column: ids become VARCHAR, datetimes TIMESTAMP, numeric roles
 * held as text DOUBLE; everything else passes through unchanged.
 */
export function columnExpr(col: ColumnInfo, d: Dialect = duckdb): string {
  const q = ident(col.name);
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
    default:
      return q;
  }
}

/** True when the column's normalised value is a number (for sign, zero and outlier checks). */
export function isNumericRole(col: ColumnInfo): boolean {
  return ['amount', 'quantity', 'unit_price', 'measure'].includes(col.role);
}

/** SQL that is true when the column's value counts as missing (NULL, or blank text). */
export function missingSql(col: ColumnInfo, d: Dialect = duckdb): string {
  const e = columnExpr(col, d);
  if (isNumericType(col.type) || isTemporalType(col.type)) return `(${e}) IS NULL`;
  if (col.role === 'customer_id' || col.role === 'order_id' || col.role === 'datetime') {
    return `(${e}) IS NULL`;
  }
  if (/^VARCHAR|^TEXT|^STRING/i.test(col.type)) {
    return `(${ident(col.name)} IS NULL OR trim(${ident(col.name)}) = '')`;
  }
  return `(${ident(col.name)} IS NULL)`;
}
