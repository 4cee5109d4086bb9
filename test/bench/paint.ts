/**
 * First-paint benchmark: the studio in demo mode (`?bench`, so the state can be polled) in
 * headless Chromium. Reports first-contentful-paint (target < 1000 ms), when the demo's features
 * and segments are ready and when its k sweep is done (issue: whole demo segmented within 3 s),
 * and the JavaScript shipped, gzipped at level 9 from dist/ (target < 250 KB, .wasm excluded).
 * Run: npx tsx test/bench/paint.ts [--build]
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { machineLine, printJson, startBrowser } from './browser';

const FCP_TARGET = 1000;
const JS_TARGET_KB = 250;
const DEMO_TARGET_MS = 3000;
/** The chunk that starts DuckDB (src/lib/db/browser.ts) or DuckDB's own files. */
const DUCKDB_CHUNK = /\/(browser-[^/]*|duckdb[^/]*)\.js$/;
/** Loaded only because of `?bench`; not part of what a user downloads. */
const BENCH_ONLY = /\/bench-hook-[^/]*\.js$/;

const b = await startBrowser();
try {
  console.log(machineLine(b.browser));
  const context = await b.browser.newContext();
  await context.addInitScript('globalThis.__name = (f) => f;');
  const requested: string[] = [];
  let duckdbAt = -1;
  context.on('request', (req) => {
    const url = req.url();
    if (duckdbAt < 0 && DUCKDB_CHUNK.test(url)) duckdbAt = requested.length;
    requested.push(url);
  });
  const js = new Set<string>();
  context.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('.js')) js.add(res.url());
  });
  const page = await context.newPage();
  await page.goto(b.server.appUrl + '?bench');
  const t = await page.evaluate(async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let fcp: PerformanceEntry | undefined;
    while (!(fcp = performance.getEntriesByName('first-contentful-paint')[0])) await sleep(10);
    // The studio marks its start-up stages (src/state/studio.svelte.ts).
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const deadline = performance.now() + 120_000;
    while (Number.isNaN(at('studio:swept')) && performance.now() < deadline) await sleep(10);
    const segmented = at('studio:segmented');
    const swept = at('studio:swept');
    return { fcp: fcp.startTime, segmented, swept };
  });
  const base = new URL(b.server.appUrl).pathname;
  const sizes = [...js].map((url) => {
    const rel = decodeURIComponent(new URL(url).pathname.slice(base.length));
    const bytes = fs.readFileSync(path.join(b.distDir, rel));
    const gz = zlib.gzipSync(bytes, { level: 9 }).length;
    const at = requested.indexOf(url);
    return { rel, raw: bytes.length, gz, initial: duckdbAt < 0 || (at >= 0 && at < duckdbAt) };
  });
  const shipped = sizes.filter((s) => !BENCH_ONLY.test('/' + s.rel));
  const kb = (n: number) => n / 1024;
  const total = kb(shipped.reduce((a, s) => a + s.gz, 0));
  const initial = kb(shipped.filter((s) => s.initial).reduce((a, s) => a + s.gz, 0));
  console.log('JavaScript fetched in the demo session (gzip -9 of the dist/ file):');
  for (const s of sizes.sort((x, y) => y.gz - x.gz)) {
    const tag = BENCH_ONLY.test('/' + s.rel) ? ' (bench hook only, not counted)' : '';
    console.log(
      `  ${s.rel.padEnd(44)} ${kb(s.raw).toFixed(1).padStart(7)} KB raw ${kb(s.gz).toFixed(1).padStart(7)} KB gz ${s.initial ? 'initial' : 'later'}${tag}`,
    );
  }
  console.log(
    `JS shipped: ${total.toFixed(1)} KB gzipped in all (target < ${JS_TARGET_KB}: ${total < JS_TARGET_KB ? 'PASS' : 'FAIL'}), ${initial.toFixed(1)} KB before DuckDB starts`,
  );
  console.log(
    `first-contentful-paint ${t.fcp.toFixed(0)} ms (target < ${FCP_TARGET}: ${t.fcp < FCP_TARGET ? 'PASS' : 'FAIL'})`,
  );
  console.log(
    `demo: features + segments ready ${t.segmented.toFixed(0)} ms, k sweep done ${t.swept.toFixed(0)} ms after navigation start (target whole demo < ${DEMO_TARGET_MS}: ${Math.max(t.segmented, t.swept) < DEMO_TARGET_MS ? 'PASS' : 'FAIL'})`,
  );
  printJson({
    bench: 'paint',
    ours_ms: Math.round(t.fcp),
    anchor: 'target',
    anchor_ms: FCP_TARGET,
    ratio: t.fcp / FCP_TARGET,
    target: FCP_TARGET,
    js_gzip_kb: Math.round(total),
    js_initial_gzip_kb: Math.round(initial),
    demo_segmented_ms: Math.round(t.segmented),
    demo_swept_ms: Math.round(t.swept),
  });
} finally {
  await b.close();
}
