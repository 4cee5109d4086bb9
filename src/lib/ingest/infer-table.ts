/**
 * Whole-table rules after each column's role is inferred: one customer id and one order id, one
 * product category (by name), and a row-number id for a table whose rows are customers but that
 * has no id column.
 */
import { isZeroPaddedText } from './infer-column';
import { isGenericIdName, productCategoryRank } from './names';
import type { ColumnProfile } from './profile';
import type { ColumnInfo, ColumnRole } from './types';

const FLOAT_TYPE = /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/i;

/** Roles at most one column of a table holds, and what a second holder becomes. */
export const SINGLE_ROLES: Partial<Record<ColumnRole, ColumnRole>> = {
  customer_id: 'ignore',
  order_id: 'ignore',
  product_category: 'category',
};

/** Name of the generated row-number id column (`row_id`, or `row_id_2`... if taken). */
export function rowIdName(columns: readonly ColumnInfo[]): string {
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  let name = 'row_id';
  for (let n = 2; taken.has(name); n++) name = `row_id_${n}`;
  return name;
}

/** True when a table's columns describe order lines (an order id, a quantity or a unit price). */
export function isOrderLines(columns: readonly ColumnInfo[]): boolean {
  return columns.some((c) => ['order_id', 'quantity', 'unit_price'].includes(c.role));
}

/**
 * `columns` with `name` given `role`, keeping single roles single: a column that held that role
 * before gives it up (an id becomes 'ignore', a product category a plain category). Choosing
 * another customer id retires a generated row number the same way.
 */
export function withRole(
  columns: readonly ColumnInfo[],
  name: string,
  role: ColumnRole,
): ColumnInfo[] {
  const fallback = SINGLE_ROLES[role];
  return columns.map((c) => {
    if (c.name === name) return { ...c, role };
    if (fallback && c.role === role) {
      const out: ColumnInfo = { ...c, role: fallback };
      delete out.floatId;
      return out;
    }
    return c;
  });
}

function keepFirst(columns: ColumnInfo[], role: ColumnRole): void {
  let seen = false;
  for (const c of columns) {
    if (c.role !== role) continue;
    if (seen) {
      c.role = SINGLE_ROLES[role] ?? 'ignore';
      delete c.floatId;
    }
    seen = true;
  }
}

/** The customer id of a table that names none: a unique bare `id`, or a zero-padded code. */
function customerIdByData(columns: ColumnInfo[], profiles: readonly ColumnProfile[]): void {
  let i = columns.findIndex((c, k) => {
    const p = profiles[k];
    return isGenericIdName(c.name) && p.nonNull > 0 && p.distinct >= 0.95 * p.nonNull;
  });
  // `00042`-style codes that are not categories (a headerless purchase log's first column).
  if (i < 0) i = columns.findIndex((c, k) => c.role === 'ignore' && isZeroPaddedText(profiles[k]));
  if (i < 0) return;
  const p = profiles[i];
  const floatId = FLOAT_TYPE.test(p.type) && p.nonInteger === 0;
  columns[i] = { name: p.name, type: p.type, role: 'customer_id', ...(floatId ? { floatId } : {}) };
}

/**
 * The product category of order lines: among the categories, the one whose name ranks best
 * (`category`, `product_category`, `department`, ...). Tables that are not order lines keep their
 * categories plain: a customer table's "category" describes the customer.
 */
function chooseProductCategory(columns: ColumnInfo[]): void {
  if (!isOrderLines(columns)) return;
  let best = -1;
  let bestRank = Infinity;
  columns.forEach((c, i) => {
    const rank = c.role === 'category' ? productCategoryRank(c.name) : null;
    if (rank !== null && rank < bestRank) [best, bestRank] = [i, rank];
  });
  if (best >= 0) columns[best] = { ...columns[best], role: 'product_category' };
}

/**
 * Whole-table fix-ups, in place: at most one customer id and one order id (the first wins, later
 * ones become 'ignore'); a customer id found by data when no name says so; one product category.
 */
export function reconcileRoles(columns: ColumnInfo[], profiles: readonly ColumnProfile[]): void {
  keepFirst(columns, 'customer_id');
  keepFirst(columns, 'order_id');
  if (!columns.some((c) => c.role === 'customer_id')) customerIdByData(columns, profiles);
  chooseProductCategory(columns);
}

/**
 * The generated id column to add when the rows are customers but no column is an id (and the
 * table is not order lines, whose rows are purchases), or null.
 */
export function rowIdColumn(columns: readonly ColumnInfo[]): ColumnInfo | null {
  if (columns.some((c) => c.role === 'customer_id' || c.generated)) return null;
  if (isOrderLines(columns)) return null;
  return { name: rowIdName(columns), type: 'BIGINT', role: 'customer_id', generated: 'row_number' };
}

const ORDER_DATE_NAME =
  /(order|invoice|transaction|txn|purchase|sale|receipt|bestell|rechnung|commande|pedido|factur)/i;

/**
 * The date column that dates each row, for the future-date check and as-of dates: the first
 * datetime whose name says order, invoice, purchase... (so a ship date is not it), else the
 * first datetime column.
 */
export function orderDateColumn(columns: readonly ColumnInfo[]): ColumnInfo | undefined {
  const dates = columns.filter((c) => c.role === 'datetime');
  return dates.find((c) => ORDER_DATE_NAME.test(c.name)) ?? dates[0];
}
