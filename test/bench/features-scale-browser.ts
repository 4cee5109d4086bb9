/**
 * Scale check in the browser tab: 10M synthetic transactions / 1M customers generated inside the
 * studio's DuckDB-WASM, then RFM + 10 features computed by the studio's computeFeatures. Reports
 * the time and the peak resident memory of Chromium's processes (sampled every 250 ms; the tab's
 * renderer and DuckDB's worker live there). Run: npx tsx test/bench/features-scale-browser.ts
 */
import { benchFeatureSpec, scaleSource, SYNTH_SQL } from './features-spec';
import {
  browserPid,
  machineLine,
  openBenchPage,
  printJson,
  startBrowser,
  treeRssMb,
} from './browser';

const b = await startBrowser();
try {
  console.log(machineLine(b.browser));
  const page = await openBenchPage(b);
  const pid = browserPid();
  const idle = treeRssMb(pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(pid))), 250);
  const spec = { ...benchFeatureSpec(), asOf: '2024-01-01' };
  type Hook = {
    __segmentStudio: {
      studio: { db(): Promise<{ exec(s: string): Promise<void> }> };
      computeFeatures(spec: unknown, source: unknown): Promise<{ ms: number; customers: number }>;
    };
  };
  const r = await page.evaluate(
    async ({ synth, spec, source }) => {
      const hook = (globalThis as unknown as Hook).__segmentStudio;
      const db = await hook.studio.db();
      const t0 = performance.now();
      await db.exec(synth);
      const genMs = performance.now() - t0;
      const f = await hook.computeFeatures(spec, source);
      return { genMs, ...f };
    },
    { synth: SYNTH_SQL, spec, source: scaleSource() },
  );
  clearInterval(sampler);
  peak = Math.max(peak, treeRssMb(pid));
  console.log(`generated 10M transactions in the tab in ${r.genMs.toFixed(0)} ms`);
  console.log(
    `computeFeatures: ${r.customers.toLocaleString('en')} customers in ${r.ms.toFixed(0)} ms`,
  );
  console.log(
    `Chromium processes: ${idle.toFixed(0)} MB idle, peak ${peak.toFixed(0)} MB resident`,
  );
  printJson({
    bench: 'features-scale',
    ours_ms: Math.round(r.ms),
    anchor: 'none',
    anchor_ms: 0,
    ratio: 0,
    target: 0,
    rows: 10_000_000,
    customers: r.customers,
    peak_rss_mb: Math.round(peak),
    where: 'headless Chromium tab',
  });
} finally {
  await b.close();
}
