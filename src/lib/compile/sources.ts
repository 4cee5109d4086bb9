/**
 * Where a compiled script finds the raw tables: DuckDB reads the loaded files by name, with the
 * reader options the studio used and the column types pinned to what the studio read; PostgreSQL
 * expects the tables to exist, and the script's header says how to create and fill them.
 */
import { literal, ident } from '../sql/quote';
import { csvReaderArgs } from '../ingest/csv';
import type { ColumnConfig, CsvReader, TableConfig } from '../config/schema';
import { postgresType } from '../config/types';

/** The relation of a table's normalised, cleaned rows in a script (as in the studio). */
export const cleanRelation = (t: Pick<TableConfig, 'id'>): string => `${t.id} (clean)`;

/** The relation of a table's normalised rows before cleaning (return rates read it). */
export const allRowsRelation = (t: Pick<TableConfig, 'id'>): string => `${t.id} (all rows)`;

/** How the studio wrote a demo table to CSV, and so how the script reads that file back. */
export const DEMO_CSV: CsvReader = {
  delimiter: ',',
  header: true,
  quote: '"',
  escape: '"',
  encoding: 'utf-8',
};

/**
 * DuckDB's name of each encoding (null: its default, UTF-8). Windows-1252 is not latin-1 (the
 * euro sign and curly quotes sit where latin-1 has control codes), so it needs DuckDB's
 * `encodings` extension; the script's header says so.
 */
export const DUCKDB_ENCODING: Record<CsvReader['encoding'], string | null> = {
  'utf-8': null,
  'windows-1252': 'windows-1252',
  'utf-16le': 'utf-16',
  'utf-16be': 'utf-16',
};

/** True when reading `t` needs a DuckDB extension, named. */
export function duckdbExtension(t: TableConfig): 'excel' | 'encodings' | null {
  if (t.format === 'xlsx') return 'excel';
  if (t.format === 'csv' && (t.reader as CsvReader).encoding === 'windows-1252') return 'encodings';
  return null;
}

const columnMap = (columns: readonly ColumnConfig[]): string =>
  `{${columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ')}}`;

/** The DuckDB table function call reading `t`'s file, its columns typed as in the studio. */
export function duckdbReader(t: TableConfig): string {
  const path = literal(t.file);
  switch (t.format) {
    case 'csv':
    case 'demo': {
      const r = t.format === 'demo' ? DEMO_CSV : (t.reader as CsvReader);
      const args = [path, ...csvReaderArgs(r), `columns=${columnMap(t.columns)}`];
      const enc = DUCKDB_ENCODING[r.encoding];
      if (enc) args.push(`encoding=${literal(enc)}`);
      if (r.dateFormat) args.push(`dateformat=${literal(r.dateFormat)}`);
      if (r.timestampFormat) args.push(`timestampformat=${literal(r.timestampFormat)}`);
      return `read_csv(${args.join(', ')})`;
    }
    case 'json':
    case 'ndjson': {
      const format = t.format === 'json' ? 'array' : 'newline_delimited';
      return `read_json(${path}, format=${literal(format)}, columns=${columnMap(t.columns)})`;
    }
    case 'parquet':
      return `read_parquet(${path})`;
    case 'xlsx': {
      const sheet = t.reader && 'sheet' in t.reader ? `, sheet=${literal(t.reader.sheet)}` : '';
      return `read_xlsx(${path}${sheet}, header=true)`;
    }
  }
}

/** The SELECT of `t`'s raw rows for DuckDB: every column under its name, typed as in the studio. */
export function duckdbRawSelect(t: TableConfig): string {
  const reader = duckdbReader(t);
  // Readers without a column list (Parquet, Excel) are cast to the types the studio read.
  if (t.format === 'parquet' || t.format === 'xlsx') {
    const list = t.columns.map((c) => `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`);
    return `SELECT ${list.join(', ')} FROM ${reader}`;
  }
  return `SELECT * FROM ${reader}`;
}

/** PostgreSQL's CREATE TABLE for `t`'s raw rows, with the types the studio read. */
export function postgresCreateTable(t: TableConfig): string {
  const cols = t.columns.map((c) => `${ident(c.name)} ${postgresType(c.type)}`);
  return `CREATE TABLE ${ident(t.id)} (${cols.join(', ')});`;
}

/**
 * psql lines filling `t` from its file (`\copy`, after the date order it needs), or null for a
 * format psql cannot read.
 */
export function postgresLoad(t: TableConfig): string[] | null {
  if (t.format !== 'csv' && t.format !== 'demo') return null;
  const r = t.format === 'demo' ? DEMO_CSV : (t.reader as CsvReader);
  const order = [r.dateFormat, r.timestampFormat].find((f) => f && /^%[dm]/.test(f));
  const copy = postgresCopy(t, r);
  if (!order) return [copy];
  return [`SET datestyle = ${literal(order.startsWith('%d') ? 'ISO, DMY' : 'ISO, MDY')};`, copy];
}

function postgresCopy(t: TableConfig, r: CsvReader): string {
  const enc = { 'utf-8': 'UTF8', 'windows-1252': 'WIN1252', 'utf-16le': null, 'utf-16be': null }[
    r.encoding
  ];
  const opts = [
    'FORMAT csv',
    `HEADER ${r.header}`,
    `DELIMITER ${literal(r.delimiter)}`,
    `QUOTE ${literal(r.quote)}`,
    `ESCAPE ${literal(r.escape)}`,
  ];
  if (enc) opts.push(`ENCODING ${literal(enc)}`);
  return `\\copy ${ident(t.id)} FROM ${literal(t.file)} WITH (${opts.join(', ')})`;
}
