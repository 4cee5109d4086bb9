/** The levels of a column the user makes ordinal: its values, in a guessed order when one fits. */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { columnExpr } from './expr';
import { guessOrder } from './ordinal';
import type { ColumnInfo } from './types';

/** Most levels an ordinal column can have: the user orders them by hand. */
export const LEVELS_MAX = 50;

/**
 * Levels for making `col` of raw table `table` ordinal (its distinct trimmed values, in the order
 * of a known scale when they follow one, else alphabetical), or a sentence saying why it cannot be.
 */
export async function readLevels(
  db: Db,
  table: string,
  col: ColumnInfo,
): Promise<Pick<ColumnInfo, 'levels' | 'levelsGuess'> | string> {
  const v = columnExpr({ ...col, role: 'ordinal' });
  const sql =
    `SELECT count(DISTINCT ${v})::DOUBLE AS n, ` +
    `CASE WHEN count(DISTINCT ${v}) <= ${LEVELS_MAX} THEN array_sort(list(DISTINCT ${v})) END AS vals ` +
    `FROM ${ident(table)}`;
  const row = (await db.query(sql)).get(0) as Record<string, unknown> | null;
  const count = Number(row?.n ?? 0);
  const list = row?.vals as { toArray(): unknown[] } | null | undefined;
  if (!list || count === 0) {
    return count === 0
      ? `“${col.name}” has no values to order.`
      : `“${col.name}” has ${count.toLocaleString('en')} distinct values: too many to order by hand (at most ${LEVELS_MAX}). Keep it a category.`;
  }
  const values = [...list.toArray()].map(String);
  const guess = guessOrder(values);
  // A guess leaves `unknown` and the like out: they have no rank, as at inference.
  return guess ? { levels: guess.levels, levelsGuess: guess.scale } : { levels: values };
}
