/**
 * A loaded table as the Data step holds it, and the database work behind it: writing its cleaned
 * relations, reading its preview and quality checks, and what a config records of it. No runes:
 * DataState (data.svelte.ts) owns the state and calls these.
 */
import type { Table } from 'apache-arrow';
import type { IngestDb, QueryOptions } from '../lib/db/types';
import type { CleaningChoice } from '../lib/ingest/cleaning';
import { writeCleanedRelation, type RelationKind } from '../lib/ingest/cleaned-relation';
import type { Preview } from '../lib/ingest/preview';
import type { ColumnStats } from '../lib/ingest/roles';
import {
  describeView,
  qualityWithEffects,
  type CheckWithEffect,
} from '../lib/ingest/table-summary';
import type { TableInfo } from '../lib/ingest/types';
import { customerAttributes, type CustomerAttribute } from '../lib/ingest/attributes';
import type { CsvReader } from '../lib/config/schema';
import type { TablePart } from '../lib/config/build';
import { DEMO_CSV } from '../lib/compile/sources';

/** The Db the studio needs: SQL with cancel/progress, plus file registration. */
export type StudioDb = IngestDb & { query(sql: string, opts?: QueryOptions): Promise<Table> };

/** A loaded table as the UI shows it. */
export interface LoadedTable extends TableInfo {
  warnings: string[];
  sheets?: string[];
  sheet?: string;
  ambiguousDates: string[];
  cleaning: CleaningChoice[];
  /** Rows the cleaned view keeps. */
  viewRows: number;
  preview: Preview | null;
  quality: CheckWithEffect[] | null;
  /** Missing values per column of the rows the cleaning keeps. */
  missing: { column: string; count: number }[];
  /**
   * Columns of order lines with one value per customer (or nearly), offered as customer
   * attributes; null when not checked (a table of one row per customer is not checked).
   */
  attributes?: CustomerAttribute[] | null;
  /** The date future dates are measured against, and the order date column measured (if any). */
  futureCheck?: { asOf: string; column: string } | null;
  /** What profiling found per column (empty for generated demo data), for the table's notes. */
  stats: Record<string, ColumnStats>;
  /** The normalised view of all rows, before cleaning (return rates read cancellations). */
  allRowsView: string;
  /** Whether `view` and `allRowsView` are stored tables or views (large data). */
  relationKind: RelationKind;
  /** Kept to re-read another sheet of the same workbook. */
  source?: { name: string; file?: File; bytes?: Uint8Array };
  /** How a CSV file was read (delimiter, header, encoding, date formats), for the config. */
  reader?: CsvReader;
  /** The file's content hash (`sha256-4m:...`), filled in shortly after loading. */
  hash?: string;
}

/** Rows the preview shows. */
export const PREVIEW_ROWS = 20;

/**
 * The CSV file a script reads a table from when it cannot read the loaded file itself (generated
 * demo data, whitespace-aligned text): what "Save as CSV" writes. Null for other tables.
 */
export function savedCsvName(t: Pick<LoadedTable, 'format' | 'table' | 'label'>): string | null {
  if (t.format === 'demo') return `${t.table}.csv`;
  if (t.format === 'whitespace') return `${t.label}.csv`;
  return null;
}

/** A loaded table as a config records it. */
export function tablePart(t: LoadedTable): TablePart {
  return {
    id: t.id,
    file: savedCsvName(t) ?? t.label,
    // Whitespace-aligned text is read by a script from the CSV the studio saves of it.
    format: t.format === 'whitespace' ? 'csv' : t.format,
    reader:
      t.format === 'whitespace'
        ? { ...DEMO_CSV }
        : (t.reader ?? (t.format === 'xlsx' && t.sheet ? { sheet: t.sheet } : undefined)),
    rows: t.rowCount,
    hash: t.hash ?? null,
    columns: t.columns,
    cleaning: t.cleaning,
    oneRowPerCustomer: t.quality?.some((c) => c.id === 'duplicate_ids' && c.count === 0) ?? false,
  };
}

/**
 * Writes the cleaned relation (a table up to a size, else a view) and the all-rows one. The
 * latter is always a view: only the return-rate feature reads it, so storing a second copy of
 * every row would cost each load a full write and twice the memory.
 */
export async function writeRelations(
  db: StudioDb,
  t: Pick<LoadedTable, 'table' | 'view' | 'allRowsView' | 'columns' | 'cleaning' | 'rowCount'> & {
    relationKind: RelationKind | null;
  },
): Promise<RelationKind> {
  const kind = await writeCleanedRelation(
    db,
    t.table,
    t.view,
    t.columns,
    t.cleaning,
    t.rowCount,
    t.relationKind,
  );
  await writeCleanedRelation(
    db,
    t.table,
    t.allRowsView,
    t.columns,
    [],
    t.rowCount,
    t.relationKind ? 'view' : null,
    false,
  );
  return kind;
}

/** Reads the preview and the view's row count (known without a scan when nothing is cleaned). */
export async function withPreview(db: StudioDb, t: LoadedTable): Promise<LoadedTable> {
  const known = t.cleaning.length === 0 ? t.rowCount : undefined;
  return { ...t, ...(await describeView(db, t.view, PREVIEW_ROWS, known)) };
}

/**
 * The quality report, counted on the rows the cleaning keeps, with the effect each cleaning option
 * would have on top of those applied.
 */
export async function tableChecks(
  db: StudioDb,
  t: LoadedTable,
): Promise<Pick<LoadedTable, 'quality' | 'missing' | 'futureCheck' | 'attributes'>> {
  const r = await qualityWithEffects(db, t.table, t.columns, t.cleaning);
  const futureCheck = r.asOf && r.dateColumn ? { asOf: r.asOf, column: r.dateColumn } : null;
  // Only rows that repeat customer ids (order lines) have columns that may be the customer's
  // own; a table found to hold one row per customer is not checked.
  const id = t.columns.some((c) => c.role === 'customer_id' && !c.generated);
  const unique = r.quality.some((c) => c.id === 'duplicate_ids' && c.count === 0);
  const attributes = id && !unique ? await customerAttributes(db, t.view, t.columns) : null;
  return { quality: r.quality, missing: r.missing, futureCheck, attributes };
}
