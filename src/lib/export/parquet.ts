/**
 * Parquet written a row group at a time with hyparquet-writer (DuckDB-WASM 1.32 has no Parquet
 * extension built in, and loading one needs the internet). Each finished row group's bytes go to
 * the sink and leave this writer's buffer, so the file is never held whole.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { ExportColumn, ParquetValues } from './columns';
import type { ByteSink } from './sink';

/** Rows per row group: large enough for good compression, small enough to stream. */
export const ROW_GROUP_ROWS = 100_000;

/** A ByteWriter that hands its bytes to a sink whenever the Parquet writer flushes. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }

  /** Sends the bytes written since the last flush; offsets in the file keep counting. */
  flush(): Promise<void> {
    const bytes = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.sink.write(bytes);
  }

  override finish(): void {}
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

/** Writes batches of rows as one Parquet file into a sink. */
export class ParquetStream {
  private readonly writer: SinkWriter;
  private readonly pq: ParquetWriter;
  private pending: ParquetValues[] = [];
  private pendingRows = 0;

  constructor(
    private readonly columns: readonly ExportColumn[],
    sink: ByteSink,
  ) {
    this.writer = new SinkWriter(sink);
    this.pq = new ParquetWriter({
      writer: this.writer,
      schema: parquetSchema(columns),
      createdBy: 'Segment Studio (hyparquet-writer)',
    });
  }

  /** Adds a batch; a full row group is encoded and sent. */
  async add(values: ParquetValues, rows: number): Promise<void> {
    if (!rows) return;
    this.pending.push(values);
    this.pendingRows += rows;
    if (this.pendingRows >= ROW_GROUP_ROWS) await this.flushGroup();
  }

  /** Writes the last row group and the footer. */
  async end(): Promise<void> {
    if (this.pendingRows) await this.flushGroup();
    this.pq.finish();
    await this.writer.flush();
  }

  private async flushGroup(): Promise<void> {
    const rows = this.pendingRows;
    const batches = this.pending;
    this.pending = [];
    this.pendingRows = 0;
    const columnData = this.columns.map((c, j) => ({
      name: c.name,
      data: c.kind === 'number' ? joinNumbers(batches, j, rows) : joinValues(batches, j, rows),
    }));
    await this.pq.write({ columnData, rowGroupSize: rows });
  }
}

/** Column `j` of the batches as one Float64Array, or an array when it holds nulls. */
function joinNumbers(
  batches: ParquetValues[],
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
function joinValues(batches: ParquetValues[], j: number, rows: number): unknown[] {
  const out = new Array<unknown>(rows);
  let k = 0;
  for (const b of batches) {
    const col = b[j];
    for (let i = 0; i < col.length; i++) out[k++] = col[i];
  }
  return out;
}
