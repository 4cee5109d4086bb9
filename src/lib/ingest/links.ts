/**
 * Whether two tables belong together: how many customer ids of one are found in the other.
 * Counted on the cleaned relations, whose ids are normalised text (`17850.0` and `17850` meet).
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';

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
