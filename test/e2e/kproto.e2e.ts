/**
 * k-prototypes on a customer table with numbers and categories (the telecom fixture): the
 * categories are offered and ticked, Run fits k-prototypes, the config freezes each prototype's
 * modes and gamma, and the studio, native DuckDB, PostgreSQL and the command-line tool give the
 * same assignment digest. Unticking the categories goes back to k-means.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  fixture,
  launchBrowser,
  openStudio,
  type StudioPage,
  digestOn,
  saveDownload,
} from './harness';
import { runNativeDuckdb, runPostgres } from '../unit/engines';
import { startPostgres, type PgServer } from '../unit/pg-server';
import { runCli } from '../unit/cli-run';
import { assignmentDigest } from '../../src/lib/segment/digest';
import type { StudioConfig } from '../../src/lib/config/schema';

const FILE = 'telco-customers.csv';
let browser: Browser;
let studio: StudioPage;
let page: Page;
let pg: PgServer;
let dir: string;

async function config(): Promise<StudioConfig> {
  return JSON.parse((await page.getByTestId('studio-config').textContent()) ?? '{}');
}

async function counts(): Promise<number[]> {
  const cells = await page.getByTestId('segment-count').allTextContents();
  return cells.map((c) => Number(c.replace(/,/g, '')));
}

const categories = () => page.getByTestId('cluster-categories');

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-kproto-'));
  copyFileSync(fixture(FILE), path.join(dir, FILE));
  pg = startPostgres();
  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
  await page.getByTestId('file-input').setInputFiles(fixture(FILE));
  await page.getByRole('tab', { name: /telco-customers/ }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByRole('radio', { name: 'Clusters' }).click();
});
afterAll(async () => {
  await browser?.close();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('k-prototypes on numbers and categories', () => {
  it('offers the categories kept as levels, ticked, and fits k-prototypes', async () => {
    await categories().waitFor({ timeout: 60_000 });
    const payment = categories()
      .locator('label.chip', { hasText: 'paymentmethod' })
      .locator('input');
    expect(await payment.isChecked()).toBe(true);
    // Categories are compared, never averaged: they are not among the numbers to cluster on.
    const numbers = await page
      .locator('fieldset', { hasText: 'Cluster on' })
      .locator('label.chip')
      .allTextContents();
    expect(numbers.map((t) => t.trim())).toEqual(['tenure', 'monthlycharges', 'totalcharges']);
    await page.getByRole('button', { name: 'Run k-prototypes' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Run k-prototypes' }).isEnabled(), {
        timeout: 60_000,
      })
      .toBe(true);
    const seg = (await config()).segmentation.clusters;
    expect(seg.categorical).toContain('paymentmethod');
    expect(seg.segments.length).toBe(seg.k);
    for (const s of seg.segments) {
      if (s.definition.kind !== 'cluster') throw new Error('not a cluster');
      const cats = s.definition.categorical!;
      expect(cats.features).toEqual(seg.categorical);
      expect(cats.gamma).toBeGreaterThan(0);
      expect(cats.modes[0]).toHaveLength(cats.features.length);
    }
    const rows = Number(readFileSync(fixture(FILE), 'utf8').trim().split('\n').length - 1);
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(rows);
  });

  it('gives the same digest in the studio, on native DuckDB, PostgreSQL and the CLI', async () => {
    const shown = await digestOn(page);
    expect(shown).toMatch(/^[0-9a-f]{16}$/);
    const cfg = await config();
    const duck = await saveDownload(page, dir, () =>
      page.getByRole('button', { name: 'Download SQL for DuckDB' }).click(),
    );
    const post = await saveDownload(page, dir, () =>
      page.getByRole('button', { name: 'Download SQL for PostgreSQL' }).click(),
    );
    const script = readFileSync(duck, 'utf8');
    expect(script).toMatch(/k-prototypes/);
    expect(assignmentDigest(await runNativeDuckdb(script, dir)).slice(0, 16)).toBe(shown);
    const onPg = runPostgres(pg, cfg, readFileSync(post, 'utf8'), dir, 'kproto');
    expect(assignmentDigest(onPg).slice(0, 16)).toBe(shown);
    const file = await saveDownload(page, dir, () =>
      page.getByRole('button', { name: /Download config/ }).click(),
    );
    const r = await runCli(
      ['apply', '--config', file, '--data', FILE, '--out', 'out.csv', '--json'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(String(r.json!.digest).slice(0, 16)).toBe(shown);
  });

  it('moves a different gamma into the next run, and goes back to k-means without categories', async () => {
    const gamma = page.getByLabel('Category weight gamma');
    await gamma.fill('5');
    await gamma.press('Tab');
    await expect.poll(async () => (await config()).segmentation.clusters.gamma).toBe(5);
    for (const chip of await categories().locator('input[type=checkbox]').all())
      if (await chip.isChecked()) await chip.uncheck();
    await page.getByRole('button', { name: 'Run k-means' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Run k-means' }).isEnabled(), {
        timeout: 60_000,
      })
      .toBe(true);
    const seg = (await config()).segmentation.clusters;
    expect(seg.categorical ?? []).toEqual([]);
    for (const s of seg.segments)
      expect(s.definition.kind === 'cluster' && s.definition.categorical).toBeFalsy();
  });

  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});
