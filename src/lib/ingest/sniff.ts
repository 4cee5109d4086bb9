/** Format and encoding detection from the first bytes of a file and its name. */
import { IngestError } from './errors';

/** Formats ingest can read. TSV is CSV with a tab delimiter. */
export type SourceFormat = 'csv' | 'json' | 'ndjson' | 'parquet' | 'xlsx';

/** Text encodings a text file may be decoded from (TextDecoder labels). */
export type TextEncodingLabel = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** What the first bytes say about a file. */
export interface SniffResult {
  format: SourceFormat;
  /** For text formats: how to decode; anything but 'utf-8' is transcoded before parsing. */
  encoding: TextEncodingLabel;
  /** Length in bytes of a leading byte-order mark (0 if none). */
  bomLength: number;
}

/** How many leading bytes sniffing looks at. */
export const SNIFF_BYTES = 65536;

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((v, i) => b[i] === v);

/** Lower-case extension without the dot ('' if none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** True if `head` is valid UTF-8; a multi-byte sequence cut off at the end is allowed. */
export function isValidUtf8(head: Uint8Array): boolean {
  try {
    // stream: true tolerates an incomplete sequence at the end of the chunk.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * True if the bytes look like a binary file: any NUL byte, or more than 10% control characters
 * other than tab, CR, LF and form feed. Text in UTF-16 must be recognised (BOM) before this.
 */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control / head.length > 0.1;
}

function detectEncoding(head: Uint8Array): { encoding: TextEncodingLabel; bomLength: number } {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: isValidUtf8(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** The decoded head without leading whitespace, to tell JSON from NDJSON and CSV. */
function textStart(head: Uint8Array, encoding: TextEncodingLabel, bomLength: number): string {
  const text = new TextDecoder(encoding).decode(head.subarray(bomLength));
  return text.replace(/^\s+/, '');
}

function isJsonObjectLine(firstLine: string): boolean {
  try {
    const v: unknown = JSON.parse(firstLine);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/**
 * Detects a file's format from its first bytes (`head`, up to SNIFF_BYTES) and its name.
 * Magic bytes win over the extension; text is checked for binary content and decodability.
 * Throws IngestError 'empty', 'binary' or 'unknown_format'.
 */
export function sniffFormat(head: Uint8Array, fileName: string): SniffResult {
  const ext = extensionOf(fileName);
  if (head.length === 0) {
    throw new IngestError('empty', `"${fileName}" is empty (0 bytes).`, 'Choose a file with data.');
  }
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) {
    return { format: 'parquet', encoding: 'utf-8', bomLength: 0 };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext === 'xlsx' || ext === 'xlsm' || ext === '') {
      return { format: 'xlsx', encoding: 'utf-8', bomLength: 0 };
    }
    throw new IngestError(
      'unknown_format',
      `"${fileName}" is a ZIP archive, not a table.`,
      'Unzip it and load the CSV, Parquet, JSON or Excel (.xlsx) file inside.',
    );
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new IngestError(
      'unknown_format',
      `"${fileName}" is an old Excel 97-2003 (.xls) workbook, which cannot be read here.`,
      'Open it in Excel or LibreOffice and save it as .xlsx or CSV.',
    );
  }
  if (startsWith(head, [0x1f, 0x8b])) {
    throw new IngestError(
      'unknown_format',
      `"${fileName}" is gzip-compressed.`,
      'Decompress it first (e.g. with 7-Zip or `gunzip`) and load the file inside.',
    );
  }
  const { encoding, bomLength } = detectEncoding(head);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && looksBinary(head)) {
    const named = ['csv', 'tsv', 'txt', 'json', 'ndjson', 'jsonl'].includes(ext)
      ? ` although its name ends in .${ext}`
      : '';
    throw new IngestError(
      'binary',
      `"${fileName}" is a binary file, not text${named}.`,
      'Load the original CSV, TSV, JSON, Parquet or Excel (.xlsx) export instead of a renamed file.',
    );
  }
  const start = textStart(head, encoding, bomLength);
  if (start.length === 0) {
    throw new IngestError(
      'empty',
      `"${fileName}" contains only blank space.`,
      'Choose a file with data.',
    );
  }
  let format: SourceFormat = 'csv';
  if (ext === 'ndjson' || ext === 'jsonl') format = 'ndjson';
  else if (start[0] === '[') format = 'json';
  else if (start[0] === '{') {
    // NDJSON needs a complete object on the first line and another record after it; a lone
    // object is read as JSON (one record, or the one array of records it wraps).
    const [first, ...rest] = start.split(/\r?\n/);
    const next = rest.find((l) => l.trim() !== '');
    format = isJsonObjectLine(first) && next?.trim().startsWith('{') ? 'ndjson' : 'json';
  }
  return { format, encoding, bomLength };
}

// Windows-1252 code points for bytes 0x80-0x9F; 0 marks the five unassigned bytes, which map to
// U+0080+n as in the WHATWG table. Node 20's TextDecoder decodes 'windows-1252' as ISO-8859-1,
// so we map these ourselves.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161,
  0x203a, 0x0153, 0, 0x017e, 0x0178,
];

const cp1252 = (b: number): number => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] || b : b);

/** Windows-1252 bytes -> UTF-8 bytes, byte by byte without building strings. */
function windows1252ToUtf8(bytes: Uint8Array): Uint8Array {
  let size = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = cp1252(bytes[i]);
    size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = cp1252(bytes[i]);
    if (c < 0x80) out[at++] = c;
    else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

/**
 * Decodes `bytes` from `encoding` and re-encodes them as UTF-8 (without BOM). Windows-1252 is
 * mapped byte by byte; UTF-16 goes through TextDecoder in chunks so no single string holds
 * the whole file.
 */
export function transcodeToUtf8(bytes: Uint8Array, encoding: TextEncodingLabel): Uint8Array {
  if (encoding === 'windows-1252') return windows1252ToUtf8(bytes);
  const decoder = new TextDecoder(encoding);
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let total = 0;
  const step = 1 << 20;
  for (let i = 0; i < bytes.length; i += step) {
    const end = Math.min(bytes.length, i + step);
    const part = encoder.encode(
      decoder.decode(bytes.subarray(i, end), { stream: end < bytes.length }),
    );
    parts.push(part);
    total += part.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  // TextDecoder drops a leading BOM itself; this guards a BOM that survived as U+FEFF.
  return out[0] === 0xef && out[1] === 0xbb && out[2] === 0xbf ? out.subarray(3) : out;
}
