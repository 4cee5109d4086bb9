/**
 * Ingest benchmark: the Online Retail CSV picked in the studio's file input (headless Chromium,
 * DuckDB-WASM) beside native DuckDB (`@duckdb/node-api`, 1 thread) reading the same file with
 * `CREATE TABLE AS SELECT * FROM read_csv(...)`. Ours = the page's marks `ingest:start` ->
 * `ingest:table` (the DuckDB table exists); start -> `ingest:ready` (roles, views, preview,
 * quality done) is printed too. Best of 3 for both. Target: at most 2.0x native.
 * Run: npx tsx test/bench/ingest.ts [--build]
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { machineLine, openBenchPage, printJson, retailCsv, skip, startBrowser } from './browser';

const RUNS = 3;
const TARGET = 2;

/** Native DuckDB at 1 thread, a fresh in-memory database per run; ms of the CREATE TABLE. */
async function nativeOnce(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const t0 = performance.now();
  await conn.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`);
  const ms = performance.now() - t0;
  const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
  conn.closeSync();
  instance.closeSync();
  if (rows !== 541_909) console.log(`native: unexpected row count ${rows}`);
  return ms;
}

if (!fs.existsSync(retailCsv)) {
  skip('ingest', `${retailCsv} not found`);
  process.exit(0);
}
const label = path.basename(retailCsv);
const b = await startBrowser();
try {
  console.log(machineLine(b.browser));
  const table: number[] = [];
  const ready: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh page per run, with DuckDB already started: the timing starts at the pick.
    const page = await openBenchPage(b);
    await page.evaluate(async () => {
      const s = (
        globalThis as unknown as { __segmentStudio: { studio: { db(): Promise<unknown> } } }
      ).__segmentStudio;
      await s.studio.db();
    });
    await page.getByTestId('file-input').setInputFiles(retailCsv);
    await page.waitForFunction(
      (name) => performance.getEntriesByName(`ingest:ready:${name}`).length > 0,
      label,
      { timeout: 300_000, polling: 50 },
    );
    const m = await page.evaluate((name) => {
      const at = (k: string) => performance.getEntriesByName(`ingest:${k}:${name}`)[0].startTime;
      return { table: at('table') - at('start'), ready: at('ready') - at('start') };
    }, label);
    console.log(
      `browser run ${run + 1}: table ${m.table.toFixed(0)} ms, ready ${m.ready.toFixed(0)} ms`,
    );
    table.push(m.table);
    ready.push(m.ready);
    await page.context().close();
  }
  const native: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    native.push(await nativeOnce(retailCsv));
    console.log(`native-1t run ${run + 1}: ${native[run].toFixed(0)} ms`);
  }
  const ours = Math.min(...table);
  const anchor = Math.min(...native);
  const ratio = ours / anchor;
  console.log(
    `${label} (541,909 rows), best of ${RUNS}: browser pick -> table ${ours.toFixed(0)} ms, pick -> ready ${Math.min(...ready).toFixed(0)} ms; native DuckDB 1 thread CREATE TABLE AS read_csv ${anchor.toFixed(0)} ms`,
  );
  console.log(
    `ratio ${ratio.toFixed(2)}x native, target <= ${TARGET}x: ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
  );
  printJson({
    bench: 'ingest',
    ours_ms: Math.round(ours),
    anchor: 'duckdb-native-1t',
    anchor_ms: Math.round(anchor),
    ratio,
    target: TARGET,
    ready_ms: Math.round(Math.min(...ready)),
    stat: `best of ${RUNS}`,
  });
} finally {
  await b.close();
}
