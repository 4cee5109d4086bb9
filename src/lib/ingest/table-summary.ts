/** What the Data step shows of a loaded table: its first rows, and its quality checks with effects. */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import { previewCleaning, type CleaningChoice } from './cleaning';
import { sameChoice } from './cleaning-labels';
import { previewFromArrow, type Preview } from './preview';
import { qualityReport, type QualityCheck } from './quality';
import type { ColumnInfo } from './types';

/** The effect of one cleaning option, computed before the user applies it. */
export interface CleaningEffect {
  rowsKept: number;
  rowsDropped: number;
}

/** A quality check with the effect its cleaning option would have now. */
export interface CheckWithEffect extends QualityCheck {
  effect?: CleaningEffect;
}

/**
 * The first `limit` rows of a view and how many rows it has; pass `knownRows` when the caller
 * already knows (e.g. nothing is cleaned away) to save the count's scan.
 */
export async function describeView(
  db: Db,
  view: string,
  limit = 20,
  knownRows?: number,
): Promise<{ preview: Preview; viewRows: number }> {
  const previewTable = await db.query(`SELECT * FROM ${ident(view)} LIMIT ${limit}`);
  if (knownRows !== undefined)
    return { preview: previewFromArrow(previewTable), viewRows: knownRows };
  const countTable = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(view)}`);
  return {
    preview: previewFromArrow(previewTable),
    viewRows: Number(countTable.getChild('n')?.get(0) ?? 0),
  };
}

/**
 * The quality report of a raw table, counted on the rows the applied cleaning keeps (so each
 * count is what is left after the steps taken), each check with the rows its cleaning option
 * would keep, and drop from those, on top of the choices already applied.
 */
export async function qualityWithEffects(
  db: Db,
  table: string,
  columns: readonly ColumnInfo[],
  applied: readonly CleaningChoice[],
): Promise<{
  quality: CheckWithEffect[];
  missing: { column: string; count: number }[];
  asOf: string | null;
  dateColumn: string | null;
}> {
  const report = await qualityReport(db, table, columns, { applied });
  const quality: CheckWithEffect[] = [];
  for (const check of report.checks) {
    const choice = check.cleaning;
    if (!choice || check.count === 0 || applied.some((c) => sameChoice(c, choice))) {
      quality.push(check);
      continue;
    }
    const effect = await previewCleaning(db, table, columns, [...applied, choice]);
    quality.push({
      ...check,
      effect: { rowsKept: effect.rowsKept, rowsDropped: report.rows - effect.rowsKept },
    });
  }
  return {
    quality,
    missing: report.missing,
    asOf: report.asOf,
    dateColumn: report.dateColumn,
  };
}
