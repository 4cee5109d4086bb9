/** Parquet -> Arrow with hyparquet (DuckDB-WASM has no parquet extension offline). */
import type { Table } from 'apache-arrow';
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { columnsToTable, uniqueNames, type RawColumn } from './arrow';
import { IngestError } from './errors';

type Chunk = { rowStart: number; rowEnd: number; data: ArrayLike<unknown> };
type TypedCtor = new (n: number) => ArrayLike<unknown>;

function truncated(fileName: string, detail: string, cause?: unknown): IngestError {
  return new IngestError(
    'truncated_parquet',
    `"${fileName}" is an incomplete or damaged Parquet file (${detail}).`,
    'The download or copy was probably cut off: fetch or export the file again.',
    cause === undefined ? {} : { cause },
  );
}

/** Joins a column's chunks in row order; chunks that are all one typed-array type stay typed. */
function joinChunks(chunks: Chunk[], numRows: number): ArrayLike<unknown> {
  chunks.sort((a, b) => a.rowStart - b.rowStart);
  const first = chunks[0]?.data;
  const ctor = first && ArrayBuffer.isView(first) ? (first.constructor as TypedCtor) : undefined;
  const sameTyped = ctor !== undefined && chunks.every((c) => c.data.constructor === ctor);
  const out: ArrayLike<unknown> & { [i: number]: unknown } = sameTyped
    ? (new ctor(numRows) as ArrayLike<unknown> & { [i: number]: unknown })
    : new Array<unknown>(numRows).fill(null);
  for (const c of chunks) {
    const n = Math.min(c.rowEnd, numRows) - c.rowStart;
    for (let i = 0; i < n; i++) out[c.rowStart + i] = c.data[i];
  }
  return out;
}

/** Reads the footer, mapping every failure to a clear 'truncated_parquet' error. */
export function readParquetMetadata(buffer: ArrayBuffer, fileName = 'file'): FileMetaData {
  const bytes = new Uint8Array(buffer);
  const tail = bytes.subarray(Math.max(0, bytes.length - 4));
  if (bytes.length < 12 || String.fromCharCode(...tail) !== 'PAR1') {
    throw truncated(fileName, 'the end-of-file marker is missing');
  }
  try {
    return parquetMetadata(buffer);
  } catch (e) {
    throw truncated(fileName, 'its footer cannot be read', e);
  }
}

/**
 * Reads a whole Parquet file (all row groups, all top-level columns) into an Arrow table.
 * INT64 stays Int64, decimals become Float64, timestamps become timestamps, dates become
 * dates, nested lists/structs become JSON text. Throws IngestError for damaged files.
 */
export async function readParquet(
  buffer: ArrayBuffer,
  fileName = 'file',
): Promise<{ table: Table; warnings: string[]; rowCount: number }> {
  const metadata = readParquetMetadata(buffer, fileName);
  const numRows = Number(metadata.num_rows);
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  if (numRows === 0) {
    throw new IngestError('no_rows', `"${fileName}" has no rows.`, 'Choose a file with data.');
  }
  const chunks = new Map<string, Chunk[]>(names.map((n) => [n, []]));
  try {
    await parquetRead({
      file: buffer,
      metadata,
      compressors,
      onChunk({ columnName, columnData, rowStart, rowEnd }) {
        chunks.get(columnName)?.push({ rowStart, rowEnd, data: columnData });
      },
    });
  } catch (e) {
    if (e instanceof RangeError && !/allocation|memory/i.test(e.message)) {
      throw truncated(fileName, `a data page is cut short: ${e.message}`, e);
    }
    if (e instanceof Error && /out of memory|allocation/i.test(e.message)) throw e;
    throw truncated(fileName, e instanceof Error ? e.message : String(e), e);
  }
  const unique = uniqueNames(names);
  const columns: RawColumn[] = names.map((n, i) => ({
    name: unique[i],
    values: joinChunks(chunks.get(n) ?? [], numRows),
  }));
  const { table, warnings } = columnsToTable(columns);
  return { table, warnings, rowCount: numRows };
}
