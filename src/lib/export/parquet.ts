/**
 * Parquet written a row group at a time with hyparquet-writer (DuckDB-WASM 1.32 has no Parquet
 * extension built in, and loading one needs the internet). Each row group is encoded on its own
 * (so several can be encoded at once, in workers) and then placed in the file, its offsets moved
 * to where it lands; its bytes go to the sink, so the file is never held whole.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { RowGroup, SchemaElement } from 'hyparquet';
import type { ExportColumn, ParquetValues } from './columns';
import type { ByteSink } from './sink';

/** Rows per row group: large enough for good compression, small enough to stream. */
export const ROW_GROUP_ROWS = 100_000;

const CREATED_BY = 'Segment Studio (hyparquet-writer)';
/** The "PAR1" a Parquet file starts with: a row group encoded alone begins after it. */
const MAGIC_BYTES = 4;

/** What hyparquet-writer keeps per column chunk for the footer's page indexes. */
type PageIndexes = ParquetWriter['pendingIndexes'][number];

/** One row group encoded on its own, as if its data began the file, and what the footer needs. */
export interface EncodedGroup {
  bytes: Uint8Array;
  rowGroup: RowGroup;
  indexes: PageIndexes[];
  rows: number;
}

/** The Parquet schema of an export: text as UTF-8 strings, numbers as doubles, all nullable. */
export function parquetSchema(columns: readonly ExportColumn[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((c): SchemaElement =>
      c.kind === 'number'
        ? { name: c.name, type: 'DOUBLE', repetition_type: 'OPTIONAL' }
        : {
            name: c.name,
            type: 'BYTE_ARRAY',
            converted_type: 'UTF8',
            repetition_type: 'OPTIONAL',
          },
    ),
  ];
}

/** Encodes batches of rows (in order) as one row group. Pure: runs in a worker as well. */
export function encodeRowGroup(
  columns: readonly ExportColumn[],
  batches: readonly ParquetValues[],
  rows: number,
): EncodedGroup {
  const writer = new ByteWriter(1 << 20);
  const pq = new ParquetWriter({ writer, schema: parquetSchema(columns), createdBy: CREATED_BY });
  const columnData = columns.map((c, j) => ({
    name: c.name,
    data: c.kind === 'number' ? joinNumbers(batches, j, rows) : joinValues(batches, j, rows),
  }));
  void pq.write({ columnData, rowGroupSize: rows });
  return {
    bytes: new Uint8Array(writer.buffer.slice(MAGIC_BYTES, writer.index)),
    rowGroup: pq.row_groups[0]!,
    indexes: pq.pendingIndexes,
    rows,
  };
}

/** A ByteWriter that hands its bytes to a sink whenever it is flushed. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 16);
  }

  /** Sends the bytes written since the last flush; offsets in the file keep counting. */
  flush(): Promise<void> {
    if (!this.index) return Promise.resolve();
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink.write(bytes);
  }

  /** Sends `bytes` after what was written, without copying them into the buffer. */
  async pass(bytes: Uint8Array): Promise<void> {
    await this.flush();
    this.offset += bytes.length;
    await this.sink.write(bytes);
  }

  override finish(): void {}
}

/**
 * A Parquet file made of row groups encoded elsewhere, in order: each is written where it lands
 * and its offsets moved there, then the footer (page indexes, metadata) as the writer makes it.
 */
export class ParquetAssembler {
  private readonly writer: SinkWriter;
  private readonly pq: ParquetWriter;

  constructor(columns: readonly ExportColumn[], sink: ByteSink) {
    this.writer = new SinkWriter(sink);
    this.pq = new ParquetWriter({
      writer: this.writer,
      schema: parquetSchema(columns),
      createdBy: CREATED_BY,
    });
  }

  /** Places the next row group. */
  async append(group: EncodedGroup): Promise<void> {
    const delta = BigInt(this.writer.offset - MAGIC_BYTES);
    // The row group's and the indexes' chunks are the same objects (also after a postMessage,
    // which keeps shared references): each is moved once.
    const chunks = new Set([...group.rowGroup.columns, ...group.indexes.map((x) => x.chunk)]);
    for (const chunk of chunks) {
      chunk.file_offset += delta;
      const meta = chunk.meta_data;
      if (meta) {
        meta.data_page_offset += delta;
        if (meta.dictionary_page_offset !== undefined) meta.dictionary_page_offset += delta;
      }
    }
    for (const { offsetIndex } of group.indexes)
      for (const page of offsetIndex?.page_locations ?? []) page.offset += delta;
    await this.writer.pass(group.bytes);
    this.pq.row_groups.push(group.rowGroup);
    this.pq.num_rows += BigInt(group.rows);
    this.pq.pendingIndexes.push(...group.indexes);
  }

  /** Writes the footer. */
  async end(): Promise<void> {
    void this.pq.finish();
    await this.writer.flush();
  }
}

/** Writes batches of rows as one Parquet file into a sink, on this thread. */
export class ParquetStream {
  private readonly file: ParquetAssembler;
  private pending: ParquetValues[] = [];
  private pendingRows = 0;

  constructor(
    private readonly columns: readonly ExportColumn[],
    sink: ByteSink,
    private readonly groupRows = ROW_GROUP_ROWS,
  ) {
    this.file = new ParquetAssembler(columns, sink);
  }

  /** Adds a batch; a full row group is encoded and sent. */
  async add(values: ParquetValues, rows: number): Promise<void> {
    if (!rows) return;
    this.pending.push(values);
    this.pendingRows += rows;
    if (this.pendingRows >= this.groupRows) await this.flushGroup();
  }

  /** Writes the last row group and the footer. */
  async end(): Promise<void> {
    if (this.pendingRows) await this.flushGroup();
    await this.file.end();
  }

  private async flushGroup(): Promise<void> {
    const group = encodeRowGroup(this.columns, this.pending, this.pendingRows);
    this.pending = [];
    this.pendingRows = 0;
    await this.file.append(group);
  }
}

/** Column `j` of the batches as one Float64Array, or an array when it holds nulls. */
function joinNumbers(
  batches: readonly ParquetValues[],
  j: number,
  rows: number,
): Float64Array | (number | null)[] {
  const hasNull = batches.some((b) => {
    const col = b[j]!;
    return !(col instanceof Float64Array) && (col as readonly unknown[]).includes(null);
  });
  if (!hasNull) {
    const out = new Float64Array(rows);
    let k = 0;
    for (const b of batches) {
      const col = b[j] as Float64Array | readonly number[];
      out.set(col, k);
      k += col.length;
    }
    return out;
  }
  const out = new Array<number | null>(rows);
  let k = 0;
  for (const b of batches) {
    const col = b[j] as Float64Array | readonly (number | null)[];
    for (let i = 0; i < col.length; i++) out[k++] = col[i]!;
  }
  return out;
}

/** Column `j` of the batches as one array. */
function joinValues(batches: readonly ParquetValues[], j: number, rows: number): unknown[] {
  const out = new Array<unknown>(rows);
  let k = 0;
  for (const b of batches) {
    const col = b[j]!;
    for (let i = 0; i < col.length; i++) out[k++] = col[i];
  }
  return out;
}
