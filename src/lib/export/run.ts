/** Writing one export file: rows from the database, batch by batch, into a sink. */
import type { RecordBatch } from 'apache-arrow';
import { batchValues, type ExportColumn } from './columns';
import { csvHeader } from './csv';
import { csvRows, jsonLines, type ExportFormat } from './formats';
import { ParquetStream } from './parquet';
import { TextChunker, type ByteSink } from './sink';

/** A database that hands a query's rows over batch by batch (the next batch after `f` settles). */
export interface BatchDb {
  forEachBatch(
    sql: string,
    f: (batch: RecordBatch) => void | Promise<void>,
    opts?: { signal?: AbortSignal },
  ): Promise<void>;
}

/** Encodes batches of rows into a file (Parquet): on this thread or in a worker. */
export interface RowEncoder {
  add(batch: RecordBatch): Promise<void>;
  end(): Promise<void>;
  /** Gives up (after a failure or cancel): frees what the encoder holds. */
  stop?(): void;
}

/** Makes a Parquet encoder writing into `sink`. */
export type EncoderFactory = (columns: readonly ExportColumn[], sink: ByteSink) => RowEncoder;

/** One file to write. */
export interface ExportFile {
  sql: string;
  columns: readonly ExportColumn[];
  format: ExportFormat;
  /** Neutralise formula-like text cells (CSV only). */
  safe: boolean;
}

/**
 * Streams the rows of `file.sql` into `sink` and closes it; returns the rows written. On any
 * failure or abort the sink is aborted (nothing half-written is kept) and the error rethrown.
 * `onRows` hears the running row count after each batch.
 */
export async function writeExportFile(
  db: BatchDb,
  file: ExportFile,
  sink: ByteSink,
  opts: {
    signal?: AbortSignal;
    onRows?: (rows: number) => void;
    /** Parquet encoder (default: on this thread). */
    parquet?: EncoderFactory;
  } = {},
): Promise<number> {
  const { columns, format } = file;
  let rows = 0;
  let parquet: RowEncoder | null = null;
  try {
    const text = new TextChunker(sink);
    if (format === 'parquet') parquet = (opts.parquet ?? parquetHere)(columns, sink);
    if (format === 'csv')
      await text.add(
        csvHeader(
          columns.map((c) => c.name),
          file.safe,
        ),
      );
    await db.forEachBatch(
      file.sql,
      async (batch) => {
        opts.signal?.throwIfAborted();
        const n = batch.numRows;
        if (parquet) await parquet.add(batch);
        else {
          const values = batchValues(batch, columns);
          await text.add(
            format === 'csv'
              ? csvRows(columns, values, n, file.safe)
              : jsonLines(columns, values, n),
          );
        }
        rows += n;
        opts.onRows?.(rows);
      },
      { signal: opts.signal },
    );
    opts.signal?.throwIfAborted();
    if (parquet) await parquet.end();
    else await text.flush();
    opts.signal?.throwIfAborted();
    await sink.close();
    return rows;
  } catch (err) {
    parquet?.stop?.();
    await sink.abort().catch(() => undefined);
    throw err;
  }
}

/** Parquet encoded on this thread (Node, tests): the batch's values straight to the writer. */
const parquetHere: EncoderFactory = (columns, sink) => {
  const stream = new ParquetStream(columns, sink);
  return {
    add: (batch) => stream.add(batchValues(batch, columns), batch.numRows),
    end: () => stream.end(),
  };
};
