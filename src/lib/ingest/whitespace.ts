/**
 * Whitespace-aligned text (columns separated by runs of spaces or tabs, lines that may start with
 * spaces, CRLF, with or without a header), e.g. an old purchase log `   00001 19970101 1   11.77`.
 * DuckDB's CSV reader cannot split on runs of spaces, so the bytes are rewritten as tab-separated
 * text (one pass, chunk by chunk, never a string of the whole file) and read like any TSV.
 */
import { detectHeader, type CsvRecord } from './csv';

/** How a whitespace-aligned file is laid out, as detected from a sample. */
export interface WhitespaceDialect {
  header: boolean;
  /** Column names from the header line (or column0.. as DuckDB names them). */
  columns: string[];
  /** Lines seen in the sample (header included). */
  sampleRecords: number;
}

/** The fields of a line split on runs of spaces and tabs (leading and trailing ones ignored). */
export function splitWhitespace(line: string): string[] {
  const t = line.replace(/^[ \t\r]+|[ \t\r]+$/g, '');
  return t === '' ? [] : t.split(/[ \t]+/);
}

/**
 * Detects whitespace-aligned text in a sample: every non-blank line splits into the same number
 * (at least two) of fields. `complete` says whether the sample is the whole file (else its last
 * line may be cut off and is not looked at). Null when the sample is not laid out that way.
 */
export function sniffWhitespace(text: string, complete: boolean): WhitespaceDialect | null {
  const lines = text.split('\n');
  if (!complete) lines.pop();
  const records: CsvRecord[] = [];
  lines.forEach((line, i) => {
    const fields = splitWhitespace(line);
    if (fields.length > 0) records.push({ fields, line: i + 1 });
  });
  if (records.length === 0) return null;
  const width = records[0].fields.length;
  if (width < 2 || records.some((r) => r.fields.length !== width)) return null;
  const header = detectHeader(records);
  const columns = header ? records[0].fields : records[0].fields.map((_, i) => `column${i}`);
  return { header, columns, sampleRecords: records.length };
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * Rewrites whitespace-aligned bytes (UTF-8 or any ASCII-compatible encoding) as tab-separated
 * lines: leading and trailing blanks and CRs dropped, each run of spaces/tabs one tab, blank lines
 * dropped. A field holding `"` is quoted with its quotes doubled, so the CSV reader keeps it whole.
 * Feed chunks with `push` and take the result from `finish`.
 */
export class WhitespaceToTsv {
  private out: Uint8Array;
  private size = 0;
  /** The start of a line cut off at the end of the last chunk. */
  private carry = new Uint8Array(0);

  constructor(expectedBytes = 1 << 16) {
    this.out = new Uint8Array(Math.max(16, expectedBytes));
  }

  /** Adds the next chunk of the file. */
  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry.length) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry);
      buf.set(chunk, this.carry.length);
    }
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] !== LF) continue;
      this.line(buf, start, i);
      start = i + 1;
    }
    this.carry = buf.slice(start);
  }

  /** The tab-separated bytes of everything pushed. */
  finish(): Uint8Array {
    this.line(this.carry, 0, this.carry.length);
    this.carry = new Uint8Array(0);
    return this.out.subarray(0, this.size);
  }

  private line(buf: Uint8Array, from: number, to: number): void {
    let i = from;
    let fields = 0;
    while (i < to) {
      while (i < to && isBlank(buf[i])) i++;
      if (i >= to) break;
      const start = i;
      let quoted = false;
      while (i < to && !isBlank(buf[i])) {
        if (buf[i] === QUOTE) quoted = true;
        i++;
      }
      if (fields++ > 0) this.write(TAB);
      this.field(buf, start, i, quoted);
    }
    if (fields > 0) this.write(LF);
  }

  private field(buf: Uint8Array, from: number, to: number, quoted: boolean): void {
    if (quoted) this.write(QUOTE);
    for (let k = from; k < to; k++) {
      if (quoted && buf[k] === QUOTE) this.write(QUOTE);
      this.write(buf[k]);
    }
    if (quoted) this.write(QUOTE);
  }

  private write(b: number): void {
    if (this.size === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
    this.out[this.size++] = b;
  }
}

const isBlank = (b: number): boolean => b === SPACE || b === TAB || b === CR;

/** Bytes read per step from a File, so a large file is never whole in memory twice. */
const CHUNK = 8 << 20;

/**
 * A whitespace-aligned file (bytes or a File, read in chunks) as tab-separated UTF-8 bytes; see
 * WhitespaceToTsv. The output is never longer than the input unless fields hold quotes.
 */
export async function whitespaceToTsv(data: Uint8Array | Blob): Promise<Uint8Array> {
  const size = data instanceof Uint8Array ? data.length : data.size;
  const conv = new WhitespaceToTsv(size + 16);
  if (data instanceof Uint8Array) conv.push(data);
  else
    for (let at = 0; at < size; at += CHUNK)
      conv.push(new Uint8Array(await data.slice(at, at + CHUNK).arrayBuffer()));
  return conv.finish();
}
