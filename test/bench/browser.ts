/**
 * Shared plumbing for the browser benchmarks: build the site when stale, serve it, launch the
 * local Chromium (never downloaded), open the studio, and print machine facts.
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../chromium.mjs';
import { startStaticServer, type StaticServer } from '../e2e/server';

/** Repository root. */
export const repoRoot = path.resolve(import.meta.dirname, '../..');
/** The Online Retail file the ingest and features benchmarks read (`BENCH_RETAIL_CSV` overrides). */
export const retailCsv =
  process.env.BENCH_RETAIL_CSV ??
  path.resolve(repoRoot, '../shared/data/online_retail_uci_2010-2011.csv');

/** One benchmark result, printed as the last line of each benchmark. */
export interface BenchLine {
  bench: string;
  ours_ms: number;
  anchor: string;
  anchor_ms: number;
  ratio: number;
  target: number;
  [extra: string]: unknown;
}

/** Prints the benchmark's one JSON line (ratio rounded to 4 significant digits). */
export function printJson(line: BenchLine): void {
  console.log(JSON.stringify({ ...line, ratio: Number(line.ratio.toPrecision(4)) }));
}

/** Prints a skip line and the JSON line of a benchmark that could not run. */
export function skip(bench: string, reason: string): void {
  console.log(`SKIPPED ${bench}: ${reason}`);
  console.log(JSON.stringify({ bench, skipped: reason }));
}

/** p-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: number[], p: number): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with Vite when it is missing, older than src/ or workers/, or `--build` was passed. */
export function ensureBuild(): void {
  const index = path.join(repoRoot, 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(path.join(repoRoot, 'src')),
    newestMtime(path.join(repoRoot, 'workers')),
  );
  const stale = !existsSync(index) || statSync(index).mtimeMs < sources;
  if (!stale && !process.argv.includes('--build')) return;
  console.log('building dist/ (vite build) ...');
  execSync('npx vite build --logLevel warn', { cwd: repoRoot, stdio: 'inherit' });
}

/** A served, built studio in a launched Chromium. */
export interface BenchBrowser {
  browser: Browser;
  server: StaticServer;
  distDir: string;
  /** Opens a fresh page (own context) at `appUrl + query`. */
  open(query: string): Promise<Page>;
  close(): Promise<void>;
}

/** Builds if needed, starts the static server and Chromium. */
export async function startBrowser(): Promise<BenchBrowser> {
  ensureBuild();
  const distDir = path.join(repoRoot, 'dist');
  const server = await startStaticServer(distDir, path.join(repoRoot, 'test', 'fixtures'));
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  return {
    browser,
    server,
    distDir,
    async open(query) {
      const context = await browser.newContext();
      // tsx (esbuild keepNames) wraps named functions in page.evaluate callbacks with __name().
      await context.addInitScript('globalThis.__name = (f) => f;');
      const page = await context.newPage();
      page.on('pageerror', (err) => console.log(`page error: ${String(err)}`));
      await page.goto(server.appUrl + query);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens the studio with `?demo=off&bench` and waits for the bench hook. */
export async function openBenchPage(b: BenchBrowser, extra = ''): Promise<Page> {
  const page = await b.open(`?demo=off&bench${extra}`);
  await page.waitForFunction(() => '__segmentStudio' in globalThis, null, { timeout: 60_000 });
  return page;
}

/** Machine facts: CPU model, cores, Node, Chromium (when given), load average. */
export function machineLine(browser?: Browser): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return [
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores`,
    `Node ${process.version}`,
    browser ? `Chromium ${browser.version()}` : null,
    `load average ${load}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** Resident memory (MB) of a process and all its descendants, from ps. */
export function treeRssMb(root: number): number {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of rows) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const rss = new Map(rows.map(([pid, , kb]) => [pid, kb]));
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total / 1024;
}

/**
 * The process id of the Chromium this process launched (playwright starts it as a child), so
 * other Chromiums on the machine are never counted.
 */
export function browserPid(): number {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  const mine = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([, ppid, comm]) => Number(ppid) === process.pid && /chrom/i.test(comm ?? ''));
  if (!mine) throw new Error('no Chromium child process found');
  return Number(mine[0]);
}
