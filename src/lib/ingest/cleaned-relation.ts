/**
 * The relation later steps read: the raw table normalised and cleaned. Up to a size it is stored
 * as a table, so features and segments do not re-run the normalisation (casts, date parsing,
 * cleaning filters) on every scan; larger data stays a view to spare the browser's memory.
 */
import type { Db } from '../db/types';
import { ident } from '../sql/quote';
import type { CleaningChoice } from './cleaning';
import { columnExpr } from './expr';
import { normalisedViewSql } from './roles';
import type { ColumnInfo } from './types';

/** Largest row count stored as a table (a copy costs ~100 bytes a row of WASM memory). */
export const STORE_MAX_ROWS = 2_000_000;

/**
 * How a cleaned relation exists in the database: a stored table, a view that normalises on every
 * read, or a passthrough view that repeats the raw table's columns unchanged (reads cost what
 * reading the stored raw table costs, so it needs no copy).
 */
export type RelationKind = 'table' | 'view' | 'passthrough';

/** True when normalising and cleaning `columns` would leave every value as it is. */
export function isPassthrough(columns: ColumnInfo[], cleaning: CleaningChoice[]): boolean {
  return cleaning.length === 0 && columns.every((c) => columnExpr(c) === ident(c.name));
}

/**
 * (Re)creates `name` over `table` with `columns` and `cleaning`: a passthrough view when that
 * changes nothing, else a table when `store` is true (the default) and the raw table has at most
 * STORE_MAX_ROWS rows, else a view. `previous` is how `name` exists
 * now, if it does.
 */
export async function writeCleanedRelation(
  db: Db,
  table: string,
  name: string,
  columns: ColumnInfo[],
  cleaning: CleaningChoice[],
  rawRows: number,
  previous: RelationKind | null,
  store = true,
): Promise<RelationKind> {
  const kind: RelationKind = isPassthrough(columns, cleaning)
    ? 'passthrough'
    : store && rawRows <= STORE_MAX_ROWS
      ? 'table'
      : 'view';
  if (previous) await dropRelation(db, name, previous);
  await db.exec(
    normalisedViewSql(table, name, columns, cleaning, kind === 'table' ? 'TABLE' : 'VIEW'),
  );
  return kind;
}

/**
 * Drops a cleaned relation, if it exists. `kind` is how it was written; should it be the other
 * kind after all (an edit that failed half-way can leave either), that is dropped instead.
 */
export async function dropRelation(db: Db, name: string, kind: RelationKind): Promise<void> {
  const [first, other] = kind === 'table' ? ['TABLE', 'VIEW'] : ['VIEW', 'TABLE'];
  try {
    await db.exec(`DROP ${first} IF EXISTS ${ident(name)}`);
  } catch (err) {
    // DuckDB: "Existing object <name> is of type Table, trying to drop type View".
    if (!/is of type/i.test(err instanceof Error ? err.message : String(err))) throw err;
    await db.exec(`DROP ${other} IF EXISTS ${ident(name)}`);
  }
}
