/** Shared shapes of ingest: what a loaded table is and what each column means. */

/** What a column is for; inferred at load, editable by the user. */
export type ColumnRole =
  | 'customer_id'
  | 'order_id'
  | 'datetime'
  | 'amount'
  | 'quantity'
  | 'unit_price'
  /** The one column of order lines that says what kind of product was bought. */
  | 'product_category'
  /** Any other categorical attribute (text, or numeric codes such as Channel 1/2). */
  | 'category'
  /** A category whose levels have an order (`levels`, lowest first). */
  | 'ordinal'
  /** Yes/no: normalised to 1, 0 or NULL. */
  | 'flag'
  /** Country, region, city or postcode: a category, always text. */
  | 'geo'
  | 'measure'
  | 'text'
  | 'ignore';

/** All roles, in the order the UI lists them. */
export const COLUMN_ROLES: readonly ColumnRole[] = [
  'customer_id',
  'order_id',
  'datetime',
  'amount',
  'quantity',
  'unit_price',
  'product_category',
  'category',
  'ordinal',
  'flag',
  'geo',
  'measure',
  'text',
  'ignore',
];

/** Every DateFormat, for checking untrusted configs. */
export const DATE_FORMATS = [
  'native',
  'iso',
  'mdy',
  'dmy',
  'ymd_compact',
  'epoch_s',
  'epoch_ms',
] as const;

/** How a text column's dates are written, when the column holds dates as text or numbers. */
export type DateFormat =
  | 'native' // already a DATE/TIMESTAMP in DuckDB
  | 'iso' // 2010-12-01 08:26:00 / 2010-12-01T08:26:00Z / 2010-12-01
  | 'mdy' // 12/1/2010 8:26
  | 'dmy' // 01/12/2010 08:26
  | 'ymd_compact' // 20101201
  | 'epoch_s'
  | 'epoch_ms';

/** One column of a loaded table. */
export interface ColumnInfo {
  /** Name as in the source file (may be anything, including SQL keywords and quotes). */
  name: string;
  /** DuckDB type name as reported by DESCRIBE, e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMP. */
  type: string;
  role: ColumnRole;
  /** For role 'datetime' stored as text or numbers: how to parse it. */
  dateFormat?: DateFormat;
  /** For text dates whose day/month order was guessed, not proven by a part > 12: ask the user. */
  dateAmbiguous?: boolean;
  /** For ids written as floats ("17850.0"): strip the ".0" when normalising. */
  floatId?: boolean;
  /**
   * The role whose normal form the stored values already have (set by a loader that writes them
   * so, like the demo generator): while the column keeps that role it is read unchanged.
   */
  normalFor?: ColumnRole;
  /**
   * For role 'ordinal': every level, lowest first, as the normalised text values. Values not
   * listed have no rank.
   */
  levels?: string[];
  /**
   * For an ordinal whose order the studio guessed from its values: what the guess rests on
   * (e.g. "education levels"). Gone once the user orders the levels.
   */
  levelsGuess?: string;
  /**
   * A column that is not in the file: 'row_number' is the row's 1-based position in the file
   * (the id of a table whose rows are customers but that has no id column).
   */
  generated?: 'row_number';
}

/** A table the user loaded: the raw table stays; later steps read `view` (cleaned). */
export interface TableInfo {
  /** Stable id used in the UI and config. */
  id: string;
  /** Display name, usually the file name. */
  label: string;
  /** The DuckDB table holding the raw rows. Always passed through ident(). */
  table: string;
  /** The DuckDB view with normalised columns and the chosen cleaning applied. */
  view: string;
  rowCount: number;
  columns: ColumnInfo[];
  /** The kind of source, for the UI. */
  format: 'csv' | 'whitespace' | 'json' | 'ndjson' | 'parquet' | 'xlsx' | 'demo';
}
