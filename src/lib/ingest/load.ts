/** The one entry point of ingest: any supported file -> a DuckDB table. */
import type { Table } from 'apache-arrow';
import { loadedTableRef, type IngestDb } from '../db/types';
import { storeArrow } from './store-arrow';
import { ident } from '../sql/quote';
import type { CsvDialect } from './csv';
import { IngestError, toIngestError } from './errors';
import { readJson } from './json';
import { ENCODING_NAMES, loadText } from './load-text';
import { SNIFF_BYTES, sniffFormat, transcodeToUtf8, type TextEncodingLabel } from './sniff';
import type { TableInfo } from './types';

/** A file to load: a browser `File` (preferred for large files) or its bytes. */
export interface LoadInput {
  name: string;
  bytes?: Uint8Array;
  file?: File;
}

/** Where to put the data and how to report progress. */
export interface LoadOptions {
  /** DuckDB table to create (replaced if it exists). Any characters; it goes through ident(). */
  table: string;
  /** For .xlsx: the sheet to read (default: the first). */
  sheet?: string;
  /** Fewest data rows a file must have (default 1); fewer is an IngestError 'too_few_rows'. */
  minRows?: number;
  /** Files from this many bytes on are stored compressed (default COMPRESS_FROM_BYTES). */
  compressFromBytes?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
}

/** What was loaded. */
export interface LoadResult {
  /**
   * The reader family. Whitespace-aligned text is delimited text ('csv') whose runs of spaces
   * were turned into one separator before reading; `whitespace` then says how it was laid out.
   */
  format: Exclude<TableInfo['format'], 'demo' | 'whitespace'>;
  rowCount: number;
  /** Columns as DuckDB DESCRIBE reports them. */
  columns: { name: string; type: string }[];
  /** For .xlsx: all sheet names, for a picker, and the one that was read. */
  sheets?: string[];
  sheet?: string;
  /** For CSV: the detected dialect, and the text encoding the bytes were read in. */
  csv?: Pick<CsvDialect, 'delimiter' | 'header' | 'quote' | 'escape'> & {
    encoding: TextEncodingLabel;
    /** Formats DuckDB found for its DATE / TIMESTAMP columns, when not ISO (strftime style). */
    dateFormat?: string;
    timestampFormat?: string;
  };
  /**
   * For whitespace-aligned text (`csv` is then absent): header or not, the encoding, and the
   * date formats DuckDB found (see `whitespaceReadSql` for a script reading the same file).
   */
  whitespace?: {
    header: boolean;
    encoding: TextEncodingLabel;
    dateFormat?: string;
    timestampFormat?: string;
  };
  /** Things the user should know (re-encoding, values stored as text, ...). */
  warnings: string[];
}

function source(input: LoadInput) {
  const { bytes, file } = input;
  if (!bytes && !file) throw new Error('loadFile(): pass `bytes` or `file`');
  return {
    size: bytes ? bytes.length : file!.size,
    head: async (): Promise<Uint8Array> =>
      bytes
        ? bytes.subarray(0, SNIFF_BYTES)
        : new Uint8Array(await file!.slice(0, SNIFF_BYTES).arrayBuffer()),
    all: async (): Promise<Uint8Array> => bytes ?? new Uint8Array(await file!.arrayBuffer()),
    /** What DuckDB should read: the File handle when we have one, so nothing is copied. */
    handle: (): File | Uint8Array => file ?? bytes!,
  };
}

/** Columns and row count of a table, as DuckDB sees them. */
async function describe(db: IngestDb, table: string) {
  const d = await db.query(`DESCRIBE ${ident(table)}`);
  const columns = d.toArray().map((r) => ({
    name: String(r.column_name),
    type: String(r.column_type),
  }));
  const c = await db.query(`SELECT count(*)::DOUBLE AS n FROM ${ident(table)}`);
  return { columns, rowCount: Number(c.get(0)?.n ?? 0) };
}

async function toArrayBuffer(src: ReturnType<typeof source>): Promise<ArrayBuffer> {
  const b = await src.all();
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
  return whole && b.buffer instanceof ArrayBuffer ? b.buffer : b.slice().buffer;
}

/**
 * Loads a CSV/TSV, JSON, NDJSON, Parquet or .xlsx file into DuckDB table `opts.table`.
 * CSV is registered with DuckDB and read there (a File is not copied into JS memory; only its
 * first 64 KB are sniffed); other formats are parsed in JS into Arrow and inserted.
 * Every failure is thrown as an IngestError with a userMessage and a hint.
 */
export async function loadFile(
  db: IngestDb,
  input: LoadInput,
  opts: LoadOptions,
): Promise<LoadResult> {
  const warnings: string[] = [];
  try {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(0, 'detecting format');
    const src = source(input);
    const sniffed = sniffFormat(await src.head(), input.name);
    const extra: Partial<LoadResult> = {};
    if (sniffed.format === 'csv') {
      const d = await loadText(db, input.name, src, sniffed.encoding, opts, warnings);
      if (d.whitespace) {
        extra.whitespace = { header: d.header, encoding: d.encoding };
        if (d.dateFormat) extra.whitespace.dateFormat = d.dateFormat;
        if (d.timestampFormat) extra.whitespace.timestampFormat = d.timestampFormat;
      } else {
        extra.csv = {
          delimiter: d.delimiter,
          header: d.header,
          quote: d.quote,
          escape: d.escape,
          encoding: d.encoding,
        };
        if (d.dateFormat) extra.csv.dateFormat = d.dateFormat;
        if (d.timestampFormat) extra.csv.timestampFormat = d.timestampFormat;
      }
    } else {
      opts.onProgress?.(0.1, 'reading');
      let table: Table;
      if (sniffed.format === 'parquet') {
        // Loaded on demand: the Parquet and Excel readers are most of the app's JavaScript.
        const { readParquet } = await import('./parquet');
        const r = await readParquet(await toArrayBuffer(src), input.name);
        ({ table } = r);
        warnings.push(...r.warnings);
      } else if (sniffed.format === 'xlsx') {
        const blob = input.file ?? (await toArrayBuffer(src));
        const { readXlsx } = await import('./xlsx');
        const r = await readXlsx(blob, { sheet: opts.sheet, fileName: input.name });
        ({ table } = r);
        warnings.push(...r.warnings);
        extra.sheets = r.sheets;
        extra.sheet = r.sheet;
      } else {
        const raw = await src.all();
        const utf8 = sniffed.encoding === 'utf-8' ? raw : transcodeToUtf8(raw, sniffed.encoding);
        const text = new TextDecoder('utf-8').decode(utf8);
        if (sniffed.encoding !== 'utf-8') {
          warnings.push(
            `the file is not UTF-8; it was read as ${ENCODING_NAMES[sniffed.encoding]}`,
          );
        }
        const r = readJson(text, sniffed.format, input.name);
        ({ table } = r);
        warnings.push(...r.warnings);
      }
      opts.signal?.throwIfAborted();
      opts.onProgress?.(0.6, 'creating table');
      await storeArrow(
        db,
        opts.table,
        table,
        loadedTableRef(opts.table, src.size, opts.compressFromBytes),
      );
    }
    opts.onProgress?.(0.9, 'describing');
    const { columns, rowCount } = await describe(db, opts.table);
    if (rowCount === 0) {
      await db.exec(`DROP TABLE IF EXISTS ${ident(opts.table)}`);
      throw new IngestError(
        'no_rows',
        `"${input.name}" has a header but no data rows.`,
        'Choose a file with data.',
      );
    }
    if (rowCount < (opts.minRows ?? 1)) {
      await db.exec(`DROP TABLE IF EXISTS ${ident(opts.table)}`);
      throw tooFewRows(input.name, rowCount);
    }
    opts.onProgress?.(1, 'done');
    return { format: sniffed.format, rowCount, columns, warnings, ...extra };
  } catch (e) {
    if (opts.signal?.aborted) throw toIngestError(abortError(), input.name);
    throw toIngestError(e, input.name);
  }
}

function tooFewRows(name: string, rows: number): IngestError {
  return new IngestError(
    'too_few_rows',
    `"${name}" has only ${rows} data row${rows === 1 ? '' : 's'}: segments need many customers (or purchases), one per row.`,
    'Load the whole export, not a single record. The tables already loaded are unchanged.',
  );
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * A readable DuckDB table name for a file: the base name without extension, whitespace
 * collapsed, at most 60 characters; `_2`, `_3`, ... appended until it is not in `existing`
 * (compared case-insensitively, as DuckDB does).
 */
export function tableNameFor(fileName: string, existing: Set<string>): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/(.)\.[A-Za-z0-9]{1,8}$/, '$1');
  const printable = [...stem].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  const clean = printable.replace(/\s+/g, ' ').trim().slice(0, 60);
  const root = clean === '' ? 'table' : clean;
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  let name = root;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${root}_${n}`;
  return name;
}
