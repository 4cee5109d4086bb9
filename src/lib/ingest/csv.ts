/** CSV dialect sniffing on a text sample, and the DuckDB read_csv call built from it. */
import { literal } from '../sql/quote';
import { IngestError } from './errors';

/** Delimiters we try, in order of preference on ties. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A CSV delimiter. */
export type Delimiter = (typeof DELIMITERS)[number];

/** How a CSV file is written, as detected from a sample. */
export interface CsvDialect {
  delimiter: Delimiter;
  header: boolean;
  quote: '"';
  escape: '"';
  /** Column names from the header row (or column0.. as DuckDB names them). */
  columns: string[];
  /** Complete records seen in the sample, header included. */
  sampleRecords: number;
}

/** One parsed record with the 1-based physical line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Splits CSV text into records, honouring `"` quotes (with `""` inside), CRLF and newlines inside
 * quotes. Blank lines are skipped, as DuckDB does. When `complete` is false the text is a prefix
 * of the file, so a last record without its line end is dropped (it may be cut off).
 */
export function parseRecords(text: string, delimiter: string, complete: boolean): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let start = 1;
  let rowHasContent = false;
  const endRecord = () => {
    fields.push(field);
    if (rowHasContent || fields.length > 1) records.push({ fields, line: start });
    fields = [];
    field = '';
    rowHasContent = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      inQuotes = true;
      rowHasContent = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
      if (c !== ' ') rowHasContent = true;
    }
  }
  if (complete && (rowHasContent || fields.length > 0 || field.length > 0)) endRecord();
  return records;
}

function modeOf(counts: number[]): { mode: number; share: number } {
  const freq = new Map<number, number>();
  for (const n of counts) freq.set(n, (freq.get(n) ?? 0) + 1);
  let mode = 0;
  let best = -1;
  for (const [n, f] of freq) if (f > best || (f === best && n > mode)) [mode, best] = [n, f];
  return { mode, share: counts.length ? best / counts.length : 0 };
}

const NUMERIC = /^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*$/;
const isNumeric = (s: string): boolean => NUMERIC.test(s);

/** Whether the first record is a header: text names over columns whose values are numbers, or
 * unique text names that never reappear in their column. */
export function detectHeader(records: CsvRecord[]): boolean {
  const [first, ...rest] = records;
  if (!first || rest.length === 0) return true;
  if (first.fields.some(isNumeric)) return false;
  const names = first.fields.map((f) => f.trim());
  for (let c = 0; c < names.length; c++) {
    const values = rest.map((r) => r.fields[c] ?? '').filter((v) => v.trim() !== '');
    if (values.length > 0 && values.every(isNumeric)) return true;
  }
  if (new Set(names).size !== names.length) return false;
  return !rest.some((r) => r.fields.some((v, c) => v.trim() !== '' && v.trim() === names[c]));
}

/**
 * Detects delimiter and header from a text sample (the decoded first ~64 KB, BOM removed).
 * `complete` says whether the sample is the whole file. The delimiter is the candidate whose
 * field counts are most consistent (ties: more fields). Throws IngestError 'ragged' when sample
 * rows have a different number of fields than the first row, naming the lines.
 */
export function sniffCsv(text: string, complete: boolean, fileName = 'file'): CsvDialect {
  let best: { d: Delimiter; records: CsvRecord[]; mode: number; share: number } | undefined;
  for (const d of DELIMITERS) {
    const records = parseRecords(text, d, complete);
    if (records.length === 0) continue;
    const { mode, share } = modeOf(records.map((r) => r.fields.length));
    if (mode < 2) continue;
    if (
      !best ||
      share > best.share + 1e-9 ||
      (Math.abs(share - best.share) < 1e-9 && mode > best.mode)
    ) {
      best = { d, records, mode, share };
    }
  }
  const chosen = best ?? { d: ',' as Delimiter, records: parseRecords(text, ',', complete) };
  const records = chosen.records;
  if (records.length === 0) {
    throw new IngestError(
      'no_rows',
      `"${fileName}" has no complete line in its first 64 KB.`,
      'Check that this is a CSV file with one record per line.',
    );
  }
  const width = records[0].fields.length;
  const bad = records.filter((r) => r.fields.length !== width);
  if (bad.length > 0) throw raggedError(fileName, width, bad, chosen.d);
  const header = detectHeader(records);
  const columns = header
    ? records[0].fields.map((f, i) => (f.trim() === '' ? `column${i}` : f))
    : records[0].fields.map((_, i) => `column${i}`);
  return {
    delimiter: chosen.d,
    header,
    quote: '"',
    escape: '"',
    columns,
    sampleRecords: records.length,
  };
}

const DELIM_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

function raggedError(fileName: string, width: number, bad: CsvRecord[], d: string): IngestError {
  const shown = bad
    .slice(0, 5)
    .map((r) => `line ${r.line} has ${r.fields.length}`)
    .join(', ');
  const more = bad.length > 5 ? ` and ${bad.length - 5} more` : '';
  return new IngestError(
    'ragged',
    `"${fileName}" has rows with the wrong number of fields: the first row has ${width} (${DELIM_NAMES[d] ?? d}-separated), but ${shown}${more}.`,
    'Fix those lines (often an unquoted delimiter or line break inside a value), or re-export the file with all text values quoted.',
    { line: bad[0].line },
  );
}

/** Options of read_csv beyond the dialect. */
export interface ReadCsvOptions {
  /** DuckDB encoding name; omit for UTF-8. */
  encoding?: 'latin-1';
  /** Sniff column types over every row (a second full read) instead of DuckDB's sample. */
  fullSample?: boolean;
}

/**
 * The `read_csv(...)` table function call for a registered file. Everything the sniffer
 * decided is explicit; DuckDB only guesses column types (from its sample, or from all rows with
 * `fullSample`), and `skip=0` stops it from silently skipping leading rows it finds ragged.
 */
export function buildReadCsvSql(
  registeredName: string,
  dialect: CsvDialect,
  opts: ReadCsvOptions = {},
): string {
  return `read_csv(${readCsvArgs(registeredName, dialect, opts).join(', ')})`;
}

/** `sniff_csv(...)` with the same options: what DuckDB's reader decides for that file. */
export function buildSniffCsvSql(
  registeredName: string,
  dialect: CsvDialect,
  opts: ReadCsvOptions = {},
): string {
  return `sniff_csv(${readCsvArgs(registeredName, dialect, opts).join(', ')})`;
}

/**
 * The options of read_csv the studio always reads with: the dialect made explicit, nothing
 * skipped, no comment lines, and a ragged row an error rather than padded or ignored. The exported
 * DuckDB script reads files with the same options.
 */
export function csvReaderArgs(
  dialect: Pick<CsvDialect, 'delimiter' | 'header' | 'quote' | 'escape'>,
): string[] {
  return [
    `delim=${literal(dialect.delimiter)}`,
    `header=${dialect.header ? 'true' : 'false'}`,
    `quote=${literal(dialect.quote)}`,
    `escape=${literal(dialect.escape)}`,
    'skip=0',
    "comment=''",
    'ignore_errors=false',
    'strict_mode=true',
    'null_padding=false',
  ];
}

function readCsvArgs(registeredName: string, dialect: CsvDialect, opts: ReadCsvOptions): string[] {
  const args = [literal(registeredName), ...csvReaderArgs(dialect)];
  if (opts.fullSample) args.push('sample_size=-1');
  if (opts.encoding) args.push(`encoding=${literal(opts.encoding)}`);
  return args;
}

/** What a DuckDB CSV error message says about where the file went wrong. */
export interface DuckCsvErrorInfo {
  kind: 'ragged' | 'unicode' | 'dialect' | 'type' | 'other';
  line?: number;
  expected?: number;
  found?: number;
}

/** Reads line number and cause out of a DuckDB read_csv error message. */
export function parseDuckCsvError(message: string): DuckCsvErrorInfo {
  const line = /CSV Error on Line:\s*(\d+)/.exec(message);
  const cols = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/.exec(message);
  const info: DuckCsvErrorInfo = { kind: 'other' };
  if (line) info.line = Number(line[1]);
  if (cols) {
    info.kind = 'ragged';
    info.expected = Number(cols[1]);
    info.found = Number(cols[2]);
  } else if (/Invalid unicode/i.test(message)) info.kind = 'unicode';
  else if (/not possible to automatically detect the CSV parsing dialect/i.test(message)) {
    info.kind = 'dialect';
  } else if (/This type was auto-detected|Could not convert/i.test(message)) info.kind = 'type';
  return info;
}
