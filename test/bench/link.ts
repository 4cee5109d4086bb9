/**
 * Share-link benchmark: opening a link made on the demo, to its segmented view, against opening
 * the demo without a link, in the same run (issue: within 1.5x). Each page is a fresh browser
 * context (no cache, no saved work); the two kinds alternate, three of each, medians reported.
 * The link's page waits for the demo, applies the config (its frozen model, nothing refitted)
 * and marks `studio:linked`; the plain page marks `studio:segmented` once its features and
 * segments are on screen.
 * Run: npx tsx test/bench/link.ts [--build]
 */
import { machineLine, printJson, startBrowser } from './browser';

const RUNS = 3;
const TARGET = 1.5;

type B = Awaited<ReturnType<typeof startBrowser>>;

/** Milliseconds from navigation to `mark`, in a fresh context, and the address it ended on. */
async function timeTo(b: B, query: string, mark: string): Promise<{ ms: number; url: string }> {
  const context = await b.browser.newContext();
  try {
    await context.addInitScript('globalThis.__name = (f) => f;');
    const page = await context.newPage();
    await page.goto(b.server.appUrl + query);
    const ms = await page.evaluate(async (name) => {
      const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
      const deadline = performance.now() + 120_000;
      while (!performance.getEntriesByName(name).length && performance.now() < deadline)
        await sleep(10);
      return performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    }, mark);
    // The address follows the config a little after the segments appear.
    await page.waitForFunction(() => location.hash.startsWith('#c='), null, { timeout: 30_000 });
    return { ms, url: page.url() };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const b = await startBrowser();
try {
  console.log(machineLine(b.browser));
  const first = await timeTo(b, '', 'studio:segmented');
  const fragment = new URL(first.url).hash;
  console.log(`the demo's link: ${first.url.length.toLocaleString('en')} characters`);
  const plain: number[] = [];
  const linked: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push((await timeTo(b, '', 'studio:segmented')).ms);
    linked.push((await timeTo(b, fragment, 'studio:linked')).ms);
    console.log(
      `run ${i + 1}: demo ${plain[i].toFixed(0)} ms, demo from its link ${linked[i].toFixed(0)} ms`,
    );
  }
  const ours = median(linked);
  const anchor = median(plain);
  console.log(
    `median: from the link ${ours.toFixed(0)} ms, without ${anchor.toFixed(0)} ms, ratio ${(ours / anchor).toFixed(2)} (target <= ${TARGET})`,
  );
  printJson({
    bench: 'link',
    ours_ms: Math.round(ours),
    anchor: 'demo without a link',
    anchor_ms: Math.round(anchor),
    ratio: ours / anchor,
    target: TARGET,
    link_chars: first.url.length,
  });
} finally {
  await b.close();
}
