/**
 * The --data files: each one described with native DuckDB as the studio would read it (format
 * and CSV dialect sniffed by the studio's own code, column types by DuckDB), then matched to the
 * config's tables. The config is applied to a copy whose tables point at the matched files.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { csvReaderArgs, sniffCsv } from '../lib/ingest/csv';
import { IngestError } from '../lib/ingest/errors';
import {
  SNIFF_BYTES,
  sniffFormat,
  transcodeToUtf8,
  type TextEncodingLabel,
} from '../lib/ingest/sniff';
import { DUCKDB_ENCODING } from '../lib/compile/sources';
import type { TablePart } from '../lib/config/build';
import { matchTables } from '../lib/config/match';
import type { CsvReader, StudioConfig, TableConfig } from '../lib/config/schema';
import { literal } from '../lib/sql/quote';
import type { ColumnInfo } from '../lib/ingest/types';
import { CliError, EXIT, firstLine } from './errors';
import type { NativeDb } from './native-db';
import { toUtf8File } from './transcode';
import { compatibleType } from './types';

/** A --data file as described: a TablePart (id = its absolute path) plus how to read it. */
export interface DataFile extends TablePart {
  path: string;
  format: 'csv' | 'json' | 'ndjson' | 'parquet';
  /** For CSV: the dialect the studio's sniffer found, and DuckDB's date formats. */
  reader?: CsvReader;
  /** True when the columns were typed from every row rather than DuckDB's sample. */
  fullSample: boolean;
}

function head(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(SNIFF_BYTES);
    return buf.subarray(0, readSync(fd, buf, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

function readable(file: string): number {
  try {
    const s = statSync(file);
    if (s.isDirectory()) throw new CliError(EXIT.data, `--data ${file} is a folder, not a file`);
    return s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      EXIT.data,
      code === 'ENOENT'
        ? `--data ${file}: no such file; check the path (relative paths start from ${process.cwd()})`
        : `--data ${file} cannot be read: ${firstLine(e)}`,
    );
  }
}

async function describeSelect(db: NativeDb, from: string): Promise<ColumnInfo[]> {
  const t = await db.query(`DESCRIBE SELECT * FROM ${from}`);
  return t.toArray().map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
    role: 'ignore' as const,
  }));
}

/** `read_csv(...)` of a described file: the sniffed dialect, UTF-8 or UTF-16, optional full sample. */
function csvFrom(file: string, r: CsvReader, fullSample: boolean): string {
  const args = [literal(file), ...csvReaderArgs(r)];
  const enc = DUCKDB_ENCODING[r.encoding];
  if (enc) args.push(`encoding=${literal(enc)}`);
  if (fullSample) args.push('sample_size=-1');
  return `read_csv(${args.join(', ')})`;
}

async function describeCsv(
  db: NativeDb,
  file: string,
  name: string,
  encoding: TextEncodingLabel,
  fullSample: boolean,
): Promise<Pick<DataFile, 'path' | 'reader' | 'columns'>> {
  // DuckDB reads UTF-8 and UTF-16 itself; Windows-1252 needs an extension it cannot download.
  const utf8 = encoding === 'windows-1252' ? await toUtf8File(file, 'windows-1252') : file;
  const bytes = head(utf8);
  const text = new TextDecoder('utf-8').decode(
    encoding.startsWith('utf-16') ? transcodeToUtf8(bytes, encoding) : bytes,
  );
  const dialect = sniffCsv(text.replace(/^\uFEFF/, ''), statSync(utf8).size <= SNIFF_BYTES, name);
  const reader: CsvReader = {
    delimiter: dialect.delimiter,
    header: dialect.header,
    quote: dialect.quote,
    escape: dialect.escape,
    encoding: encoding === 'windows-1252' ? 'utf-8' : encoding,
  };
  const from = csvFrom(utf8, reader, fullSample);
  const columns = await describeSelect(db, from);
  if (columns.some((c) => /^(DATE|TIMESTAMP)/.test(c.type))) {
    const sniff = from.replace(/^read_csv/, 'sniff_csv');
    const row = (await db.query(`SELECT DateFormat AS d, TimestampFormat AS t FROM ${sniff}`))
      .get(0)
      ?.toJSON();
    if (row?.d) reader.dateFormat = String(row.d);
    if (row?.t) reader.timestampFormat = String(row.t);
  }
  return { path: utf8, reader, columns };
}

/** Describes one --data file; CliError (exit 4) when it is missing or cannot be read. */
export async function describeDataFile(
  db: NativeDb,
  file: string,
  fullSample = false,
): Promise<DataFile> {
  const abs = path.resolve(file);
  const size = readable(abs);
  const name = path.basename(abs);
  try {
    const sniffed = sniffFormat(head(abs), name);
    const base = { id: abs, file: name, rows: 0, cleaning: [], fullSample };
    switch (sniffed.format) {
      case 'csv':
        return {
          ...base,
          format: 'csv',
          ...(await describeCsv(db, abs, name, sniffed.encoding, fullSample)),
        };
      case 'parquet':
        return {
          ...base,
          format: 'parquet',
          path: abs,
          columns: await describeSelect(db, `read_parquet(${literal(abs)})`),
        };
      case 'json':
      case 'ndjson': {
        const format = sniffed.format === 'json' ? 'array' : 'newline_delimited';
        return {
          ...base,
          format: sniffed.format,
          path: abs,
          columns: await describeSelect(
            db,
            `read_json(${literal(abs)}, format=${literal(format)})`,
          ),
        };
      }
      case 'xlsx':
        throw new CliError(
          EXIT.data,
          `--data ${file} is an Excel workbook: native DuckDB needs its excel extension, which this tool does not download; save the sheet as CSV and pass that`,
        );
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof IngestError)
      throw new CliError(EXIT.data, `--data ${file}: ${e.userMessage} ${e.hint}`.trim());
    throw new CliError(
      EXIT.data,
      `--data ${file} (${size.toLocaleString('en')} bytes) cannot be read: ${firstLine(e)}`,
    );
  }
}

const columnList = (cols: readonly { name: string; type: string }[]): string =>
  cols.map((c) => `${c.name} ${c.type}`).join(', ');

/** What differs between a config table's columns and a file's, in words. */
export function columnDifference(t: TableConfig, f: DataFile): string {
  const have = new Map(f.columns.map((c) => [c.name, c.type]));
  const want = new Set(t.columns.map((c) => c.name));
  const missing = t.columns.filter((c) => !have.has(c.name)).map((c) => c.name);
  const extra = f.columns.filter((c) => !want.has(c.name)).map((c) => c.name);
  const types = t.columns
    .filter((c) => have.has(c.name) && !compatibleType(c.type, have.get(c.name)!))
    .map((c) => `${c.name} is ${have.get(c.name)} where the config has ${c.type}`);
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`not in the config: ${extra.join(', ')}`);
  parts.push(...types);
  if (!parts.length) parts.push('the same columns in another order');
  return parts.join('; ');
}

/**
 * Matches the files to the config's tables (same file name and columns, or the one file with
 * those columns) and returns a copy of the config reading the matched files, plus notes. A CSV
 * whose sampled types do not fit is described again from every row before it is refused.
 */
export async function bindData(
  db: NativeDb,
  config: StudioConfig,
  files: DataFile[],
): Promise<{ config: StudioConfig; notes: string[] }> {
  const tables = config.dataset!.tables;
  let match = matchTables(tables, files, compatibleType);
  if (match.problems.length && files.some((f) => f.format === 'csv' && !f.fullSample)) {
    for (let i = 0; i < files.length; i++)
      if (files[i].format === 'csv') files[i] = await describeDataFile(db, files[i].id, true);
    match = matchTables(tables, files, compatibleType);
  }
  if (match.problems.length) {
    const details = match.problems.map((p) => {
      const t = tables[Number(/\[(\d+)\]/.exec(p.path)?.[1] ?? 0)];
      const named = files.find((f) => f.file === t.file);
      if (named)
        return `${named.file} does not have the columns the config expects: ${columnDifference(t, named)}`;
      const sole = files.length === 1 && tables.length === 1 ? files[0] : undefined;
      if (sole)
        return `${sole.file} does not have the columns of ${t.file}, which the config was made on: ${columnDifference(t, sole)}`;
      return `no --data file has the columns of ${t.file}, which the config was made on (${columnList(t.columns)}): pass that file with --data`;
    });
    throw new CliError(
      EXIT.data,
      'the --data files do not match the tables of the config:',
      details,
    );
  }
  const byId = new Map(files.map((f) => [f.id, f]));
  const notes = [...match.notes];
  const used = new Set(match.ids.values());
  for (const f of files)
    if (!used.has(f.id)) notes.push(`${f.file} matches no table of the config and was not read`);
  const bound: StudioConfig = structuredClone(config);
  bound.dataset!.tables = tables.map((t) => {
    const f = byId.get(match.ids.get(t.id)!)!;
    const copy: TableConfig = { ...structuredClone(t), file: f.path, format: f.format };
    delete copy.reader;
    if (f.format === 'csv') {
      const was = t.format === 'csv' ? (t.reader as CsvReader) : undefined;
      // The studio's date formats describe the config's types; a new file's sniff is the fallback.
      copy.reader = {
        ...f.reader!,
        dateFormat: was?.dateFormat ?? f.reader!.dateFormat,
        timestampFormat: was?.timestampFormat ?? f.reader!.timestampFormat,
      };
      if (copy.reader.dateFormat === undefined) delete copy.reader.dateFormat;
      if (copy.reader.timestampFormat === undefined) delete copy.reader.timestampFormat;
    }
    return copy;
  });
  return { config: bound, notes };
}
