/** Reading a loaded table's columns for the Track step (SQL built with ident() only). */
import type { Db } from '../lib/db/types';
import { columnStrings } from '../lib/db/arrow-text';
import { ident } from '../lib/sql/quote';
import type { TypedColumn } from '../lib/track/snapshot';
import type { RawValue } from '../lib/track/values';
import type { LoadedTable } from './loaded-table';

/** The table's customer id column (its role), or null. */
export function idColumn(t: Pick<LoadedTable, 'columns'>): string | null {
  return t.columns.find((c) => c.role === 'customer_id')?.name ?? null;
}

/** Columns of `view` as text, one array per column, in the view's row order. */
export async function readColumns(
  db: Db,
  view: string,
  columns: readonly string[],
): Promise<RawValue[][]> {
  const list = columns.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(`c${i}`)}`);
  const t = await db.query(`SELECT ${list.join(', ')} FROM ${ident(view)}`);
  return columns.map((_, i) => {
    const v = t.getChildAt(i);
    return v ? columnStrings(v) : [];
  });
}

/** The columns of a relation with their DuckDB types. */
export async function describeColumns(db: Db, view: string): Promise<TypedColumn[]> {
  const t = await db.query(`DESCRIBE ${ident(view)}`);
  return t.toArray().map((r: { column_name: unknown; column_type: unknown }) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
}

/** An error as the sentence shown next to a control. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
