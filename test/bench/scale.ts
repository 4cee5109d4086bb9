/**
 * Scale benchmark. Command-line tool: 10M and 50M generated transactions (Parquet written by
 * native DuckDB from hashed `range()`, in a temporary folder removed afterwards) through
 * `segment-studio apply` with a config the studio's library made on a 200,000-row sample; time,
 * rows per second and the child's peak resident memory (`/usr/bin/time -v`). Target: 50M in
 * under 60 s. Browser: 1M, 5M and 10M transactions generated in the tab's DuckDB-WASM and
 * segmented on the studio's own path (features, the segment arrays, RFM); time, rows per second
 * and the peak resident memory of Chromium's processes; then the largest customer count the tab
 * holds (two orders of four lines each, stepping up until it fails, and the message it fails
 * with).
 * Run: npx tsx test/bench/scale.ts [--build] [--cli-only] [--browser-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultSpec } from '../../src/lib/features/from-tables';
import { defaultSegmentsConfig } from '../../src/lib/segment/config';
import { loadedTableRef } from '../../src/lib/db/types';
import { literal } from '../../src/lib/sql/quote';
import { sessionConfig, studioSession } from '../unit/studio-path';
import {
  browserPid,
  machineLine,
  openBenchPage,
  printJson,
  repoRoot,
  startBrowser,
  treeRssMb,
} from './browser';
import { scaleSource, synthSelect } from './features-spec';

const TARGET_MS = 60_000;
const spec = {
  ...defaultSpec(['recency', 'frequency', 'monetary', 'tenure', 'aov']),
  asOf: '2024-01-01',
};
const roles = {
  cid: 'customer_id',
  ts: 'datetime',
  order_id: 'order_id',
  qty: 'quantity',
  price: 'unit_price',
  cat: 'category',
} as const;
const only = (flag: string) => process.argv.includes(flag);
const mb = (x: number) => `${Math.round(x).toLocaleString('en')} MB`;
const rate = (rows: number, ms: number) => `${(((rows / ms) * 1000) / 1e6).toFixed(2)}M rows/s`;

console.log(machineLine());
const dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-scale-'));
const cli: Record<string, { ms: number; peakMb: number; customers: number }> = {};
const tab: {
  rows: number;
  customers: number;
  genMs: number;
  ms: number;
  peakMb: number;
  error: string | null;
}[] = [];
let largest = 0;
let failure: string | null = null;

async function writeParquet(file: string, rows: number, customers: number): Promise<number> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const t0 = performance.now();
  await conn.run(`COPY (${synthSelect(rows, customers)}) TO ${literal(file)} (FORMAT parquet)`);
  conn.closeSync();
  return performance.now() - t0;
}

/** Runs the CLI's apply under /usr/bin/time -v; wall time and peak resident memory. */
function applyTimed(config: string, data: string, out: string) {
  const bin = path.join(repoRoot, 'src', 'cli', 'bin.mjs');
  const args = ['apply', '--config', config, '--data', data, '--out', out, '--json', '--quiet'];
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`apply failed (${r.status}): ${r.stderr}`);
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const json = JSON.parse(r.stdout) as { customers: number; digest: string; seconds: number };
  return { ms, peakMb: kb ? Number(kb[1]) / 1024 : NaN, ...json };
}

try {
  if (!only('--browser-only')) {
    // The config: the studio's library on a sample, as a user would make it in the browser.
    const sample = path.join(dir, 'sample.parquet');
    await writeParquet(sample, 200_000, 20_000);
    const s = await studioSession([{ path: sample, roles }], spec);
    const config = path.join(dir, 'segmentation.json');
    writeFileSync(config, JSON.stringify(sessionConfig(s, defaultSegmentsConfig())));
    s.db.close();
    for (const [label, rows] of [
      ['10M', 10_000_000],
      ['50M', 50_000_000],
    ] as const) {
      const file = path.join(dir, `transactions-${label}.parquet`);
      const genMs = await writeParquet(file, rows, rows / 10);
      console.log(
        `CLI ${label}: generated ${path.basename(file)} (${mb(statSync(file).size / 2 ** 20)}) with native DuckDB in ${(genMs / 1000).toFixed(1)} s`,
      );
      const r = applyTimed(config, file, path.join(dir, `assignments-${label}.parquet`));
      cli[label] = { ms: r.ms, peakMb: r.peakMb, customers: r.customers };
      console.log(
        `CLI ${label}: apply ${(r.ms / 1000).toFixed(1)} s wall (${r.seconds} s inside), ${rate(rows, r.ms)}, ${r.customers.toLocaleString('en')} customers, peak ${mb(r.peakMb)} resident, digest ${r.digest.slice(0, 16)}`,
      );
      rmSync(file, { force: true });
    }
  }
  if (!only('--cli-only')) {
    const b = await startBrowser();
    try {
      console.log(machineLine(b.browser));
      type Hook = {
        __segmentStudio: {
          studio: { db(): Promise<{ exec(s: string): Promise<void> }> };
          segment(
            spec: unknown,
            source: unknown,
          ): Promise<{ customers: number; ms: number; featuresMs: number; error: string | null }>;
        };
      };
      const run = async (rows: number, customers: number, each = false) => {
        const page = await openBenchPage(b);
        await page.waitForFunction(
          () => performance.getEntriesByName('studio:idle').length > 0,
          null,
          {
            timeout: 120_000,
          },
        );
        const pid = browserPid();
        let peak = treeRssMb(pid);
        const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), 250);
        try {
          const r = await page.evaluate(
            async ({ synth, spec, source }) => {
              const hook = (globalThis as unknown as Hook).__segmentStudio;
              const db = await hook.studio.db();
              const t0 = performance.now();
              try {
                await db.exec(synth);
              } catch (e) {
                return {
                  genMs: performance.now() - t0,
                  customers: 0,
                  ms: 0,
                  featuresMs: 0,
                  // The benchmark's own statement, not the studio's: the raw engine message.
                  error: `while generating the lines in the tab: ${String(e)}`,
                };
              }
              const genMs = performance.now() - t0;
              return { genMs, ...(await hook.segment(spec, source)) };
            },
            {
              // Where the studio stores a loaded file of this size (src/lib/db/types.ts).
              synth: `CREATE OR REPLACE TABLE ${loadedTableRef('synth', Infinity).target} AS ${synthSelect(rows, customers, each)}`,
              spec,
              source: scaleSource(),
            },
          );
          return { ...r, peakMb: Math.max(peak, treeRssMb(pid)) };
        } catch (e) {
          return {
            genMs: 0,
            customers: 0,
            ms: 0,
            featuresMs: 0,
            error: `the page failed: ${String(e).split('\n')[0]}`,
            peakMb: peak,
          };
        } finally {
          clearInterval(sampler);
          await page
            .context()
            .close()
            .catch(() => {});
        }
      };
      for (const rows of [1_000_000, 5_000_000, 10_000_000]) {
        const r = await run(rows, rows / 10);
        tab.push({ rows, ...r });
        console.log(
          r.error
            ? `browser ${rows / 1e6}M: FAILED after ${(r.genMs / 1000).toFixed(1)} s: ${r.error}`
            : `browser ${rows / 1e6}M transactions: generated in the tab ${(r.genMs / 1000).toFixed(1)} s; segmented ${r.customers.toLocaleString('en')} customers in ${(r.ms / 1000).toFixed(1)} s (features ${(r.featuresMs / 1000).toFixed(1)} s), ${rate(rows, r.ms)}; peak ${mb(r.peakMb)} resident (all Chromium processes)`,
        );
        if (!r.error) largest = Math.max(largest, r.customers);
      }
      for (const customers of [2_000_000, 3_000_000, 5_000_000, 7_000_000, 10_000_000]) {
        const r = await run(8 * customers, customers, true);
        console.log(
          r.error
            ? `browser, ${customers.toLocaleString('en')} customers x 2 orders (8 lines): FAILED: ${r.error}`
            : `browser, ${customers.toLocaleString('en')} customers x 2 orders (8 lines): generated in ${(r.genMs / 1000).toFixed(1)} s, segmented in ${(r.ms / 1000).toFixed(1)} s, peak ${mb(r.peakMb)}`,
        );
        if (r.error) {
          failure = r.error;
          break;
        }
        largest = Math.max(largest, r.customers);
      }
      console.log(`largest customer count the tab held: ${largest.toLocaleString('en')}`);
    } finally {
      await b.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ours = cli['50M']?.ms ?? NaN;
printJson({
  bench: 'scale',
  ours_ms: Math.round(ours),
  anchor: 'target',
  anchor_ms: TARGET_MS,
  ratio: ours / TARGET_MS,
  target: 1,
  cli: Object.fromEntries(
    Object.entries(cli).map(([k, v]) => [
      k,
      { ms: Math.round(v.ms), peak_mb: Math.round(v.peakMb), customers: v.customers },
    ]),
  ),
  browser: tab.map((t) => ({
    rows: t.rows,
    customers: t.customers,
    gen_ms: Math.round(t.genMs),
    ms: Math.round(t.ms),
    peak_mb: Math.round(t.peakMb),
    error: t.error,
  })),
  largest_customers_in_tab: largest,
  tab_failure: failure,
});
