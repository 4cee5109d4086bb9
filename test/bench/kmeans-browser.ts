/**
 * Checks that the studio's k-means workers run the WebAssembly kernels in headless Chromium:
 * counts WebAssembly.Instance calls in every worker during a k sweep (2..12 on 100,000 x 8).
 * Run: npx tsx test/bench/kmeans-browser.ts [--build]
 */
import { machineLine, openBenchPage, startBrowser } from './browser';

interface SweepHook {
  sweep(n: number, d: number, kMin: number, kMax: number): Promise<{ ms: number; workers: number }>;
}

const b = await startBrowser();
try {
  const page = await openBenchPage(b);
  const workers: import('playwright-core').Worker[] = [];
  page.on('worker', (w) => {
    workers.push(w);
    void w
      .evaluate(() => {
        const g = globalThis as unknown as { __wasmInstances: number };
        const Native = WebAssembly.Instance;
        g.__wasmInstances = 0;
        WebAssembly.Instance = function (m: WebAssembly.Module, i?: WebAssembly.Imports) {
          g.__wasmInstances++;
          return new Native(m, i);
        } as unknown as typeof WebAssembly.Instance;
      })
      .catch((e: unknown) => console.log(`patch failed in ${w.url()}: ${String(e).slice(0, 200)}`));
  });
  console.log(machineLine(b.browser));
  const seen = new Map<string, number>();
  const poll = async () => {
    for (const [i, w] of workers.entries()) {
      const c = await w
        .evaluate(
          () => (globalThis as unknown as { __wasmInstances?: number }).__wasmInstances ?? -1,
        )
        .catch(() => null);
      if (c !== null) seen.set(`${i} ${w.url().split('/').pop()}`, c);
    }
  };
  const timer = setInterval(() => void poll(), 100);
  const r = await page.evaluate(() =>
    (globalThis as unknown as { __segmentStudio: SweepHook }).__segmentStudio.sweep(
      100_000,
      8,
      2,
      12,
    ),
  );
  clearInterval(timer);
  await poll();
  console.log(`sweep ${r.ms.toFixed(0)} ms on ${r.workers} workers`);
  for (const [w, c] of seen) console.log(`  worker ${w}: ${c} WebAssembly.Instance calls`);
} finally {
  await b.close();
}
