import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixture, launchBrowser, openStudio } from './harness';

// Cancel in the job bar stops the DuckDB statement that is running, not only the wait for it: the
// database is free for the next action at once instead of finishing work nobody waits for.

let browser: Browser;
let page: Page;
let pageErrors: string[];
let big: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'studio-cancel-'));
  big = path.join(dir, 'orders.csv');
  const lines = ['customer_id,order_id,order_date,amount,category'];
  for (let i = 0; i < 1_500_000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    lines.push(`${(i * 7919) % 200_000},${i},2024-${month}-${day},${(i % 997) / 10},c${i % 13}`);
  }
  writeFileSync(big, lines.join('\n'));
  browser = await launchBrowser();
  ({ page, pageErrors } = await openStudio(browser, '?demo=off'));
  await page.getByTestId('file-input').setInputFiles(big);
  await page.getByRole('tab', { name: /orders\.csv/ }).waitFor({ timeout: 120_000 });
  await page.locator('.job').waitFor({ state: 'detached', timeout: 120_000 });
});
afterAll(async () => {
  await browser?.close();
});

const computeButton = () => page.getByRole('button', { name: /^(Compute features|Computing…)$/ });

/** Clicks Compute features and resolves with the milliseconds until it finished. */
async function timedCompute(): Promise<number> {
  const t0 = Date.now();
  await computeButton().click();
  await page.getByRole('button', { name: 'Computing…' }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Compute features' }).waitFor({ timeout: 300_000 });
  return Date.now() - t0;
}

describe('Cancel', () => {
  it('stops a running feature compute so the next load need not wait for it', async () => {
    await page.getByRole('button', { name: /Features/ }).click();
    await page.getByRole('button', { name: 'Compute features' }).waitFor({ timeout: 300_000 });
    // Features that take DuckDB a while on 1.5 million order lines.
    for (const label of [
      'Median days between purchases',
      'Avg days between purchases',
      'Distinct categories',
      'Active months',
      'Spend trend',
    ]) {
      await page.getByRole('checkbox', { name: label }).check();
      await page.getByRole('button', { name: 'Compute features' }).waitFor({ timeout: 300_000 });
    }
    // The same compute, left to finish: how long the database is busy without Cancel.
    const full = await timedCompute();

    const startedAt = Date.now();
    await computeButton().click();
    const bar = page.locator('.job').filter({ hasText: 'Computing features' });
    await bar.waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Cancel' }).click();
    const cancelledAt = Date.now();
    await page.getByRole('button', { name: /Data/ }).first().click();
    await page.getByTestId('file-input').setInputFiles(fixture('customers.csv'));
    await page.getByRole('tab', { name: /customers\.csv/ }).waitFor({ timeout: 300_000 });
    const next = Date.now() - cancelledAt;
    // Had the compute run on after Cancel, the load would have waited for the rest of it.
    const rest = full - (cancelledAt - startedAt);
    expect(next, `load took ${next} ms; the compute had ${rest} ms left`).toBeLessThan(rest / 2);
    // The earlier features stay, and the page said the compute was cancelled.
    await page.getByText('Computing features was cancelled').first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
