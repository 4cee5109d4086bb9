/**
 * Delimited text (CSV, TSV, `;` or `|` separated, and whitespace-aligned text rewritten as
 * tab-separated) into a DuckDB table, read by DuckDB with the dialect made explicit.
 */
import { loadedTableRef, type IngestDb } from '../db/types';
import { ident } from '../sql/quote';
import {
  buildReadCsvSql,
  buildSniffCsvSql,
  parseDuckCsvError,
  sniffCsv,
  type CsvDialect,
} from './csv';
import { IngestError } from './errors';
import { looksLikeProse } from './prose';
import { SNIFF_BYTES, transcodeToUtf8, type TextEncodingLabel } from './sniff';
import { sniffWhitespace, whitespaceToTsv } from './whitespace';

/** A file as loadText reads it: its size, first bytes, all bytes, and what DuckDB reads. */
export interface TextSource {
  size: number;
  head(): Promise<Uint8Array>;
  all(): Promise<Uint8Array>;
  handle(): File | Uint8Array;
}

/** The load options loadText uses. */
export interface TextLoadOptions {
  table: string;
  compressFromBytes?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
}

/** How a delimited text file was read. */
export type TextRead = CsvDialect & {
  encoding: TextEncodingLabel;
  whitespace: boolean;
  dateFormat?: string;
  timestampFormat?: string;
};

let registrations = 0;

/** How the load warnings name each encoding. */
export const ENCODING_NAMES: Record<TextEncodingLabel, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Latin-1)',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

function raggedFromDuck(name: string, line: number | undefined, exp?: number, found?: number) {
  const where = line === undefined ? 'a line' : `line ${line}`;
  const counts = exp === undefined ? '' : ` has ${found} fields where ${exp} were expected`;
  return new IngestError(
    'ragged',
    `"${name}" has rows with the wrong number of fields: ${where}${counts}.`,
    'Fix that line (often an unquoted delimiter or line break inside a value), or re-export the file with all text values quoted.',
    line === undefined ? {} : { line },
  );
}

/**
 * Loads delimited text into DuckDB table `opts.table`: the dialect is sniffed from the first
 * 64 KB, whitespace-aligned text is rewritten as tab-separated, non-UTF-8 text is re-encoded,
 * and DuckDB reads the File handle itself when it can (nothing copied into JS memory).
 */
export async function loadText(
  db: IngestDb,
  name: string,
  src: TextSource,
  encoding: TextEncodingLabel,
  opts: TextLoadOptions,
  warnings: string[],
): Promise<TextRead> {
  let data: File | Uint8Array = src.handle();
  let read = encoding;
  const reencode = async (from: TextEncodingLabel) => {
    read = from;
    opts.onProgress?.(0.1, 're-encoding');
    data = transcodeToUtf8(await src.all(), from);
    warnings.push(`the file is not UTF-8; it was read as ${ENCODING_NAMES[from]}`);
  };
  if (encoding !== 'utf-8') await reencode(encoding);
  const head = data instanceof Uint8Array ? data.subarray(0, SNIFF_BYTES) : await src.head();
  const complete = (data instanceof Uint8Array ? data.length : src.size) <= SNIFF_BYTES;
  const { dialect, whitespace } = sniffText(new TextDecoder('utf-8').decode(head), complete, name);
  // DuckDB cannot split on runs of spaces: such a file is read as the tab-separated text it becomes.
  const toTsv = async () => {
    opts.onProgress?.(0.1, 'splitting columns on spaces');
    data = await whitespaceToTsv(data);
  };
  if (whitespace) await toTsv();
  opts.signal?.throwIfAborted();
  // DuckDB's type sample first (one read of the file); all rows only if a later value breaks it.
  let fullSample = false;
  for (let attempt = 0; ; attempt++) {
    const reg = `__segment_studio_ingest_${++registrations}.csv`;
    await db.registerFile(reg, data);
    try {
      opts.onProgress?.(0.2, 'parsing');
      const bytes = data instanceof Uint8Array ? data.length : src.size;
      const stored = loadedTableRef(opts.table, bytes, opts.compressFromBytes);
      await db.exec(`DROP TABLE IF EXISTS ${stored.other}`);
      const sql = `CREATE OR REPLACE TABLE ${stored.target} AS SELECT * FROM ${buildReadCsvSql(reg, dialect, { fullSample })}`;
      await db.exec(sql, {
        signal: opts.signal,
        onProgress: (f) => opts.onProgress?.(0.2 + 0.7 * f, 'parsing'),
      });
      const formats = await dateFormats(
        db,
        opts.table,
        buildSniffCsvSql(reg, dialect, { fullSample }),
      );
      return { ...dialect, encoding: read, whitespace, ...formats };
    } catch (e) {
      const info = parseDuckCsvError(e instanceof Error ? e.message : String(e));
      // Invalid UTF-8 after the sniffed head: fall back to Windows-1252 once.
      if (info.kind === 'unicode' && attempt === 0 && encoding === 'utf-8') {
        await reencode('windows-1252');
        if (whitespace) await toTsv();
        continue;
      }
      if (info.kind === 'type' && !fullSample) {
        fullSample = true;
        continue;
      }
      if (info.kind === 'ragged' || info.kind === 'dialect') {
        throw raggedFromDuck(name, info.line, info.expected, info.found);
      }
      throw e;
    } finally {
      await db.dropFile(reg);
    }
  }
}

/**
 * The dialect of a text sample: a delimiter that splits it into columns, or else runs of spaces
 * (whitespace-aligned text, read as tab-separated once rewritten). A ragged delimited file whose
 * lines do split evenly on spaces is whitespace-aligned too.
 */
function sniffText(
  text: string,
  complete: boolean,
  name: string,
): { dialect: CsvDialect; whitespace: boolean } {
  if (looksLikeProse(text))
    throw new IngestError(
      'not_data',
      `"${name}" does not look like a data file: its first lines read as text (sentences or Markdown), not as rows and columns.`,
      'Load a CSV, TSV, Excel, Parquet or JSON file with one row per transaction or per customer (a README or notes file describes the data; it does not hold it).',
    );
  const ws = sniffWhitespace(text, complete);
  let csv: CsvDialect | null = null;
  try {
    csv = sniffCsv(text, complete, name);
  } catch (e) {
    if (!ws) throw e;
  }
  if (csv && (csv.columns.length > 1 || !ws)) return { dialect: csv, whitespace: false };
  const w = ws!;
  return {
    dialect: {
      delimiter: '\t',
      header: w.header,
      quote: '"',
      escape: '"',
      columns: w.columns,
      sampleRecords: w.sampleRecords,
    },
    whitespace: true,
  };
}

/**
 * The date and timestamp formats DuckDB's reader found (e.g. `%d/%m/%Y`), when it typed a column
 * as a date: a script reading the same file elsewhere must be told them, not left to guess.
 */
async function dateFormats(
  db: IngestDb,
  table: string,
  sniff: string,
): Promise<{ dateFormat?: string; timestampFormat?: string }> {
  const types = await db.query(`SELECT column_type FROM (DESCRIBE ${ident(table)})`);
  const temporal = types.toArray().some((r) => /^(DATE|TIMESTAMP)/.test(String(r.column_type)));
  if (!temporal) return {};
  const row = (await db.query(`SELECT DateFormat AS d, TimestampFormat AS t FROM ${sniff}`)).get(0);
  const out: { dateFormat?: string; timestampFormat?: string } = {};
  if (row?.d) out.dateFormat = String(row.d);
  if (row?.t) out.timestampFormat = String(row.t);
  return out;
}
