/**
 * Saved work: the config autosaved in the browser and, with the user's consent, the loaded file
 * kept in private storage (OPFS). A reload, and reopening from the recent list in a new tab,
 * restore the same assignment without picking the file again; forgetting the files works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { fixture, launchBrowser, openStudio, type StudioPage, digestOn } from './harness';

let browser: Browser;
let studio: StudioPage;
let page: Page;
let shown = '';

beforeAll(async () => {
  browser = await launchBrowser();
  studio = await openStudio(browser, '?demo=off');
  page = studio.page;
});
afterAll(async () => {
  await browser?.close();
});

describe('saved work', () => {
  it('saves as the user works, and keeps the file only once asked', async () => {
    await page.getByTestId('keep-files').check();
    await page.getByTestId('file-input').setInputFiles(fixture('customers-only.csv'));
    await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('saved-work').textContent(), { timeout: 20_000 })
      .toMatch(/Kept: customers-only\.csv/);
    await page.getByRole('button', { name: /Segments/ }).click();
    await page.getByRole('radio', { name: 'Clusters' }).click();
    await page.getByRole('button', { name: /^Run k-/ }).click();
    await page.getByTestId('segment-table').waitFor({ timeout: 60_000 });
    shown = await digestOn(page);
    await page.getByRole('button', { name: /Data/ }).click();
    await expect
      .poll(() => page.getByTestId('autosave-status').textContent(), { timeout: 20_000 })
      .toMatch(/saved in this browser \(last at/);
  });

  it('comes back after a reload with no file to pick: the same assignment', async () => {
    await page.reload();
    await page.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /Segments/ }).click();
    await expect.poll(() => digestOn(page), { timeout: 60_000 }).toBe(shown);
  });

  it('reopens from the recent list in a new tab without the link', async () => {
    const tab = await page.context().newPage();
    await tab.goto(`${inject('appUrl')}?demo=off`);
    const recent = tab.getByTestId('saved-work').locator('tr', { hasText: 'customers-only.csv' });
    await recent.first().waitFor({ timeout: 60_000 });
    await recent.first().getByRole('button', { name: 'Open' }).click();
    await tab.getByRole('tab', { name: /customers-only\.csv/ }).waitFor({ timeout: 60_000 });
    await tab.getByRole('button', { name: /Segments/ }).click();
    await expect.poll(() => digestOn(tab), { timeout: 60_000 }).toBe(shown);
    await tab.close();
  });

  it('forgets the kept files on request: a reload then asks for the file', async () => {
    await page.getByRole('button', { name: /Data/ }).click();
    await page.getByTestId('forget-files').click();
    await expect.poll(() => page.getByTestId('saved-work').textContent()).not.toMatch(/Kept:/);
    await page.getByTestId('keep-files').uncheck();
    await page.reload();
    const waiting = page.getByTestId('link-waiting');
    await waiting.waitFor({ timeout: 60_000 });
    expect(await waiting.textContent()).toMatch(/customers-only\.csv/);
    expect(await page.getByRole('tab', { name: /customers-only\.csv/ }).count()).toBe(0);
  });

  it('made no request off the page’s origin and threw no error', () => {
    expect(studio.offOrigin).toEqual([]);
    expect(studio.pageErrors).toEqual([]);
  });
});
