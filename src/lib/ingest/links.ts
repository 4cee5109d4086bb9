/**
 * Whether two tables belong together: how many customer ids of one are found in the other.
 * Counted on the cleaned relations, whose ids are normalised text (`17850.0` and `17850` meet).
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { isCustomerTable } from './quality';
import type { ColumnInfo } from './types';

/** A relation and its customer id column. */
export interface IdSide {
  relation: string;
  column: string;
}

/** Distinct customer ids of each side and how many are in both. */
export interface IdOverlap {
  left: number;
  right: number;
  matched: number;
}

/** Counts the distinct customer ids of `a` and `b` and those found in both, in one query. */
export async function idOverlap(db: Db, a: IdSide, b: IdSide): Promise<IdOverlap> {
  const ids = (s: IdSide) =>
    `SELECT DISTINCT ${ident(s.column)} AS k FROM ${ident(s.relation)} WHERE ${ident(s.column)} IS NOT NULL`;
  const sql =
    `SELECT (SELECT count(*) FROM (${ids(a)}) AS l)::DOUBLE AS "left", ` +
    `(SELECT count(*) FROM (${ids(b)}) AS r)::DOUBLE AS "right", ` +
    `(SELECT count(*) FROM (${ids(a)}) AS l JOIN (${ids(b)}) AS r ON l.k = r.k)::DOUBLE AS "matched"`;
  const row = ((await db.query(sql)).get(0) ?? {}) as Record<string, unknown>;
  return {
    left: Number(row.left ?? 0),
    right: Number(row.right ?? 0),
    matched: Number(row.matched ?? 0),
  };
}

/** Below this share of matched ids the Data step warns that the files may not belong together. */
export const FEW_MATCH_SHARE = 0.5;

/**
 * The sentence the Data step shows, e.g. "1,204 of 4,372 customer ids in customers.csv match
 * orders.csv", and whether it is a warning (few of either side's ids match).
 */
export function overlapSentence(
  leftLabel: string,
  rightLabel: string,
  o: IdOverlap,
): { text: string; warning: boolean } {
  const f = (n: number) => n.toLocaleString('en');
  const text = `${f(o.matched)} of ${f(o.left)} customer ids in ${leftLabel} match ${rightLabel}`;
  const smaller = Math.min(o.left, o.right);
  const warning = smaller > 0 && o.matched < FEW_MATCH_SHARE * smaller;
  return {
    text: `${text} (which has ${f(o.right)}).`,
    warning: warning || o.matched === 0,
  };
}

/** A loaded table as links read it: its cleaned relation and its columns. */
export interface LinkTable {
  id: string;
  label: string;
  view: string;
  columns: readonly ColumnInfo[];
}

/** What the Data step says about two tables with customer ids. */
export interface TableLink {
  left: string;
  right: string;
  text: string;
  warning: boolean;
}

/**
 * The id matches of every pair of tables that both have a customer id, in load order. The
 * sentence counts the ids of the customer table (one row per customer) in the other; between
 * two tables of the same kind, the later one's ids in the earlier.
 */
export async function tableLinks(db: Db, tables: readonly LinkTable[]): Promise<TableLink[]> {
  const idOf = (t: LinkTable) => t.columns.find((c) => c.role === 'customer_id')?.name;
  const withIds = tables.filter((t) => idOf(t));
  const out: TableLink[] = [];
  for (let i = 0; i < withIds.length; i++) {
    for (let j = i + 1; j < withIds.length; j++) {
      const [a, b] = [withIds[i], withIds[j]];
      const [l, r] = isCustomerTable(a.columns) && !isCustomerTable(b.columns) ? [a, b] : [b, a];
      const o = await idOverlap(
        db,
        { relation: l.view, column: idOf(l)! },
        { relation: r.view, column: idOf(r)! },
      );
      out.push({ left: l.id, right: r.id, ...overlapSentence(l.label, r.label, o) });
    }
  }
  return out;
}
