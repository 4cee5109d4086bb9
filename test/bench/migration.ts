/**
 * Migration benchmark (issue 17): the Online Retail file (541,909 rows) loaded through the file
 * input in headless Chromium, RFM features at an as-of date of 2011-06-01 (A) and the RFM
 * segments, then the Track step's migration to 2011-12-10 (B): the frozen model and segments
 * re-applied without refitting, and the transition matrix. Timed from the call to the result,
 * median of 3. Target: 2 s (absolute: anchor "target").
 * Run: npx tsx test/bench/migration.ts [--build]
 */
import fs from 'node:fs';
import path from 'node:path';
import { machineLine, openBenchPage, printJson, retailCsv, skip, startBrowser } from './browser';

const TARGET_MS = 2000;
const RUNS = 3;
const A = '2011-06-01';
const B = '2011-12-10';

/** The parts of the page's bench hook used here (see src/state/bench-hook.ts). */
interface Hook {
  studio: {
    goTo(step: string): void;
    computeFeatures(): Promise<boolean>;
    features: { setAsOf(d: string): void; result: unknown };
    segments: { counts: Int32Array | null };
    track: {
      migration: {
        mode: string;
        date: string;
        compute(): Promise<void>;
        result: { matrix: { counts: number[][] } } | null;
        error: string | null;
      };
    };
  };
}
type G = { __segmentStudio: Hook };

if (!fs.existsSync(retailCsv)) {
  skip('migration', `${retailCsv} not found`);
  process.exit(0);
}
const label = path.basename(retailCsv);
const b = await startBrowser();
try {
  console.log(machineLine(b.browser));
  const page = await openBenchPage(b);
  await page.getByTestId('file-input').setInputFiles(retailCsv);
  await page.waitForFunction(
    (name) => performance.getEntriesByName(`ingest:ready:${name}`).length > 0,
    label,
    { timeout: 300_000, polling: 100 },
  );
  const customers = await page.evaluate(async (asOf) => {
    const { studio } = (globalThis as unknown as G).__segmentStudio;
    studio.features.setAsOf(asOf);
    studio.goTo('segments');
    await studio.computeFeatures();
    for (let i = 0; i < 600 && !studio.segments.counts; i++)
      await new Promise((r) => setTimeout(r, 100));
    return Array.from(studio.segments.counts ?? []).reduce((a, c) => a + c, 0);
  }, A);
  console.log(`segments at A (${A}): ${customers.toLocaleString('en')} customers`);
  const times: number[] = [];
  let moved = '';
  for (let run = 0; run < RUNS; run++) {
    const r = await page.evaluate(async (date) => {
      const m = (globalThis as unknown as G).__segmentStudio.studio.track.migration;
      m.mode = 'date';
      m.date = date;
      const t0 = performance.now();
      await m.compute();
      const ms = performance.now() - t0;
      if (m.error || !m.result) throw new Error(m.error ?? 'no result');
      const total = m.result.matrix.counts.flat().reduce((a, c) => a + c, 0);
      return { ms, total };
    }, B);
    console.log(
      `run ${run + 1}: ${r.ms.toFixed(0)} ms (${r.total.toLocaleString('en')} customers in the matrix)`,
    );
    times.push(r.ms);
    moved = `${r.total}`;
  }
  const median = times.slice().sort((x, y) => x - y)[Math.floor(RUNS / 2)];
  console.log(`migration ${A} -> ${B}: median ${median.toFixed(0)} ms (target ${TARGET_MS} ms)`);
  printJson({
    bench: 'migration',
    ours_ms: Math.round(median),
    anchor: 'target',
    anchor_ms: TARGET_MS,
    ratio: median / TARGET_MS,
    target: 1,
    customers_in_matrix: Number(moved),
  });
} finally {
  await b.close();
}
