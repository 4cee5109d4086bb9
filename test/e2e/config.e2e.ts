/**
 * The whole config leaves the browser and comes back: segmentation.json and its SQL are
 * downloaded from the Segments step, the SQL runs on native DuckDB and PostgreSQL with the demo
 * saved as CSV, and every path gives the assignment digest the studio shows. Opening the file in
 * a fresh browser gives the same digest; bad files are refused with their paths and change
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openStudio, type StudioPage } from './harness';
import { runNativeDuckdb, runPostgres } from '../unit/engines';
import { startPostgres, type PgServer } from '../unit/pg-server';
import { assignmentDigest } from '../../src/lib/segment/digest';
import type { StudioConfig } from '../../src/lib/config/schema';

let browser: Browser;
let studio: StudioPage;
let page: Page;
let pg: PgServer;
let dir: string;
let schemas = 0;

/** Clicks something that downloads a file and saves it in `dir`; returns its path. */
async function save(p: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([p.waitForEvent('download'), click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

/** Opens the config panel (once) and reads the assignment digest on screen. */
async function digestOn(p: Page): Promise<string> {
  const panel = p.locator('details.config-json');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
    await p.getByText('Segmentation config and SQL').click();
  const d = p.getByTestId('assignment-digest');
  await d.waitFor();
  return (await d.textContent()) ?? '';
}

async function configOn(p: Page): Promise<StudioConfig> {
  return JSON.parse((await p.getByTestId('studio-config').textContent()) ?? '{}');
}

/** Downloads both scripts, runs them, and returns their digests (first 16 hex digits). */
async function sqlDigests(p: Page): Promise<{ duckdb: string; postgres: string }> {
  const config = await configOn(p);
  const duck = await save(p, () =>
    p.getByRole('button', { name: 'Download SQL for DuckDB' }).click(),
  );
  const post = await save(p, () =>
    p.getByRole('button', { name: 'Download SQL for PostgreSQL' }).click(),
  );
  const native = await runNativeDuckdb(readFileSync(duck, 'utf8'), dir);
  const onPg = runPostgres(pg, config, readFileSync(post, 'utf8'), dir, `e${++schemas}`);
  return {
    duckdb: assignmentDigest(native).slice(0, 16),
    postgres: assignmentDigest(onPg).slice(0, 16),
  };
}

async function openConfig(p: Page, name: string, text: string): Promise<void> {
  await p.getByTestId('open-config').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-e2e-'));
  pg = startPostgres();
  browser = await launchBrowser();
  studio = await openStudio(browser);
  page = studio.page;
  await page.getByRole('tab', { name: /demo transactions/ }).waitFor({ timeout: 60_000 });
  for (const t of ['demo transactions', 'demo customers']) {
    await page.getByRole('tab', { name: new RegExp(t) }).click();
    await save(page, () => page.getByRole('button', { name: 'Save as CSV' }).click());
  }
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('segmentation.json and its SQL', () => {
  it('gives RFM the same digest in the studio, on native DuckDB and on PostgreSQL', async () => {
    const shown = await digestOn(page);
    expect(shown).toMatch(/^[0-9a-f]{16}$/);
    expect(await sqlDigests(page)).toEqual({ duckdb: shown, postgres: shown });
  });

  it('after a cut-point moves with the keyboard, still the same digest everywhere', async () => {
    const handle = page.getByRole('slider').first();
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const cuts = (await configOn(page)).segmentation.rfm.cuts;
    expect(Object.keys(cuts).length).toBe(1);
    const shown = await digestOn(page);
    expect(await sqlDigests(page)).toEqual({ duckdb: shown, postgres: shown });
  });

  it('gives the clusters the same digest everywhere', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await expect
      .poll(async () => (await configOn(page)).segmentation.clusters.segments.length, {
        timeout: 60_000,
      })
      .toBeGreaterThan(1);
    await page.getByRole('button', { name: 'Run k-means' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Run k-means' }).isEnabled())
      .toBe(true);
    const shown = await digestOn(page);
    expect(await sqlDigests(page)).toEqual({ duckdb: shown, postgres: shown });
  });

  it('reopens in a fresh browser with the same assignment, from the frozen model', async () => {
    const file = await save(page, () =>
      page.getByRole('button', { name: /Download config/ }).click(),
    );
    const shown = await digestOn(page);
    const fresh = await openStudio(browser);
    const p = fresh.page;
    await p.getByRole('button', { name: /Segments/ }).click();
    await p.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    await digestOn(p);
    await p.getByTestId('open-config').setInputFiles(file);
    await expect
      .poll(() => p.getByTestId('config-status').textContent())
      .toMatch(/Opened segmentation\.json/);
    expect(await digestOn(p)).toBe(shown);
    expect((await configOn(p)).segmentation.method).toBe('clusters');
    await p.getByRole('button', { name: /Features/ }).click();
    await p.getByTestId('features-frozen').waitFor();
    expect(fresh.offOrigin).toEqual([]);
    expect(fresh.pageErrors).toEqual([]);
    await p.context().close();
  });

  it('opens rules with hostile names, and their SQL runs and agrees', async () => {
    const config = await configOn(page);
    config.segmentation.method = 'rules';
    config.segmentation.rules.segments = [
      {
        id: 'big',
        name: "x'); DROP TABLE t; --",
        color: '#0072B2',
        definition: {
          kind: 'rule',
          when: {
            any: [
              { feature: 'monetary', op: '>=', value: 500 },
              { feature: 'frequency', op: '>', value: 12 },
            ],
          },
        },
      },
      {
        id: 'recent',
        name: 'Recent "regulars" & < 30 days',
        color: '#E69F00',
        definition: { kind: 'rule', when: { all: [{ feature: 'recency', op: '<', value: 30 }] } },
      },
    ];
    await openConfig(page, 'hostile.json', JSON.stringify(config));
    await expect
      .poll(() => page.getByTestId('config-status').textContent())
      .toMatch(/Opened hostile\.json/);
    await expect.poll(async () => (await configOn(page)).segmentation.method).toBe('rules');
    const names = await page
      .getByTestId('segment-table')
      .locator('input.name')
      .evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value));
    expect(names).toContain("x'); DROP TABLE t; --");
    const shown = await digestOn(page);
    expect(await sqlDigests(page)).toEqual({ duckdb: shown, postgres: shown });
  });
});

describe('bad config files', () => {
  const mutate = (f: (c: StudioConfig & Record<string, unknown>) => void) => async () => {
    const c = (await configOn(page)) as StudioConfig & Record<string, unknown>;
    f(c);
    return JSON.stringify(c);
  };
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['not JSON', async () => 'this is not json', /not valid JSON/],
    [
      'truncated',
      async () => JSON.stringify(await configOn(page)).slice(0, 300),
      /not valid JSON \(it looks cut off\)/,
    ],
    [
      'a future version',
      mutate((c) => (c.version = 99 as never)),
      /version: .*newer Segment Studio/,
    ],
    [
      'a wrong type',
      mutate((c) => (c.segmentation.clusters.k = 'five' as never)),
      /segmentation\.clusters\.k: expected a whole number/,
    ],
    [
      'an unknown method',
      mutate((c) => (c.segmentation.method = 'magic' as never)),
      /segmentation\.method: "magic" is not allowed/,
    ],
    [
      'a feature not in the data',
      mutate((c) => {
        const s = c.segmentation.rules.segments[0];
        if (s.definition.kind === 'rule')
          s.definition.when = { all: [{ feature: 'nope', op: '>', value: 1 }] };
      }),
      /segmentation\.rules\.segments\[0\]\.definition\.when\.all\[0\]\.feature: "nope" is not a feature/,
    ],
    [
      'a rule value that is not a number',
      mutate((c) => {
        const s = c.segmentation.rules.segments[1];
        if (s.definition.kind === 'rule')
          s.definition.when = { all: [{ feature: 'recency', op: '<', value: 'soon' }] };
      }),
      /segmentation\.rules\.segments\[1\]\.definition\.when\.all\[0\]\.value: expected a number/,
    ],
    [
      'a centroid with the wrong number of coordinates',
      mutate((c) => {
        const s = c.segmentation.clusters.segments[0];
        if (s.definition.kind === 'cluster') s.definition.centroids[0].pop();
      }),
      /segmentation\.clusters\.segments\[0\]\.definition\.centroids\[0\]: has \d+ coordinates for \d+ features/,
    ],
    [
      'an RFM cut-point that is not a number',
      mutate((c) => (c.segmentation.rfm.cuts = { m: [1, 'x', 3, 4] } as never)),
      /segmentation\.rfm\.cuts\.m\[1\]: expected a number/,
    ],
    [
      'HTML in a segment name',
      mutate((c) => (c.segmentation.rfm.segments[0].name = '<img src=x onerror=alert(1)>')),
      /segmentation\.rfm\.segments\[0\]\.name: looks like HTML markup/,
    ],
    [
      'a config for other data',
      mutate((c) => {
        c.dataset!.tables[1].file = 'other.csv';
        c.dataset!.tables[1].columns[0].name = 'invoice';
      }),
      /dataset\.tables\[1\]: made on other\.csv .*load that file/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`refuses ${name} with its path, and changes nothing`, async () => {
      const before = await page.getByTestId('studio-config').textContent();
      const digest = await digestOn(page);
      await openConfig(page, 'bad.json', await make());
      const problems = page.getByTestId('config-problems');
      await problems.waitFor();
      expect(await problems.textContent()).toMatch(message);
      expect(await page.getByTestId('studio-config').textContent()).toBe(before);
      expect(await digestOn(page)).toBe(digest);
    });
  }
  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});
