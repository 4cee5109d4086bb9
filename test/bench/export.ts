/**
 * Export benchmark (`npm run bench -- export`): a 1,000,000-customer assignment (customer id,
 * segment id and name, five features) written as CSV and as Parquet by the studio in headless
 * Chromium (DuckDB-WASM streams the rows; the studio writes CSV with formula neutralising and
 * Parquet with hyparquet-writer into a Blob, as a download), beside native DuckDB's `COPY ... TO`
 * of the same SELECT over the same rows in the same run (@duckdb/node-api, 1 thread: the page has
 * one). Both sides run the export SQL the studio builds (exportSelect). ours_ms = CSV + Parquet
 * medians in Chromium; anchor_ms = the same for native COPY. Target: within 3x.
 * Run: npx tsx test/bench/export.ts [--build] [--rows=N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { exportSelect, type ExportPlan } from '../../src/lib/export/query';
import type { ExportFormat } from '../../src/lib/export/formats';
import { literal } from '../../src/lib/sql/quote';
import { machineLine, openBenchPage, printJson, startBrowser } from './browser';

const RUNS = 3;
const K = 6;
const rowsArg = process.argv.find((a) => a.startsWith('--rows='));
const N = rowsArg ? Number(rowsArg.slice(7)) : 1_000_000;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(', ');

const plan: ExportPlan = {
  assignTable: 'bench_export_assign',
  segmentsTable: 'bench_export_segments',
  features: {
    table: 'bench_export_raw',
    columns: ['recency', 'frequency', 'monetary', 'tenure', 'aov'].map((name) => ({ name })),
  },
};
/** The same synthetic customers on both sides, in customer id order (as computeFeatures makes). */
const setupSql = `CREATE OR REPLACE TABLE bench_export_raw AS
SELECT printf('C%07d', range) AS customer_id,
  (range * 37 % 365)::DOUBLE AS recency,
  (1 + range % 23)::DOUBLE AS frequency,
  round((range * 7.31) % 5000, 2) AS monetary,
  (range * 13 % 900)::DOUBLE AS tenure,
  round(((range * 7.31) % 5000) / (1 + range % 23), 4) AS aov
FROM range(${N}) ORDER BY customer_id`;

// Native DuckDB: the same tables, then COPY of the same SELECT.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-studio-bench-export-'));
async function native(threads: string) {
  const conn = await (await DuckDBInstance.create(':memory:', { threads })).connect();
  await conn.run(setupSql);
  await conn.run(
    `CREATE TABLE ${plan.assignTable} AS SELECT ((range * 7919) % ${K})::INTEGER AS seg FROM range(${N})`,
  );
  await conn.run(
    `CREATE TABLE ${plan.segmentsTable} AS SELECT range::INTEGER AS idx, 's' || (range + 1) AS segment_id, 'Segment ' || (range + 1) AS segment_name FROM range(${K})`,
  );
  const out: Record<ExportFormat, { ms: number[]; bytes: number }> = {
    csv: { ms: [], bytes: 0 },
    parquet: { ms: [], bytes: 0 },
    jsonl: { ms: [], bytes: 0 },
  };
  for (const format of ['csv', 'parquet'] as const) {
    const file = path.join(dir, `native.${format}`);
    const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
    for (let run = 0; run <= RUNS; run++) {
      const t0 = performance.now();
      await conn.run(`COPY (${exportSelect(plan)}) TO ${literal(file)} (${options})`);
      if (run > 0) out[format].ms.push(performance.now() - t0);
    }
    out[format].bytes = fs.statSync(file).size;
  }
  const sum = await conn.runAndReadAll('SELECT sum(monetary)::DOUBLE FROM bench_export_raw');
  conn.closeSync();
  return { ...out, monetary: Number(sum.getRows()[0]![0]) };
}
const one = await native('1');
const all = await native(String(os.cpus().length));
fs.rmSync(dir, { recursive: true, force: true });

// The studio in Chromium.
type Run = {
  ms: number;
  rows: number;
  bytes: number;
  longestFrameMs: number;
  check?: { rows: number; rowGroups: number; monetary: number };
};
type Hook = {
  __segmentStudio: { exportBench(o: unknown): Promise<Run> };
};
const b = await startBrowser();
const ours: Record<'csv' | 'parquet', Run[]> = { csv: [], parquet: [] };
try {
  console.log(machineLine(b.browser));
  const page = await openBenchPage(b);
  for (const format of ['csv', 'parquet'] as const) {
    for (let run = 0; run <= RUNS; run++) {
      const r = await page.evaluate(
        (o) => (globalThis as unknown as Hook).__segmentStudio.exportBench(o),
        { setupSql: run === 0 ? setupSql : 'SELECT 1', plan, n: N, k: K, format },
      );
      if (r.rows !== N) throw new Error(`the browser wrote ${r.rows} rows, not ${N}`);
      // The Parquet file, read back, holds every row and the same values (in row groups encoded
      // apart and put together).
      const c = r.check;
      if (
        format === 'parquet' &&
        (!c || c.rows !== N || Math.abs(c.monetary / one.monetary - 1) > 1e-9)
      )
        throw new Error(`the browser's Parquet file reads back wrong: ${JSON.stringify(c)}`);
      if (run > 0) ours[format].push(r);
    }
  }
} finally {
  await b.close();
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
for (const format of ['csv', 'parquet'] as const) {
  const runs = ours[format];
  console.log(
    `${format}: Chromium median ${median(runs.map((r) => r.ms)).toFixed(0)} ms [${fmt(runs.map((r) => r.ms))}], ${mb(runs[0].bytes)} MB${runs[0].check ? ` (read back: ${runs[0].check.rows} rows in ${runs[0].check.rowGroups} row groups, same monetary sum)` : ''}, longest frame gap ${Math.max(...runs.map((r) => r.longestFrameMs)).toFixed(0)} ms; ` +
      `native COPY 1 thread ${median(one[format].ms).toFixed(0)} ms [${fmt(one[format].ms)}], ${mb(one[format].bytes)} MB; ` +
      `all ${os.cpus().length} cores ${median(all[format].ms).toFixed(0)} ms`,
  );
}
const oursMs = median(ours.csv.map((r) => r.ms)) + median(ours.parquet.map((r) => r.ms));
const anchorMs = median(one.csv.ms) + median(one.parquet.ms);
printJson({
  bench: 'export',
  ours_ms: Math.round(oursMs),
  anchor: 'duckdb-native COPY',
  anchor_ms: Math.round(anchorMs),
  ratio: oursMs / anchorMs,
  target: 3,
  rows: N,
  csv_ms: Math.round(median(ours.csv.map((r) => r.ms))),
  parquet_ms: Math.round(median(ours.parquet.map((r) => r.ms))),
  native_csv_ms: Math.round(median(one.csv.ms)),
  native_parquet_ms: Math.round(median(one.parquet.ms)),
  longest_frame_ms: Math.round(
    Math.max(...[...ours.csv, ...ours.parquet].map((r) => r.longestFrameMs)),
  ),
});
