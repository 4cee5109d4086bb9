/**
 * The studio config: the whole segmentation as one plain, versioned JSON object (the file
 * `segmentation.json`, a share link, the command-line tool's input). It holds what the user chose
 * (tables and their roles, cleaning, features, method, segment definitions, names, colours) and
 * the frozen model: every value fitted from the data that an assignment depends on. Applying it to
 * the same data gives the same segment for every customer, and never refits anything.
 */
import type { CleaningChoice } from '../ingest/cleaning';
import type { ColumnRole, DateFormat } from '../ingest/types';
import type { FeatureSpec } from '../features/spec';
import type { FittedTransforms } from '../features/transforms';
import type { SegmentsConfig } from '../segment/config';

/** What `kind` says in every config file. */
export const CONFIG_KIND = 'segment-studio/segmentation';

/**
 * The version this studio writes; older ones are migrated (see migrate.ts). Version 3 added the
 * levels of ordinal columns (`ColumnConfig.levels`), the unit of a date's age (`unit` of an
 * attribute_date_age feature) and whether a table has one row per customer, all optional.
 */
export const CONFIG_VERSION = 3;

/** The whole config. */
export interface StudioConfig {
  kind: typeof CONFIG_KIND;
  version: typeof CONFIG_VERSION;
  /** The data it was made on; null in a config that carries only segment definitions. */
  dataset: DatasetConfig | null;
  /** The feature spec as the user set it (`asOf` null = the day after the last purchase). */
  features: FeatureSpec | null;
  segmentation: SegmentsConfig;
  /** Fitted values; null until features have been computed. */
  model: FrozenModel | null;
  /**
   * The currency money is shown in (one of CURRENCY_CODES), or null for none; absent: what the
   * data says (see `inferCurrency`). Display only: no segment depends on it.
   */
  currency?: string | null;
  /** Who wrote it and when: shown, never used to compute anything. */
  meta?: { app?: string; savedAt?: string };
}

/** The loaded tables and which of them play which part. */
export interface DatasetConfig {
  tables: TableConfig[];
  /** Id of the table used as transactions, or null to pick one automatically. */
  transactions: string | null;
  /** Id of the customer table, or null to pick one automatically. */
  customers: string | null;
}

/** How a CSV file was read (see `buildReadCsvSql`). */
export interface CsvReader {
  delimiter: ',' | ';' | '\t' | '|';
  header: boolean;
  quote: '"';
  escape: '"';
  /** The file's text encoding; the studio converts others to UTF-8 before reading. */
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  /** How DATE columns are written, when not ISO (strftime style, e.g. `%d/%m/%Y`). */
  dateFormat?: string;
  /** How TIMESTAMP columns are written, when not ISO. */
  timestampFormat?: string;
}

/** Table formats: as loaded from a file, or the studio's generated demo. */
export const TABLE_FORMATS = ['csv', 'json', 'ndjson', 'parquet', 'xlsx', 'demo'] as const;

/** One loaded table: its fingerprint, how it was read, its columns' roles and its cleaning. */
export interface TableConfig {
  /** The table's name in the database (unique; the raw rows). */
  id: string;
  /** The file it came from, as named when loaded (demo tables: the CSV they export to). */
  file: string;
  format: (typeof TABLE_FORMATS)[number];
  /** CSV: the reader options; Excel: the sheet. */
  reader?: CsvReader | { sheet: string };
  /** Rows of the raw table. */
  rows: number;
  /** `sha256-4m:<hex>` of the file's bytes (see fingerprint.ts); absent for generated data. */
  hash?: string;
  columns: ColumnConfig[];
  cleaning: CleaningChoice[];
  /**
   * True when the studio found each customer id on one row only (a customer table, even with a
   * date and an amount column): "Automatic" then never takes it for the transactions, in a
   * script as in the studio.
   */
  oneRowPerCustomer?: boolean;
}

/** One column: its name and database type as loaded, and what the user made of it. */
export interface ColumnConfig {
  name: string;
  /** Database type of the raw column, e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMP. */
  type: string;
  role: ColumnRole;
  dateFormat?: DateFormat;
  floatId?: boolean;
  /**
   * For role 'ordinal': every level, lowest first, in the order the user set (category features
   * of the column take this order for their codes). Absent: the studio guesses it again at load.
   */
  levels?: string[];
}

/** Everything fitted from the data that an assignment depends on. */
export interface FrozenModel {
  /**
   * The feature spec with its data-dependent parts filled in: the as-of date and every
   * category list. Recomputing it gives the same raw feature table.
   */
  spec: FeatureSpec & { asOf: string };
  /** Missing-value and transform parameters (means, sds, rank cut-points, winsor limits). */
  transforms: FittedTransforms;
  /**
   * Quintile cut-points (the 20/40/60/80 % type-7 quantiles) of every raw feature column with a
   * value, by column: RFM scores whichever columns it is told to use, never refitting them.
   */
  quintiles: Record<string, number[]>;
  /** Customers in the feature table the model was fitted on. */
  customers: number;
}
