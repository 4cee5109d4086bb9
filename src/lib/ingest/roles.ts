/**
 * Column roles from names and data, and the normalised view built from them. The name gives a
 * hint (names.ts); the one-query profile (profile.ts) confirms, overrules or fills it in.
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import type { Dialect } from '../sql/dialect';
import { duckdb } from '../sql/dialects/duckdb';
import { cleaningWhere, type CleaningChoice } from './cleaning';
import {
  DATE_MATCH_SHARE,
  detectNumericDate,
  detectTextDate,
  isNumericType,
  isTemporalType,
  NAMED_DATE_MATCH_SHARE,
} from './dates';
import { columnExpr } from './expr';
import { isDateLikeName, isGenericIdName, roleFromName } from './names';
import { profileTable, type ColumnProfile } from './profile';
import type { ColumnInfo, ColumnRole } from './types';

/** Share of non-null text values that must look numeric for a text column to count as numbers. */
const NUMERIC_SHARE = 0.95;
/** A text column with at most this many distinct values (or 5% of rows, up to 200) is a category. */
const CATEGORY_MAX_DISTINCT = 20;

const ID_ROLES: readonly ColumnRole[] = ['customer_id', 'order_id'];
const NUMBER_ROLES: readonly ColumnRole[] = ['amount', 'quantity', 'unit_price', 'measure'];

function isCategoryByData(p: ColumnProfile): boolean {
  const limit = Math.max(CATEGORY_MAX_DISTINCT, Math.min(200, p.nonNull * 0.05));
  return p.distinct <= limit && p.nonNull > 0;
}

function textRole(p: ColumnProfile, hint: ColumnRole | null): ColumnInfo {
  const t = p.text!;
  const base = { name: p.name, type: p.type };
  if (hint === 'customer_id' || hint === 'order_id') {
    const floatId = t.floatLike > 0 && t.floatLike >= Math.ceil(t.nonNull * NUMERIC_SHARE);
    return floatId ? { ...base, role: hint, floatId } : { ...base, role: hint };
  }
  const date = detectTextDate(t, hint === 'datetime' ? NAMED_DATE_MATCH_SHARE : DATE_MATCH_SHARE);
  if (date) {
    const info: ColumnInfo = { ...base, role: 'datetime', dateFormat: date.format };
    return date.ambiguous ? { ...info, dateAmbiguous: true } : info;
  }
  if (hint === 'ignore' || hint === 'text' || hint === 'category') return { ...base, role: hint };
  const numeric = t.nonNull > 0 && t.numeric >= Math.ceil(t.nonNull * NUMERIC_SHARE);
  if (numeric) {
    return { ...base, role: hint && NUMBER_ROLES.includes(hint) ? hint : 'measure' };
  }
  if (isCategoryByData(p)) return { ...base, role: 'category' };
  // Long or multi-word values read as prose; short high-cardinality codes are of no use as-is.
  if (t.avgLength > 15 || t.spaced > t.nonNull / 2) return { ...base, role: 'text' };
  return { ...base, role: 'ignore' };
}

function numericRole(p: ColumnProfile, hint: ColumnRole | null): ColumnInfo {
  const base = { name: p.name, type: p.type };
  const allInteger = p.nonInteger === 0;
  if (hint === 'customer_id' || hint === 'order_id') {
    const isFloat = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/i.test(p.type);
    return isFloat && allInteger ? { ...base, role: hint, floatId: true } : { ...base, role: hint };
  }
  const compactValid = p.nonNull > 0 && p.compactValid === p.nonNull;
  const date = detectNumericDate(
    p.min ?? NaN,
    p.max ?? NaN,
    allInteger,
    compactValid,
    isDateLikeName(p.name),
  );
  if (date) return { ...base, role: 'datetime', dateFormat: date };
  if (hint && (NUMBER_ROLES.includes(hint) || hint === 'category' || hint === 'ignore')) {
    return { ...base, role: hint };
  }
  return { ...base, role: 'measure' };
}

/** Infers one column's role from its name and profile. */
export function inferRole(p: ColumnProfile): ColumnInfo {
  const hint = roleFromName(p.name);
  if (isTemporalType(p.type)) {
    return { name: p.name, type: p.type, role: 'datetime', dateFormat: 'native' };
  }
  if (isNumericType(p.type)) return numericRole(p, hint);
  if (p.text) return textRole(p, hint);
  if (/^BOOL/i.test(p.type)) return { name: p.name, type: p.type, role: 'category' };
  return { name: p.name, type: p.type, role: 'ignore' };
}

/**
 * Whole-table fix-ups: at most one customer id and one order id (the first wins, later ones
 * become 'ignore'), and a bare unique `id` column is the customer id when nothing else is.
 */
export function reconcileRoles(columns: ColumnInfo[], profiles: readonly ColumnProfile[]): void {
  for (const role of ID_ROLES) {
    let seen = false;
    for (const c of columns) {
      if (c.role !== role) continue;
      if (seen) {
        c.role = 'ignore';
        delete c.floatId;
      }
      seen = true;
    }
  }
  if (columns.some((c) => c.role === 'customer_id')) return;
  const i = columns.findIndex((c, k) => {
    const p = profiles[k];
    return isGenericIdName(c.name) && p.nonNull > 0 && p.distinct >= 0.95 * p.nonNull;
  });
  if (i >= 0) {
    const p = profiles[i];
    const floatId = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/i.test(p.type) && p.nonInteger === 0;
    columns[i] = {
      name: p.name,
      type: p.type,
      role: 'customer_id',
      ...(floatId ? { floatId } : {}),
    };
  }
}

/**
 * Infers every column's role of an existing table with one profiling query. `ambiguousDates`
 * names the datetime columns whose day/month order was guessed (see `resolveDayMonth`); the UI
 * should ask the user about those.
 */
export async function inferColumns(
  db: Db,
  table: string,
): Promise<{ columns: ColumnInfo[]; ambiguousDates: string[] }> {
  const profiles = await profileTable(db, table);
  const columns = profiles.map(inferRole);
  reconcileRoles(columns, profiles);
  const ambiguousDates = columns.filter((c) => c.dateAmbiguous).map((c) => c.name);
  return { columns, ambiguousDates };
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
  if (!cleaning.some((c) => c.kind === 'drop_duplicates')) {
    return `SELECT ${select} FROM (SELECT * FROM ${ident(table)} ${where}) AS src`;
  }
  const all = columns.map((c) => ident(c.name)).join(', ');
  const copy = `row_number() OVER (PARTITION BY ${all}) AS ${DEDUPE}`;
  return `SELECT ${select} FROM (SELECT *, ${copy} FROM ${ident(table)} ${where}) AS src WHERE src.${DEDUPE} = 1`;
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
