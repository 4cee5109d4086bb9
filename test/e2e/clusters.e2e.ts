import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openStudio } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('k-means in the worker', () => {
  it('stops a running fit on Cancel and keeps the segments that were there', async () => {
    // ?bench loads synthetic customers: 300,000 with 50 restarts is a fit that is still running.
    const { page, pageErrors } = await openStudio(browser, '?demo=off&bench');
    await page.waitForFunction(() => '__segmentStudio' in globalThis);
    await page.evaluate(() =>
      (
        globalThis as unknown as { __segmentStudio: { loadSynthetic(n: number): void } }
      ).__segmentStudio.loadSynthetic(300_000),
    );
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    const restarts = page.getByLabel('Restarts (nInit)');
    await restarts.fill('50');
    await restarts.press('Enter');
    await page.getByRole('button', { name: 'Run k-means' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /k-means, k = 4…/ })
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText(/k-means, k = 4 was cancelled/).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Run k-means' }).isEnabled()).toBe(true);
    expect(await page.getByText('Run k-means or a sweep to find clusters.').count()).toBe(1);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
