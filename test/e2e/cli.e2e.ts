/**
 * The studio and the command-line tool agree: the demo's tables saved as CSV and its config
 * downloaded from the Segments step, then `segment-studio apply` run on those files as a user
 * runs it, gives the assignment digest the studio shows, for RFM and for k-means clusters. The
 * same config as a share link gives it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openStudio } from './harness';
import { runCli } from '../unit/cli-run';
import { encodeLinkFragment } from '../../src/lib/config/link';
import type { StudioConfig } from '../../src/lib/config/schema';

let browser: Browser;
let page: Page;
let dir: string;
const data: string[] = [];

async function save(click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function shownDigest(): Promise<string> {
  const panel = page.locator('details.config-json');
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.getByText('Segmentation config and SQL').click();
  const d = page.getByTestId('assignment-digest');
  await d.waitFor();
  return (await d.textContent()) ?? '';
}

/** Downloads the config and applies it with the CLI to the saved CSVs; the CLI's digest. */
async function cliDigest(name: string): Promise<{ digest: string; config: string }> {
  const config = await save(() => page.getByRole('button', { name: /Download config/ }).click());
  const out = path.join(dir, `${name}.csv`);
  const r = await runCli(['apply', '--config', config, ...data, '--out', out, '--json'], dir);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.code).toBe(0);
  return { digest: String(r.json!.digest).slice(0, 16), config };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'segment-studio-cli-e2e-'));
  browser = await launchBrowser();
  page = (await openStudio(browser)).page;
  await page.getByRole('tab', { name: /demo transactions/ }).waitFor({ timeout: 60_000 });
  for (const t of ['demo transactions', 'demo customers']) {
    await page.getByRole('tab', { name: new RegExp(t) }).click();
    const file = await save(() => page.getByRole('button', { name: 'Save as CSV' }).click());
    data.push('--data', path.basename(file));
  }
  await page.getByRole('button', { name: /Segments/ }).click();
  await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('segment-studio apply on what the studio downloads', () => {
  it('RFM: the CLI’s digest is the studio’s, from the file and from a share link', async () => {
    const shown = await shownDigest();
    expect(shown).toMatch(/^[0-9a-f]{16}$/);
    const { digest, config } = await cliDigest('rfm');
    expect(digest).toBe(shown);
    const parsed = JSON.parse(readFileSync(config, 'utf8')) as StudioConfig;
    const link = `https://studio.example/segment/#${await encodeLinkFragment(parsed)}`;
    const r = await runCli(
      ['apply', '--link', link, ...data, '--out', 'link.parquet', '--json'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(String(r.json!.digest).slice(0, 16)).toBe(shown);
  });

  it('k-means clusters: the same digest after Run k-means', async () => {
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: 'Run k-means' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Run k-means' }).isEnabled(), {
        timeout: 60_000,
      })
      .toBe(true);
    const shown = await shownDigest();
    expect((await cliDigest('clusters')).digest).toBe(shown);
  });
});
