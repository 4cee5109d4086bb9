/**
 * The export benchmark's browser side (`npm run bench -- export`): the studio's export path on
 * `n` synthetic customers already in DuckDB, timed from the assignment in memory to a complete
 * file, with the longest gap between animation frames while it runs.
 */
import { vectorOf } from '../lib/ingest/vector';
import { Int32, makeVector, Table, Utf8 } from 'apache-arrow';
import { exportColumns, exportSelect, type ExportPlan } from '../lib/export/query';
import { writeExportFile } from '../lib/export/run';
import { blobSink } from '../lib/export/sink';
import type { ExportFormat } from '../lib/export/formats';
import type { Studio } from './studio.svelte';
import { parquetMetadata, parquetRead } from 'hyparquet';

/** What one timed export did. */
export interface ExportBenchRun {
  ms: number;
  rows: number;
  bytes: number;
  /** Longest time between two animation frames during the export (ms). */
  longestFrameMs: number;
  /** A Parquet file read back: rows, row groups, and the sum of its monetary column. */
  check?: { rows: number; rowGroups: number; monetary: number };
}

/**
 * Runs `setupSql` (untimed: it makes `plan.features.table`), then times one export of
 * `format`: the assignment `seg[i] = (i * 7919) % k` put into DuckDB, the rows streamed and
 * written into a Blob as a download would be.
 */
export async function exportBench(
  studio: Studio,
  opts: {
    setupSql: string;
    plan: ExportPlan;
    n: number;
    k: number;
    format: ExportFormat;
    /** Encode Parquet on the page's thread rather than in the worker (for comparison). */
    onThread?: boolean;
  },
): Promise<ExportBenchRun> {
  const db = await studio.db();
  await db.exec(opts.setupSql);
  const seg = new Int32Array(opts.n);
  for (let i = 0; i < opts.n; i++) seg[i] = (i * 7919) % opts.k;
  const names = Array.from({ length: opts.k }, (_, i) => `Segment ${i + 1}`);
  let longestFrameMs = 0;
  let last = performance.now();
  let watching = true;
  const frame = (t: number) => {
    longestFrameMs = Math.max(longestFrameMs, t - last);
    last = t;
    if (watching) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const t0 = performance.now();
  await db.insertArrow(
    opts.plan.assignTable,
    new Table({ seg: makeVector({ type: new Int32(), data: seg }) }),
  );
  await db.insertArrow(
    opts.plan.segmentsTable,
    new Table({
      idx: makeVector({ type: new Int32(), data: Int32Array.from(names, (_, i) => i) }),
      segment_id: vectorOf(
        names.map((_, i) => `s${i + 1}`),
        new Utf8(),
      ),
      segment_name: vectorOf(names, new Utf8()),
    }),
  );
  let bytes = 0;
  let file: Blob | null = null;
  const sink = blobSink('application/octet-stream', (b) => {
    bytes = b.size;
    file = b;
  });
  const rows = await writeExportFile(
    db,
    {
      sql: exportSelect(opts.plan),
      columns: exportColumns(opts.plan),
      format: opts.format,
      safe: true,
    },
    sink,
    { parquet: opts.onThread ? undefined : studio.exporter.parquetEncoder },
  );
  const ms = performance.now() - t0;
  watching = false;
  const check = opts.format === 'parquet' && file ? await parquetCheck(file) : undefined;
  return { ms, rows, bytes, longestFrameMs, ...(check ? { check } : {}) };
}

/**
 * Reads a written Parquet file back (untimed): its row count, row groups, and the sum of its
 * `monetary` column, for the benchmark to compare with DuckDB's.
 */
async function parquetCheck(blob: Blob): Promise<ExportBenchRun['check']> {
  const file = await blob.arrayBuffer();
  const meta = parquetMetadata(file);
  let monetary = 0;
  await parquetRead({
    file,
    columns: ['monetary'],
    onComplete: (rows: unknown[][]) => {
      for (const r of rows) monetary += Number(r[0] ?? 0);
    },
  });
  return { rows: Number(meta.num_rows), rowGroups: meta.row_groups.length, monetary };
}
