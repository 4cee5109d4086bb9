/**
 * What the Data step tells the user about a table beyond its quality checks: what the studio
 * inferred and rests on (a numbered row id, the product category it chose, an order it guessed)
 * and columns that cannot help segment (constant, empty, too many levels, nothing to segment on).
 */
import type { ColumnStats } from './roles';
import { COLUMN_ROLES, type ColumnInfo, type ColumnRole } from './types';

/** One sentence about a table, possibly about one of its columns. */
export interface TableNote {
  /** Stable key, e.g. `constant:plan`. */
  id: string;
  level: 'info' | 'warning';
  column?: string;
  text: string;
}

/** A categorical column with more levels than this is flagged: features keep the top N. */
export const MANY_LEVELS = 200;

const CATEGORICAL: readonly ColumnRole[] = ['category', 'geo', 'product_category', 'ordinal'];
/** Roles a segment can be made of: all but ids, free text and ignored columns. */
const SEGMENTABLE = COLUMN_ROLES.filter(
  (r) => !['customer_id', 'order_id', 'text', 'ignore'].includes(r),
);

const q = (s: string) => `“${s}”`;
const fmt = (n: number) => n.toLocaleString('en');

/**
 * The notes for a table with these columns, `stats` from its profile (empty for tables the
 * studio generated itself) and `rows` rows.
 */
export function tableNotes(
  columns: readonly ColumnInfo[],
  stats: Readonly<Record<string, ColumnStats>>,
  rows: number,
): TableNote[] {
  const notes: TableNote[] = [];
  const rowId = columns.find((c) => c.generated === 'row_number' && c.role === 'customer_id');
  if (rowId)
    notes.push({
      id: 'row_id',
      level: 'info',
      column: rowId.name,
      text: `No column is a customer id, so each row is taken as one customer: ${q(rowId.name)} numbers the rows 1 to ${fmt(rows)} in file order. If a column does hold ids, set its role to Customer id.`,
    });
  const product = columns.find((c) => c.role === 'product_category');
  if (product) {
    const others = columns.filter((c) => c.role === 'category').map((c) => q(c.name));
    const rest = others.length ? `; ${others.join(', ')} stay plain categories` : '';
    notes.push({
      id: 'product_category',
      level: 'info',
      column: product.name,
      text: `Product category: ${q(product.name)}, chosen by its name${rest}. Change it with the role menu.`,
    });
  }
  for (const c of columns) notes.push(...columnNotes(c, stats[c.name]));
  if (!columns.some((c) => SEGMENTABLE.includes(c.role)))
    notes.push({
      id: 'nothing_to_segment',
      level: 'warning',
      text: 'Nothing here to segment on: every column is an id, free text or ignored. Set a column’s role (a measure, category or flag), or load a table of customer attributes or purchases.',
    });
  return notes;
}

function columnNotes(c: ColumnInfo, s: ColumnStats | undefined): TableNote[] {
  if (c.role === 'ordinal' && c.levelsGuess && c.levels)
    return [
      {
        id: `order:${c.name}`,
        level: 'info',
        column: c.name,
        text: `${q(c.name)} is ordered by a guess from its values (${c.levelsGuess}): ${c.levels.join(' < ')}. Check the order.`,
      },
    ];
  if (!s || c.generated) return [];
  if (s.present === 0)
    return [
      {
        id: `empty:${c.name}`,
        level: 'warning',
        column: c.name,
        text: `${q(c.name)} is empty in every row${c.role === 'ignore' ? ', so it is ignored' : ''}.`,
      },
    ];
  if (s.distinct <= 1 && c.role === 'ignore')
    return [
      {
        id: `constant:${c.name}`,
        level: 'warning',
        column: c.name,
        text: `${q(c.name)} has the same value (${s.samples[0] ?? '?'}) in every row: it cannot tell customers apart, so it is ignored.`,
      },
    ];
  if (CATEGORICAL.includes(c.role) && s.distinct > MANY_LEVELS)
    return [
      {
        id: `many_levels:${c.name}`,
        level: 'warning',
        column: c.name,
        text: `${q(c.name)} has about ${fmt(s.distinct)} distinct values: as a feature only the most frequent ones (top N) are kept and the rest count as “other”.`,
      },
    ];
  return [];
}
