/**
 * Quality checks that look at rows together: duplicates, repeated customer ids, and the evidence
 * that decides whether an order id's `C` prefix marks cancellations.
 */
import type { Db } from '../db/types';
import { ident, literal } from '../sql/quote';
import { columnExpr, idExpr } from './expr';
import type { QualityCheck } from './quality';
import type { ColumnInfo } from './types';

const cnt = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

async function one(db: Db, sql: string): Promise<Record<string, unknown>> {
  return ((await db.query(sql)).get(0) ?? {}) as Record<string, unknown>;
}

/** Rows identical in every stored column of `from`: `count` = extra copies (what cleaning drops). */
export async function duplicateRows(
  db: Db,
  from: string,
  columns: readonly ColumnInfo[],
): Promise<QualityCheck> {
  const cols = columns
    .filter((c) => !c.generated)
    .map((c) => ident(c.name))
    .join(', ');
  const r = await one(
    db,
    `SELECT count(*) AS "groups", sum(c - 1) AS "extra", sum(c) AS "involved" FROM (SELECT count(*) AS c FROM ${from} GROUP BY ${cols} HAVING count(*) > 1)`,
  );
  const extra = cnt(r.extra);
  return {
    id: 'duplicate_rows',
    label: `Duplicate rows (extra copies; ${cnt(r.groups)} groups, ${cnt(r.involved)} rows involved)`,
    count: extra,
    affectedRows: extra,
    cleaning: { kind: 'drop_duplicates' },
  };
}

/** Rows per customer id above which a table is purchases, not customers with some repeats. */
const REPEATS_ARE_THE_RULE = 1.5;

/**
 * Customer ids on more than one row of a customer table: `count` = ids, no automatic fix. Null
 * when ids repeat on most rows (a purchase log without order ids is not a customer table).
 */
export async function duplicateIds(
  db: Db,
  from: string,
  idCol: ColumnInfo,
): Promise<QualityCheck | null> {
  const r = await one(
    db,
    `SELECT count(*) FILTER (WHERE c > 1) AS "ids", sum(c) FILTER (WHERE c > 1) AS "rows", ` +
      `count(*) AS "all_ids", sum(c) AS "all_rows" ` +
      `FROM (SELECT ${idExpr(idCol)} AS k, count(*) AS c FROM ${from} GROUP BY k HAVING k IS NOT NULL)`,
  );
  if (cnt(r.all_rows) > REPEATS_ARE_THE_RULE * cnt(r.all_ids)) return null;
  return {
    id: 'duplicate_ids',
    label: `Customer ids on more than one row (${idCol.name})`,
    column: idCol.name,
    count: cnt(r.ids),
    affectedRows: cnt(r.rows),
  };
}

/** What an order id column says about cancellations. */
export interface CancellationEvidence {
  /** Distinct order ids, and those written `C` + digits (`C536379`). */
  orders: number;
  prefixed: number;
  /** Rows of the prefixed orders, and those with a negative quantity or amount. */
  prefixedRows: number;
  negativeRows: number;
  /** The columns whose sign was read (quantity and amount roles). */
  signColumns: string[];
  /** True when a minority of orders is prefixed and most of their rows are negative. */
  convincing: boolean;
}

/** `C` followed by a digit: UCI-style cancellations, not ids like `CA-2016-152156`. */
export const CANCELLATION_RE = '^C[0-9]';

/**
 * Counts the evidence for cancellations in `orderCol`: a `C` + digits prefix on a minority of
 * order ids, with negative quantities or amounts on most of those lines. Without a quantity or
 * amount there is no evidence, whatever the ids look like.
 */
export async function cancellationEvidence(
  db: Db,
  from: string,
  orderCol: ColumnInfo,
  columns: readonly ColumnInfo[],
): Promise<CancellationEvidence> {
  const signs = ['quantity', 'amount']
    .map((role) => columns.find((c) => c.role === role))
    .filter((c): c is ColumnInfo => c !== undefined);
  const id = idExpr(orderCol);
  const prefixed = `regexp_matches(upper(${id}), ${literal(CANCELLATION_RE)})`;
  const negative = signs.length ? signs.map((c) => `(${columnExpr(c)}) < 0`).join(' OR ') : 'FALSE';
  const r = await one(
    db,
    `SELECT count(DISTINCT ${id}) AS "orders", count(DISTINCT ${id}) FILTER (WHERE ${prefixed}) AS "prefixed", ` +
      `count(*) FILTER (WHERE ${prefixed}) AS "rows", count(*) FILTER (WHERE ${prefixed} AND (${negative})) AS "neg" FROM ${from}`,
  );
  const e = {
    orders: cnt(r.orders),
    prefixed: cnt(r.prefixed),
    prefixedRows: cnt(r.rows),
    negativeRows: cnt(r.neg),
    signColumns: signs.map((c) => c.name),
  };
  const convincing =
    e.prefixed > 0 && e.prefixed < e.orders / 2 && e.negativeRows >= e.prefixedRows / 2;
  return { ...e, convincing };
}
