/**
 * Browser k-sweep benchmark: k = 2..12 on 100,000 x 8 planted clusters in the studio's worker
 * pool, in headless Chromium (pool start + data load + sweep). Target: under 3 s.
 * Run: npx tsx test/bench/sweep.ts [--build]
 */
import { machineLine, openBenchPage, printJson, startBrowser } from './browser';

interface SweepHook {
  sweep(
    n: number,
    d: number,
    kMin: number,
    kMax: number,
  ): Promise<{ ms: number; loadMs: number; workers: number; recommended: number }>;
}

const TARGET_MS = 3000;
const b = await startBrowser();
try {
  const page = await openBenchPage(b);
  console.log(machineLine(b.browser));
  const r = await page.evaluate(() =>
    (globalThis as unknown as { __segmentStudio: SweepHook }).__segmentStudio.sweep(
      100_000,
      8,
      2,
      12,
    ),
  );
  console.log(
    `k sweep 2..12 on 100,000 x 8: ${r.ms.toFixed(0)} ms (pool start + load ${r.loadMs.toFixed(0)} ms), ${r.workers} workers, recommended k = ${r.recommended}`,
  );
  console.log(`target < ${TARGET_MS} ms: ${r.ms < TARGET_MS ? 'PASS' : 'FAIL'} (one run)`);
  printJson({
    bench: 'sweep',
    ours_ms: Math.round(r.ms),
    anchor: 'target',
    anchor_ms: TARGET_MS,
    ratio: r.ms / TARGET_MS,
    target: TARGET_MS,
    workers: r.workers,
  });
} finally {
  await b.close();
}
